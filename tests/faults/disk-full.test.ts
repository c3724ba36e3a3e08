// The disk fills while kiosks scan (SQLite's max_page_count makes SQLITE_FULL on demand, no root
// needed): scans get a typed 507, never a 500; the live state stays what the log holds; when
// space returns, the scans sent again are kept without a restart.
import { randomUUID } from 'node:crypto';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Alert } from '../../shared/realtime.ts';
import { ADMIN, ADMIN_TOKEN, kiosk, register, tempDir, testApp } from '../support/app.ts';
import { connect, until } from '../realtime/sockets.ts';

const PEOPLE = 24;

describe('disk full and freed (in-process store)', () => {
  let dir: ReturnType<typeof tempDir>;
  let app: FastifyInstance;
  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(async () => {
    await app.close();
    dir.remove();
  });

  /** What the board shows of every station, without the version (a rebuild numbers them afresh). */
  const board = async () =>
    ((await app.inject({ method: 'GET', url: '/api/stations' })).json() as Array<Record<string, unknown>>).map(({ version: _v, waitMinutes: _w, ...s }) => s);
  const fillDisk = () => app.sqlite.pragma(`max_page_count = ${app.sqlite.pragma('page_count', { simple: true }) as number}`);
  const freeDisk = () => app.sqlite.pragma('max_page_count = 1073741823');

  it('answers 507 storage_full, keeps the live state equal to the log, and takes the scans sent again once space returns', async () => {
    app = await testApp(dir.dir);
    const kiosks = { tmk: await kiosk(app, 'tmk'), oesk: await kiosk(app, 'oesk') };
    const badges: string[] = [];
    for (let i = 0; i < PEOPLE; i++) badges.push((await register(app, `P${i}`)).badge);
    const scan = (station: 'tmk' | 'oesk', id: string, badge: string) =>
      app.inject({ method: 'POST', url: '/api/scans', headers: kiosks[station].headers, payload: { id, badge } });
    // Some people inside and queued before the disk fills.
    for (let i = 0; i < PEOPLE / 2; i++) expect((await scan('tmk', randomUUID(), badges[i])).statusCode).toBe(200);

    fillDisk();
    // People arrive at both stations and move between them, each turn's scans committed together.
    const sent: Array<{ station: 'tmk' | 'oesk'; id: string; badge: string }> = [];
    const statuses = new Map<number, number>();
    for (let round = 0; round < 4; round++) {
      const wave = badges.map((badge, i) => ({ station: (i + round) % 2 ? 'tmk' : ('oesk' as 'tmk' | 'oesk'), id: randomUUID(), badge }));
      const replies = await Promise.all(wave.map((s) => scan(s.station, s.id, s.badge)));
      replies.forEach((r, k) => {
        statuses.set(r.statusCode, (statuses.get(r.statusCode) ?? 0) + 1);
        if (r.statusCode === 507) {
          expect(r.json()).toEqual({ code: 'storage_full', message: expect.any(String) });
          sent.push(wave[k]);
        }
      });
    }
    expect([...statuses.keys()].every((s) => s === 200 || s === 507)).toBe(true);
    expect(statuses.get(507)).toBeGreaterThan(0);
    // What the board shows is what the log holds: a server started on the same log shows the same.
    const live = await board();
    await app.close();
    app = await testApp(dir.dir);
    expect(await board()).toEqual(live);

    // Space again: the refused scans, sent again with their ids as a kiosk's outbox does, are kept once each.
    for (const s of sent) {
      const r = await scan(s.station, s.id, s.badge);
      expect(r.statusCode).toBe(200);
      expect(r.json().replayed).toBeUndefined();
    }
    const counted = app.sqlite.prepare('SELECT count(*) AS n FROM scans WHERE id IN (SELECT value FROM json_each(?))').get(JSON.stringify(sent.map((s) => s.id)));
    expect(counted).toEqual({ n: sent.length });
  });

  it('says so on /health while full, recovers without a restart once space returns, and checkpoints the WAL down', async () => {
    app = await testApp(dir.dir);
    const k = await kiosk(app, 'tmk');
    const badges: string[] = [];
    for (let i = 0; i < PEOPLE; i++) badges.push((await register(app, `P${i}`)).badge);
    const health = async () => {
      const r = await app.inject({ method: 'GET', url: '/health' });
      return { status: r.statusCode, body: r.json() as { status: string; reasons: string[]; freeMb: number | null } };
    };
    expect(await health()).toMatchObject({ status: 200, body: { status: 'ok', reasons: [] } });
    fillDisk();
    let refused: { id: string; badge: string } | null = null;
    for (const badge of badges) {
      const id = randomUUID();
      const r = await app.inject({ method: 'POST', url: '/api/scans', headers: k.headers, payload: { id, badge } });
      if (r.statusCode === 507) {
        refused = { id, badge };
        break;
      }
      expect(r.statusCode).toBe(200);
    }
    expect(refused).not.toBeNull();
    expect(await health()).toMatchObject({ status: 503, body: { status: 'degraded', reasons: ['storage_full'] } });
    // The checkpointer may already have cut the WAL while the disk was full; the scan taken again
    // below writes to it, so only a checkpoint after recovery brings it back to nothing.
    const wal = join(dir.dir, 'my-profession-my-pride.sqlite-wal');

    freeDisk();
    // Sent again as a kiosk's outbox does: while the checkpointer thread still holds the WAL (a
    // loaded machine may keep it past the 100 ms the commit waits), the scan is refused alike.
    const resent: number[] = [];
    for (let i = 0; i < 50 && resent.at(-1) !== 200; i++) {
      if (i > 0) await new Promise((r) => setTimeout(r, 100));
      resent.push((await app.inject({ method: 'POST', url: '/api/scans', headers: k.headers, payload: refused! })).statusCode);
    }
    expect(resent.every((s) => s === 507 || s === 200)).toBe(true);
    expect(resent.at(-1)).toBe(200);
    expect(await health()).toMatchObject({ status: 200, body: { status: 'ok', reasons: [] } });
    // The first commit after the failure has the checkpointer cut the WAL down to nothing.
    const end = Date.now() + 5_000;
    while (statSync(wal).size > 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
    expect(statSync(wal).size).toBe(0);
  });

  it('once space returns, commits nothing until the WAL is checkpointed down (a commit first would take the room the checkpoint needs)', async () => {
    app = await testApp(dir.dir);
    const k = await kiosk(app, 'tmk');
    const { badge } = await register(app);
    const scan = (id: string) => app.inject({ method: 'POST', url: '/api/scans', headers: k.headers, payload: { id, badge } });
    fillDisk();
    let refused: string | null = null;
    for (let i = 0; i < 50 && refused === null; i++) {
      const id = randomUUID();
      if ((await scan(id)).statusCode === 507) refused = id;
    }
    expect(refused).not.toBeNull();
    // A reader holds the WAL (as the checkpointer thread or a report may for a while): it cannot be cut down yet.
    const reader = new Database(app.sqliteFile, { readonly: true });
    reader.prepare('BEGIN').run();
    reader.prepare('SELECT count(*) FROM scans').get();
    try {
      freeDisk();
      const whileHeld = await scan(refused!);
      expect(whileHeld.statusCode).toBe(507);
      expect(whileHeld.json().code).toBe('storage_full');
    } finally {
      reader.prepare('COMMIT').run();
      reader.close();
    }
    expect((await scan(refused!)).statusCode).toBe(200);
  });

  it('warns below MIN_FREE_MB: /health degraded but 200, and an alert on the board', async () => {
    // More free space than any disk here has: the disk is "low" from the start.
    app = await testApp(dir.dir, { env: { MIN_FREE_MB: '1000000000' } });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const r = await app.inject({ method: 'GET', url: '/health' });
    expect(r.statusCode).toBe(200);
    const body = r.json();
    expect(body).toMatchObject({ status: 'degraded', reasons: ['storage_low'] });
    expect(body.freeMb).toBeGreaterThan(0);
    const { port } = app.server.address() as { port: number };
    const staff = connect(`http://127.0.0.1:${port}`, '/staff', { token: ADMIN_TOKEN });
    try {
      const storageAlert = () =>
        staff.received.flatMap((e) => (e.event === 'alerts:update' ? (e.payload as Alert[]) : [])).find((a) => a.kind === 'storage_low');
      await until(() => storageAlert() !== undefined, 'a storage alert', 5_000);
      expect(storageAlert()).toMatchObject({ id: 'storage_low', stationId: '', value: body.freeMb });
    } finally {
      staff.socket.disconnect();
    }
  });

  it('answers 503 storage_unavailable when the storage fails for another reason', async () => {
    app = await testApp(dir.dir);
    const k = await kiosk(app, 'tmk');
    const { badge } = await register(app);
    const before = await board();
    app.sqlite.pragma('query_only = ON');
    const r = await app.inject({ method: 'POST', url: '/api/scans', headers: k.headers, payload: { id: randomUUID(), badge } });
    expect(r.statusCode).toBe(503);
    expect(r.json()).toEqual({ code: 'storage_unavailable', message: expect.any(String) });
    // An organiser's action and a walk-in registration get the same typed answer.
    const patch = await app.inject({ method: 'PATCH', url: '/api/stations/tmk', headers: ADMIN, payload: { capacity: 30 } });
    expect(patch.statusCode).toBe(503);
    expect(patch.json().code).toBe('storage_unavailable');
    expect(await board()).toEqual(before);
    const walkIn = await app.inject({ method: 'POST', url: '/api/attendees', headers: ADMIN, payload: { firstName: 'Dana', lastName: 'Test', category: 'school' } });
    expect(walkIn.statusCode).toBe(503);
    app.sqlite.pragma('query_only = OFF');
  });
});
