import type { ReportRecords } from '../db/durable-store.ts';
import type { LocalText, StationGroup, StationMode } from '../../shared/event.ts';

/** What a report says about a station itself. */
export interface StationInfo {
  id: string;
  name: LocalText;
  group: StationGroup;
  host: string;
  capacity: number;
  mode: StationMode;
}

/** Stations in event order (the order first written); only `stationId` when given. */
export async function listStations(reports: ReportRecords, stationId?: string): Promise<StationInfo[]> {
  return (await reports.stations(stationId)).map((r) => ({
    id: r.id,
    name: { kk: r.nameKk, ru: r.nameRu, en: r.nameEn },
    group: r.group as StationGroup,
    host: r.host,
    capacity: r.capacity,
    mode: r.mode as StationMode,
  }));
}
