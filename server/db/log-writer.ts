import type Database from 'better-sqlite3';
import { visitSource, type LogEntry } from '../live/log-entry.ts';
import { writeTransaction } from './connection.ts';

/**
 * Closes a visit that is open. `in_at <= out_at`: an entry written again (an archiver batch
 * delivered twice) must not close a later visit. The open visits' index is named: left to
 * itself SQLite picks visits_station (station_id, in_at) and reads every earlier visit of the
 * station, so writing a scan cost more the longer the log grew (20 → 70 µs over 500,000 scans).
 */
export const CLOSE_VISIT =
  'UPDATE visits INDEXED BY visits_open SET out_at = ?, out_reason = ? WHERE badge_no = ? AND station_id = ? AND out_at IS NULL AND in_at <= ? AND event_id = ?';

/** Scans written by one statement at most: a group's scans go in as few statements as this allows. */
const SCAN_ROWS = 64;
const SCAN_COLUMNS = 12;

/**
 * Writes log entries (server/live/log-entry.ts) to SQLite in one transaction: the one place that
 * does, each row as `eventId`'s. Every write is idempotent (scan id, visit scan id), so entries may be written again safely.
 * A group's scans go in by multi-row statements after its visits (no row refers to a scan, and a
 * scan id written twice keeps its first row, as one row a statement would); visits are written in
 * the group's order, since a visit closed may be one the same group opened.
 */
export function logWriter(db: Database.Database, eventId: string): (entries: LogEntry[]) => void {
  const scanStatements = new Map<number, Database.Statement>();
  const insertScans = (rows: number) => {
    let st = scanStatements.get(rows);
    if (!st) {
      const values = Array.from({ length: rows }, () => `(${Array.from({ length: SCAN_COLUMNS }, () => '?').join(', ')})`).join(', ');
      st = db.prepare(`INSERT OR IGNORE INTO scans (event_id, id, kiosk_id, station_id, badge_no, badge_serial, at, client_at, outcome, reason, left_station, answer) VALUES ${values}`);
      scanStatements.set(rows, st);
    }
    return st;
  };
  const insertAction = db.prepare('INSERT OR IGNORE INTO station_actions (event_id, id, station_id, at, action, value) VALUES (?, ?, ?, ?, ?, ?)');
  const openVisit = db.prepare('INSERT OR IGNORE INTO visits (event_id, badge_no, station_id, in_at, scan_id) VALUES (?, ?, ?, ?, ?)');
  const closeVisit = db.prepare(CLOSE_VISIT);
  const writeOne = (e: LogEntry, scans: unknown[]) => {
    if (e.kind === 'scan') {
      const a = e.answer;
      scans.push(eventId, e.id, e.kioskId, e.stationId, e.badgeNo, e.badgeSerial, e.at, e.clientAt, a.outcome, a.reason ?? null, a.leftStation ?? null, JSON.stringify(a));
    } else if (e.kind === 'action') {
      insertAction.run(eventId, e.id, e.stationId, e.at, e.action, e.value);
    }
    for (const f of e.effects) {
      if (f.type === 'visit_started') openVisit.run(eventId, f.no, f.stationId, f.at, visitSource(e, f.no));
      else if (f.type === 'visit_ended') closeVisit.run(f.at, f.reason, f.no, f.stationId, f.at, eventId);
    }
  };
  return writeTransaction(db, (entries: LogEntry[]) => {
    const scans: unknown[] = [];
    for (const e of entries) writeOne(e, scans);
    for (let i = 0; i < scans.length; i += SCAN_ROWS * SCAN_COLUMNS) {
      const chunk = scans.slice(i, i + SCAN_ROWS * SCAN_COLUMNS);
      insertScans(chunk.length / SCAN_COLUMNS).run(chunk);
    }
  });
}
