import type { FastifyBaseLogger } from 'fastify';
import type { EventDef } from '../../shared/event.ts';
import type { AnswersRead, DurableLog } from '../db/durable-store.ts';
import { startArchiver, type ArchiverHandle } from './archiver.ts';
import type { LiveStore } from './live-store.ts';
import { MemoryStore } from './memory-store.ts';
import type { RebuiltState } from './rebuild.ts';
import type { KezekRedis } from './redis-client.ts';
import type { RedisStore } from './redis-store.ts';
import type { RedisTarget } from './redis-target.ts';
import { LiveSnapshots } from './snapshot.ts';
import { SnapshotTaker } from './snapshot-taker.ts';

const SETTLE_EVERY_MS = 5_000;
/**
 * A snapshot of the live state is taken this often (in a thread of its own) and at shutdown, so
 * that a start after a crash replays at most this long of the log: at 1,000 scans/s, ~60,000 scans, ~0.3 s.
 */
const SNAPSHOT_EVERY_MS = 60_000;

/** Where an event's live state is kept and rebuilt from. */
export interface LiveStateWhere {
  event: EventDef;
  /** The event's durable log. */
  log: DurableLog;
  /** The SQLite file, or PostgreSQL with `databaseUrl`: the background threads open the log on connections of their own. */
  file: string;
  databaseUrl: string | null;
  /** Redis mode: where Redis is, and the installation's key prefix. */
  redis: { target: RedisTarget; prefix: string } | null;
  logger: FastifyBaseLogger;
  /** Redis mode: asked once connected, before anything is written (the served event checks Redis's durability). */
  connected?: (redis: KezekRedis) => Promise<void>;
}

/**
 * One event's live state on this server and what keeps it: its store (in-process, or Redis under
 * the event's hash tag), rebuilt from the event's log; in Redis mode the archiver draining its log
 * stream; its stations settled every SETTLE_EVERY_MS and its snapshot taken every SNAPSHOT_EVERY_MS.
 * Each event live on a server has one, the served one and every other open one alike.
 */
export class LiveState {
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly taker: SnapshotTaker;

  private constructor(
    readonly live: LiveStore,
    /** Redis mode: drains the event's log stream into the durable store. */
    readonly archiver: ArchiverHandle | null,
    /** Redis mode: the store (`live`) as Redis's. */
    readonly redisStore: RedisStore | null,
    private readonly where: LiveStateWhere,
  ) {
    const { event, logger } = where;
    this.taker = new SnapshotTaker({ file: where.file, databaseUrl: where.databaseUrl, event, eventId: event.id }, logger);
    this.every(SETTLE_EVERY_MS, () => live.settle(Date.now()), 'settling stations failed');
    this.every(SNAPSHOT_EVERY_MS, () => this.taker.take(), 'taking a snapshot of the live state failed');
  }

  /** Rebuilds the event's live state from its log (and its snapshot), in Redis when `redis` is given. */
  static async open(where: LiveStateWhere): Promise<LiveState> {
    const snapshots = new LiveSnapshots(where.log, where.event, warnOf(where));
    /** The live state from the log, and the check-outs it owes written to it. */
    const restore = async (answers: Exclude<AnswersRead, 'none'>): Promise<RebuiltState> => {
      const s = await snapshots.restore(Date.now(), answers);
      if (s.effects.length > 0) await where.log.write([{ kind: 'settle', at: Date.now(), effects: s.effects }]);
      return s;
    };
    if (!where.redis) return new LiveState(new MemoryStore(where.event, await restore('ids'), where.log), null, null, where);
    // Loaded only with Redis: ioredis is a tenth of what a start without it would load. Dynamic
    // imports of the server's own modules name the compiled `.js` (tsc does not rewrite them; tsx and Vite find the `.ts`).
    const [{ RedisStore, SEED_ANSWERS }, { redisClient }] = await Promise.all([import('./redis-store.js'), import('./redis-client.js')]);
    const { target, prefix } = where.redis;
    const store = new RedisStore(redisClient(target, where.logger), where.event, prefix);
    let archiving: Promise<ArchiverHandle> | null = null;
    try {
      await store.connected();
      await where.connected?.(store.redis);
      // The archiver's thread starts (loads its modules, opens its connections) while Redis is
      // seeded; its failure is thrown once the seeding is over.
      archiving = startArchiver({ file: where.file, databaseUrl: where.databaseUrl, redis: target, keys: store.archiverKeys, eventId: where.event.id }, where.logger);
      archiving.catch(() => undefined);
      // Seeded with the answers of the latest scans alone: one sent again with an older id is looked up in the log.
      await store.seed(() => restore({ latest: SEED_ANSWERS }), { latest: SEED_ANSWERS, answerOf: (id) => where.log.answerOf(id) });
      return new LiveState(store, await archiving, store, where);
    } catch (err) {
      await archiving?.then(
        (a) => a.stop(),
        () => undefined,
      );
      await store.close();
      throw err;
    }
  }

  private every(ms: number, run: () => Promise<void>, failed: string): void {
    const timer = setInterval(() => {
      run().catch((err: unknown) => this.where.logger.error({ err, event: this.where.event.id }, failed));
    }, ms);
    timer.unref();
    this.timers.push(timer);
  }

  /**
   * Stops keeping the live state: its timers and threads stop, the archiver drains what is left,
   * the store closes and a last snapshot is taken from the log (so that the next start, or the
   * event opened again, replays little). `release` (the event closed): its keys leave Redis too.
   */
  async close(how: 'keep' | 'release'): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    await this.taker.stop();
    await this.archiver?.stop();
    if (how === 'release') await this.redisStore?.removeKeys().catch((err: unknown) => this.where.logger.error({ err, event: this.where.event.id }, 'removing a closed event’s keys from Redis failed'));
    await this.live.close();
    // What the log holds now (in Redis mode, all the archiver drained): from the snapshot stored last (the thread's), read afresh.
    await new LiveSnapshots(this.where.log, this.where.event, warnOf(this.where))
      .take(Infinity)
      .catch((err: unknown) => this.where.logger.error({ err, event: this.where.event.id }, 'taking a snapshot of the live state failed'));
  }
}

/** Warnings about the event's snapshots, with its id. */
function warnOf(where: LiveStateWhere): (details: Record<string, unknown>, message: string) => void {
  return (details, message) => where.logger.warn({ ...details, event: where.event.id }, message);
}
