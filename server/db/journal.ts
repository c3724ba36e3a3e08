import type Database from 'better-sqlite3';
import type { LogEntry } from '../live/log-entry.ts';

/** How long a commit waits to gather more scans when scans arrive faster than commits. */
const GROUP_WINDOW_MS = 2;

/**
 * Writes log entries to SQLite. `append` groups every entry of one event-loop turn into one
 * transaction and resolves once it is committed (group commit): a scan is answered only when it
 * is durable, at the cost of one fsync-free WAL commit per turn rather than per scan.
 * Every write is idempotent (scan id, visit scan id), so entries may be written again safely.
 */
export class Journal {
  private pending: Array<{ entry: LogEntry; done: () => void; fail: (e: unknown) => void }> = [];
  private scheduled = false;
  private lastFlush = 0;
  private readonly insertScan: Database.Statement;
  private readonly insertAction: Database.Statement;
  private readonly openVisit: Database.Statement;
  private readonly closeVisit: Database.Statement;
  private readonly writeAll: (entries: LogEntry[]) => void;

  constructor(sqlite: Database.Database) {
    // Prepared statements rather than the query builder: this is the scan path.
    this.insertScan = sqlite.prepare(
      `INSERT OR IGNORE INTO scans (id, kiosk_id, station_id, badge_no, badge_serial, at, client_at, outcome, reason, left_station, answer)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.insertAction = sqlite.prepare(
      'INSERT OR IGNORE INTO station_actions (id, station_id, at, action, value) VALUES (?, ?, ?, ?, ?)',
    );
    this.openVisit = sqlite.prepare(
      'INSERT OR IGNORE INTO visits (badge_no, station_id, in_at, scan_id) VALUES (?, ?, ?, ?)',
    );
    this.closeVisit = sqlite.prepare(
      // in_at <= out_at: an entry written again (an archiver batch delivered twice) must not close a later visit.
      'UPDATE visits SET out_at = ?, out_reason = ? WHERE badge_no = ? AND station_id = ? AND out_at IS NULL AND in_at <= ?',
    );
    this.writeAll = sqlite.transaction((entries: LogEntry[]) => {
      for (const e of entries) this.writeOne(e);
    });
  }

  /** Resolves once the entry is committed. */
  append(entry: LogEntry): Promise<void> {
    return new Promise((done, fail) => {
      this.pending.push({ entry, done, fail });
      if (!this.scheduled) {
        this.scheduled = true;
        // Under load (a commit less than a window ago) wait one window to gather a bigger
        // group; otherwise commit at the end of this turn.
        if (performance.now() - this.lastFlush < GROUP_WINDOW_MS) setTimeout(() => this.flush(), GROUP_WINDOW_MS);
        else setImmediate(() => this.flush());
      }
    });
  }

  /** Writes entries at once, in one transaction. */
  write(entries: LogEntry[]): void {
    this.writeAll(entries);
  }

  private flush(): void {
    const batch = this.pending;
    this.pending = [];
    this.scheduled = false;
    try {
      this.writeAll(batch.map((p) => p.entry));
    } catch (err) {
      for (const p of batch) p.fail(err);
      return;
    }
    this.lastFlush = performance.now();
    for (const p of batch) p.done();
  }

  private writeOne(e: LogEntry): void {
    if (e.kind === 'scan') {
      this.insertScan.run(
        e.id,
        e.kioskId,
        e.stationId,
        e.badgeNo,
        e.badgeSerial,
        e.at,
        e.clientAt,
        e.answer.outcome,
        e.answer.reason ?? null,
        e.answer.leftStation ?? null,
        JSON.stringify(e.answer),
      );
    } else if (e.kind === 'action') {
      this.insertAction.run(e.id, e.stationId, e.at, e.action, e.value);
    }
    for (const f of e.effects) {
      if (f.type === 'visit_started') this.openVisit.run(f.no, f.stationId, f.at, e.kind === 'scan' ? e.id : `${e.kind}:${e.at}`);
      else if (f.type === 'visit_ended') this.closeVisit.run(f.at, f.reason, f.no, f.stationId, f.at);
    }
  }
}
