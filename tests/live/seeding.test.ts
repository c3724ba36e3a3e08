import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/client.ts';
import { Journal } from '../../server/db/journal.ts';
import { rebuild } from '../../server/live/rebuild.ts';
import { redisClient } from '../../server/live/redis-client.ts';
import { RedisStore, eventKeyPrefix } from '../../server/live/redis-store.ts';
import type { LogEntry } from '../../server/live/log-entry.ts';
import { newScanId } from '../../shared/scan-id.ts';
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

  it('seeds the latest answers alone; a scan sent again with an older id is answered from the log, a new one with an old id is applied', async () => {
    const prefix = `kezek-test-${randomUUID()}`;
    const redis = new Redis(REDIS_URL);
    const { sqlite } = openDatabase(':memory:');
    const journal = new Journal(sqlite);
    const stores: RedisStore[] = [];
    const T0 = Date.now() - 60_000;
    const stationId = event.stations[1].id;
    const refused = (id: string, at: number, reason: 'badge_invalid' | 'badge_other_event'): LogEntry => ({
      kind: 'scan', id, kioskId: 'k1', stationId, badgeNo: null, badgeSerial: null, at, clientAt: null,
      answer: { outcome: 'rejected', reason, station: { id: stationId, occupancy: 0, capacity: 10, queue: 0 } }, effects: [],
    });
    const ids = [0, 1, 2, 3, 4].map((i) => newScanId(T0 + i * 1000));
    await journal.write(ids.map((id, i) => refused(id, T0 + i * 1000, i === 1 ? 'badge_other_event' : 'badge_invalid')));
    const asked: string[] = [];
    const open = async () => {
      const store = new RedisStore(redisClient(REDIS_URL, log), event, prefix);
      stores.push(store);
      await store.seed(() => rebuild(journal.readNow(), event, Date.now()), { latest: 2, answerOf: (id) => (asked.push(id), journal.answerOf(id)) });
      return store;
    };
    const scan = (store: RedisStore, id: string) => store.scan({ id, kioskId: 'k1', stationId, at: Date.now(), badge: { error: 'badge_invalid' } }, { clientAt: null });
    try {
      const store = await open();
      const key = (id: string) => `${eventKeyPrefix(prefix, event.id)}scan:${id}`;
      expect(await Promise.all(ids.map((id) => redis.exists(key(id))))).toEqual([0, 0, 0, 1, 1]);
      // Sent again: the seeded from Redis, the older from the log (its own answer, not a new verdict).
      expect(await scan(store, ids[4])).toMatchObject({ replayed: true, answer: { reason: 'badge_invalid' } });
      expect(asked).toEqual([]);
      expect(await scan(store, ids[1])).toMatchObject({ replayed: true, answer: { reason: 'badge_other_event' } });
      expect(asked).toEqual([ids[1]]);
      // Another process finds where seeding began in Redis.
      expect(await scan(await open(), ids[0])).toMatchObject({ replayed: true });
      // A kiosk whose clock is behind: a new scan with an id older than those seeded is applied, once.
      const behind = newScanId(T0 - 5000);
      expect(await scan(store, behind)).toMatchObject({ replayed: false });
      expect(await scan(store, behind)).toMatchObject({ replayed: true });
    } finally {
      for (const s of stores) await s.close();
      sqlite.close();
      await deleteRedisKeys(prefix);
      redis.disconnect();
    }
  });

  it('a station the event file gained while Redis kept its data is scanned at, listed and acted on after the servers start again', async () => {
    const dir = tempDir();
    const prefix = `kezek-test-${randomUUID()}`;
    const redis = new Redis(REDIS_URL);
    const added = 'oesk';
    try {
      // The event file the day began with: without the employer who arrives in the morning.
      const file = join(dir.dir, 'event.json');
      writeFileSync(file, JSON.stringify({ ...event, stations: event.stations.filter((s) => s.id !== added) }));
      let app = await testApp(dir.dir, { redis: true, prefix, env: { EVENT_FILE: file } });
      const person = await register(app);
      await app.close();
      expect(await redis.exists(`${eventKeyPrefix(prefix, event.id)}seeded`)).toBe(1);

      app = await testApp(dir.dir, { redis: true, prefix });
      try {
        const door = await kiosk(app, added);
        const r = await app.inject({ method: 'POST', url: '/api/scans', headers: door.headers, payload: { id: randomUUID(), badge: person.badge } });
        expect([r.statusCode, r.json().outcome]).toEqual([200, 'entered']);
        const stations = (await app.inject({ method: 'GET', url: '/api/stations' })).json() as Array<{ id: string; occupancy: number }>;
        expect(stations.find((s) => s.id === added)?.occupancy).toBe(1);
        expect(stations).toHaveLength(event.stations.length);
        const capacity = await app.inject({ method: 'PATCH', url: `/api/stations/${added}`, headers: ADMIN, payload: { capacity: 1 } });
        expect([capacity.statusCode, capacity.json().capacity]).toEqual([200, 1]);
      } finally {
        await app.close();
      }
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
