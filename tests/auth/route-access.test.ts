import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { ADMIN, kiosk, register, tempDir, testApp } from '../support/app.ts';
import { createStaff, signIn, STAFF_PASSWORD } from '../support/staff.ts';
import type { Role } from '../../server/plugins/auth.ts';

type Caller = { name: string; role: Role; headers: () => Promise<Record<string, string>> };

// Stand-ins for path parameters: real where a route needs an existing thing to get past auth (an
// event's routes name this event: a caller's role there decides).
function fillParams(url: string, badgeNo: number, eventId: string): string {
  return url
    .replace(/:(event|other)\b/g, eventId)
    .replace(/:badgeNo/g, String(badgeNo))
    .replace(/:[A-Za-z]+/g, 'x')
    .replace(/\*$/, 'missing.txt');
}

/** Refused by the auth hook rather than by the route itself (`body`: a HEAD's 404 is told apart by its GET's). */
function refusedByAuth(method: string, status: number, body: string): boolean {
  if (status !== 401 && status !== 403 && status !== 404) return false;
  if (method === 'HEAD' && status !== 404) return true;
  try {
    const code = (JSON.parse(body) as { code?: string }).code;
    // An account with no role at the event an organisers' route names is told there is no such event.
    return code === 'unauthorized' || code === 'forbidden' || code === 'csrf' || (status === 404 && code === 'event_not_found');
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
    // Staff of another event of the installation only: here they are nobody.
    const autumn = { from: 'scratch', id: 'autumn-fair', name: { kk: 'Күз', ru: 'Осень', en: 'Autumn' }, startsOn: '2027-10-10' };
    await app.inject({ method: 'POST', url: '/api/events', headers: ADMIN, payload: autumn });
    const otherStaff = async (username: string, role: 'organiser' | 'desk') =>
      (await app.inject({ method: 'POST', url: '/api/events/autumn-fair/users', headers: ADMIN, payload: { username, role, password: STAFF_PASSWORD } })).json().id as string;
    const otherDeskId = await otherStaff('walk-autumn-desk', 'desk');
    const otherOrganiserId = await otherStaff('walk-autumn-organiser', 'organiser');
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
      // Signed in, with no role at this event: nothing here is theirs.
      { name: 'desk session of another event', role: 'staff', headers: session(otherDeskId) },
      { name: 'organiser session of another event', role: 'staff', headers: session(otherOrganiserId) },
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
      'GET /api/events/:event/audit', 'POST /api/events/:event/kiosks', 'GET /api/events/:event/kiosks', 'GET /api/events/:event/kiosks/health',
      'DELETE /api/events/:event/kiosks/:id', 'POST /api/events/:event/kiosks/:id/pairing-code', 'POST /api/events/:event/kiosks/pair',
    ]));
    // An event's live counts and programme are its pages' (no personal data), as /api/stations and /api/programme are today's paths';
    // a device pairs with its one-time code, as at /api/kiosks/pair.
    const pages = ['/api/events/:event/live', '/api/events/:event/programme', '/api/events/:event/kiosks/pair'];
    // An event's desk (attendees) is its desk volunteers' and organisers': a role at that event is checked by the route.
    const desk = (url: string) => /^\/api\/events\/:event\/(attendees|badges)/.test(url);
    // An event's phone routes are its attendees', as /api/me/… are today's paths' (signing in and out: anyone's).
    const phone = (url: string) => url.startsWith('/api/events/:event/me/');
    const access = (r: { method: string; url: string }) => {
      if (phone(r.url)) return app.routeAccess.find((today) => today.method === r.method && today.url === r.url.replace('/api/events/:event/me/', '/api/me/'))?.access;
      return pages.includes(r.url) ? ['public'] : desk(r.url) ? ['organiser', 'desk'] : ['organiser'];
    };
    expect(events.filter((r) => phone(r.url)).length).toBeGreaterThanOrEqual(6);
    for (const r of events) expect(r.access, `${r.method} ${r.url}`).toEqual(access(r));
  });

  it('refuses this event\'s staff at the desk routes of an event where they have no role, whatever they send, before reading it', async () => {
    const deskRoutes = app.routeAccess.filter((r) => r.method !== 'HEAD' && /^\/api\/events\/:event\/(attendees|badges)/.test(r.url));
    expect(deskRoutes.length).toBeGreaterThanOrEqual(4);
    // A good body, one the schema refuses (a number for a name, an unknown field), none, and one that is not JSON.
    const bodies: Array<Pick<InjectOptions, 'payload' | 'headers'>> = [
      { payload: { firstName: 'Nobody', lastName: 'Here', category: 'school' } },
      { payload: { firstName: 42, nonsense: true } },
      {},
      { payload: '{"firstName": ', headers: { 'content-type': 'application/json' } },
    ];
    let checked = 0;
    for (const route of deskRoutes) {
      for (const caller of callers.filter((c) => c.name === 'desk session' || c.name === 'organiser session')) {
        // An event where they have no role, and one the installation does not have: the same answer.
        for (const event of ['autumn-fair', 'no-such-fair']) {
          for (const body of route.method === 'GET' ? [{}] : bodies) {
            const url = route.url.replace(':event', event).replace(':id', 'x').replace(':badgeNo', '1001');
            const r = await app.inject({ method: route.method as InjectOptions['method'], url, payload: body.payload, headers: { ...(await caller.headers()), ...body.headers } });
            expect([r.statusCode, r.json().code], `${route.method} ${url} as ${caller.name} with ${JSON.stringify(body.payload)}`).toEqual([403, 'forbidden']);
            expect(r.json().errors).toBeUndefined();
            checked++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(30);
  });

  it('tells this event\'s organiser that an event where they are none does not exist, whatever they send', async () => {
    const organiser = callers.find((c) => c.name === 'organiser session')!;
    for (const [method, url, payload] of [
      ['PATCH', '/api/events/autumn-fair', { status: 'nonsense' }],
      ['PATCH', '/api/events/autumn-fair', '{"status": '],
      ['POST', '/api/events/autumn-fair/kiosks', {}],
      ['PUT', '/api/events/autumn-fair/programme/items/x', { start: 'soon' }],
      ['POST', '/api/events/autumn-fair/users', { username: 1 }],
    ] as const) {
      const r = await app.inject({ method, url, payload, headers: { ...(await organiser.headers()), 'content-type': 'application/json' } });
      expect([r.statusCode, r.json().code], `${method} ${url} ${JSON.stringify(payload)}`).toEqual([404, 'event_not_found']);
    }
    // The admin token is every event's organiser: its mistakes are told to it.
    const told = await app.inject({ method: 'PATCH', url: '/api/events/autumn-fair', payload: { status: 'nonsense' }, headers: ADMIN });
    expect(told.statusCode).toBe(400);
  });

  it('allows exactly the declared roles on every route', async () => {
    const wrong: string[] = [];
    let checked = 0;
    for (const route of app.routeAccess) {
      const declared = route.access ?? (route.url.startsWith('/api') ? ['organiser'] : ['public']);
      for (const caller of callers) {
        const options: InjectOptions = { method: route.method as InjectOptions['method'], url: fillParams(route.url, badgeNo, app.config.event.id), headers: { ...(await caller.headers()), 'x-kezek': '1' } };
        if (!['GET', 'HEAD', 'OPTIONS'].includes(route.method)) options.payload = {};
        const r = await app.inject(options);
        const allowed = declared.includes('public') || declared.includes(caller.role);
        const body = route.method === 'HEAD' && r.statusCode === 404 ? (await app.inject({ ...options, method: 'GET' })).body : r.body;
        const refused = refusedByAuth(route.method, r.statusCode, body);
        if (allowed === refused) wrong.push(`${route.method} ${route.url} as ${caller.name}: ${r.statusCode} ${r.body.slice(0, 120)}`);
        checked++;
      }
    }
    expect(wrong).toEqual([]);
    expect(checked).toBe(app.routeAccess.length * callers.length);
  }, 120_000); // every route with every caller: some hundreds of requests, slow on a loaded machine
});

describe('staff roles per event', () => {
  const data = tempDir();
  let app: FastifyInstance;
  const get = async (url: string, headers: Record<string, string>) => app.inject({ method: 'GET', url, headers });
  const idOf = async (username: string) => ((await get('/api/users', ADMIN)).json() as Array<{ id: string; username: string }>).find((u) => u.username === username)!.id;

  beforeAll(async () => {
    app = await testApp(data.dir);
    const autumn = { from: 'scratch', id: 'autumn-fair', name: { kk: 'Күз', ru: 'Осень', en: 'Autumn' }, startsOn: '2027-10-10' };
    await app.inject({ method: 'POST', url: '/api/events', headers: ADMIN, payload: autumn });
  });
  afterAll(async () => {
    await app.close();
    data.remove();
  });

  it('a desk volunteer of another event only signs in and works at their event, nothing here; an organiser here sees nothing of an event where they are none, until given a role there', async () => {
    const spring = app.config.event.id;
    const made = await app.inject({ method: 'POST', url: '/api/events/autumn-fair/users', headers: ADMIN, payload: { username: 'autumn-desk', role: 'desk', password: STAFF_PASSWORD } });
    expect(made.json()).toMatchObject({ username: 'autumn-desk', role: 'desk' });
    const signedIn = await app.inject({ method: 'POST', url: '/api/session', headers: { 'x-kezek': '1' }, payload: { username: 'autumn-desk', password: STAFF_PASSWORD } });
    const autumnOnly = { role: 'staff', user: { username: 'autumn-desk' }, events: [{ id: 'autumn-fair', name: { en: 'Autumn' }, role: 'desk' }] };
    expect([signedIn.statusCode, signedIn.json()]).toMatchObject([200, autumnOnly]);
    const autumnDesk = await signIn(app, 'autumn-desk');
    expect((await get('/api/session', autumnDesk)).json()).toMatchObject(autumnOnly);
    // Their event's desk is theirs: they register someone there and find them.
    const desk = '/api/events/autumn-fair/attendees';
    const registered = await app.inject({ method: 'POST', url: desk, headers: autumnDesk, payload: { firstName: 'Дана', lastName: 'Күзова', category: 'school' } });
    expect(registered.statusCode).toBe(201);
    expect((await get(`${desk}?q=${encodeURIComponent('Күзова')}`, autumnDesk)).json()).toMatchObject([{ firstName: 'Дана', badgeNo: registered.json().badgeNo }]);
    // Nothing of this event, nor the autumn fair's organisers' routes.
    for (const url of ['/api/attendees', `/api/events/${spring}/attendees`, '/api/users', '/api/events']) {
      expect([url, (await get(url, autumnDesk)).statusCode]).toEqual([url, 403]);
    }
    expect((await get('/api/events/autumn-fair/reports/event', autumnDesk)).json()).toMatchObject({ code: 'forbidden' });
    // The installation's accounts, each with its role at the event asked about.
    const here = (await get('/api/users', ADMIN)).json() as Array<{ username: string; role: string | null }>;
    expect(here.find((u) => u.username === 'autumn-desk')).toMatchObject({ role: null });

    await createStaff(app, 'spring-organiser', 'organiser');
    const organiser = await signIn(app, 'spring-organiser');
    expect(((await get('/api/events', organiser)).json() as Array<{ id: string }>).map((e) => e.id)).toEqual([spring]);
    expect((await get('/api/events', ADMIN)).json()).toHaveLength(2);
    for (const url of ['/api/events/autumn-fair/reports/event', '/api/events/autumn-fair/stations', '/api/events/autumn-fair/users']) {
      const r = await get(url, organiser);
      expect(r.statusCode, url).toBe(404);
      expect(r.json().code, url).toBe('event_not_found');
      expect((await get(url, ADMIN)).statusCode, url).toBe(200);
    }
    const patch = await app.inject({ method: 'PATCH', url: '/api/events/autumn-fair', headers: organiser, payload: { status: 'closed' } });
    expect(patch.statusCode).toBe(404);

    // Given the organiser's role at the autumn fair (by the admin token), it is theirs to read and manage too.
    const granted = await app.inject({ method: 'PATCH', url: `/api/events/autumn-fair/users/${await idOf('spring-organiser')}`, headers: ADMIN, payload: { role: 'organiser' } });
    expect(granted.json()).toMatchObject({ role: 'organiser' });
    const again = await signIn(app, 'spring-organiser');
    expect(((await get('/api/events', again)).json() as Array<{ id: string }>).map((e) => e.id).sort()).toEqual(['autumn-fair', spring].sort());
    expect((await get('/api/events/autumn-fair/reports/event', again)).statusCode).toBe(200);
    const autumnStaff = (await get('/api/events/autumn-fair/users', again)).json() as Array<{ username: string; role: string | null }>;
    expect(autumnStaff.filter((u) => u.role !== null).map((u) => [u.username, u.role]).sort()).toEqual([['autumn-desk', 'desk'], ['spring-organiser', 'organiser']]);
    // Taking the desk's role away at the autumn fair leaves the account, with no role anywhere: it signs in nowhere.
    const deskId = await idOf('autumn-desk');
    expect((await app.inject({ method: 'PATCH', url: `/api/events/autumn-fair/users/${deskId}`, headers: again, payload: { role: null } })).json()).toMatchObject({ role: null });
    const refused = await app.inject({ method: 'POST', url: '/api/session', headers: { 'x-kezek': '1' }, payload: { username: 'autumn-desk', password: STAFF_PASSWORD } });
    expect([refused.statusCode, refused.json().code]).toEqual([403, 'no_role_here']);

    // The grants at the autumn fair are in its audit log, not in this event's.
    await app.flushAudit();
    const grants = (entries: Array<{ action: string; target: string | null }>) => entries.filter((e) => e.action.startsWith('user.')).map((e) => [e.action, e.target]);
    expect(grants(await app.store.forEvent('autumn-fair').audit.list({})).sort()).toEqual([
      ['user.create', 'autumn-desk'],
      ['user.edit', 'autumn-desk'],
      ['user.edit', 'spring-organiser'],
    ]);
    expect(grants(await app.store.audit.list({}))).toEqual([['user.create', 'spring-organiser']]);
  });

  it('each event\'s audit log is read at its own path, by its organisers only: a desk user is refused, an organiser of another event finds nothing', async () => {
    const spring = app.config.event.id;
    await createStaff(app, 'spring-desk', 'desk');
    const desk = await signIn(app, 'spring-desk');
    const autumnLog = '/api/events/autumn-fair/audit';
    // No role at the autumn fair: it does not exist to them; a desk role here: not theirs to read.
    expect((await get(autumnLog, desk)).json()).toMatchObject({ code: 'event_not_found' });
    expect((await get(`/api/events/${spring}/audit`, desk)).statusCode).toBe(403);
    expect((await get('/api/audit', desk)).statusCode).toBe(403);
    // An organiser here only (the autumn role given above taken away again).
    await app.inject({ method: 'PATCH', url: `/api/events/autumn-fair/users/${await idOf('spring-organiser')}`, headers: ADMIN, payload: { role: null } });
    const springOnly = await signIn(app, 'spring-organiser');
    const none = await get(autumnLog, springOnly);
    expect(none.statusCode).toBe(404);
    expect(none.json().code).toBe('event_not_found');

    // An entry made at the autumn fair is in its log, not in this event's.
    await app.inject({ method: 'POST', url: '/api/events/autumn-fair/users', headers: ADMIN, payload: { username: 'autumn-only', role: 'desk', password: STAFF_PASSWORD } });
    type Page = { entries: Array<{ action: string; target: string | null }>; next: number | null };
    const targets = (page: Page) => page.entries.filter((e) => e.action === 'user.create').map((e) => e.target);
    const autumn = (await get(`${autumnLog}?action=user.create`, ADMIN)).json() as Page;
    expect(targets(autumn)).toContain('autumn-only');
    expect(targets((await get('/api/audit?action=user.create', ADMIN)).json() as Page)).not.toContain('autumn-only');
    expect(targets((await get(`/api/events/${spring}/audit?action=user.create`, springOnly)).json() as Page)).not.toContain('autumn-only');
    // The same filters, paging and CSV as today's path.
    const first = (await get(`${autumnLog}?limit=1`, ADMIN)).json() as Page;
    expect(first.entries).toHaveLength(1);
    const older = (await get(`${autumnLog}?limit=1&before=${first.next}`, ADMIN)).json() as Page;
    expect(older.entries).toHaveLength(1);
    const csv = await get(`${autumnLog}?format=csv&lang=en`, ADMIN);
    expect(csv.headers['content-type']).toMatch(/csv/);
    expect(csv.body).toContain('autumn-only');
    expect((await get('/api/audit?format=csv&lang=en', ADMIN)).body).not.toContain('autumn-only');
  });

  it('whoever makes an event is its organiser', async () => {
    const organiser = await signIn(app, 'spring-organiser');
    const made = await app.inject({ method: 'POST', url: '/api/events', headers: organiser, payload: { from: 'scratch', id: 'winter-fair', name: { kk: 'Қыс', ru: 'Зима', en: 'Winter' }, startsOn: '2027-12-10' } });
    expect(made.statusCode).toBe(201);
    expect((await get('/api/events/winter-fair/stations', organiser)).statusCode).toBe(200);
  });
});
