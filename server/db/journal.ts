import type Database from 'better-sqlite3';
import type { ScanAnswer } from '../../shared/scan.ts';
import type { LogEntry } from '../live/log-entry.ts';
import { logWriter } from './log-writer.ts';

interface Waiting {
  entry: LogEntry;
  undo: (() => void) | undefined;
  done: () => void;
  fail: (e: unknown) => void;
}

/**
 * A commit of the log that failed (the disk full, an I/O error): nothing of its group was
 * written. `full` when SQLite found no room: SQLITE_FULL, or the WAL index (`-shm`) could not
 * grow (SQLITE_IOERR_SHMSIZE, what a full disk gives once the WAL has grown past its index).
 */
export class StorageFailure extends Error {
  readonly full: boolean;

  constructor(readonly cause: unknown) {
    const code = (cause as { code?: unknown }).code;
    super(`the log could not be committed: ${(cause as Error).message}`);
    this.name = 'StorageFailure';
    this.full = code === 'SQLITE_FULL' || code === 'SQLITE_IOERR_SHMSIZE';
  }
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
export class Journal {
  private pending: Waiting[] = [];
  private scheduled = false;
  private readonly writeAll: (entries: LogEntry[]) => void;
  private readonly answerStatement: Database.Statement<[string], string>;
  /** The failure of the last group commit; null once a commit has succeeded since. */
  private lastFailure: StorageFailure | null = null;
  private readonly listeners: Array<(failure: StorageFailure | null) => void> = [];

  constructor(private readonly sqlite: Database.Database) {
    this.writeAll = logWriter(sqlite);
    this.answerStatement = sqlite.prepare<[string], string>('SELECT answer FROM scans WHERE id = ?').pluck();
  }

  /** The answer a committed scan got, by its id; null when no scan of that id is committed. */
  answerOf(id: string): ScanAnswer | null {
    const json = this.answerStatement.get(id);
    return json === undefined ? null : (JSON.parse(json) as ScanAnswer);
  }

  /** Resolves once the entry is committed; when the commit fails, runs `undo` (see above) and rejects with a `StorageFailure`. */
  append(entry: LogEntry, undo?: () => void): Promise<void> {
    return new Promise((done, fail) => {
      this.pending.push({ entry, undo, done, fail });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Writes entries at once, in one transaction. */
  write(entries: LogEntry[]): void {
    this.writeAll(entries);
  }

  /** Why the last group commit failed, while no commit has succeeded since. */
  get failure(): StorageFailure | null {
    return this.lastFailure;
  }

  /** Calls `listener` when a group commit fails after one succeeded (with the failure), and when one succeeds after a failure (with null). */
  onChange(listener: (failure: StorageFailure | null) => void): void {
    this.listeners.push(listener);
  }

  private flush(): void {
    const batch = this.pending;
    this.pending = [];
    this.scheduled = false;
    if (this.lastFailure) this.makeRoom();
    try {
      this.writeAll(batch.map((p) => p.entry));
    } catch (err) {
      const first = this.lastFailure === null;
      const failure = (this.lastFailure = new StorageFailure(err));
      for (let i = batch.length - 1; i >= 0; i--) batch[i].undo?.();
      if (first) for (const l of this.listeners) l(failure);
      for (const p of batch) p.fail(failure);
      return;
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
   * at once while the disk is full), and only while commits fail; it tries again at the next commit.
   */
  private makeRoom(): void {
    const wait = this.sqlite.pragma('busy_timeout', { simple: true }) as number;
    try {
      this.sqlite.pragma('busy_timeout = 100');
      this.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    } catch {
      // no room yet: the commit that follows fails alike and says so
    } finally {
      this.sqlite.pragma(`busy_timeout = ${wait}`);
    }
  }

  /** Commits what is waiting. */
  close(): void {
    if (this.pending.length > 0) this.flush();
  }
}
