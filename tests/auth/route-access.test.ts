import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { ADMIN, kiosk, register, tempDir, testApp } from '../support/app.ts';
import { createStaff } from '../support/staff.ts';
import type { Role } from '../../server/plugins/auth.ts';

type Caller = { name: string; role: Role; headers: () => Promise<Record<string, string>> };

// Stand-ins for path parameters: real where a route needs an existing thing to get past auth.
function fillParams(url: string, badgeNo: number): string {
  return url
    .replace(/:badgeNo/g, String(badgeNo))
    .replace(/:[A-Za-z]+/g, 'x')
    .replace(/\*$/, 'missing.txt');
}

/** Refused by the auth hook rather than by the route itself. */
function refusedByAuth(method: string, status: number, body: string): boolean {
  if (status !== 401 && status !== 403) return false;
  if (method === 'HEAD') return true;
  try {
    const code = (JSON.parse(body) as { code?: string }).code;
    return code === 'unauthorized' || code === 'forbidden' || code === 'csrf';
  } catch {
    return false;
  }
}

describe('every route with every role', () => {
  const data = tempDir();
  let app: FastifyInstance;
  let badgeNo: number;
  let callers: Caller[];

  beforeAll(async () => {
    app = await testApp(data.dir);
    await app.ready();
    badgeNo = (await register(app)).badgeNo;
    const k = await kiosk(app, 'mc-metallurgy');
    const deskId = await createStaff(app, 'walk-desk', 'desk');
    const organiserId = await createStaff(app, 'walk-organiser', 'organiser');
    // A new session per request: the walk includes DELETE /api/session, which ends the one it is sent with.
    const session = (userId: string) => async () => ({ cookie: `kezek_session=${(await app.staffSessions.create(userId)).token}`, 'x-kezek': '1' });
    // An attendee's phone session, a new attendee's for each request (the walk reissues and revokes badges).
    const phone = async () => {
      const attendee = await register(app, 'Phone');
      const r = await app.inject({ method: 'POST', url: '/api/me/session', headers: { 'x-kezek': '1' }, payload: { badgeNo: attendee.badgeNo, pin: attendee.pin } });
      const c = r.cookies.find((x) => x.name === 'kezek_me');
      if (!c) throw new Error(`attendee sign-in: ${r.statusCode} ${r.body}`);
      return { cookie: `kezek_me=${c.value}`, 'x-kezek': '1' };
    };
    callers = [
      // Every caller sends the CSRF header here; what happens without it is tested apart.
      { name: 'no credentials', role: 'public', headers: async () => ({}) },
      { name: 'kiosk token', role: 'kiosk', headers: async () => k.headers },
      { name: 'desk session', role: 'desk', headers: session(deskId) },
      { name: 'organiser session', role: 'organiser', headers: session(organiserId) },
      { name: 'admin token', role: 'organiser', headers: async () => ADMIN },
      { name: 'attendee phone', role: 'attendee', headers: phone },
    ];
  });
  afterAll(async () => {
    await app.close();
    data.remove();
  });

  it('every /api route declares who may call it', () => {
    const missing = app.routeAccess.filter((r) => r.url.startsWith('/api') && r.access === null).map((r) => `${r.method} ${r.url}`);
    expect(missing).toEqual([]);
    expect(app.routeAccess.length).toBeGreaterThan(20);
  });

  it('walks the events routes, organisers only: the installation\'s events and any event\'s stations and reports', () => {
    const events = app.routeAccess.filter((r) => r.url.startsWith('/api/events'));
    expect(events.map((r) => `${r.method} ${r.url}`)).toEqual(expect.arrayContaining([
      'GET /api/events', 'POST /api/events', 'PATCH /api/events/:event', 'POST /api/events/:event/current', 'GET /api/events/:event/stations',
      'GET /api/events/:event/reports/stations', 'GET /api/events/:event/reports/event', 'GET /api/events/:event/reports/leads',
    ]));
    for (const r of events) expect(r.access, `${r.method} ${r.url}`).toEqual(['organiser']);
  });

  it('allows exactly the declared roles on every route', async () => {
    const wrong: string[] = [];
    let checked = 0;
    for (const route of app.routeAccess) {
      const declared = route.access ?? (route.url.startsWith('/api') ? ['organiser'] : ['public']);
      for (const caller of callers) {
        const options: InjectOptions = { method: route.method as InjectOptions['method'], url: fillParams(route.url, badgeNo), headers: { ...(await caller.headers()), 'x-kezek': '1' } };
        if (!['GET', 'HEAD', 'OPTIONS'].includes(route.method)) options.payload = {};
        const r = await app.inject(options);
        const allowed = declared.includes('public') || declared.includes(caller.role);
        const refused = refusedByAuth(route.method, r.statusCode, r.body);
        if (allowed === refused) wrong.push(`${route.method} ${route.url} as ${caller.name}: ${r.statusCode} ${r.body.slice(0, 120)}`);
        checked++;
      }
    }
    expect(wrong).toEqual([]);
    expect(checked).toBe(app.routeAccess.length * callers.length);
  });
});
