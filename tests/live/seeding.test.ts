import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/client.ts';
import { Journal } from '../../server/db/journal.ts';
import { rebuild } from '../../server/live/rebuild.ts';
import { RedisStore, eventKeyPrefix, redisClient } from '../../server/live/redis-store.ts';
import { ADMIN, REDIS_URL, deleteRedisKeys, kiosk, register, tempDir, testApp } from '../support/app.ts';
import { event, log } from './stores.ts';

/** A server started on a seeded Redis answers every station of the event; it is closed after. */
async function answersEveryStation(app: FastifyInstance): Promise<void> {
  try {
    const r = await app.inject({ method: 'GET', url: '/api/stations' });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toHaveLength(event.stations.length);
  } finally {
    await app.close();
  }
}

describe('seeding an emptied Redis', () => {
  it('a server starting while another process seeds waits for it, longer than Fastify allows a plugin by default (10 s)', async () => {
    const dir = tempDir();
    const prefix = `kezek-test-${randomUUID()}`;
    const redis = new Redis(REDIS_URL);
    const { sqlite } = openDatabase(':memory:');
    const other = new RedisStore(redisClient(REDIS_URL, log), event, prefix);
    try {
      // Another process has begun seeding from a long log: it holds the lock for 11 s.
      const lock = `${eventKeyPrefix(prefix, event.id)}seeding`;
      await redis.set(lock, 'another process', 'EX', 60);
      const starting = testApp(dir.dir, { redis: true, prefix });
      await new Promise((r) => setTimeout(r, 11_000));
      await redis.del(lock);
      await other.seed(() => rebuild(new Journal(sqlite).readNow(), event, Date.now()));

      await answersEveryStation(await starting);
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
      await redis.set(`${eventKeyPrefix(prefix, event.id)}seeding`, 'a process that died', 'EX', 2);
      await answersEveryStation(await testApp(dir.dir, { redis: true, prefix }));
      expect(await redis.exists(`${eventKeyPrefix(prefix, event.id)}seeded`)).toBe(1);
    } finally {
      await deleteRedisKeys(prefix);
      redis.disconnect();
      dir.remove();
    }
  }, 30_000);

  it('keeps the live state of an installation whose keys were named before they carried the event in a hash tag', async () => {
    const dir = tempDir();
    const prefix = `kezek-test-${randomUUID()}`;
    const redis = new Redis(REDIS_URL);
    const station = event.stations.find((s) => s.group === 'employer')!.id;
    try {
      let app = await testApp(dir.dir, { redis: true, prefix });
      const desk = await kiosk(app, station);
      await app.inject({ method: 'POST', url: '/api/scans', headers: desk.headers, payload: { id: randomUUID(), badge: (await register(app)).badge } });
      await app.close();
      // The keys as an older server named them: `<prefix>:<event id>:…`.
      const tagged = eventKeyPrefix(prefix, event.id);
      expect(tagged).toBe(`${prefix}:{${event.id}}:`);
      const keys = await redis.keys(`${prefix}:*`);
      expect(keys.length).toBeGreaterThan(3);
      for (const key of keys) if (key.startsWith(tagged)) await redis.rename(key, `${prefix}:${event.id}:${key.slice(tagged.length)}`);

      app = await testApp(dir.dir, { redis: true, prefix });
      try {
        expect(await redis.keys(`${prefix}:${event.id}:*`)).toEqual([]);
        expect(await redis.exists(`${tagged}seeded`)).toBe(1);
        const stations = (await app.inject({ method: 'GET', url: '/api/stations', headers: ADMIN })).json() as Array<{ id: string; occupancy: number }>;
        expect(stations.find((s) => s.id === station)!.occupancy).toBe(1);
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
