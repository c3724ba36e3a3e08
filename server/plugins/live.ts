import fp from 'fastify-plugin';
import type { ArchiverHandle } from '../live/archiver.ts';
import type { LiveStore } from '../live/live-store.ts';
import { LiveState } from '../live/live-state.ts';
import { redisTargetOf } from '../config.ts';
import type { Durability } from '../live/redis-durability.ts';

declare module 'fastify' {
  interface FastifyInstance {
    live: LiveStore;
    /** Redis mode only: drains the log stream into SQLite. */
    archiver: ArchiverHandle | null;
    /** What a crash of the live store does to acknowledged scans (in-process: the SQLite log keeps them). */
    liveDurability: Durability;
  }
}

/** The served event's live store (live-state.ts): in-process by default, Redis with REDIS_URL; rebuilt from the log at start. */
export default fp(
  async (app) => {
    const { config, store: durable } = app;
    const target = redisTargetOf(config);
    let durability: Durability = 'durable';
    const state = await LiveState.open({
      event: config.event,
      log: durable.log,
      file: app.sqliteFile,
      databaseUrl: config.databaseUrl,
      redis: target && { target, prefix: config.redisPrefix },
      logger: app.log,
      connected: async (redis) => {
        const { checkDurability } = await import('../live/redis-durability.js');
        durability = await checkDurability(redis, config.redisDurability, app.log);
      },
    });
    const { live, archiver, redisStore: store } = state;
    if (archiver && store) {
      app.storage.watchArchive(() => archiver.failing);
      // The archiver yields to answering, so under a rush it falls behind for a while: operators see by how much.
      app.metrics.gauge('kezek_archive_backlog', 'Group commits in the Redis log stream not yet archived into the durable store', [], async (set) =>
        set({}, await store.redis.xlen(store.streamKey)),
      );
    }
    live.onCommit((seconds) => app.metrics.commitSeconds.observe({ store: live.kind }, seconds));
    app.decorate('live', live);
    app.decorate('archiver', archiver);
    app.decorate('liveDurability', durability);
    app.addHook('onClose', () => state.close('keep'));
  },
  { name: 'live', dependencies: ['config', 'db', 'metrics'] },
);
