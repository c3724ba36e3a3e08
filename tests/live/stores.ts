import { randomUUID } from 'node:crypto';
import pino from 'pino';
import type { FastifyBaseLogger } from 'fastify';
import { openDatabase } from '../../server/db/client.ts';
import { Journal } from '../../server/db/journal.ts';
import { BUNDLED_EVENT, loadEvent } from '../../server/config.ts';
import { Archiver } from '../../server/live/archiver.ts';
import type { LiveStore } from '../../server/live/live-store.ts';
import { MemoryStore } from '../../server/live/memory-store.ts';
import { rebuild } from '../../server/live/rebuild.ts';
import { RedisStore, redisClient } from '../../server/live/redis-store.ts';
import { REDIS_URL } from '../support/app.ts';

export const event = loadEvent(BUNDLED_EVENT);
const log = pino({ level: 'silent' }) as unknown as FastifyBaseLogger;

export interface StoreUnderTest {
  store: LiveStore;
  sqlite: ReturnType<typeof openDatabase>['sqlite'];
  /** Makes every acknowledged change visible in SQLite (Redis mode: drains the log stream). */
  archive(): Promise<void>;
  /** Another store on the same live state (Redis: a second connection, as a second process has). */
  twin(): Promise<LiveStore>;
  close(): Promise<void>;
}

export type StoreKind = 'memory' | 'redis';

/** A fresh store of the given kind over a migrated in-memory database. */
export async function makeStore(kind: StoreKind): Promise<StoreUnderTest> {
  const { sqlite } = openDatabase(':memory:');
  const journal = new Journal(sqlite);
  if (kind === 'memory') {
    const store = new MemoryStore(event, rebuild(sqlite, event, Date.now()), journal);
    return { store, sqlite, archive: async () => {}, twin: async () => store, close: async () => {
        sqlite.close();
      } };
  }
  const prefix = `kezek-test-${randomUUID()}`;
  const stores: RedisStore[] = [];
  const open = async () => {
    const s = new RedisStore(redisClient(REDIS_URL, log), event, prefix);
    await s.seed(() => rebuild(sqlite, event, Date.now()));
    stores.push(s);
    return s;
  };
  const store = await open();
  const reader = redisClient(REDIS_URL, log);
  const archiver = new Archiver(store, reader, journal, log);
  await archiver.start();
  return {
    store,
    sqlite,
    archive: async () => {
      await archiver.drain();
    },
    twin: open,
    close: async () => {
      await archiver.stop();
      await reader.quit();
      const keys = await store.redis.keys(`${prefix}:*`);
      if (keys.length > 0) await store.redis.del(...keys);
      for (const s of stores) await s.close();
      sqlite.close();
    },
  };
}
