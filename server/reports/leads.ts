import type { ReportRecords } from '../db/durable-store.ts';
import type { LeadList } from '../../shared/reports.ts';
import { listStations, type StationInfo } from './station-info.ts';

/** Thrown for a lead list of a station that is not an employer's. */
export class NotEmployerStation extends Error {}

/**
 * The attendees who visited an employer's station and consented to be contacted, earliest visit
 * first. The consent test is in the query itself: nobody else's row ever leaves the database.
 * Null when there is no such station.
 */
export async function leadList(reports: ReportRecords, stationId: string): Promise<LeadList | null> {
  const [station] = await listStations(reports, stationId);
  if (!station) return null;
  if (station.group !== 'employer') throw new NotEmployerStation(`${stationId} is not an employer's station`);
  return leadsOf(reports, station);
}

/** Lead lists of every employer station, in event order. */
export async function leadLists(reports: ReportRecords): Promise<LeadList[]> {
  const employers = (await listStations(reports)).filter((s) => s.group === 'employer');
  return Promise.all(employers.map((s) => leadsOf(reports, s)));
}

async function leadsOf(reports: ReportRecords, station: StationInfo): Promise<LeadList> {
  const [leads, visitors] = await Promise.all([reports.leads(station.id), reports.visitorCount(station.id)]);
  return { stationId: station.id, name: station.name, host: station.host, visitors, leads };
}
