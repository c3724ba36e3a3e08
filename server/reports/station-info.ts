import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import type { LocalText, StationGroup } from '../../shared/event.ts';

/** What a report says about a station itself. */
export interface StationInfo {
  id: string;
  name: LocalText;
  group: StationGroup;
  host: string;
  capacity: number;
}

/** Stations in the order the event file lists them (insertion order). */
export function listStations(db: Db, stationId?: string): StationInfo[] {
  const rows = db.all<{
    id: string;
    name_kk: string;
    name_ru: string;
    name_en: string;
    group: string;
    host: string;
    capacity: number;
  }>(
    sql`SELECT id, name_kk, name_ru, name_en, "group", host, capacity FROM stations
        ${stationId === undefined ? sql`` : sql`WHERE id = ${stationId}`} ORDER BY rowid`,
  );
  return rows.map((r) => ({
    id: r.id,
    name: { kk: r.name_kk, ru: r.name_ru, en: r.name_en },
    group: r.group as StationGroup,
    host: r.host,
    capacity: r.capacity,
  }));
}

/** Local-hour range covering every visit of the event (the gate's included): the shared time axis. */
export function visitSpan(db: Db): { from: number | null; to: number | null } {
  return db.get<{ from: number | null; to: number | null }>(
    sql`SELECT MIN(in_at) AS "from", MAX(in_at) AS "to" FROM visits`,
  );
}
