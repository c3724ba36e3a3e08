import type { Worker } from 'node:worker_threads';
import type { FastifyBaseLogger } from 'fastify';
import type { EventDef } from '../../shared/event.ts';
import { startThread } from '../threads.ts';

/** What the snapshot thread (snapshot-thread.ts) is started with. */
export interface SnapshotThreadData {
  file: string;
  /** With DATABASE_URL the log is PostgreSQL's, not `file`'s. */
  databaseUrl: string | null;
  event: EventDef;
}

/**
 * The snapshot thread's heap: a page of the log (snapshot.ts) and the state it replays onto, ~30 MB
 * at 10,000 attendees. The young generation is kept small: V8's flags are the process's, and the
 * start script's semi-spaces (made large for the answering thread's pauses) would let it grow to
 * 192 MiB. A thread out of room stops; the next snapshot starts another.
 */
const SNAPSHOT_THREAD_LIMITS = { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 256 };

/** Messages between the server and its snapshot thread. */
export type ToSnapshots = { type: 'take'; id: number } | { type: 'stop' };
export type FromSnapshots =
  | { type: 'ready' }
  | { type: 'taken'; id: number; error?: string }
  | { type: 'stopped' }
  | { type: 'log'; msg: string; details: Record<string, unknown> };

/**
 * Takes the periodic snapshots of the live state (snapshot.ts) in a thread of its own, on its own
 * connection to the durable log: replaying the log written since the last snapshot takes 0.1–0.3 s
 * a minute at 1,000 scans/s, which on the answering thread would hold up every scan meanwhile.
 * The thread is started by the first snapshot (a start does not pay for it), and again after it
 * failed. The snapshot at shutdown is the server's own, once the thread has stopped.
 */
export class SnapshotTaker {
  private thread: Promise<Worker> | null = null;
  private readonly waiting = new Map<number, { done: () => void; fail: (err: Error) => void }>();
  private next = 0;
  private stopping = false;

  constructor(
    private readonly data: SnapshotThreadData,
    private readonly log: FastifyBaseLogger,
  ) {}

  /** Takes a snapshot in the thread; resolves once it is written (or found not needed), at once after `stop`. */
  async take(): Promise<void> {
    if (this.stopping) return;
    const thread = await (this.thread ??= this.start());
    const id = this.next++;
    const taken = new Promise<void>((done, fail) => this.waiting.set(id, { done, fail }));
    thread.postMessage({ type: 'take', id } satisfies ToSnapshots);
    return taken;
  }

  /** Stops the thread once the snapshot it is taking is written. */
  async stop(): Promise<void> {
    this.stopping = true;
    const started = this.thread;
    this.thread = null;
    const thread = await started?.catch(() => null);
    if (!thread) return;
    const stopped = new Promise<void>((r) => {
      thread.on('message', (m: FromSnapshots) => m.type === 'stopped' && r());
      thread.once('exit', () => r());
    });
    thread.postMessage({ type: 'stop' } satisfies ToSnapshots);
    await stopped;
    await thread.terminate();
  }

  private start(): Promise<Worker> {
    const thread = startThread(new URL('./snapshot-thread.ts', import.meta.url), this.data, SNAPSHOT_THREAD_LIMITS);
    const failed = (err: Error) => {
      this.thread = null;
      for (const w of this.waiting.values()) w.fail(err);
      this.waiting.clear();
    };
    return new Promise<Worker>((ready, fail) => {
      thread.on('message', (m: FromSnapshots) => {
        if (m.type === 'ready') ready(thread);
        else if (m.type === 'log') this.log.warn(m.details, m.msg);
        else if (m.type === 'taken') {
          const w = this.waiting.get(m.id);
          this.waiting.delete(m.id);
          if (m.error) w?.fail(new Error(m.error));
          else w?.done();
        }
      });
      thread.on('error', (err) => {
        fail(err);
        this.log.error({ err }, 'snapshot thread failed');
        failed(err);
      });
      thread.on('exit', (code) => {
        const err = new Error(`snapshot thread exited with code ${code}`);
        fail(err);
        if (!this.stopping) failed(err);
      });
    });
  }
}
