// Two events live at once on two servers sharing one Redis and one PostgreSQL: either server takes
// either event's scans into that event's live state (in Redis under its own hash tag), a badge of
// one is refused at the other, counts never mix; archived on one server, the event leaves both and
// Redis, and its reports read the same. A kiosk of a third event made on one server pairs and acts on
// the other, and a programme item shifted on one reaches the other's pages of that event.
import type { ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresStore, type PostgresStore } from '../../server/db/postgres-store.ts';
import { newScanId } from '../../shared/scan-id.ts';
import { ADMIN, ADMIN_TOKEN, tempDir } from '../support/app.ts';
import { testDatabase, type TestDatabase } from '../support/postgres.ts';
import { startRedis, type TestRedis } from '../support/redis-server.ts';
import { badgedAt, copyOf } from '../support/second-event.ts';
import { startServer, stopServer } from '../support/server-process.ts';
import { connect, seen, until } from '../realtime/sockets.ts';

async function call(url: string, method: string, body?: unknown, headers: Record<string, string> = ADMIN): Promise<{ status: number; body: Record<string, unknown> }> {
  const r = await fetch(url, { method, headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await r.text();
  return { status: r.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

const silent = { error: () => undefined, warn: () => undefined };

describe('two events live at once on two servers sharing Redis and PostgreSQL', () => {
  let database: TestDatabase;
  let redis: TestRedis;
  let keys: Redis;
  let store: PostgresStore;
  const dirs: Array<ReturnType<typeof tempDir>> = [];
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    database = await testDatabase();
    redis = await startRedis('aof');
    keys = new Redis(redis.url);
  });
  afterAll(async () => {
    await Promise.all(children.splice(0).map((c) => stopServer(c)));
    await store?.close();
    await keys.quit();
    await redis.remove();
    await database.drop();
    for (const d of dirs.splice(0)) d.remove();
  });

  const host = async () => {
    const dir = tempDir();
    dirs.push(dir);
    const server = await startServer({ DATA_DIR: dir.dir, ADMIN_TOKEN, DATABASE_URL: database.url, REDIS_URL: redis.url, REDIS_PREFIX: 'kezek-two', REDIS_DURABILITY: 'aof' });
    children.push(server.child);
    return server.url;
  };

  let servers: string[] = [];

  it('takes each event\'s scans on either server into its own live state, refuses a badge of one at the other, and archived, keeps nothing of it live', async () => {
    servers = [await host(), await host()];
    const [a, b] = servers;
    store = await openPostgresStore(database.url, silent, 2);
    const spring = (await call(`${a}/api/reports/about`, 'GET')).body as { id: string; date: string };
    const station = 'entrance';
    expect((await call(`${a}/api/events`, 'POST', copyOf(spring))).status).toBe(201);
    const [bota, aru] = [await badgedAt(store, 'campus-two', station, 'Bota'), await badgedAt(store, 'campus-two', station, 'Aru')];
    const person = await call(`${b}/api/attendees`, 'POST', { firstName: 'Дәулет', lastName: 'Екеуов', category: 'school' });
    const springKiosk = { authorization: `Bearer ${(await call(`${a}/api/kiosks`, 'POST', { station })).body.token as string}` };
    const springBadge = person.body.badge as string;
    const scan = (url: string, kiosk: Record<string, string>, badge: string) => call(`${url}/api/scans`, 'POST', { id: newScanId(), badge }, kiosk);
    const occupancy = async (url: string, event: string) =>
      ((await call(`${url}/api/events/${event}/live`, 'GET', undefined, {})).body.stations as Array<{ id: string; occupancy: number }> | undefined)?.find((s) => s.id === station)?.occupancy;

    // A board of the campus on B (once B has read the new event, within 3 s) sees what A takes, and B's scans too.
    await expect.poll(async () => (await call(`${b}/api/events/campus-two/live`, 'GET', undefined, {})).status, { timeout: 10_000 }).toBe(200);
    const board = connect(b, '/e/campus-two');
    await until(() => board.received.some((r) => r.event === 'stations:snapshot'), 'the campus board’s snapshot', 15_000);
    // Each server scans the second campus's badges into the campus, the first one's into it.
    expect((await scan(a, bota.kiosk, bota.badge)).body).toMatchObject({ outcome: 'entered', station: { occupancy: 1 } });
    await until(() => seen(board.received, station) === 1, 'A’s scan on the campus board of B', 15_000);
    expect((await scan(b, aru.kiosk, aru.badge)).body).toMatchObject({ outcome: 'entered', station: { occupancy: 2 } });
    expect((await scan(b, springKiosk, springBadge)).body).toMatchObject({ outcome: 'entered', station: { occupancy: 1 } });
    expect((await scan(a, bota.kiosk, springBadge)).body).toMatchObject({ code: 'badge_other_event' });
    expect((await scan(b, springKiosk, aru.badge)).body).toMatchObject({ code: 'badge_other_event' });
    for (const url of [a, b]) expect([await occupancy(url, spring.id), await occupancy(url, 'campus-two')]).toEqual([1, 2]);
    await until(() => seen(board.received, station) === 2, 'B’s scan on its campus board', 15_000);
    board.socket.disconnect();
    expect((await keys.keys('kezek-two:{campus-two}:*')).length).toBeGreaterThan(0);
    for (const url of [a, b]) expect((await call(`${url}/health`, 'GET')).body).toMatchObject({ status: 'ok', events: [{ event: 'campus-two', reasons: [] }] });

    // Archived on A, the campus leaves both servers and Redis; its reports, from PostgreSQL (its two scans and the badge it refused), read the same on either.
    const report = (url: string) => call(`${url}/api/events/campus-two/reports/scans?format=json`, 'GET');
    await expect.poll(async () => (await report(a)).body.total, { timeout: 15_000 }).toBe(3);
    const before = (await report(a)).body;
    for (const status of ['closed', 'archived']) expect((await call(`${a}/api/events/campus-two`, 'PATCH', { status })).status).toBe(200);
    for (const url of [a, b]) await expect.poll(async () => (await call(`${url}/health`, 'GET')).body.events, { timeout: 15_000 }).toEqual([]);
    await expect.poll(() => keys.keys('kezek-two:{campus-two}:*'), { timeout: 15_000 }).toEqual([]);
    expect((await report(b)).body).toEqual(before);
    expect((await scan(b, aru.kiosk, aru.badge)).body).toMatchObject({ code: 'event_archived' });
    for (const url of [a, b]) expect(await occupancy(url, spring.id)).toBe(1);
  }, 120_000);

  it('a kiosk of a third event made on one server pairs and starts its session on the other; a programme item shifted there reaches the other\'s pages', async () => {
    const [a, b] = servers;
    const spring = (await call(`${a}/api/reports/about`, 'GET')).body as { id: string; date: string };
    expect((await call(`${a}/api/events`, 'POST', copyOf(spring, 'campus-three'))).status).toBe(201);
    const talk = ((await call(`${a}/api/events/campus-three/stations`, 'GET')).body as unknown as Array<{ id: string; mode: string }>).find((s) => s.mode === 'sessions')!.id;
    const made = (await call(`${a}/api/events/campus-three/kiosks`, 'POST', { station: talk })).body as { id: string; pairingCode: string };
    // B pairs it at today's path once it has read the new event (within 3 s), and its kiosk starts the session there.
    let token = '';
    await expect.poll(async () => {
      const r = await call(`${b}/api/kiosks/pair`, 'POST', { code: made.pairingCode }, {});
      token = (r.body.token as string | undefined) ?? '';
      return r.status;
    }, { timeout: 10_000 }).toBe(200);
    const kiosk = { authorization: `Bearer ${token}` };
    expect((await call(`${b}/api/stations/${talk}/session`, 'POST', { action: 'start' }, kiosk)).body).toMatchObject({ id: talk, sessionStartedAt: expect.any(String) });
    const started = async (url: string, event: string) =>
      ((await call(`${url}/api/events/${event}/live`, 'GET', undefined, {})).body.stations as Array<{ id: string; sessionStartedAt: string | null }>).find((s) => s.id === talk)?.sessionStartedAt ?? null;
    await expect.poll(() => started(a, 'campus-three'), { timeout: 10_000 }).not.toBeNull();
    for (const url of [a, b]) expect(await started(url, spring.id)).toBeNull();

    // A board of the third event on B hears an item shifted on A.
    const board = connect(b, '/e/campus-three');
    await until(() => board.received.some((r) => r.event === 'stations:snapshot'), 'the third event’s board snapshot', 15_000);
    expect((await call(`${a}/api/events/campus-three/programme/items/opening`, 'PUT', { start: '10:05', end: '10:40' })).status).toBe(200);
    const shifted = () => board.received.some((r) => r.event === 'programme:update' && JSON.stringify(r).includes('10:05'));
    await until(shifted, 'the shifted item on the board of B', 15_000);
    board.socket.disconnect();
    expect(((await call(`${b}/api/events/campus-three/programme`, 'GET', undefined, {})).body.items as Array<{ id: string; start: string }>).find((i) => i.id === 'opening')?.start).toBe('10:05');
    expect(((await call(`${b}/api/programme`, 'GET', undefined, {})).body.items as Array<{ id: string; start: string }>).find((i) => i.id === 'opening')?.start).toBe('10:00');
  }, 90_000);
});
