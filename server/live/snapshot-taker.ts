import type { FastifyBaseLogger } from 'fastify';
import type { EventDef } from '../../shared/event.ts';
import { startThread } from '../threads.ts';

/** What the snapshot thread (snapshot-thread.ts) is started with. */
export interface SnapshotThreadData {
  file: string;
  /** With DATABASE_URL the log is PostgreSQL's, not `file`'s. */
  databaseUrl: string | null;
  event: EventDef;
  /** The event whose log this is, another than the current one (the current event's when not given). */
  eventId?: string;
}

/**
 * The snapshot thread's old generation: a page of the log (snapshot.ts) and the state it replays
 * onto, ~30 MB at 10,000 attendees. (Its young generation cannot be limited here: the start
 * script's `--max-semi-space-size` is V8's for every thread, and outweighs `resourceLimits`.) A
 * thread out of room fails its snapshot; the next one starts afresh.
 */
const SNAPSHOT_THREAD_LIMITS = { maxOldGenerationSizeMb: 128 };

/** Messages from the snapshot thread: the snapshot written (or why not), and warnings to log. */
export type FromSnapshots = { type: 'taken'; error?: string } | { type: 'log'; msg: string; details: Record<string, unknown> };

/**
 * Takes the periodic snapshots of the live state (snapshot.ts) in a thread of its own, on its own
 * connection to the durable log: replaying the log written since the last snapshot takes 0.1–0.3 s
 * a minute at 1,000 scans/s, which on the answering thread would hold up every scan meanwhile.
 * Each snapshot is taken by a thread started for it, which ends once it is written: its heap
 * (a young generation of up to 128 MiB under the start script's flags) is given back between
 * snapshots, for the price of starting a thread once a minute. One at a time; the snapshot at
 * shutdown is the server's own, once the last thread has ended.
 */
export class SnapshotTaker {
  private taking: Promise<void> | null = null;
  private stopping = false;

  constructor(
    private readonly data: SnapshotThreadData,
    private readonly log: FastifyBaseLogger,
  ) {}

  /** Takes a snapshot in a thread; resolves once it is written (or found not needed); at once after `stop`, or with the one being taken. */
  take(): Promise<void> {
    if (this.stopping) return Promise.resolve();
    this.taking ??= this.inThread().finally(() => (this.taking = null));
    return this.taking;
  }

  /** Takes no more snapshots, once the one being taken is written. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.taking?.catch(() => undefined);
  }

  private inThread(): Promise<void> {
    const thread = startThread(new URL('./snapshot-thread.ts', import.meta.url), this.data, SNAPSHOT_THREAD_LIMITS);
    return new Promise<void>((done, fail) => {
      let error: Error | null = null;
      thread.on('message', (m: FromSnapshots) => {
        if (m.type === 'log') this.log.warn(m.details, m.msg);
        else if (m.error) error = new Error(m.error);
      });
      thread.on('error', (err) => {
        this.log.error({ err }, 'snapshot thread failed');
        error ??= err;
      });
      thread.on('exit', (code) => {
        if (!error && code !== 0) error = new Error(`snapshot thread exited with code ${code}`);
        if (error) fail(error);
        else done();
      });
    });
  }
}
