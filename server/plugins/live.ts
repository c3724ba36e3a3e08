import fp from 'fastify-plugin';
import { startArchiver, type ArchiverHandle } from '../live/archiver.ts';
import type { LiveStore } from '../live/live-store.ts';
import { MemoryStore } from '../live/memory-store.ts';
import { LiveSnapshots } from '../live/snapshot.ts';
import { SnapshotTaker } from '../live/snapshot-taker.ts';
import { redisTargetOf } from '../config.ts';
import type { Durability } from '../live/redis-durability.ts';
import type { AnswersRead } from '../db/durable-store.ts';

declare module 'fastify' {
  interface FastifyInstance {
    live: LiveStore;
    /** Redis mode only: drains the log stream into SQLite. */
    archiver: ArchiverHandle | null;
    /** What a crash of the live store does to acknowledged scans (in-process: the SQLite log keeps them). */
    liveDurability: Durability;
  }
}

const SETTLE_EVERY_MS = 5_000;
/**
 * A snapshot of the live state is taken this often (in a thread of its own) and at shutdown, so
 * that a start after a crash replays at most this long of the log: at 1,000 scans/s, ~60,000 scans, ~0.3 s.
 * A turn replays at most TURN_SCANS (snapshot.ts): past ~3,300 scans/s held, the snapshot falls behind.
 */
const SNAPSHOT_EVERY_MS = 60_000;

/** The live store: in-process by default, Redis with REDIS_URL; rebuilt from the log at start. */
export default fp(
  async (app) => {
    const { config, store: durable } = app;
    /** Live state from the log, and the check-outs it owes written to it. */
    const warn = (details: Record<string, unknown>, message: string) => app.log.warn(details, message);
    const snapshots = new LiveSnapshots(durable.log, config.event, warn);
    const target = redisTargetOf(config);
    const snapshot = async (answers: Exclude<AnswersRead, 'none'>) => {
      const s = await snapshots.restore(Date.now(), answers);
      if (s.effects.length > 0) await durable.log.write([{ kind: 'settle', at: Date.now(), effects: s.effects }]);
      return s;
    };
    let archiver: ArchiverHandle | null = null;
    let live: LiveStore;
    let durability: Durability = 'durable';
    if (target) {
      // Loaded only with Redis: ioredis is a tenth of what a start without it would load. Dynamic
      // imports of the server's own modules name the compiled `.js` (tsc does not rewrite them; tsx and Vite find the `.ts`).
      const { RedisStore, redisClient, SEED_ANSWERS } = await import('../live/redis-store.js');
      const { checkDurability } = await import('../live/redis-durability.js');
      const store = new RedisStore(redisClient(target, app.log), config.event, config.redisPrefix);
      try {
        await store.connected();
        durability = await checkDurability(store.redis, config.redisDurability, app.log);
      } catch (err) {
        await store.close();
        throw err;
      }
      // Seeded with the answers of the latest scans alone: one sent again with an older id is looked up in the log.
      await store.seed(() => snapshot({ latest: SEED_ANSWERS }), { latest: SEED_ANSWERS, answerOf: (id) => durable.log.answerOf(id) });
      const started = await startArchiver({ file: app.sqliteFile, databaseUrl: config.databaseUrl, redis: target, keys: store.archiverKeys }, app.log);
      app.storage.watchArchive(() => started.failing);
      archiver = started;
      // The archiver yields to answering, so under a rush it falls behind for a while: operators see by how much.
      app.metrics.gauge('kezek_archive_backlog', 'Group commits in the Redis log stream not yet archived into the durable store', [], async (set) =>
        set({}, await store.redis.xlen(store.streamKey)),
      );
      live = store;
    } else {
      live = new MemoryStore(config.event, await snapshot('ids'), durable.log);
    }
    const timer = setInterval(() => {
      live.settle(Date.now()).catch((err: unknown) => app.log.error({ err }, 'settling stations failed'));
    }, SETTLE_EVERY_MS);
    timer.unref();
    const taker = new SnapshotTaker({ file: app.sqliteFile, databaseUrl: config.databaseUrl, event: config.event }, app.log);
    const snapshotTimer = setInterval(() => {
      taker.take().catch((err: unknown) => app.log.error({ err }, 'taking a snapshot of the live state failed'));
    }, SNAPSHOT_EVERY_MS);
    snapshotTimer.unref();
    live.onCommit((seconds) => app.metrics.commitSeconds.observe({ store: live.kind }, seconds));
    app.decorate('live', live);
    app.decorate('archiver', archiver);
    app.decorate('liveDurability', durability);
    app.addHook('onClose', async () => {
      clearInterval(timer);
      clearInterval(snapshotTimer);
      await taker.stop();
      await archiver?.stop();
      await live.close();
      // What the log holds now (in Redis mode, all the archiver drained), so that the next start replays little:
      // from the snapshot stored last (the thread's), read afresh.
      await new LiveSnapshots(durable.log, config.event, warn).take(Infinity).catch((err: unknown) => app.log.error({ err }, 'taking a snapshot of the live state failed'));
    });
  },
  { name: 'live', dependencies: ['config', 'db', 'metrics'] },
);
