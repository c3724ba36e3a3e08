import { hostname } from 'node:os';
import type { Worker } from 'node:worker_threads';
import type { FastifyBaseLogger } from 'fastify';
import type { DurableLog } from '../db/durable-store.ts';
import { startThread } from '../threads.ts';
import { streamEntries } from './log-entry.ts';
import type { KezekRedis } from './redis-client.ts';
import type { RedisTarget } from './redis-target.ts';

const GROUP = 'archive';
const CONSUMER = 'archiver';
/** The archiver lock lapses this long after its holder stops renewing it. */
const LOCK_MS = 5000;
/** Stream entries (commits) read at once. */
const BATCH = 100;
/**
 * Pause after a batch smaller than BATCH, so that a rush is written in few large SQLite
 * transactions rather than many small ones. Answers never wait for the archive; reports read
 * it, and see a scan this much later at most.
 */
const PAUSE_MS = 100;

/** What the archiver logs with: the server's logger, or the thread's messages to it. */
export interface ArchiverLog {
  error(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

/** Where the archiver finds its work in Redis. */
export interface ArchiverKeys {
  /** The log stream (RedisStore.streamKey). */
  stream: string;
  /** The lock that lets one process archive at a time. */
  lock: string;
}

/**
 * Drains the Redis log stream into the durable store (SQLite or PostgreSQL). One process at a time holds the archiver lock, so
 * entries land in stream order (a visit is opened before it is closed); writes are idempotent,
 * so entries delivered again after a crash change nothing. Runs in a thread of its own
 * (`startArchiver`), so archiving takes nothing from the thread that answers scans.
 */
export class Archiver {
  private running = false;
  private loop: Promise<void> | null = null;
  private readonly owner = `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2)}`;
  /** Whether the last batch could not be written into SQLite (the scans wait in the stream meanwhile). */
  private failing = false;

  constructor(
    private readonly redis: KezekRedis,
    private readonly keys: ArchiverKeys,
    private readonly journal: Pick<DurableLog, 'write'>,
    private readonly log: ArchiverLog,
    /** Told when writing into SQLite starts failing (true) and when it works again (false). */
    private readonly onFailing: (failing: boolean) => void = () => undefined,
  ) {}

  async start(): Promise<void> {
    await this.createGroup();
    this.running = true;
    this.loop = this.run();
  }

  private async createGroup(): Promise<void> {
    await this.redis.xgroup('CREATE', this.keys.stream, GROUP, '0', 'MKSTREAM').catch((err: Error) => {
      if (!String(err.message).includes('BUSYGROUP')) throw err;
    });
  }

  private async holdLock(): Promise<boolean> {
    return (await this.redis.kzHoldLock(this.keys.lock, this.owner, String(LOCK_MS))) === 1;
  }

  /** Archives everything in the stream now (tests and shutdown). */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = (await this.batch('0', 0)) + (await this.batch('>', 0));
      total += n;
      if (n === 0) return total;
    }
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        if (!(await this.holdLock())) {
          await new Promise((r) => setTimeout(r, 1000));
          continue;
        }
        // Entries a crashed holder read but did not acknowledge come first.
        if ((await this.batch('0', 0)) > 0) continue;
        const n = await this.batch('>', 500);
        if (n > 0 && n < BATCH) await new Promise((r) => setTimeout(r, PAUSE_MS));
      } catch (err) {
        // Redis restarted empty: the stream and its group are gone; make them again.
        if (String((err as Error).message).includes('NOGROUP')) await this.createGroup().catch(() => undefined);
        else if (this.running) this.log.error({ err }, 'archiver failed; retrying');
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  }

  private turn: Promise<unknown> = Promise.resolve();

  /** One batch at a time, so `drain` returns only after what the loop was writing is written. */
  private batch(from: '0' | '>', blockMs: number): Promise<number> {
    const run = this.turn.then(() => this.batchNow(from, blockMs));
    this.turn = run.catch(() => undefined);
    return run;
  }

  private async batchNow(from: '0' | '>', blockMs: number): Promise<number> {
    const args: Array<string | number> = ['GROUP', GROUP, CONSUMER, 'COUNT', BATCH];
    if (blockMs > 0) args.push('BLOCK', blockMs);
    args.push('STREAMS', this.keys.stream, from);
    const reply = (await (this.redis.xreadgroup as (...a: Array<string | number>) => Promise<unknown>)(...args)) as
      | Array<[string, Array<[string, string[]]>]>
      | null;
    const items = reply?.[0]?.[1] ?? [];
    if (items.length === 0) return 0;
    const entries = items.flatMap(([, fields]) => (fields ? streamEntries(fields) : []));
    // Acknowledged only once committed.
    try {
      await this.journal.write(entries);
    } catch (err) {
      this.setFailing(true);
      throw err;
    }
    this.setFailing(false);
    const ids = items.map(([id]) => id);
    await this.redis.xack(this.keys.stream, GROUP, ...ids);
    await this.redis.xdel(this.keys.stream, ...ids);
    return items.length;
  }

  private setFailing(failing: boolean): void {
    if (failing === this.failing) return;
    this.failing = failing;
    this.onFailing(failing);
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
    // Drain what is left; a holder that died keeps the lock until it expires, so wait that long at most.
    for (let waited = 0; waited <= LOCK_MS; waited += 250) {
      if (await this.holdLock().catch(() => false)) {
        await this.drain().catch((err: unknown) => this.log.warn({ err }, 'archiver could not drain on shutdown'));
        break;
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

/** What the archiver thread is started with. */
export interface ArchiverThreadData {
  file: string;
  /** With DATABASE_URL the log is archived into PostgreSQL, not into `file`. */
  databaseUrl: string | null;
  /** Redis's URL, or where the Sentinels say the master is. */
  redis: RedisTarget | string;
  keys: ArchiverKeys;
  /** The event whose log stream this is (the current event when not given). */
  eventId?: string;
}

/** Messages between the server and its archiver thread. */
export type ToArchiver = { type: 'drain'; id: number } | { type: 'stop' };
export type FromArchiver =
  | { type: 'ready' }
  | { type: 'drained'; id: number; n: number; error?: string }
  | { type: 'stopped' }
  | { type: 'failing'; failing: boolean }
  | { type: 'log'; level: 'error' | 'warn'; msg: string; err: string };

/** The archiver thread as the server sees it. */
export interface ArchiverHandle {
  /** Archives everything in the stream now; resolves with the number of stream entries written. */
  drain(): Promise<number>;
  /** Drains what is left and stops the thread. */
  stop(): Promise<void>;
  /** Whether its last batch could not be written into SQLite: scans are kept in Redis, reports fall behind. */
  readonly failing: boolean;
}

/** Starts the archiver in a thread of its own, on its own durable store (SQLite or PostgreSQL) and Redis connections. */
export async function startArchiver(data: ArchiverThreadData, log: FastifyBaseLogger): Promise<ArchiverHandle> {
  const thread: Worker = startThread(new URL('./archiver-thread.ts', import.meta.url), data);
  const drains = new Map<number, { done: (n: number) => void; fail: (err: Error) => void }>();
  let stopped: (() => void) | null = null;
  let stopping = false;
  let ready!: () => void;
  let failed!: (err: Error) => void;
  const started = new Promise<void>((r, f) => ((ready = r), (failed = f)));
  let failing = false;
  thread.on('message', (m: FromArchiver) => {
    if (m.type === 'ready') ready();
    else if (m.type === 'failing') {
      failing = m.failing;
      if (failing) log.error('the archiver cannot write into the durable store: scans stay in the Redis stream until it can');
      else log.info('the archiver writes into the durable store again');
    }
    else if (m.type === 'log') log[m.level]({ err: m.err }, m.msg);
    else if (m.type === 'stopped') stopped?.();
    else {
      const d = drains.get(m.id);
      drains.delete(m.id);
      if (m.error) d?.fail(new Error(m.error));
      else d?.done(m.n);
    }
  });
  thread.on('error', (err) => {
    failed(err);
    log.error({ err }, 'archiver thread failed');
    for (const d of drains.values()) d.fail(err);
    drains.clear();
  });
  thread.on('exit', (code) => {
    failed(new Error(`archiver thread exited with code ${code} before it was ready`));
    if (!stopping) log.error({ code }, 'archiver thread stopped: scans stay in the Redis stream until a server archives them');
  });
  await started;
  let next = 0;
  return {
    get failing() {
      return failing;
    },
    drain: () =>
      new Promise((done, fail) => {
        const id = next++;
        drains.set(id, { done, fail });
        thread.postMessage({ type: 'drain', id } satisfies ToArchiver);
      }),
    stop: async () => {
      stopping = true;
      const done = new Promise<void>((r) => {
        stopped = r;
        thread.once('exit', () => r());
      });
      thread.postMessage({ type: 'stop' } satisfies ToArchiver);
      await done;
      await thread.terminate();
    },
  };
}
