import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import type { ScanLog, ScanLogRow } from './schemas.ts';

export interface ScanLogFilter {
  stationId?: string;
  /** From this time (ms, included). */
  from?: number;
  /** Until this time (ms, excluded). */
  to?: number;
  outcome?: string;
  /** Page size; every row when absent. */
  limit?: number;
  offset?: number;
}

/** The scan log in time order, accepted and refused alike, with each answer's queue position and re-read flag. */
export function scanLog(db: Db, filter: ScanLogFilter = {}): ScanLog {
  const where: SQL[] = [];
  if (filter.stationId !== undefined) where.push(sql`station_id = ${filter.stationId}`);
  if (filter.from !== undefined) where.push(sql`at >= ${filter.from}`);
  if (filter.to !== undefined) where.push(sql`at < ${filter.to}`);
  if (filter.outcome !== undefined) where.push(sql`outcome = ${filter.outcome}`);
  const clause = where.length > 0 ? sql`WHERE ${sql.join(where, sql` AND `)}` : sql``;
  const offset = filter.offset ?? 0;
  const { total } = db.get<{ total: number }>(sql`SELECT COUNT(*) AS total FROM scans ${clause}`);
  const rows = db.all<Omit<ScanLogRow, 'reread'> & { reread: number }>(
    sql`SELECT id, at, client_at AS clientAt, station_id AS stationId, kiosk_id AS kioskId, badge_no AS badgeNo,
               badge_serial AS badgeSerial, outcome, reason, left_station AS leftStation,
               json_extract(answer, '$.queuePosition') AS queuePosition,
               json_extract(answer, '$.reread') IS 1 AS reread
        FROM scans ${clause} ORDER BY at, id LIMIT ${filter.limit ?? -1} OFFSET ${offset}`,
  );
  return { total, offset, rows: rows.map((r) => ({ ...r, reread: r.reread === 1 })) };
}
