import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { parseCookie } from 'cookie';
import type { EventSecrets, KioskOfToken, KioskRecords } from '../db/durable-store.ts';
import { ApiFailure } from './errors.ts';
import { SESSION_COOKIE, StaffSessions, type Staff } from '../staff/sessions.ts';
import { ATTENDEE_COOKIE } from '../../shared/me.ts';

/** Who may call a route; `staff` is a signed-in account with no role at the request's event (no route allows it). */
export type Role = 'organiser' | 'desk' | 'staff' | 'kiosk' | 'attendee' | 'public';

/**
 * The caller of a request. A staff account's role is the one it has at the request's event: the
 * event its path names (`/api/events/:event/…`), else the served one; `staff` where it has none.
 */
export type Principal =
  | { role: 'organiser' | 'desk'; userId: string | null }
  | { role: 'staff'; userId: string }
  | { role: 'kiosk'; kioskId: string; stationId: string; eventId: string }
  | { role: 'attendee'; badgeNo: number }
  | { role: 'public' };

/** One route as the auth hook sees it: what it declared, or null when it declared nothing. */
export type RouteAccess = { method: string; url: string; access: Role[] | null };

/**
 * What a kiosk of another event live on this server (several events at once, server/plugins/live-events.ts)
 * may call: scanning, its heartbeat, what the kiosk page reads, and its station's sessions, departures
 * and queue (acting on its own event's live state). Anything else is refused as `kiosk_other_event`,
 * and all of these are where its event is not live here.
 */
const OTHER_EVENT_KIOSK_ROUTES = new Set([
  'POST /api/scans', 'POST /api/kiosks/heartbeat', 'GET /api/stations', 'GET /api/badge-key', 'GET /api/servers', 'GET /api/session',
  'POST /api/stations/:id/session', 'POST /api/stations/:id/call-next',
]);

/** The header a browser page sends with every state-changing request made with a session cookie. */
export const CSRF_HEADER = 'x-kezek';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call the route. Every /api route says so; without it only organisers may. */
    access?: Role[];
  }
  interface FastifyRequest {
    principal: Principal;
  }
  interface FastifyInstance {
    /** Set when this start made the admin token: main prints it once. */
    issuedAdminToken: string | null;
    /** Whether a text is the admin token (compared by hash, in constant time). */
    isAdminToken(token: string): boolean;
    /** Staff sessions (sign in, sign out, lookup). */
    staffSessions: StaffSessions;
    /** The staff session token a Cookie header carries, or null (Socket.IO handshakes name their session by it). */
    sessionToken(cookieHeader: string | undefined): string | null;
    /**
     * The attendee a Cookie header's phone session signs in at an event (the served one unless
     * named; one live on this server), with the badge in force it was signed in with, or null:
     * a session of another event, or reissuing or revoking the badge, signs nobody in.
     */
    attendeeOf(cookieHeader: string | undefined, eventId?: string): Promise<number | null>;
    /** Drops what this process remembers of a kiosk's token (after revoking or re-pairing it). */
    forgetKiosk(kioskId: string): void;
    /** Every route registered after auth, with its declared access: the route-walk test reads it. */
    routeAccess: RouteAccess[];
  }
}

/**
 * The value of cookie `name` in a Cookie header, parsed by the `cookie` package as @fastify/cookie
 * parses it (the first when sent twice, spaces around it trimmed, %-escapes decoded, a bad escape
 * kept as sent); undefined when it is not there. Only
 * the routes that set cookies (session.ts, me.ts) register that plugin: its hooks would otherwise
 * parse every request's cookies and look for cookies to set on every answer, scans included.
 */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  return header ? parseCookie(header)[name] : undefined;
}

/** SHA-256 of a random bearer token, as stored. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A new random bearer token. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** The admin token's hash: ADMIN_TOKEN's, or the one kept by the durable store, made (and `issued`, to print once) on the event's first start. */
async function adminTokenHash(secrets: EventSecrets, configured: string | null): Promise<{ hash: Buffer; issued: string | null }> {
  if (configured) return { hash: Buffer.from(tokenHash(configured), 'hex'), issued: null };
  const token = newToken();
  const kept = await secrets.getOrCreate('admin-token-hash', () => tokenHash(token));
  return { hash: Buffer.from(kept, 'hex'), issued: kept === tokenHash(token) ? token : null };
}

type KioskRow = KioskOfToken;

/** How long a kiosk token stays trusted without a database read; another process's revocation takes effect within it. */
export const KIOSK_CACHE_MS = 2000;
/** Past this many kept tokens the cache starts again empty: a bound on memory no event's kiosks come near. */
export const KIOSK_CACHE_LIMIT = 10_000;

/**
 * Finds a kiosk by bearer token. Every scan carries one, so found kiosks are kept briefly (and
 * found at once, without waiting for the store); `forget` drops a kiosk at once when this process
 * revokes or re-pairs it.
 */
export function kioskLookup(kiosks: Pick<KioskRecords, 'byTokenHash'>) {
  const cache = new Map<string, { kiosk: KioskRow; until: number }>();
  const read = async (token: string, now: number): Promise<KioskRow | null> => {
    const kiosk = await kiosks.byTokenHash(tokenHash(token));
    if (kiosk) {
      if (cache.size > KIOSK_CACHE_LIMIT) cache.clear();
      cache.set(token, { kiosk, until: now + KIOSK_CACHE_MS });
    } else cache.delete(token);
    return kiosk;
  };
  return {
    /** The kiosk of a token: at once when it was found lately, else once the store has answered. */
    find(token: string): KioskRow | Promise<KioskRow | null> {
      const now = Date.now();
      const hit = cache.get(token);
      return hit && hit.until > now ? hit.kiosk : read(token, now);
    },
    forget(kioskId: string): void {
      for (const [token, entry] of cache) if (entry.kiosk.id === kioskId) cache.delete(token);
    },
  };
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The sign-in routes: they need the CSRF header even without a cookie, or another site could sign a browser in. */
const SIGN_IN_URLS = new Set(['/api/session', '/api/me/session', '/api/events/:event/me/session']);

/** Whether a role may call a route; a route without an access list is organisers-only under /api. */
export function allows(access: Role[] | undefined, url: string | undefined, role: Role): boolean {
  const list = access ?? (url?.startsWith('/api') ? ['organiser'] : ['public']);
  return list.includes('public') || list.includes(role);
}

/**
 * The event whose role decides a request that is not everyone's: the one its path names
 * (`/api/events/:event/…`); null for the served event's routes (today's paths) and public ones.
 */
export function eventScope(request: FastifyRequest): string | null {
  const named = (request.params as { event?: unknown } | undefined)?.event;
  if (typeof named !== 'string' || allows(request.routeOptions.config.access, request.routeOptions.url, 'public')) return null;
  return named;
}

/** A staff session's principal: its role at the request's event, `staff` where it has none. */
const staffPrincipal = (staff: Staff): Principal => (staff.role === null ? { role: 'staff', userId: staff.userId } : { role: staff.role, userId: staff.userId });

/**
 * The refusal of a caller the route does not allow. A staff account with no role at the event a
 * path names is told, on its organisers' routes, that there is no such event (it sees nothing of
 * an event not its own), and refused on its desk's; decided before the body is read, so nobody
 * without the role learns anything of what they sent.
 */
function refusal(request: FastifyRequest, principal: Principal): ApiFailure {
  if (principal.role === 'public') return new ApiFailure(401, 'unauthorized', 'Sign in or send a bearer token');
  const event = eventScope(request);
  if (principal.role !== 'staff') return new ApiFailure(403, 'forbidden', `A ${principal.role} may not do this`);
  if (event !== null && !(request.routeOptions.config.access ?? []).includes('desk')) {
    return new ApiFailure(404, 'event_not_found', `No event "${event}" in this installation`);
  }
  return new ApiFailure(403, 'forbidden', 'This account has no role at this event that may do this');
}

/**
 * Decides a request once its caller is known: `staff` is the session of its cookie (a staff
 * member's, or an attendee's phone session), when it has one and no bearer token.
 */
function authorize(request: FastifyRequest, bearer: Principal | null, staff: Principal | null): void {
  let principal: Principal = bearer ?? { role: 'public' };
  // A cookie counts for a state-changing request only with the CSRF header; without it the
  // request is anonymous (fine for public routes) and refused where staff are needed.
  const unsafe = !SAFE_METHODS.has(request.method);
  const csrfOk = !unsafe || request.headers[CSRF_HEADER] === '1';
  if (staff && csrfOk) principal = staff;
  const url = request.routeOptions.url;
  // Signing in needs the header too, or another site could sign a browser into its own account.
  if (!csrfOk && (staff || SIGN_IN_URLS.has(url ?? ''))) {
    if (SIGN_IN_URLS.has(url ?? '') || !allows(request.routeOptions.config.access, url, principal.role)) {
      throw new ApiFailure(403, 'csrf', `Requests signed in by cookie must send the header ${CSRF_HEADER}: 1`);
    }
  }
  request.principal = principal;
  if (allows(request.routeOptions.config.access, url, principal.role)) return;
  throw refusal(request, principal);
}

/**
 * The staff member of a session with their role at the request's event (`eventScope`). An event
 * the installation does not have is nobody's: no record set is made for it.
 */
async function staffAt(app: FastifyInstance, sessions: StaffSessions, request: FastifyRequest, token: string): Promise<Principal | null> {
  const event = eventScope(request);
  const known = event === null || event === app.store.eventId || (await app.store.events.byId(event)) !== null;
  const staff = await sessions.lookup(token, known && event !== null ? event : undefined);
  return staff && staffPrincipal(known ? staff : { ...staff, role: null });
}

/** Runs `decide` and calls `done` with what it threw, if anything. */
function decided(done: (err?: Error) => void, decide: () => void): void {
  try {
    decide();
  } catch (err) {
    done(err as Error);
    return;
  }
  done();
}

/**
 * Who is calling, and whether they may: decided here for every route from its `access` list.
 * Bearer tokens (the admin token is an organiser; kiosk tokens) win over a staff session cookie.
 * A cookie is sent by the browser on its own, so state-changing requests that rely on one (and
 * sign-in itself) must carry `x-kezek: 1`: a cross-site form cannot set that header, and a
 * cross-site script cannot either without a CORS preflight this server never allows.
 */
export default fp(
  async (app) => {
    const admin = await adminTokenHash(app.store.secrets, app.config.adminToken);
    app.decorate('issuedAdminToken', admin.issued);
    app.decorate('isAdminToken', (token: string) => timingSafeEqual(Buffer.from(tokenHash(token), 'hex'), admin.hash));
    const kioskTokens = kioskLookup(app.store.kiosks);
    app.decorate('forgetKiosk', (kioskId: string) => kioskTokens.forget(kioskId));
    const sessions = new StaffSessions(app.store.sessions, (eventId) => app.store.forEvent(eventId).sessions);
    app.decorate('staffSessions', sessions);
    const sessionToken = (header: string | undefined): string | null => {
      return cookieValue(header, SESSION_COOKIE) ?? null;
    };
    app.decorate('sessionToken', sessionToken);
    // The badge keys and the live store are read when a phone's cookie comes (registered before auth in the app).
    const attendeeOf = async (header: string | undefined, eventId = app.store.eventId): Promise<number | null> => {
      const value = cookieValue(header, ATTENDEE_COOKIE);
      const session = value ? app.attendeeKeys.readSession(value, Date.now()) : null;
      if (!session || session.eventId !== eventId) return null;
      const store = eventId === app.store.eventId ? app.live : (await app.liveEvents.of(eventId))?.live;
      const live = await store?.attendee(session.badgeNo);
      return live?.serial === session.serial ? session.badgeNo : null;
    };
    app.decorate('attendeeOf', attendeeOf);
    app.decorateRequest('principal', null as never);

    const routeAccess: RouteAccess[] = [];
    app.decorate('routeAccess', routeAccess);
    app.addHook('onRoute', (route) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      for (const method of methods) routeAccess.push({ method, url: route.url, access: route.config?.access ?? null });
    });
    app.addHook('onReady', async () => {
      const missing = routeAccess.filter((r) => r.url.startsWith('/api') && r.access === null);
      if (missing.length > 0) app.log.warn({ routes: missing.map((r) => `${r.method} ${r.url}`) }, 'routes without an access list: organisers only');
    });

    /** Who a bearer token names: a kiosk (found or not), else the admin token, else refused. */
    const bearerPrincipal = (request: FastifyRequest, bearer: string, kiosk: KioskRow | null): Principal => {
      if (kiosk) {
        if (kiosk.revokedAt !== null) throw new ApiFailure(401, 'kiosk_revoked', 'This kiosk was revoked by an organiser');
        // Paired to a station of another event: it scans here only while that event is live here too.
        if (kiosk.eventId !== app.store.eventId && !(OTHER_EVENT_KIOSK_ROUTES.has(`${request.method} ${request.routeOptions.url}`) && app.liveEvents.mayServe(kiosk.eventId))) {
          throw new ApiFailure(403, 'kiosk_other_event', 'This kiosk is paired to a station of another event');
        }
        return { role: 'kiosk', kioskId: kiosk.id, stationId: kiosk.stationId, eventId: kiosk.eventId };
      }
      if (timingSafeEqual(Buffer.from(tokenHash(bearer), 'hex'), admin.hash)) return { role: 'organiser', userId: null };
      throw new ApiFailure(401, 'unauthorized', 'Unknown token');
    };

    // A callback hook, not an async one: a kiosk whose token was found lately (nearly every scan)
    // is decided without a promise or a turn of the event loop.
    app.addHook('onRequest', (request, _reply, done) => {
      const header = request.headers.authorization;
      if (header) {
        const m = /^Bearer ([A-Za-z0-9_\-.~+/=]{8,200})$/.exec(header);
        if (!m) return done(new ApiFailure(401, 'unauthorized', 'Authorization must be "Bearer <token>"'));
        const bearer = m[1];
        // Kiosks first: they send a token with every scan.
        const found = kioskTokens.find(bearer);
        if (found instanceof Promise) {
          found.then((kiosk) => decided(done, () => authorize(request, bearerPrincipal(request, bearer, kiosk), null)), done);
          return;
        }
        return decided(done, () => authorize(request, bearerPrincipal(request, bearer, found), null));
      }
      const token = sessionToken(request.headers.cookie);
      if (token) {
        staffAt(app, sessions, request, token).then((staff) => decided(done, () => authorize(request, null, staff)), done);
        return;
      }
      if (!request.headers.cookie?.includes(ATTENDEE_COOKIE)) return decided(done, () => authorize(request, null, null));
      attendeeOf(request.headers.cookie, eventScope(request) ?? undefined).then(
        (badgeNo) => decided(done, () => authorize(request, null, badgeNo === null ? null : { role: 'attendee', badgeNo })),
        done,
      );
    });
  },
  { name: 'auth', dependencies: ['config', 'db'] },
);
