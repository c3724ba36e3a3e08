import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import type { ScanLog } from '../../shared/reports.ts';

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
  if (filter.stationId !== undefined) where.push(sql`scans.station_id = ${filter.stationId}`);
  if (filter.from !== undefined) where.push(sql`scans.at >= ${filter.from}`);
  if (filter.to !== undefined) where.push(sql`scans.at < ${filter.to}`);
  if (filter.outcome !== undefined) where.push(sql`scans.outcome = ${filter.outcome}`);
  const clause = where.length > 0 ? sql`WHERE ${sql.join(where, sql` AND `)}` : sql``;
  const offset = filter.offset ?? 0;
  const { total } = db.get<{ total: number }>(sql`SELECT COUNT(*) AS total FROM scans ${clause}`);
  // Arrays rather than objects from the driver, and the answer's JSON read only where it can
  // hold what is looked for: this is the one report that returns every row of the biggest table.
  const rows = db.values<
    [string, number, number | null, string, string | null, string | null, string | null, string, string | null, number | null, string | null, string, string | null, string | null, number | null, number]
  >(
    sql`SELECT scans.id, scans.at, scans.client_at, scans.station_id, s.name_kk, s.name_ru, s.name_en, scans.kiosk_id, k.label,
               scans.badge_no, scans.badge_serial, scans.outcome, scans.reason, scans.left_station,
               CASE WHEN scans.outcome = 'queued' THEN json_extract(scans.answer, '$.queuePosition') END,
               instr(scans.answer, 'reread') > 0 AND json_extract(scans.answer, '$.reread') IS 1
        FROM scans LEFT JOIN stations s ON s.id = scans.station_id LEFT JOIN kiosks k ON k.id = scans.kiosk_id
        ${clause} ORDER BY scans.at, scans.rowid LIMIT ${filter.limit ?? -1} OFFSET ${offset}`,
  );
  return {
    total,
    offset,
    rows: rows.map(([id, at, clientAt, stationId, kk, ru, en, kioskId, kioskLabel, badgeNo, badgeSerial, outcome, reason, leftStation, queuePosition, reread]) => ({
      id,
      at,
      clientAt,
      stationId,
      stationName: kk !== null && ru !== null && en !== null ? { kk, ru, en } : null,
      kioskId,
      kioskLabel,
      badgeNo,
      badgeSerial,
      outcome,
      reason,
      leftStation,
      queuePosition,
      reread: reread === 1,
    })),
  };
}
