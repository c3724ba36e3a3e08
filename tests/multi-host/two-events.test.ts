// Two events live at once on two servers sharing one Redis and one PostgreSQL: either server takes
// either event's scans into that event's live state (in Redis under its own hash tag), a badge of
// one is refused at the other, counts never mix; archived on one server, the event leaves both and
// Redis, and its reports read the same.
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

  it('takes each event\'s scans on either server into its own live state, refuses a badge of one at the other, and archived, keeps nothing of it live', async () => {
    const [a, b] = [await host(), await host()];
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
});
