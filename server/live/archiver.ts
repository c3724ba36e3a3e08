import { hostname } from 'node:os';
import type { FastifyBaseLogger } from 'fastify';
import type { Redis } from 'ioredis';
import type { Journal } from '../db/journal.ts';
import type { LogEntry } from './log-entry.ts';
import type { RedisStore } from './redis-store.ts';

const GROUP = 'archive';
const CONSUMER = 'archiver';
/** The archiver lock lapses this long after its holder stops renewing it. */
const LOCK_MS = 5000;

/**
 * Drains the Redis log stream into SQLite. One process at a time holds the archiver lock, so
 * entries land in stream order (a visit is opened before it is closed); writes are idempotent,
 * so entries delivered again after a crash change nothing.
 */
export class Archiver {
  private running = false;
  private loop: Promise<void> | null = null;
  private readonly owner = `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2)}`;

  constructor(
    private readonly store: RedisStore,
    private readonly reader: Redis,
    private readonly journal: Journal,
    private readonly log: FastifyBaseLogger,
  ) {}

  async start(): Promise<void> {
    await this.createGroup();
    this.running = true;
    this.loop = this.run();
  }

  private async createGroup(): Promise<void> {
    await this.reader.xgroup('CREATE', this.store.streamKey, GROUP, '0', 'MKSTREAM').catch((err: Error) => {
      if (!String(err.message).includes('BUSYGROUP')) throw err;
    });
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
        if (!(await this.store.holdLock('archiver', this.owner, LOCK_MS))) {
          await new Promise((r) => setTimeout(r, 1000));
          continue;
        }
        // Entries a crashed holder read but did not acknowledge come first.
        if ((await this.batch('0', 0)) === 0) await this.batch('>', 500);
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
    const args: Array<string | number> = ['GROUP', GROUP, CONSUMER, 'COUNT', 100];
    if (blockMs > 0) args.push('BLOCK', blockMs);
    args.push('STREAMS', this.store.streamKey, from);
    const reply = (await (this.reader.xreadgroup as (...a: Array<string | number>) => Promise<unknown>)(...args)) as
      | Array<[string, Array<[string, string[]]>]>
      | null;
    const items = reply?.[0]?.[1] ?? [];
    if (items.length === 0) return 0;
    // A commit's entries as one array ('g'); one entry alone ('e') as earlier versions wrote them.
    const entries = items.flatMap(([, fields]) => (fields?.[1] ? (fields[0] === 'g' ? (JSON.parse(fields[1]) as LogEntry[]) : [JSON.parse(fields[1]) as LogEntry]) : []));
    // Acknowledged only once committed.
    this.journal.write(entries);
    const ids = items.map(([id]) => id);
    await this.reader.xack(this.store.streamKey, GROUP, ...ids);
    await this.reader.xdel(this.store.streamKey, ...ids);
    return items.length;
  }

  private stopped: Array<() => Promise<void>> = [];

  /** Runs after the archiver has stopped (closing its connection). */
  onStop(fn: () => Promise<void>): void {
    this.stopped.push(fn);
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
    // Drain what is left; a holder that died keeps the lock until it expires, so wait that long at most.
    for (let waited = 0; waited <= LOCK_MS; waited += 250) {
      if (await this.store.holdLock('archiver', this.owner, LOCK_MS).catch(() => false)) {
        await this.drain().catch((err: unknown) => this.log.warn({ err }, 'archiver could not drain on shutdown'));
        break;
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    for (const fn of this.stopped) await fn();
  }
}
