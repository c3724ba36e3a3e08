import type Database from 'better-sqlite3';
import type { ScanAnswer } from '../../shared/scan.ts';
import type { LogEntry } from '../live/log-entry.ts';
import { logWriter } from './log-writer.ts';

interface Waiting {
  entry: LogEntry;
  done: () => void;
  fail: (e: unknown) => void;
}

/**
 * The durable log in SQLite. `append` resolves once its entry is committed: a scan is answered
 * only when it is durable. The entries appended in one turn of the event loop are committed
 * together at its end (group commit), so one commit carries as many scans as arrived meanwhile
 * and the cost of a commit is shared. `write` commits at once (archiving, rebuild).
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

  constructor(sqlite: Database.Database) {
    this.writeAll = logWriter(sqlite);
    this.answerStatement = sqlite.prepare<[string], string>('SELECT answer FROM scans WHERE id = ?').pluck();
  }

  /** The answer a committed scan got, by its id; null when no scan of that id is committed. */
  answerOf(id: string): ScanAnswer | null {
    const json = this.answerStatement.get(id);
    return json === undefined ? null : (JSON.parse(json) as ScanAnswer);
  }

  /** Resolves once the entry is committed. */
  append(entry: LogEntry): Promise<void> {
    return new Promise((done, fail) => {
      this.pending.push({ entry, done, fail });
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
    for (const p of batch) p.done();
  }

  /** Commits what is waiting. */
  close(): void {
    if (this.pending.length > 0) this.flush();
  }
}
