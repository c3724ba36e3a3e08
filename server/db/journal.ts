import type Database from 'better-sqlite3';
import type { ScanAnswer } from '../../shared/scan.ts';
import type { LogEntry } from '../live/log-entry.ts';
import type { AnswersRead, DurableLog, LogContents, LoggedScan, LogPlace, LogPoint, VisitSpan } from './durable-store.ts';
import { currentSqliteEvent } from './events.ts';
import { logWriter } from './log-writer.ts';
import { StorageFailure } from './storage-failure.ts';

interface Waiting {
  entry: LogEntry;
  undo: (() => void) | undefined;
  done: () => void;
  fail: (e: unknown) => void;
}

/**
 * The durable log in SQLite. `append` resolves once its entry is committed: a scan is answered
 * only when it is durable. The entries appended in one turn of the event loop are committed
 * together at its end (group commit), so one commit carries as many scans as arrived meanwhile
 * and the cost of a commit is shared. `write` commits at once (archiving, rebuild).
 *
 * When a group's commit fails, the `undo` of each of its entries runs, the last appended first,
 * before any of them hears of the failure and before anything else runs: whoever applied the
 * entries to a live state takes them back out in the reverse order it put them in, so the live
 * state never holds what the log does not. Each entry then fails with a `StorageFailure`.
 *
 * SQLite's work stays in this thread: a commit of a group is a few hundred microseconds (scan
 * ids grow with time, so the scan log's indexes grow at their ends), less than handing the
 * group to another thread and waiting for it to be scheduled.
 */
export class Journal implements DurableLog {
  private pending: Waiting[] = [];
  private scheduled = false;
  private readonly writeAll: (entries: LogEntry[]) => void;
  private readonly visitsStatement: Database.Statement<[number, number, string]>;
  private readonly answerStatement: Database.Statement<[string, string], string>;
  /** The event whose log this is (server/db/events.ts): its rows are the only ones written and read. */
  private readonly eventId: string;
  /** The failure of the last group commit; null once a commit has succeeded since. */
  private lastFailure: StorageFailure | null = null;
  private readonly listeners: Array<(failure: StorageFailure | null) => void> = [];

  /** The log of `eventId` (the current event's when not given). */
  constructor(
    private readonly sqlite: Database.Database,
    eventId = currentSqliteEvent(sqlite),
  ) {
    this.eventId = eventId;
    this.writeAll = logWriter(sqlite, this.eventId);
    this.visitsStatement = sqlite.prepare(
      'SELECT station_id AS stationId, in_at AS inAt, out_at AS outAt FROM visits WHERE in_at <= ? AND (out_at IS NULL OR out_at > ?) AND event_id = ?',
    );
    this.answerStatement = sqlite.prepare<[string, string], string>('SELECT answer FROM scans WHERE id = ? AND event_id = ?').pluck();
  }

  async answerOf(id: string): Promise<ScanAnswer | null> {
    const json = this.answerStatement.get(id, this.eventId);
    return json === undefined ? null : (JSON.parse(json) as ScanAnswer);
  }

  append(entry: LogEntry, undo?: () => void): Promise<void> {
    return new Promise((done, fail) => {
      this.pending.push({ entry, undo, done, fail });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  async write(entries: LogEntry[]): Promise<void> {
    this.writeAll(entries);
  }

  async visitsDuring(from: number, to: number): Promise<VisitSpan[]> {
    return this.visitsStatement.all(to, from, this.eventId) as VisitSpan[];
  }

  async read(): Promise<LogContents> {
    return this.readNow();
  }

  /** `read`, done before it returns. */
  readNow(): LogContents {
    return readLog(this.sqlite, this.eventId);
  }

  async readAfter(after: LogPlace, answers: AnswersRead, most?: number): Promise<LogContents> {
    return readLog(this.sqlite, this.eventId, after, answers, most);
  }

  async readSnapshot(): Promise<{ format: number; body: string } | null> {
    const row = this.sqlite.prepare<[string], { format: number; body: string }>('SELECT format, body FROM live_snapshots WHERE event_id = ?').get(this.eventId);
    return row ?? null;
  }

  async writeSnapshot(format: number, body: string, now: number): Promise<void> {
    this.sqlite
      .prepare(
        `INSERT INTO live_snapshots (event_id, format, taken_at, body) VALUES (?, ?, ?, ?)
         ON CONFLICT (event_id) DO UPDATE SET format = excluded.format, taken_at = excluded.taken_at, body = excluded.body`,
      )
      .run(this.eventId, format, now, body);
  }

  get failure(): StorageFailure | null {
    return this.lastFailure;
  }

  onChange(listener: (failure: StorageFailure | null) => void): void {
    this.listeners.push(listener);
  }

  private flush(): void {
    const batch = this.pending;
    this.pending = [];
    this.scheduled = false;
    const refuse = (failure: StorageFailure) => {
      for (let i = batch.length - 1; i >= 0; i--) batch[i].undo?.();
      for (const p of batch) p.fail(failure);
    };
    // After a failure nothing is committed until the WAL is checkpointed down to nothing: the group fails alike and is sent again.
    if (this.lastFailure && !this.makeRoom()) return refuse(this.lastFailure);
    try {
      this.writeAll(batch.map((p) => p.entry));
    } catch (err) {
      const first = this.lastFailure === null;
      const failure = (this.lastFailure = new StorageFailure(err));
      if (first) for (const l of this.listeners) l(failure);
      return refuse(failure);
    }
    if (this.lastFailure) {
      this.lastFailure = null;
      for (const l of this.listeners) l(null);
    }
    for (const p of batch) p.done();
  }

  /**
   * After a failed commit, before the next: a TRUNCATE checkpoint here and now. While the disk is
   * full the WAL grows (its pages cannot be copied into a database file that cannot grow), so the
   * space freed to recover may be less than the WAL holds; were the next commits let in first
   * they would take that space, and the checkpoint that gives the WAL's space back would fail for
   * want of it. Copying the WAL needs only room for the pages it adds to the file, and then frees
   * the whole WAL. It waits at most 100 ms for the checkpointer thread (whose checkpoints fail
   * at once while the disk is full), and only while commits fail. Whether the WAL is now empty:
   * when it is not (no room yet, or the checkpointer thread or a reader held it), the group waiting
   * is refused as the last one was, since its commit would take the space the checkpoint needs;
   * the next commit tries again.
   */
  private makeRoom(): boolean {
    const wait = this.sqlite.pragma('busy_timeout', { simple: true }) as number;
    try {
      this.sqlite.pragma('busy_timeout = 100');
      const [result] = this.sqlite.pragma('wal_checkpoint(TRUNCATE)') as Array<{ busy: number }>;
      return result.busy === 0;
    } catch {
      return false;
    } finally {
      this.sqlite.pragma(`busy_timeout = ${wait}`);
    }
  }

  /** Commits what is waiting. */
  close(): void {
    if (this.pending.length > 0) this.flush();
  }
}

/** An event's scan ids, read from its (event_id, id) index alone whatever the other events hold. */
export const SCAN_IDS_OF_EVENT = 'SELECT id FROM scans WHERE event_id = ?';
/** An event's latest answers: the same index walked backwards, each row's answer looked up. */
export const LATEST_ANSWERS_OF_EVENT = 'SELECT id, answer FROM scans WHERE event_id = ? ORDER BY id DESC LIMIT ?';

/**
 * One event's log as rebuilding reads it, in time order and then rowid (the order written); with `after`, only what follows
 * that place, and with `most`, at most that many scans and the actions up to the last of them (`readAfter`).
 */
function readLog(sqlite: Database.Database, eventId: string, after?: LogPlace, answers: AnswersRead = 'answers', most = Infinity): LogContents {
  const people = sqlite
    .prepare(
      `SELECT a.badge_no AS no, a.first_name AS firstName,
         (SELECT serial FROM badges b WHERE b.attendee_id = a.id AND b.revoked_at IS NULL
          ORDER BY b.issued_at DESC LIMIT 1) AS serial
       FROM attendees a WHERE a.event_id = ?`,
    )
    .all(eventId) as LogContents['people'];
  /** A table's rows in time order, then rowid: all of them, or those after a point (up to a time, at most so many). */
  const rowsOf = (table: string, columns: string, p: LogPoint | undefined, until = Number.MAX_SAFE_INTEGER, limit = -1): unknown[] =>
    p
      ? sqlite.prepare(`SELECT ${columns} FROM ${table} WHERE event_id = ? AND (at, rowid) > (?, ?) AND at <= ? ORDER BY at, rowid LIMIT ?`).all(eventId, p.at, p.seq, until, limit)
      : sqlite.prepare(`SELECT ${columns} FROM ${table} WHERE event_id = ? ORDER BY at, rowid`).all(eventId);
  const scans = rowsOf(
    'scans',
    'id, rowid AS seq, kiosk_id AS kioskId, station_id AS stationId, badge_no AS badgeNo, badge_serial AS badgeSerial, at, answer',
    after?.scan,
    undefined,
    Number.isFinite(most) ? most : -1,
  ) as Array<Omit<LoggedScan, 'answer'> & { answer: string | ScanAnswer }>;
  const all: LogContents['answers'] = [];
  // Parsed in place: a long log is hundreds of thousands of rows.
  for (const row of scans) {
    if (!after) all.push([row.id, row.answer as string]);
    row.answer = JSON.parse(row.answer as string) as ScanAnswer;
  }
  // Cut short, the scans are followed by the actions up to the last one's time: those after it come with the scans after it.
  const until = scans.length === most ? scans[scans.length - 1].at : undefined;
  const actions = rowsOf('station_actions', 'id, rowid AS seq, station_id AS stationId, at, action, value', after?.action, until) as LogContents['actions'];
  const contents: LogContents = { people, scans: scans as LoggedScan[], actions, answers: all };
  if (after) {
    if (answers === 'answers') contents.answers = sqlite.prepare('SELECT id, answer FROM scans WHERE event_id = ?').raw().all(eventId) as LogContents['answers'];
    // The event's own ids only: an installation keeps every past event's scans, which its live state has no use for.
    else if (answers === 'ids') contents.answers = (sqlite.prepare(SCAN_IDS_OF_EVENT).pluck().all(eventId) as string[]).map((id) => [id, null]);
    else if (answers !== 'none') contents.answers = sqlite.prepare(LATEST_ANSWERS_OF_EVENT).raw().all(eventId, answers.latest) as LogContents['answers'];
    // Writers take turns on one file, so rows written after the place have larger rowids: one of them timed at or before it was written into its past.
    const misplaced = (table: string, p: LogPoint) =>
      sqlite.prepare(`SELECT 1 FROM ${table} WHERE rowid > ? AND at < ? AND event_id = ? LIMIT 1`).get(p.seq, p.at, eventId) !== undefined;
    contents.misplaced = misplaced('scans', after.scan) || misplaced('station_actions', after.action);
  }
  return contents;
}
