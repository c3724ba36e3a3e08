import type Database from 'better-sqlite3';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { LogEntry } from '../live/log-entry.ts';

const require = createRequire(import.meta.url);
const logWriter = require('./log-writer.cjs') as (db: Database.Database) => (entries: LogEntry[]) => void;

interface Waiting {
  entry: LogEntry;
  done: () => void;
  fail: (e: unknown) => void;
}

/**
 * The durable log in SQLite. `append` resolves once its entry is committed: a scan is answered
 * only when it is durable. Entries are committed in groups (group commit): for a database file
 * a writer thread of its own commits one group at a time, and the entries that arrive meanwhile
 * form the next group, so groups grow with the load and the thread answering scans never waits
 * on SQLite. Without a file (tests on `:memory:`) each event-loop turn is one group, committed
 * here. `write` commits at once in this thread (archiving, rebuild).
 */
export class Journal {
  private pending: Waiting[] = [];
  private scheduled = false;
  private readonly writeHere: (entries: LogEntry[]) => void;
  private readonly writer: Worker | null;
  private readonly sent = new Map<number, Waiting[]>();
  private nextBatch = 0;

  /**
   * `file`: the database file, to write (and checkpoint the WAL) from a writer thread; without
   * it, entries are written in this thread.
   */
  constructor(
    sqlite: Database.Database,
    file?: string,
    private readonly onWarning: (message: string) => void = () => {},
  ) {
    this.writeHere = logWriter(sqlite);
    this.writer = file ? new Worker(new URL('./log-writer-worker.cjs', import.meta.url), { workerData: { file } }) : null;
    this.writer?.on('message', (m: { id?: number; error?: string; warning?: string }) => {
      if (m.id === undefined) this.onWarning(m.warning ?? 'writer thread warning');
      else this.settled({ id: m.id, error: m.error });
    });
    this.writer?.on('error', (err) => this.failAll(err));
    this.writer?.unref();
  }

  /** Resolves once the entry is committed. */
  append(entry: LogEntry): Promise<void> {
    return new Promise((done, fail) => {
      this.pending.push({ entry, done, fail });
      // While the writer commits a group, this entry waits for the next one (sent on its answer).
      if (!this.scheduled && this.sent.size === 0) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Writes entries at once, in one transaction, in this thread. */
  write(entries: LogEntry[]): void {
    this.writeHere(entries);
  }

  private flush(): void {
    const batch = this.pending;
    this.pending = [];
    this.scheduled = false;
    if (batch.length === 0) return;
    if (this.writer) {
      const id = this.nextBatch++;
      this.sent.set(id, batch);
      this.writer.ref();
      // One string is cheaper to hand to the thread than a structured clone of every entry.
      this.writer.postMessage({ id, entries: JSON.stringify(batch.map((p) => p.entry)) });
      return;
    }
    try {
      this.writeHere(batch.map((p) => p.entry));
    } catch (err) {
      for (const p of batch) p.fail(err);
      return;
    }
    for (const p of batch) p.done();
  }

  private settled({ id, error }: { id: number; error?: string }): void {
    const batch = this.sent.get(id);
    this.sent.delete(id);
    for (const p of batch ?? []) {
      if (error) p.fail(new Error(error));
      else p.done();
    }
    if (this.pending.length > 0) this.flush();
    else this.writer?.unref();
  }

  private failAll(err: unknown): void {
    for (const batch of this.sent.values()) for (const p of batch) p.fail(err);
    this.sent.clear();
  }

  /** Waits for what was sent to be committed, then stops the writer thread. */
  async close(): Promise<void> {
    while (this.pending.length > 0 || this.sent.size > 0) await new Promise((r) => setTimeout(r, 5));
    const writer = this.writer;
    if (!writer) return;
    await new Promise<void>((resolve) => {
      writer.once('exit', () => resolve());
      writer.ref();
      writer.postMessage('close');
    });
  }
}
