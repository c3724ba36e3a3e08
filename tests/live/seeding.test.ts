import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/client.ts';
import { Journal } from '../../server/db/journal.ts';
import { rebuild } from '../../server/live/rebuild.ts';
import { RedisStore, redisClient } from '../../server/live/redis-store.ts';
import { REDIS_URL, deleteRedisKeys, tempDir, testApp } from '../support/app.ts';
import { event, log } from './stores.ts';

describe('seeding an emptied Redis', () => {
  it('a server starting while another process seeds waits for it, longer than Fastify allows a plugin by default (10 s)', async () => {
    const dir = tempDir();
    const prefix = `kezek-test-${randomUUID()}`;
    const redis = new Redis(REDIS_URL);
    const { sqlite } = openDatabase(':memory:');
    const other = new RedisStore(redisClient(REDIS_URL, log), event, prefix);
    try {
      // Another process has begun seeding from a long log: it holds the lock for 11 s.
      const lock = `${prefix}:${event.id}:seeding`;
      await redis.set(lock, 'another process', 'EX', 60);
      const starting = testApp(dir.dir, { redis: true, prefix });
      await new Promise((r) => setTimeout(r, 11_000));
      await redis.del(lock);
      await other.seed(() => rebuild(new Journal(sqlite).readNow(), event, Date.now()));

      const app = await starting;
      try {
        const r = await app.inject({ method: 'GET', url: '/api/stations' });
        expect(r.statusCode).toBe(200);
        expect(r.json()).toHaveLength(event.stations.length);
      } finally {
        await app.close();
      }
    } finally {
      await other.close();
      sqlite.close();
      await deleteRedisKeys(prefix);
      redis.disconnect();
      dir.remove();
    }
  }, 30_000);

  it('a server starting while a seeder that died holds the lock takes it over once it lapses and seeds itself', async () => {
    const dir = tempDir();
    const prefix = `kezek-test-${randomUUID()}`;
    const redis = new Redis(REDIS_URL);
    try {
      await redis.set(`${prefix}:${event.id}:seeding`, 'a process that died', 'EX', 2);
      const app = await testApp(dir.dir, { redis: true, prefix });
      try {
        const r = await app.inject({ method: 'GET', url: '/api/stations' });
        expect(r.statusCode).toBe(200);
        expect(r.json()).toHaveLength(event.stations.length);
        expect(await redis.exists(`${prefix}:${event.id}:seeded`)).toBe(1);
      } finally {
        await app.close();
      }
    } finally {
      await deleteRedisKeys(prefix);
      redis.disconnect();
      dir.remove();
    }
  }, 30_000);
});
