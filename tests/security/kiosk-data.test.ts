// Kiosks see only their own verdicts: a typed badge number is a scan (decided, logged and refused
// like the QR), no route a kiosk token may call gives a badge's signed text, and a name only comes
// back as the answer to a scan at the kiosk's own station.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allows } from '../../server/plugins/auth.ts';
import { ADMIN, kiosk, register, tempDir, testApp } from '../support/app.ts';

const BADGE_TEXT = /KZ1\.[0-9]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{20,}/;

describe('what a kiosk token can learn', () => {
  const data = tempDir();
  let app: FastifyInstance;
  let k: { id: string; headers: { authorization: string } };
  // A second kiosk at the same station: the same badge twice at one kiosk within seconds is a camera re-read.
  let k2: { id: string; headers: { authorization: string } };
  let people: Array<{ id: string; badgeNo: number; badge: string; firstName: string }>;
  const scan = (payload: Record<string, unknown>, headers = k.headers) =>
    app.inject({ method: 'POST', url: '/api/scans', headers, payload: { id: randomUUID(), ...payload } });
  const logged = (badgeNo: number) =>
    app.sqlite.prepare('SELECT outcome, reason, kiosk_id AS kioskId FROM scans WHERE badge_no = ? ORDER BY at').all(badgeNo) as Array<{ outcome: string; reason: string | null; kioskId: string }>;

  beforeAll(async () => {
    app = await testApp(data.dir);
    await app.ready();
    k = await kiosk(app, 'college-1');
    k2 = await kiosk(app, 'college-1');
    people = [];
    for (const firstName of ['Qwertyna', 'Zhasulanbek', 'Ulbolsyn']) people.push({ ...(await register(app, firstName)), firstName });
  });
  afterAll(async () => {
    await app.close();
    data.remove();
  });

  it('scans a typed badge number like its QR: checked in, then out, with the name only in the verdict', async () => {
    const [p] = people;
    const first = await scan({ badgeNo: p.badgeNo });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ outcome: 'entered', attendee: { firstName: p.firstName, badgeNo: p.badgeNo } });
    expect(first.body).not.toMatch(BADGE_TEXT);
    // The QR of the same badge now means "leave", as a second scan does.
    expect((await scan({ badge: p.badge }, k2.headers)).json().outcome).toBe('exited');
    expect(logged(p.badgeNo).map((r) => r.outcome)).toEqual(['entered', 'exited']);
  });

  it('refuses and logs a typed number that no attendee has, and one whose badge was revoked', async () => {
    const unknown = await scan({ badgeNo: 987654 });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json()).toMatchObject({ code: 'badge_unknown', outcome: 'rejected' });
    expect(unknown.json().attendee).toBeUndefined();
    expect(logged(987654)).toEqual([{ outcome: 'rejected', reason: 'badge_unknown', kioskId: k.id }]);

    const p = people[1];
    expect((await app.inject({ method: 'POST', url: `/api/badges/${p.badgeNo}/revoke`, headers: ADMIN })).statusCode).toBe(204);
    const revoked = await scan({ badgeNo: p.badgeNo });
    expect(revoked.statusCode).toBe(403);
    expect(revoked.json().code).toBe('badge_revoked');
    expect(logged(p.badgeNo).map((r) => r.reason)).toEqual(['badge_revoked']);
    // A reissued badge: the typed number scans with the new one, the old QR stays refused.
    const reissued = (await app.inject({ method: 'POST', url: `/api/badges/${p.badgeNo}/reissue`, headers: ADMIN })).json();
    expect((await scan({ badgeNo: p.badgeNo })).json().outcome).toBe('entered');
    expect((await scan({ badge: p.badge })).json().code).toBe('badge_revoked');
    expect((await scan({ badge: reissued.badge }, k2.headers)).json().outcome).toBe('exited');
  });

  it('takes exactly one of badge and badgeNo', async () => {
    const p = people[2];
    for (const payload of [{}, { badge: p.badge, badgeNo: p.badgeNo }, { badgeNo: 0 }, { badgeNo: '12' }]) {
      const r = await scan(payload);
      expect(r.statusCode, JSON.stringify(payload)).toBe(400);
    }
    expect(logged(p.badgeNo)).toEqual([]);
  });

  it('asks before doing the opposite in entry-only and exit-only modes, without a name and without logging', async () => {
    const p = people[2];
    const outside = await scan({ badgeNo: p.badgeNo, mode: 'exit' });
    expect(outside.statusCode).toBe(409);
    expect(outside.json()).toEqual({ code: 'confirm_needed', message: expect.any(String), badgeNo: p.badgeNo, inside: false });
    expect(logged(p.badgeNo)).toEqual([]);
    expect((await scan({ badgeNo: p.badgeNo, mode: 'entry' })).json().outcome).toBe('entered');
    const inside = await scan({ badge: p.badge, mode: 'entry' });
    expect(inside.statusCode).toBe(409);
    expect(inside.json().inside).toBe(true);
    expect(inside.body).not.toContain(p.firstName);
    expect((await scan({ badgeNo: p.badgeNo, mode: 'exit' }, k2.headers)).json().outcome).toBe('exited');
    // Unknown numbers are not asked about: they are refused and logged as usual.
    expect((await scan({ badgeNo: 555555, mode: 'exit' })).statusCode).toBe(422);
    expect(logged(555555)).toHaveLength(1);
  });

  it('finds no badge text and no name on any other route a kiosk token may call', async () => {
    const names = people.map((p) => p.firstName);
    const leaks: string[] = [];
    const routes = app.routeAccess.filter((r) => allows(r.access ?? undefined, r.url, 'kiosk') && !(r.method === 'POST' && r.url === '/api/scans'));
    expect(routes.some((r) => r.url === '/api/kiosks/heartbeat')).toBe(true);
    for (const route of routes) {
      const values = [String(people[0].badgeNo), people[0].id, k.id, 'college-1'];
      for (const value of values) {
        const url = route.url.replace(/:[A-Za-z]+/g, value).replace(/\*$/, '');
        const options: InjectOptions = { method: route.method as InjectOptions['method'], url, headers: k.headers };
        if (!['GET', 'HEAD', 'OPTIONS'].includes(route.method)) options.payload = { code: 'x', action: 'start', appVersion: '1', pending: 0, camera: 'on' };
        const r = await app.inject(options);
        const found = names.filter((n) => r.body.includes(n));
        if (found.length > 0 || BADGE_TEXT.test(r.body)) leaks.push(`${route.method} ${url}: ${r.statusCode} ${found.join(',')}`);
      }
    }
    expect(leaks).toEqual([]);
    // The old look-up of a badge by its number is gone.
    expect((await app.inject({ method: 'GET', url: `/api/badges/by-number/${people[0].badgeNo}`, headers: k.headers })).statusCode).toBe(404);
  });

  it('refuses the attendee list, reports and the staff socket to a kiosk token', async () => {
    for (const url of ['/api/attendees', `/api/attendees?q=${people[0].badgeNo}`, `/api/attendees/${people[0].id}`, '/api/reports/scans', '/api/reports/leads', '/api/audit']) {
      expect((await app.inject({ method: 'GET', url, headers: k.headers })).statusCode, url).toBe(403);
    }
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address() as { port: number };
    const socket = io(`http://127.0.0.1:${address.port}/staff`, { transports: ['websocket'], reconnection: false, forceNew: true, auth: { token: k.headers.authorization.slice(7) } });
    const error = await new Promise<Error>((resolve) => socket.once('connect_error', resolve));
    socket.disconnect();
    expect(error.message).toBe('unauthorized');
  });
});
