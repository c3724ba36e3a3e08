// Two servers as on two machines: different data folders and ports, one PostgreSQL and one Redis
// (each test its own database and its own redis-server). Whatever one is told, the other knows.
import { randomUUID } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN, ADMIN_TOKEN, tempDir } from '../support/app.ts';
import { testDatabase, type TestDatabase } from '../support/postgres.ts';
import { startRedis, type TestRedis } from '../support/redis-server.ts';
import { startServer, stopServer } from '../support/server-process.ts';
import { STAFF_PASSWORD } from '../support/staff.ts';
import { connect, seen, until, type LiveSocket } from '../realtime/sockets.ts';

async function call(url: string, method: string, body?: unknown, headers: Record<string, string> = ADMIN): Promise<{ status: number; body: Record<string, unknown>; cookie: string | null }> {
  const r = await fetch(url, { method, headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await r.text();
  return { status: r.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, cookie: r.headers.get('set-cookie') };
}

describe('two servers on different hosts, one PostgreSQL and one Redis', () => {
  let database: TestDatabase;
  let redis: TestRedis;
  const dirs: Array<ReturnType<typeof tempDir>> = [];
  const children: ChildProcess[] = [];
  const sockets: LiveSocket[] = [];

  beforeEach(async () => {
    database = await testDatabase();
    redis = await startRedis('aof');
  });
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.disconnect();
    await Promise.all(children.splice(0).map((c) => stopServer(c)));
    await redis.remove();
    await database.drop();
    for (const d of dirs.splice(0)) d.remove();
  });

  /** A server with a data folder of its own. */
  const host = async (extra: Record<string, string> = {}) => {
    const dir = tempDir();
    dirs.push(dir);
    const server = await startServer({ DATA_DIR: dir.dir, ADMIN_TOKEN, DATABASE_URL: database.url, REDIS_URL: redis.url, REDIS_PREFIX: 'kezek-multi', REDIS_DURABILITY: 'aof', ...extra });
    children.push(server.child);
    return server;
  };

  it('registers on A and scans on B, pairs on A and works on B, signs in on A and is signed in on B, reports on A what B took; every board sees every scan', async () => {
    const a = await host();
    const b = await host();
    const boards = [connect(a.url, '/public'), connect(b.url, '/public')];
    sockets.push(...boards.map((c) => c.socket));
    await until(() => boards.every((c) => c.received.some((r) => r.event === 'stations:snapshot')), 'a snapshot on each board');

    // A staff member signed in on A is signed in on B.
    expect((await call(`${a.url}/api/users`, 'POST', { username: 'aliya', role: 'desk', password: STAFF_PASSWORD })).status).toBe(201);
    const session = await call(`${a.url}/api/session`, 'POST', { username: 'aliya', password: STAFF_PASSWORD }, { 'x-kezek': '1' });
    expect(session.status).toBe(200);
    const staff = { cookie: session.cookie!.split(';')[0], 'x-kezek': '1' };
    expect((await call(`${b.url}/api/session`, 'GET', undefined, staff)).body).toMatchObject({ role: 'desk', user: { username: 'aliya' } });

    // The desk registers on B; the badge scans on A, and the other way round.
    const onB = await call(`${b.url}/api/attendees`, 'POST', { firstName: 'Дәулет', lastName: 'Екеуов', category: 'school' }, staff);
    const onA = await call(`${a.url}/api/attendees`, 'POST', { firstName: 'Жанна', lastName: 'Екеуова', category: 'college' }, staff);
    expect([onA.status, onB.status]).toEqual([201, 201]);

    // A kiosk paired on A answers on B.
    const made = await call(`${a.url}/api/kiosks`, 'POST', { station: 'entrance' });
    const paired = await call(`${a.url}/api/kiosks/pair`, 'POST', { code: made.body.pairingCode }, {});
    expect(paired.status).toBe(200);
    const kiosk = { authorization: `Bearer ${paired.body.token as string}` };
    const first = await call(`${b.url}/api/scans`, 'POST', { id: randomUUID(), badge: onA.body.badge }, kiosk);
    const second = await call(`${a.url}/api/scans`, 'POST', { id: randomUUID(), badge: onB.body.badge }, kiosk);
    expect([first.body.outcome, second.body.outcome]).toEqual(['entered', 'entered']);
    for (const c of boards) await until(() => seen(c.received, 'entrance') === 2, 'both scans on each board');

    // The archiver, one at a time under its lock, has drained Redis's log into PostgreSQL.
    const db = new pg.Client({ connectionString: database.url });
    await db.connect();
    try {
      const archived = async () => Number((await db.query("SELECT count(*) AS n FROM scans WHERE outcome = 'entered'")).rows[0].n);
      for (let i = 0; i < 200 && (await archived()) < 2; i++) await new Promise((r) => setTimeout(r, 50));
      expect(await archived()).toBe(2);
    } finally {
      await db.end();
    }
    // The report on A counts the scans B took, from PostgreSQL.
    const report = await call(`${a.url}/api/reports/event`, 'GET');
    expect(report.body.funnel).toMatchObject({ registered: 2, arrived: 2 });
  }, 90_000);

  it('serves one server with live state in its own process and PostgreSQL as the durable store', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const server = await startServer({ DATA_DIR: dir.dir, ADMIN_TOKEN, DATABASE_URL: database.url });
    children.push(server.child);
    const person = await call(`${server.url}/api/attendees`, 'POST', { firstName: 'Ерлан', lastName: 'Бірқолов', category: 'school' });
    const made = await call(`${server.url}/api/kiosks`, 'POST', { station: 'entrance' });
    const scan = await call(`${server.url}/api/scans`, 'POST', { id: randomUUID(), badge: person.body.badge }, { authorization: `Bearer ${made.body.token as string}` });
    expect(scan.body.outcome).toBe('entered');
    expect((await call(`${server.url}/health`, 'GET')).body).toMatchObject({ status: 'ok', store: 'memory' });
  }, 60_000);
});
