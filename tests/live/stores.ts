import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { FastifyBaseLogger } from 'fastify';
import { openDatabase } from '../../server/db/client.ts';
import { Journal } from '../../server/db/journal.ts';
import { BUNDLED_EVENT, loadEvent } from '../../server/config.ts';
import { startArchiver } from '../../server/live/archiver.ts';
import type { LiveStore } from '../../server/live/live-store.ts';
import { MemoryStore } from '../../server/live/memory-store.ts';
import { rebuild } from '../../server/live/rebuild.ts';
import { redisClient } from '../../server/live/redis-client.ts';
import { RedisStore } from '../../server/live/redis-store.ts';
import { REDIS_URL, deleteRedisKeys } from '../support/app.ts';

export const event = loadEvent(BUNDLED_EVENT);
/** A logger that prints nothing, for stores made outside an app. */
export const log = pino({ level: 'silent' }) as unknown as FastifyBaseLogger;

export interface StoreUnderTest {
  store: LiveStore;
  sqlite: ReturnType<typeof openDatabase>['sqlite'];
  /** Makes every acknowledged change visible in SQLite (Redis mode: drains the log stream). */
  archive(): Promise<void>;
  /** Another store on the same live state (Redis: a second connection, as a second process has). */
  twin(): Promise<LiveStore>;
  /** The store a server started again finds (memory: rebuilt from the SQLite log; Redis: what Redis holds). */
  restart(): Promise<LiveStore>;
  close(): Promise<void>;
}

export type StoreKind = 'memory' | 'redis';

/** A fresh store of the given kind over a migrated database (Redis mode: a file, which the archiver thread opens too). */
export async function makeStore(kind: StoreKind, redis: { groupsOnTheirWay?: number } = {}): Promise<StoreUnderTest> {
  if (kind === 'memory') {
    const { sqlite } = openDatabase(':memory:');
    const open = () => {
      const journal = new Journal(sqlite);
      return new MemoryStore(event, rebuild(journal.readNow(), event, Date.now()), journal);
    };
    const store = open();
    return { store, sqlite, archive: async () => {}, twin: async () => store, restart: async () => open(), close: async () => {
        sqlite.close();
      } };
  }
  const dir = mkdtempSync(join(tmpdir(), 'kezek-store-'));
  const file = join(dir, 'event.sqlite');
  const { sqlite } = openDatabase(file);
  const prefix = `kezek-test-${randomUUID()}`;
  const stores: RedisStore[] = [];
  const open = async () => {
    const s = new RedisStore(redisClient(REDIS_URL, log), event, prefix, redis.groupsOnTheirWay);
    await s.seed(() => rebuild(new Journal(sqlite).readNow(), event, Date.now()));
    stores.push(s);
    return s;
  };
  const store = await open();
  const archiver = await startArchiver({ file, databaseUrl: null, redis: REDIS_URL, keys: store.archiverKeys }, log);
  return {
    store,
    sqlite,
    archive: async () => {
      await archiver.drain();
    },
    twin: open,
    restart: open,
    close: async () => {
      await archiver.stop();
      await deleteRedisKeys(prefix);
      for (const s of stores) await s.close();
      sqlite.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
