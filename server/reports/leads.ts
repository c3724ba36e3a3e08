import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import type { Lead, LeadList } from '../../shared/reports.ts';
import { listStations, type StationInfo } from './station-info.ts';

/** Thrown for a lead list of a station that is not an employer's. */
export class NotEmployerStation extends Error {}

/**
 * The attendees who visited an employer's station and consented to be contacted, earliest visit
 * first. The consent test is in the query itself: nobody else's row ever leaves the database.
 * Null when there is no such station.
 */
export function leadList(db: Db, stationId: string): LeadList | null {
  const [station] = listStations(db, stationId);
  if (!station) return null;
  if (station.group !== 'employer') throw new NotEmployerStation(`${stationId} is not an employer's station`);
  return leadsOf(db, station);
}

/** Lead lists of every employer station, in event order. */
export function leadLists(db: Db): LeadList[] {
  return listStations(db)
    .filter((s) => s.group === 'employer')
    .map((s) => leadsOf(db, s));
}

function leadsOf(db: Db, station: StationInfo): LeadList {
  const leads = db.all<Lead>(
    sql`SELECT v.station_id AS stationId, a.first_name AS firstName, a.last_name AS lastName,
              a.category, a.institution, a.grade, a.phone, a.email, a.language,
              MIN(v.in_at) AS firstVisitAt, COUNT(*) AS visits,
              COALESCE(SUM(v.out_at - v.in_at), 0) AS totalStayMs
       FROM visits v JOIN attendees a ON a.badge_no = v.badge_no
       WHERE v.station_id = ${station.id} AND a.consent = 1
       GROUP BY a.badge_no
       ORDER BY firstVisitAt, a.badge_no`,
  );
  const { visitors } = db.get<{ visitors: number }>(
    sql`SELECT COUNT(DISTINCT badge_no) AS visitors FROM visits WHERE station_id = ${station.id}`,
  );
  return { stationId: station.id, name: station.name, host: station.host, visitors, leads };
}
