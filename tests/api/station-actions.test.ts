// A station action sent again with the id of its tap (its answer lost to a Wi-Fi drop, a failover or
// a restart) is a replay: nobody more is called, started or ended, and the audit log keeps it once.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RedisStore } from '../../server/live/redis-store.ts';
import { ADMIN, deleteRedisKeys, kiosk, register, tempDir, testApp } from '../support/app.ts';

describe.each([{ redis: false }, { redis: true }])('a station action sent again with its id (redis: $redis)', ({ redis }) => {
  const data = tempDir();
  // A prefix of the suite's own: Redis keeps it across a restart of the server.
  const prefix = `kezek-test-${randomUUID()}`;
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await testApp(data.dir, { redis, prefix });
  });
  afterAll(async () => {
    await app.close();
    if (redis) await deleteRedisKeys(prefix);
    data.remove();
  });

  const audited = async (action: string, station = 'umz') =>
    ((await app.inject({ method: 'GET', url: `/api/audit?action=${action}&limit=100`, headers: ADMIN })).json().entries as Array<{ target: string }>).filter((e) => e.target === station).length;

  it('calls the next in the queue once, answers the resend with the station as it is now, and calls again for a new tap', async () => {
    expect((await app.inject({ method: 'PATCH', url: '/api/stations/umz', headers: ADMIN, payload: { capacity: 1 } })).statusCode).toBe(200);
    const door = await kiosk(app, 'umz');
    const people = [];
    for (const name of ['Aigerim', 'Bota', 'Dana']) {
      const p = await register(app, name);
      people.push(p.badgeNo);
      await app.inject({ method: 'POST', url: '/api/scans', headers: door.headers, payload: { id: randomUUID(), badge: p.badge } });
    }
    // One inside, two waiting; the one inside leaves, so a place is free to call into.
    const tap = randomUUID();
    const callNext = (id?: string) => app.inject({ method: 'POST', url: '/api/stations/umz/call-next', headers: door.headers, ...(id ? { payload: { id } } : {}) });
    const first = await callNext(tap);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ queue: 1, calling: [people[1]] });
    const again = await callNext(tap);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ queue: 1, calling: [people[1]] });
    expect(await audited('station.call_next')).toBe(1);
    // A new tap (a new id, or none as older kiosks send) calls the next one.
    expect((await callNext()).json()).toMatchObject({ queue: 0, calling: [people[1], people[2]] });
    expect(await audited('station.call_next')).toBe(2);
    // Sent again once the queue is empty, the first tap is still a replay, not "nobody is waiting".
    expect((await callNext(tap)).statusCode).toBe(200);
    expect((await callNext(randomUUID())).json()).toMatchObject({ code: 'queue_empty' });
    // An id that is not a tap's is refused as such.
    expect((await callNext('not-an-id')).json()).toMatchObject({ code: 'invalid_request' });
  });

  it('answers a tap sent again after the server restarted as a replay: nobody more is called', async () => {
    expect((await app.inject({ method: 'PATCH', url: '/api/stations/tmk', headers: ADMIN, payload: { capacity: 1 } })).statusCode).toBe(200);
    const door = await kiosk(app, 'tmk');
    const people = [];
    for (const name of ['Erlan', 'Farida', 'Gulnar']) {
      const p = await register(app, name);
      people.push(p.badgeNo);
      await app.inject({ method: 'POST', url: '/api/scans', headers: door.headers, payload: { id: randomUUID(), badge: p.badge } });
    }
    const tap = randomUUID();
    const callNext = () => app.inject({ method: 'POST', url: '/api/stations/tmk/call-next', headers: door.headers, payload: { id: tap } });
    expect((await callNext()).json()).toMatchObject({ queue: 1, calling: [people[1]] });
    // The answer is lost; the server restarts on the same data before the kiosk sends the tap again.
    await app.close();
    app = await testApp(data.dir, { redis, prefix });
    const again = await callNext();
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ queue: 1, calling: [people[1]] });
    expect(await audited('station.call_next', 'tmk')).toBe(1);
  });

  it.runIf(redis)('answers a tap sent again after Redis was emptied and seeded from the log as a replay', async () => {
    expect((await app.inject({ method: 'PATCH', url: '/api/stations/oesk', headers: ADMIN, payload: { capacity: 1 } })).statusCode).toBe(200);
    const door = await kiosk(app, 'oesk');
    const people = [];
    for (const name of ['Khadisha', 'Lyazzat', 'Madina']) {
      const p = await register(app, name);
      people.push(p.badgeNo);
      await app.inject({ method: 'POST', url: '/api/scans', headers: door.headers, payload: { id: randomUUID(), badge: p.badge } });
    }
    const tap = randomUUID();
    const callNext = () => app.inject({ method: 'POST', url: '/api/stations/oesk/call-next', headers: door.headers, payload: { id: tap } });
    expect((await callNext()).json()).toMatchObject({ queue: 1, calling: [people[1]] });
    // The answer is lost; Redis restarts without its data (the log has it all: closing drains the stream) and is seeded again.
    await app.close();
    await deleteRedisKeys(prefix);
    app = await testApp(data.dir, { redis, prefix });
    const again = await callNext();
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ queue: 1, calling: [people[1]] });
    expect(await audited('station.call_next', 'oesk')).toBe(1);
  });

  it.runIf(redis)('calls the next in the queue when Redis was emptied while the server runs: seeded from the log first, not "station not found"', async () => {
    expect((await app.inject({ method: 'PATCH', url: '/api/stations/kazzinc', headers: ADMIN, payload: { capacity: 1 } })).statusCode).toBe(200);
    const door = await kiosk(app, 'kazzinc');
    const people = [];
    for (const name of ['Nazira', 'Olzhas', 'Perizat']) {
      const p = await register(app, name);
      people.push(p.badgeNo);
      await app.inject({ method: 'POST', url: '/api/scans', headers: door.headers, payload: { id: randomUUID(), badge: p.badge } });
    }
    const tap = randomUUID();
    const callNext = (id: string) => app.inject({ method: 'POST', url: '/api/stations/kazzinc/call-next', headers: door.headers, payload: { id } });
    expect((await callNext(tap)).json()).toMatchObject({ queue: 1, calling: [people[1]] });
    // Once the log has it all (the archiver drained the stream), Redis restarts without its data; no scan comes meanwhile.
    const live = app.live as RedisStore;
    await expect.poll(() => live.redis.xlen(live.streamKey), { timeout: 5000 }).toBe(0);
    await deleteRedisKeys(prefix);
    // The tap whose answer was lost is a replay; a new one calls the last in the queue, as the log has it.
    const again = await callNext(tap);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ queue: 1, calling: [people[1]] });
    const next = await callNext(randomUUID());
    expect(next.statusCode).toBe(200);
    expect(next.json()).toMatchObject({ occupancy: 1, capacity: 1, queue: 0, calling: [people[1], people[2]] });
    expect(await audited('station.call_next', 'kazzinc')).toBe(2);
  });
});
