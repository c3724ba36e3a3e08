// The auth plugin on a bare Fastify app with in-memory stand-ins for the durable store: who a
// request is (bearer tokens before the session cookie), the CSRF header for cookie requests, the
// kiosk-token cache and the warning about routes without an access list. Each test builds its own
// app, so mutation testing can tell which test covers the plugin's set-up.
import Fastify, { type FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { afterEach, describe, expect, it, vi } from 'vitest';
import auth, { allows, cookieValue, kioskLookup, KIOSK_CACHE_LIMIT, KIOSK_CACHE_MS, tokenHash, type Role } from '../../server/plugins/auth.ts';
import errors from '../../server/plugins/errors.ts';
import { sessionHash, StaffSessions } from '../../server/staff/sessions.ts';
import type { DurableStore, KioskOfToken } from '../../server/db/durable-store.ts';

const ADMIN_TOKEN = 'admin-token-for-the-hook-0123';
const KIOSK_TOKEN = 'kiosk-token-for-the-hook-0123';
const REVOKED_TOKEN = 'revoked-kiosk-token-0123456';
const DESK_SESSION = 'desk-session-token-0123456789abcdef';
const DESK_COOKIE = `kezek_session=${DESK_SESSION}`;

const EVENT = 'karaganda-2026';
const OTHER_EVENT_TOKEN = 'other-event-kiosk-token-0123';

/** An in-memory stand-in for the parts of the durable store auth reads. */
function fakeStore() {
  const secrets = new Map<string, string>();
  const kiosks = new Map<string, KioskOfToken>([
    [tokenHash(KIOSK_TOKEN), { id: 'k1', stationId: 'mc-mining', revokedAt: null, eventId: EVENT }],
    [tokenHash(REVOKED_TOKEN), { id: 'k2', stationId: 'mc-mining', revokedAt: 1, eventId: EVENT }],
    [tokenHash(OTHER_EVENT_TOKEN), { id: 'k4', stationId: 'mc-mining', revokedAt: null, eventId: 'astana-2026' }],
  ]);
  const sessions = new Map([[sessionHash(DESK_SESSION), { userId: 'u-desk', role: 'desk' }]]);
  const reads = { kiosks: 0 };
  const store = {
    eventId: EVENT,
    secrets: { getOrCreate: async (name: string, make: () => string) => secrets.get(name) ?? secrets.set(name, make()).get(name)! },
    kiosks: {
      byTokenHash: async (hash: string) => {
        reads.kiosks++;
        const row = kiosks.get(hash);
        return row ? { ...row } : null;
      },
    },
    sessions: { find: async (hash: string) => sessions.get(hash) ?? null },
  };
  return { store: store as unknown as DurableStore, kiosks, reads, secrets };
}

type Fake = ReturnType<typeof fakeStore>;

/** A bare app with auth and a route per kind of access; `who` answers with the request's principal. */
async function hookApp(opts: { adminToken?: string | null; fake?: Fake; log?: string[]; routes?: (app: FastifyInstance) => void } = {}) {
  const fake = opts.fake ?? fakeStore();
  const app = Fastify(opts.log ? { logger: { level: 'warn', stream: { write: (line: string) => opts.log!.push(line) } } } : {});
  const adminToken = opts.adminToken === undefined ? ADMIN_TOKEN : opts.adminToken;
  await app.register(fp(async (a) => void a.decorate('config', { adminToken } as never), { name: 'config' }));
  await app.register(fp(async (a) => void a.decorate('store', fake.store), { name: 'db' }));
  // No other event is live beside this one.
  app.decorate('liveEvents', { mayServe: () => false } as never);
  await app.register(errors);
  await app.register(auth);
  const who = async (request: { principal: unknown }) => request.principal;
  const route = (access: Role[] | undefined) => (access ? { config: { access } } : {});
  if (opts.routes) opts.routes(app);
  else {
    app.route({ method: ['GET', 'POST'], url: '/api/who', ...route(['public']), handler: who });
    app.route({ method: ['GET', 'POST', 'OPTIONS'], url: '/api/desk', ...route(['desk', 'organiser']), handler: who });
    app.route({ method: ['GET', 'POST'], url: '/api/kiosk', ...route(['kiosk']), handler: who });
    app.route({ method: ['GET', 'POST'], url: '/api/session', ...route(['public']), handler: who });
    app.get('/api/undeclared', who);
    app.get('/page', who);
  }
  await app.ready();
  return { app, fake };
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

afterEach(() => {
  vi.useRealTimers();
});

describe('who a request is', () => {
  it('knows the admin token, a kiosk token and a desk session, and refuses an unknown or revoked token and a kiosk of another event', async () => {
    const { app } = await hookApp();
    expect((await app.inject({ url: '/api/who', headers: bearer(ADMIN_TOKEN) })).json()).toEqual({ role: 'organiser', userId: null });
    expect((await app.inject({ url: '/api/who', headers: bearer(KIOSK_TOKEN) })).json()).toEqual({ role: 'kiosk', kioskId: 'k1', stationId: 'mc-mining', eventId: EVENT });
    expect((await app.inject({ url: '/api/who', headers: { cookie: DESK_COOKIE } })).json()).toEqual({ role: 'desk', userId: 'u-desk' });
    expect((await app.inject({ url: '/api/who' })).json()).toEqual({ role: 'public' });
    const revoked = await app.inject({ url: '/api/who', headers: bearer(REVOKED_TOKEN) });
    expect(revoked.json()).toEqual({ code: 'kiosk_revoked', message: 'This kiosk was revoked by an organiser' });
    const otherEvent = await app.inject({ url: '/api/who', headers: bearer(OTHER_EVENT_TOKEN) });
    expect([otherEvent.statusCode, otherEvent.json()]).toEqual([403, { code: 'kiosk_other_event', message: 'This kiosk is paired to a station of another event' }]);
    const unknown = await app.inject({ url: '/api/who', headers: bearer('unknown-token') });
    expect([unknown.statusCode, unknown.json()]).toEqual([401, { code: 'unauthorized', message: 'Unknown token' }]);
    expect(app.isAdminToken(ADMIN_TOKEN)).toBe(true);
    expect(app.isAdminToken(KIOSK_TOKEN)).toBe(false);
    expect(app.issuedAdminToken).toBeNull();
    expect(app.staffSessions).toBeInstanceOf(StaffSessions);
    await app.close();
  });

  it('takes a bearer token of 8 to 200 token characters, and nothing else after "Bearer "', async () => {
    const { app } = await hookApp();
    const answer = async (authorization: string) => {
      const r = await app.inject({ url: '/api/who', headers: { authorization } });
      if (r.statusCode === 200) return 'ok';
      expect([r.statusCode, r.json().code]).toEqual([401, 'unauthorized']);
      return r.json().message as string;
    };
    const malformed = 'Authorization must be "Bearer <token>"';
    expect(await answer(`Bearer ${ADMIN_TOKEN}`)).toBe('ok');
    expect(await answer('Bearer abcdefg')).toBe(malformed);
    expect(await answer('Bearer abcdefgh')).toBe('Unknown token');
    expect(await answer(`Bearer ${'a'.repeat(200)}`)).toBe('Unknown token');
    expect(await answer(`Bearer ${'a'.repeat(201)}`)).toBe(malformed);
    expect(await answer('Bearer Az09_-.~+/=')).toBe('Unknown token');
    for (const bad of [`bearer ${ADMIN_TOKEN}`, `Basic ${ADMIN_TOKEN}`, `Bearer ${ADMIN_TOKEN} `, `xBearer ${ADMIN_TOKEN}`, `Bearer  ${ADMIN_TOKEN}`, 'Bearer abcdefgh!']) {
      expect(await answer(bad)).toBe(malformed);
    }
    await app.close();
  });

  it('lets a bearer token win over a session cookie sent with it', async () => {
    const { app } = await hookApp();
    const csrf = { cookie: DESK_COOKIE, 'x-kezek': '1' };
    expect((await app.inject({ url: '/api/who', headers: { ...bearer(ADMIN_TOKEN), ...csrf } })).json()).toEqual({ role: 'organiser', userId: null });
    const kiosk = await app.inject({ method: 'POST', url: '/api/kiosk', headers: { ...bearer(KIOSK_TOKEN), ...csrf } });
    expect(kiosk.json()).toEqual({ role: 'kiosk', kioskId: 'k1', stationId: 'mc-mining', eventId: EVENT });
    await app.close();
  });

  it('refuses the public with 401 and a signed-in role with 403, routes without an access list being organisers-only', async () => {
    const { app } = await hookApp();
    const anonymous = await app.inject({ url: '/api/desk' });
    expect([anonymous.statusCode, anonymous.json()]).toEqual([401, { code: 'unauthorized', message: 'Sign in or send a bearer token' }]);
    const desk = await app.inject({ url: '/api/kiosk', headers: { cookie: DESK_COOKIE } });
    expect([desk.statusCode, desk.json().code, desk.json().message]).toEqual([403, 'forbidden', 'A desk may not do this']);
    expect((await app.inject({ url: '/api/undeclared', headers: { cookie: DESK_COOKIE } })).statusCode).toBe(403);
    expect((await app.inject({ url: '/api/undeclared', headers: bearer(ADMIN_TOKEN) })).statusCode).toBe(200);
    expect((await app.inject({ url: '/page' })).json()).toEqual({ role: 'public' });
    await app.close();
  });

  it('reads allow lists: public routes let everyone in, a missing list means organisers under /api and everyone elsewhere', () => {
    expect(allows(['public'], '/api/x', 'kiosk')).toBe(true);
    expect(allows(['desk'], '/api/x', 'desk')).toBe(true);
    expect(allows(['desk'], '/api/x', 'public')).toBe(false);
    expect(allows(undefined, '/api/x', 'organiser')).toBe(true);
    expect(allows(undefined, '/api/x', 'desk')).toBe(false);
    expect(allows(undefined, '/x/api', 'public')).toBe(true);
    expect(allows(undefined, undefined, 'public')).toBe(true);
  });

  it('makes an admin token on the first start when none is configured, and prints it only then', async () => {
    const fake = fakeStore();
    const first = (await hookApp({ adminToken: null, fake })).app;
    const token = first.issuedAdminToken!;
    expect([...fake.secrets.keys()]).toEqual(['admin-token-hash']);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await first.inject({ url: '/api/undeclared', headers: bearer(token) })).statusCode).toBe(200);
    const second = (await hookApp({ adminToken: null, fake })).app;
    expect(second.issuedAdminToken).toBeNull();
    expect(second.isAdminToken(token)).toBe(true);
    expect(second.isAdminToken(ADMIN_TOKEN)).toBe(false);
    await first.close();
    await second.close();
  });

  it('reads the session token from a Cookie header', async () => {
    const { app } = await hookApp();
    expect(app.sessionToken(undefined)).toBeNull();
    expect(app.sessionToken('')).toBeNull();
    expect(app.sessionToken('other=1')).toBeNull();
    expect(app.sessionToken(`other=1; ${DESK_COOKIE}`)).toBe(DESK_SESSION);
    await app.close();
  });
});

describe('the CSRF header on requests signed in by cookie', () => {
  it('lets reads through without it (GET, HEAD, OPTIONS)', async () => {
    const { app } = await hookApp();
    const headers = { cookie: DESK_COOKIE };
    expect((await app.inject({ method: 'GET', url: '/api/desk', headers })).statusCode).toBe(200);
    expect((await app.inject({ method: 'HEAD', url: '/api/desk', headers })).statusCode).toBe(200);
    expect((await app.inject({ method: 'OPTIONS', url: '/api/desk', headers })).statusCode).toBe(200);
    await app.close();
  });

  it('refuses a change signed in by cookie without it, and takes only "1"', async () => {
    const { app } = await hookApp();
    for (const headers of [{ cookie: DESK_COOKIE }, { cookie: DESK_COOKIE, 'x-kezek': '0' }]) {
      const r = await app.inject({ method: 'POST', url: '/api/desk', headers });
      expect([r.statusCode, r.json()]).toEqual([403, { code: 'csrf', message: 'Requests signed in by cookie must send the header x-kezek: 1' }]);
    }
    const ok = await app.inject({ method: 'POST', url: '/api/desk', headers: { cookie: DESK_COOKIE, 'x-kezek': '1' } });
    expect(ok.json()).toEqual({ role: 'desk', userId: 'u-desk' });
    await app.close();
  });

  it('treats a change to a public route sent with a cookie but no header as anonymous, not refused', async () => {
    const { app } = await hookApp();
    const r = await app.inject({ method: 'POST', url: '/api/who', headers: { cookie: DESK_COOKIE } });
    expect([r.statusCode, r.json()]).toEqual([200, { role: 'public' }]);
    await app.close();
  });

  it('asks nothing of requests without a cookie: they are refused for who they are, not for the header', async () => {
    const { app } = await hookApp();
    const anonymous = await app.inject({ method: 'POST', url: '/api/desk' });
    expect([anonymous.statusCode, anonymous.json().code]).toEqual([401, 'unauthorized']);
    const kiosk = await app.inject({ method: 'POST', url: '/api/desk', headers: bearer(KIOSK_TOKEN) });
    expect([kiosk.statusCode, kiosk.json().code]).toEqual([403, 'forbidden']);
    expect((await app.inject({ method: 'POST', url: '/api/kiosk', headers: bearer(KIOSK_TOKEN) })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/api/session' })).json()).toEqual({ role: 'public' });
    await app.close();
  });

  it('asks it of every sign-in, with a cookie or without one', async () => {
    const { app } = await hookApp();
    for (const headers of [{}, { cookie: DESK_COOKIE }, { cookie: 'kezek_session=unknown-session-token-0123456789' }]) {
      const r = await app.inject({ method: 'POST', url: '/api/session', headers });
      expect([r.statusCode, r.json().code]).toEqual([403, 'csrf']);
    }
    expect((await app.inject({ method: 'POST', url: '/api/session', headers: { 'x-kezek': '1' } })).statusCode).toBe(200);
    await app.close();
  });
});

describe('the plugin', () => {
  it('is named auth, for the plugins that need it, and needs the configuration and the database', async () => {
    const { app } = await hookApp({ routes: (a) => void a.register(fp(async () => {}, { name: 'after-auth', dependencies: ['auth'] })) });
    await app.close();
    const bare = Fastify();
    await bare.register(fp(async (a) => void a.decorate('config', { adminToken: ADMIN_TOKEN } as never), { name: 'config' }));
    await expect(bare.register(auth)).rejects.toThrow(/db/);
    await bare.close();
  });
});

describe('routes without an access list', () => {
  it('are listed with their methods, and named in one warning once the app is ready', async () => {
    const log: string[] = [];
    const { app } = await hookApp({ log });
    expect(app.routeAccess.filter((r) => r.url !== '/api/who' || r.method === 'GET')).toContainEqual({ method: 'GET', url: '/api/who', access: ['public'] });
    expect(app.routeAccess).toContainEqual({ method: 'POST', url: '/api/who', access: ['public'] });
    expect(app.routeAccess).toContainEqual({ method: 'GET', url: '/api/undeclared', access: null });
    const warnings = log.map((line) => JSON.parse(line) as { msg: string; routes: string[] });
    expect(warnings).toHaveLength(1);
    expect(warnings[0].msg).toBe('routes without an access list: organisers only');
    expect(warnings[0].routes).toEqual(['GET /api/undeclared', 'HEAD /api/undeclared']);
    await app.close();
  });

  it('warn about nothing when every /api route has one', async () => {
    const log: string[] = [];
    const { app } = await hookApp({ log, routes: (a) => a.get('/api/who', { config: { access: ['public'] } }, async () => ({})) });
    expect(log).toEqual([]);
    await app.close();
  });
});

describe('the kiosk-token cache', () => {
  const T = Date.UTC(2026, 11, 5, 9, 0);

  it('trusts a found kiosk for 2 s without reading the store, then reads it again', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(T);
    const { app, fake } = await hookApp();
    const scan = () => app.inject({ url: '/api/kiosk', headers: bearer(KIOSK_TOKEN) });
    expect((await scan()).statusCode).toBe(200);
    expect(fake.reads.kiosks).toBe(1);
    // Found lately: still known as that kiosk, and still kept to its routes.
    expect((await app.inject({ url: '/api/who', headers: bearer(KIOSK_TOKEN) })).json()).toEqual({ role: 'kiosk', kioskId: 'k1', stationId: 'mc-mining', eventId: EVENT });
    expect((await app.inject({ url: '/api/undeclared', headers: bearer(KIOSK_TOKEN) })).statusCode).toBe(403);
    expect(fake.reads.kiosks).toBe(1);
    vi.setSystemTime(T + KIOSK_CACHE_MS - 1);
    fake.kiosks.get(tokenHash(KIOSK_TOKEN))!.revokedAt = T;
    expect((await scan()).statusCode).toBe(200);
    expect(fake.reads.kiosks).toBe(1);
    vi.setSystemTime(T + KIOSK_CACHE_MS);
    expect((await scan()).json().code).toBe('kiosk_revoked');
    expect(fake.reads.kiosks).toBe(2);
    await app.close();
  });

  it('forgets a kiosk at once when this process revokes it, and only that kiosk', async () => {
    const fake = fakeStore();
    fake.kiosks.set(tokenHash(ADMIN_TOKEN.replace('admin', 'other')), { id: 'k3', stationId: 'tmk', revokedAt: null, eventId: EVENT });
    const { app } = await hookApp({ fake });
    const scan = (token: string) => app.inject({ url: '/api/kiosk', headers: bearer(token) });
    await scan(KIOSK_TOKEN);
    await scan(ADMIN_TOKEN.replace('admin', 'other'));
    expect(fake.reads.kiosks).toBe(2);
    fake.kiosks.get(tokenHash(KIOSK_TOKEN))!.revokedAt = Date.now();
    app.forgetKiosk('k3');
    expect((await scan(KIOSK_TOKEN)).statusCode).toBe(200);
    expect(fake.reads.kiosks).toBe(2);
    app.forgetKiosk('k1');
    expect((await scan(KIOSK_TOKEN)).json().code).toBe('kiosk_revoked');
    expect((await scan(ADMIN_TOKEN.replace('admin', 'other'))).statusCode).toBe(200);
    expect(fake.reads.kiosks).toBe(4);
    await app.close();
  });

  it(`keeps at most ${KIOSK_CACHE_LIMIT} tokens: one more empties it`, async () => {
    let reads = 0;
    const tokens = kioskLookup({
      byTokenHash: async (hash) => {
        reads++;
        return { id: hash, stationId: 'mc-mining', revokedAt: null, eventId: EVENT };
      },
    });
    await tokens.find('t0');
    for (let i = 1; i <= KIOSK_CACHE_LIMIT; i++) await tokens.find(`t${i}`);
    // t0 and 10,000 more are kept: the store is not asked again for t0.
    expect(tokens.find('t0')).not.toBeInstanceOf(Promise);
    await tokens.find(`t${KIOSK_CACHE_LIMIT + 1}`);
    expect(tokens.find('t0')).toBeInstanceOf(Promise);
    expect(reads).toBe(KIOSK_CACHE_LIMIT + 3);
  });

  it('asks the store again for a token it did not know', async () => {
    let known = false;
    let reads = 0;
    const tokens = kioskLookup({
      byTokenHash: async () => {
        reads++;
        return known ? { id: 'k9', stationId: 'tmk', revokedAt: null, eventId: EVENT } : null;
      },
    });
    expect(await tokens.find('new-token')).toBeNull();
    known = true;
    expect(await tokens.find('new-token')).toEqual({ id: 'k9', stationId: 'tmk', revokedAt: null, eventId: EVENT });
    expect(tokens.find('new-token')).toEqual({ id: 'k9', stationId: 'tmk', revokedAt: null, eventId: EVENT });
    expect(reads).toBe(2);
  });
});

describe('cookieValue', () => {
  it('reads a cookie as @fastify/cookie does: the first of a name, trimmed, %-escapes decoded, a bad escape kept as sent', () => {
    const header = 'a=1; kezek_session= tok%2Den ;kezek_session=second; bad=%E0%A4%A; flag';
    expect(cookieValue(header, 'kezek_session')).toBe('tok-en');
    expect(cookieValue(header, 'a')).toBe('1');
    expect(cookieValue(header, 'bad')).toBe('%E0%A4%A');
    expect(cookieValue(header, 'flag')).toBeUndefined();
    expect(cookieValue(header, 'kezek')).toBeUndefined();
    expect(cookieValue(undefined, 'a')).toBeUndefined();
    expect(cookieValue('', 'a')).toBeUndefined();
  });
});
