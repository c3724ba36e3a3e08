// What reports read, in SQLite (server/db/durable-store.ts: ReportRecords). Statements are
// prepared once, when the store is made; rows that come by the thousand come as arrays.
import type Database from 'better-sqlite3';
import type { Lead, ScanLog } from '../../shared/reports.ts';
import { scanLogRow, scanLogWhere, type ScanLogTuple } from './scan-log-rows.ts';
import type { AttendeeVisits, ReportRecords, ReportedStation, ReportedVisit, ScanLogFilter } from './durable-store.ts';
import type { SqliteConnection } from './sqlite-records.ts';

/** A re-read: the answer's `reread` is true (the `instr` spares parsing the JSON of most answers). */
const REREAD = `instr(answer, 'reread') > 0 AND json_extract(answer, '$.reread') IS 1`;


/** Two statements giving arrays, of every station and of one (bound to its id): `[every, one]`. */
function pair(sqlite: Database.Database, every: string, one: string): [Database.Statement, Database.Statement] {
  return [sqlite.prepare(every).raw(), sqlite.prepare(one).raw()];
}

/** A query over scans of every station and of one: `only` goes where the station's test would, after the event's. */
const scansOf = (sqlite: Database.Database, sql: (only: string) => string) => pair(sqlite, sql('event_id = ? AND'), sql('event_id = ? AND station_id = ? AND'));

/** Runs the statement of every station or of one, for one event (its first parameter). */
const run = <T>([every, one]: [Database.Statement, Database.Statement], eventId: string, stationId?: string): T[] =>
  (stationId === undefined ? every.all(eventId) : one.all(eventId, stationId)) as T[];

/** The scan log's statements, one per set of filters in use, prepared when first used. */
function scanLogReader(sqlite: Database.Database, eventId: string): (filter: ScanLogFilter) => ScanLog {
  const prepared = new Map<string, { count: Database.Statement; page: Database.Statement }>();
  return (filter) => {
    const { clause, args } = scanLogWhere(filter, eventId, () => '?');
    let statements = prepared.get(clause);
    if (!statements) {
      statements = {
        count: sqlite.prepare(`SELECT COUNT(*) FROM scans ${clause}`).pluck(),
        page: sqlite
          .prepare(
            `SELECT scans.id, scans.at, scans.client_at, scans.station_id, s.name_kk, s.name_ru, s.name_en, scans.kiosk_id, k.label,
                    scans.badge_no, scans.badge_serial, scans.outcome, scans.reason, scans.left_station,
                    CASE WHEN scans.outcome = 'queued' THEN json_extract(scans.answer, '$.queuePosition') END,
                    instr(scans.answer, 'reread') > 0 AND json_extract(scans.answer, '$.reread') IS 1
             FROM scans LEFT JOIN stations s ON s.event_id = scans.event_id AND s.id = scans.station_id LEFT JOIN kiosks k ON k.id = scans.kiosk_id
             ${clause} ORDER BY scans.at, scans.rowid LIMIT ? OFFSET ?`,
          )
          .raw(),
      };
      prepared.set(clause, statements);
    }
    const offset = filter.offset ?? 0;
    const total = statements.count.get(...args) as number;
    const rows = statements.page.all(...args, filter.limit ?? -1, offset) as ScanLogTuple[];
    return { total, offset, rows: rows.map(scanLogRow) };
  };
}

export function reports({ sqlite, eventId }: SqliteConnection): ReportRecords {
  const stationColumns = 'id, name_kk AS nameKk, name_ru AS nameRu, name_en AS nameEn, "group", host, capacity, mode FROM stations WHERE event_id = ?';
  const stations = [
    sqlite.prepare(`SELECT ${stationColumns} ORDER BY rowid`),
    sqlite.prepare(`SELECT ${stationColumns} AND id = ?`),
  ] as [Database.Statement, Database.Statement];
  const span = sqlite.prepare('SELECT MIN(in_at) AS "from", MAX(in_at) AS "to" FROM visits WHERE event_id = ?');
  const visitColumns = 'SELECT station_id, badge_no, in_at, out_at, out_reason FROM visits WHERE event_id = ?';
  const visits = pair(sqlite, visitColumns, `${visitColumns} AND station_id = ?`);
  const visitsOf = sqlite.prepare('SELECT station_id AS stationId, in_at AS inAt, out_at AS outAt FROM visits WHERE event_id = ? AND badge_no = ? ORDER BY in_at, id');
  const refused = scansOf(sqlite, (only) => `SELECT station_id, reason, COUNT(*) FROM scans WHERE ${only} outcome = 'rejected' GROUP BY station_id, reason`);
  const rereads = scansOf(sqlite, (only) => `SELECT station_id, COUNT(*) FROM scans WHERE ${only} ${REREAD} GROUP BY station_id`);
  const queued = scansOf(
    sqlite,
    (only) => `SELECT station_id, at, json_extract(answer, '$.queuePosition') FROM scans WHERE ${only} outcome = 'queued' AND NOT (${REREAD})`,
  );
  const attendees = sqlite.prepare(
    `WITH per AS (
       SELECT v.badge_no AS no, SUM(s."group" <> 'entrance') AS visits, MAX(s."group" = 'employer') AS employer
       FROM visits v JOIN stations s ON s.event_id = v.event_id AND s.id = v.station_id
       WHERE v.event_id = @eventId
       GROUP BY v.badge_no)
     SELECT a.category, a.institution, per.no IS NOT NULL AS arrived, COALESCE(per.visits, 0) AS visits, COALESCE(per.employer, 0) AS employer
     FROM attendees a LEFT JOIN per ON per.no = a.badge_no
     WHERE a.event_id = @eventId`,
  );
  const byCategory = sqlite.prepare(
    `SELECT a.category, v.station_id AS stationId, COUNT(*) AS visits, COUNT(DISTINCT v.badge_no) AS people
     FROM visits v JOIN attendees a ON a.event_id = v.event_id AND a.badge_no = v.badge_no
       JOIN stations s ON s.event_id = v.event_id AND s.id = v.station_id
     WHERE v.event_id = ? AND s."group" <> 'entrance'
     GROUP BY a.category, v.station_id`,
  );
  // The offset is bound as a double (a JS number), so it is cast back to an integer for the division to be integer division.
  const byHour = sqlite.prepare('SELECT station_id, (in_at + CAST(? AS INTEGER)) / 3600000, COUNT(*) FROM visits WHERE event_id = ? GROUP BY 1, 2').raw();
  const leads = sqlite.prepare(
    `SELECT v.station_id AS stationId, a.first_name AS firstName, a.last_name AS lastName,
            a.category, a.institution, a.grade, a.phone, a.email, a.language,
            MIN(v.in_at) AS firstVisitAt, COUNT(*) AS visits, COALESCE(SUM(v.out_at - v.in_at), 0) AS totalStayMs
     FROM visits v JOIN attendees a ON a.event_id = v.event_id AND a.badge_no = v.badge_no
     WHERE v.event_id = ? AND v.station_id = ?
       AND COALESCE((SELECT c.given FROM attendee_consents c WHERE c.event_id = v.event_id AND c.badge_no = a.badge_no AND c.station_id = v.station_id), a.consent) = 1
     GROUP BY a.badge_no
     ORDER BY firstVisitAt, a.badge_no`,
  );
  const visitors = sqlite.prepare('SELECT COUNT(DISTINCT badge_no) FROM visits WHERE event_id = ? AND station_id = ?').pluck();
  const departures = sqlite.prepare(`SELECT at, value FROM station_actions WHERE event_id = ? AND station_id = ? AND action = 'session_start' ORDER BY at, rowid`).raw();
  const scanLog = scanLogReader(sqlite, eventId);
  return {
    stations: async (stationId) => run<ReportedStation>(stations, eventId, stationId),
    visitSpan: async () => span.get(eventId) as { from: number | null; to: number | null },
    visits: async (stationId) => run<ReportedVisit>(visits, eventId, stationId),
    visitsOf: async (badgeNo) => visitsOf.all(eventId, badgeNo) as Array<{ stationId: string; inAt: number; outAt: number | null }>,
    scanCounts: async (stationId) => ({
      refused: run(refused, eventId, stationId),
      rereads: run(rereads, eventId, stationId),
      queued: run(queued, eventId, stationId),
    }),
    attendeeVisits: async () => attendees.all({ eventId }) as AttendeeVisits[],
    stationVisitsByCategory: async () => byCategory.all(eventId) as Array<{ category: string; stationId: string; visits: number; people: number }>,
    visitsByHour: async (utcOffsetMinutes) => byHour.all(utcOffsetMinutes * 60_000, eventId) as Array<[string, number, number]>,
    leads: async (stationId) => leads.all(eventId, stationId) as Lead[],
    visitorCount: async (stationId) => visitors.get(eventId, stationId) as number,
    departures: async (stationId) => departures.all(eventId, stationId) as Array<[number, string | null]>,
    scanLog: async (filter) => scanLog(filter),
  };
}
