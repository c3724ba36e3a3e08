// What reports read, in PostgreSQL (server/db/durable-store.ts: ReportRecords): the same rows as
// SQLite's (server/db/sqlite-reports.ts). Counts are cast to integer and sums of bigints back to
// bigint (read as numbers), booleans to 0 and 1; stations and scans keep their written order in `seq`.
import type { PostgresConnection } from './postgres-records.ts';
import type pg from 'pg';
import type { Lead } from '../../shared/reports.ts';
import type { AttendeeVisits, ReportRecords, ReportedStation, ReportedVisit } from './durable-store.ts';
import { scanLogRow, scanLogWhere, type ScanLogTuple } from './scan-log-rows.ts';

/** A re-read: the answer's `reread` is true (the `strpos` spares parsing the JSON of most answers). */
const REREAD = `strpos(answer, 'reread') > 0 AND (answer::json ->> 'reread') = 'true'`;
const QUEUE_POSITION = `(answer::json ->> 'queuePosition')::integer`;

/** Rows as arrays of one event, of every station or, with `stationId`, of one: `sql` puts `only` where the event's and station's tests go. */
async function arrays<T>(pool: pg.Pool, eventId: string, sql: (only: string) => string, stationId?: string): Promise<T[]> {
  const one = stationId !== undefined;
  const result = await pool.query({
    text: sql(one ? 'event_id = $1 AND station_id = $2 AND' : 'event_id = $1 AND'),
    values: one ? [eventId, stationId] : [eventId],
    rowMode: 'array',
  });
  return result.rows as T[];
}

/** Stations, visits and their span: what every station report starts from. */
function stationRows(pool: pg.Pool, eventId: string): Pick<ReportRecords, 'stations' | 'visitSpan' | 'visits' | 'visitsOf'> {
  const stationColumns = 'id, name_kk AS "nameKk", name_ru AS "nameRu", name_en AS "nameEn", "group", host, capacity, mode FROM stations WHERE event_id = $1';
  return {
    stations: async (stationId) =>
      (stationId === undefined
        ? await pool.query<ReportedStation>(`SELECT ${stationColumns} ORDER BY seq`, [eventId])
        : await pool.query<ReportedStation>(`SELECT ${stationColumns} AND id = $2`, [eventId, stationId])
      ).rows,
    visitSpan: async () =>
      (await pool.query<{ from: number | null; to: number | null }>('SELECT MIN(in_at) AS "from", MAX(in_at) AS "to" FROM visits WHERE event_id = $1', [eventId]))
        .rows[0],
    visits: (stationId) =>
      arrays<ReportedVisit>(pool, eventId, (only) => `SELECT station_id, badge_no, in_at, out_at, out_reason FROM visits WHERE ${only} TRUE`, stationId),
    visitsOf: async (badgeNo) =>
      (
        await pool.query<{ stationId: string; inAt: number; outAt: number | null }>(
          'SELECT station_id AS "stationId", in_at AS "inAt", out_at AS "outAt" FROM visits WHERE event_id = $1 AND badge_no = $2 ORDER BY in_at, id',
          [eventId, badgeNo],
        )
      ).rows,
  };
}

/** Refusals, re-reads and queued scans, read from the answers' JSON. */
function scanCounts(pool: pg.Pool, eventId: string): ReportRecords['scanCounts'] {
  return async (stationId) => {
    const [refused, rereads, queued] = await Promise.all([
      arrays<[string, string | null, number]>(
        pool,
        eventId,
        (only) => `SELECT station_id, reason, COUNT(*)::integer FROM scans WHERE ${only} outcome = 'rejected' GROUP BY station_id, reason`,
        stationId,
      ),
      arrays<[string, number]>(pool, eventId, (only) => `SELECT station_id, COUNT(*)::integer FROM scans WHERE ${only} ${REREAD} GROUP BY station_id`, stationId),
      arrays<[string, number, number | null]>(
        pool,
        eventId,
        (only) => `SELECT station_id, at, ${QUEUE_POSITION} FROM scans WHERE ${only} outcome = 'queued' AND NOT (${REREAD})`,
        stationId,
      ),
    ]);
    return { refused, rereads, queued };
  };
}

/** What the event report counts: attendees and their visits, visits by category and by hour. */
function eventRows(pool: pg.Pool, eventId: string): Pick<ReportRecords, 'attendeeVisits' | 'stationVisitsByCategory' | 'visitsByHour'> {
  return {
    attendeeVisits: async () =>
      (
        await pool.query<AttendeeVisits>(
          `WITH per AS (
             SELECT v.badge_no AS no, COUNT(*) FILTER (WHERE s."group" <> 'entrance')::integer AS visits,
                    bool_or(s."group" = 'employer')::integer AS employer
             FROM visits v JOIN stations s ON s.event_id = v.event_id AND s.id = v.station_id
             WHERE v.event_id = $1
             GROUP BY v.badge_no)
           SELECT a.category, a.institution, (per.no IS NOT NULL)::integer AS arrived,
                  COALESCE(per.visits, 0) AS visits, COALESCE(per.employer, 0) AS employer
           FROM attendees a LEFT JOIN per ON per.no = a.badge_no
           WHERE a.event_id = $1`,
          [eventId],
        )
      ).rows,
    stationVisitsByCategory: async () =>
      (
        await pool.query<{ category: string; stationId: string; visits: number; people: number }>(
          `SELECT a.category, v.station_id AS "stationId", COUNT(*)::integer AS visits, COUNT(DISTINCT v.badge_no)::integer AS people
           FROM visits v JOIN attendees a ON a.event_id = v.event_id AND a.badge_no = v.badge_no
             JOIN stations s ON s.event_id = v.event_id AND s.id = v.station_id
           WHERE v.event_id = $1 AND s."group" <> 'entrance'
           GROUP BY a.category, v.station_id`,
          [eventId],
        )
      ).rows,
    visitsByHour: async (utcOffsetMinutes) =>
      (
        await pool.query({
          text: 'SELECT station_id, (in_at + $1::bigint) / 3600000, COUNT(*)::integer FROM visits WHERE event_id = $2 GROUP BY 1, 2',
          values: [utcOffsetMinutes * 60_000, eventId],
          rowMode: 'array',
        })
      ).rows as Array<[string, number, number]>,
  };
}

/** A station's consenting visitors (the consent test in SQL), how many visited in all, and a tour's departures. */
function leadRows(pool: pg.Pool, eventId: string): Pick<ReportRecords, 'leads' | 'visitorCount' | 'departures'> {
  return {
    leads: async (stationId) =>
      (
        await pool.query<Lead>(
          `SELECT v.station_id AS "stationId", a.first_name AS "firstName", a.last_name AS "lastName",
                  a.category, a.institution, a.grade, a.phone, a.email, a.language,
                  MIN(v.in_at) AS "firstVisitAt", COUNT(*)::integer AS visits, COALESCE(SUM(v.out_at - v.in_at), 0)::bigint AS "totalStayMs"
           FROM visits v JOIN attendees a ON a.event_id = v.event_id AND a.badge_no = v.badge_no
           WHERE v.station_id = $1 AND v.event_id = $2
             AND COALESCE((SELECT c.given FROM attendee_consents c WHERE c.event_id = v.event_id AND c.badge_no = a.badge_no AND c.station_id = v.station_id), a.consent)
           GROUP BY a.id, v.station_id
           ORDER BY "firstVisitAt", a.badge_no`,
          [stationId, eventId],
        )
      ).rows,
    visitorCount: async (stationId) =>
      (await pool.query<{ n: number }>('SELECT COUNT(DISTINCT badge_no)::integer AS n FROM visits WHERE station_id = $1 AND event_id = $2', [stationId, eventId]))
        .rows[0].n,
    departures: async (stationId) =>
      (
        await pool.query({
          text: `SELECT at, value FROM station_actions WHERE event_id = $1 AND station_id = $2 AND action = 'session_start' ORDER BY at, seq`,
          values: [eventId, stationId],
          rowMode: 'array',
        })
      ).rows as Array<[number, string | null]>,
  };
}

/** A page of the scan log and how many scans the filter finds. */
function scanLog(pool: pg.Pool, eventId: string): ReportRecords['scanLog'] {
  return async (filter) => {
    const { clause, args } = scanLogWhere(filter, eventId, (n) => `$${n}`);
    const offset = filter.offset ?? 0;
    const [count, page] = await Promise.all([
      pool.query<{ n: number }>(`SELECT COUNT(*)::integer AS n FROM scans ${clause}`, args),
      pool.query({
        text: `SELECT scans.id, scans.at, scans.client_at, scans.station_id, s.name_kk, s.name_ru, s.name_en, scans.kiosk_id, k.label,
                      scans.badge_no, scans.badge_serial, scans.outcome, scans.reason, scans.left_station,
                      CASE WHEN scans.outcome = 'queued' THEN (scans.answer::json ->> 'queuePosition')::integer END,
                      strpos(scans.answer, 'reread') > 0 AND (scans.answer::json ->> 'reread') = 'true'
               FROM scans LEFT JOIN stations s ON s.event_id = scans.event_id AND s.id = scans.station_id LEFT JOIN kiosks k ON k.id = scans.kiosk_id
               ${clause} ORDER BY scans.at, scans.seq LIMIT $${args.length + 1} OFFSET $${args.length + 2}`,
        // LIMIT NULL: every row.
        values: [...args, filter.limit ?? null, offset],
        rowMode: 'array',
      }),
    ]);
    return { total: count.rows[0].n, offset, rows: (page.rows as ScanLogTuple[]).map(scanLogRow) };
  };
}

export function reports({ pool, eventId }: PostgresConnection): ReportRecords {
  return {
    ...stationRows(pool, eventId),
    scanCounts: scanCounts(pool, eventId),
    ...eventRows(pool, eventId),
    ...leadRows(pool, eventId),
    scanLog: scanLog(pool, eventId),
  };
}
