import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import cookie from '@fastify/cookie';
import { Type, type Static } from '@sinclair/typebox';
import { ApiError } from '../../shared/errors.ts';
import { EventRole } from '../../shared/events.ts';
import { ApiFailure } from '../plugins/errors.ts';
import { randomBytes, randomUUID } from 'node:crypto';
import { DECOY_HASH, hashPassword, verifyPassword } from '../staff/passwords.ts';
import { SESSION_COOKIE, SESSION_TTL_MS } from '../staff/sessions.ts';
import type { UserRecord } from '../db/durable-store.ts';
import type { EventRecord } from '../db/events.ts';

const SignIn = Type.Object(
  { username: Type.String({ minLength: 1, maxLength: 60 }), password: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);

/**
 * Who the caller is: a staff member (with their account, their role at the served event, `staff`
 * when they have none here, and every event where they have one), a kiosk, or nobody in particular.
 */
export const Me = Type.Object({
  role: Type.Union([Type.Literal('organiser'), Type.Literal('desk'), Type.Literal('staff'), Type.Literal('kiosk'), Type.Literal('public')]),
  user: Type.Union([Type.Object({ id: Type.String(), username: Type.String(), displayName: Type.String() }), Type.Null()]),
  station: Type.Optional(Type.String()),
  /** Staff accounts: the events where they have a role (the admin token: every event, as organiser), the latest first. */
  events: Type.Optional(Type.Array(EventRole)),
});
type Me = Static<typeof Me>;

/** The events where an account has a role, the latest first; the admin token (no account) is every event's organiser. */
async function rolesAt(app: FastifyInstance, userId: string | null): Promise<EventRole[]> {
  const events = await app.store.events.list();
  const at = (e: EventRecord, role: EventRole['role']): EventRole => ({ id: e.id, name: e.name, role, startsOn: e.startsOn, endsOn: e.endsOn, served: e.id === app.store.eventId });
  if (userId === null) return events.map((e) => at(e, 'organiser'));
  const roles = new Map((await app.store.users.rolesOf(userId)).map((r) => [r.eventId, r.role]));
  return events.flatMap((e) => {
    const role = roles.get(e.id);
    return role === 'organiser' || role === 'desk' ? [at(e, role)] : [];
  });
}

/**
 * Audits a staff member's sign-in or sign-out at each event where they have a role (not archived
 * ones: their logs are read only), each with their role there; with none but archived, at the
 * served event's.
 */
function auditAtTheirEvents(app: FastifyInstance, events: EventRole[], who: { userId: string; address: string }, action: 'session.sign_in' | 'session.sign_out', target: string | null, detail?: Record<string, unknown>): void {
  const live = events.filter((e) => !app.eventCourse.isArchived(e.id));
  if (live.length === 0) app.audit({ role: 'staff', ...who }, action, target, detail);
  for (const e of live) app.audit({ role: e.role, ...who }, action, target, detail, e.served ? undefined : e.id);
}

/** The account the admin token signs in as. */
export const ADMIN_USERNAME = 'admin';

/** The built-in organiser account `admin`, signed in with the admin token (the first sign-in of an event). */
async function adminUser(app: FastifyInstance): Promise<UserRecord> {
  const found = await app.store.users.byUsername(ADMIN_USERNAME);
  // The admin token is every event's organiser: its account is, at whichever event it signs in to.
  if (found && found.role !== 'organiser') await app.store.users.update(found.id, { role: 'organiser' });
  if (found) return { ...found, role: 'organiser' };
  // Its password is random and never told: only the admin token signs it in.
  const row = {
    id: randomUUID(),
    username: ADMIN_USERNAME,
    displayName: 'Admin',
    role: 'organiser',
    passwordHash: await hashPassword(randomBytes(32).toString('base64url')),
    createdAt: Date.now(),
    disabledAt: null,
  };
  await app.store.users.create(row);
  return (await app.store.users.byUsername(ADMIN_USERNAME))!;
}

/** Who the caller of a request is, as `GET /api/session` tells it. */
async function whoIs(app: FastifyInstance, request: FastifyRequest): Promise<Me> {
  const p = request.principal;
  if (p.role === 'kiosk') return { role: 'kiosk', user: null, station: p.stationId };
  // An attendee's phone session is nobody in particular to the staff pages.
  if (p.role === 'attendee') return { role: 'public', user: null };
  if (p.role === 'public') return { role: p.role, user: null };
  const events = await rolesAt(app, p.userId);
  if (p.userId === null) return { role: p.role, user: null, events };
  const u = await app.store.users.byId(p.userId);
  return { role: p.role, user: u ? { id: u.id, username: u.username, displayName: u.displayName } : null, events };
}

/** Staff sign-in with a session cookie: POST signs in, GET says who you are, DELETE signs out. */
export default async function sessionRoutes(app: FastifyInstance): Promise<void> {
  // Setting cookies, for these routes only; the auth hook reads them (server/plugins/auth.ts).
  await app.register(cookie, { hook: false });
  const cookieOptions = (request: FastifyRequest) =>
    ({ httpOnly: true, sameSite: 'strict', path: '/', secure: request.protocol === 'https' }) as const;



  app.post<{ Body: Static<typeof SignIn> }>(
    '/api/session',
    {
      config: { access: ['public'] },
      schema: {
        tags: ['staff'],
        summary: 'Sign in as staff: sets an HttpOnly session cookie for 12 hours (send x-kezek: 1). User `admin` with the admin token as password signs in as the built-in organiser.',
        body: SignIn,
        response: { 200: Me, '4xx': ApiError },
      },
    },
    async (request, reply) => {
      const username = request.body.username.trim().toLowerCase();
      await app.signInLimit.check(request, reply, username);
      const asAdmin = username === ADMIN_USERNAME && app.isAdminToken(request.body.password);
      const user = asAdmin ? await adminUser(app) : await app.store.users.byUsername(username);
      // Unknown users cost as much as known ones, so timing does not reveal who has an account.
      const ok = asAdmin || (await verifyPassword(request.body.password, user?.passwordHash ?? DECOY_HASH));
      if (!user || !ok || user.disabledAt !== null) {
        await app.signInLimit.failed(request, username);
        request.log.warn({ username }, 'sign-in refused');
        app.audit(request, 'session.sign_in_failed', username);
        throw new ApiFailure(401, 'bad_credentials', 'Wrong username or password');
      }
      // Staff of another event sign in and act there (`/api/events/:event/…`); an account with no
      // role at any event of the installation has nothing to sign in to.
      const events = await rolesAt(app, user.id);
      if (events.length === 0) {
        request.log.warn({ username }, 'sign-in refused: no role at any event');
        app.audit(request, 'session.sign_in_failed', username, { why: 'no_role_here' });
        throw new ApiFailure(403, 'no_role_here', 'This account has no role at any event: an organiser can give it one');
      }
      const role = user.role === 'organiser' || user.role === 'desk' ? user.role : 'staff';
      const { token } = await app.staffSessions.create(user.id);
      reply.setCookie(SESSION_COOKIE, token, { ...cookieOptions(request), maxAge: SESSION_TTL_MS / 1000 });
      request.log.info({ userId: user.id, role }, 'staff signed in');
      auditAtTheirEvents(app, events, { userId: user.id, address: request.ip }, 'session.sign_in', user.username, asAdmin ? { with: 'admin token' } : undefined);
      return { role, user: { id: user.id, username: user.username, displayName: user.displayName }, events };
    },
  );

  app.get(
    '/api/session',
    {
      config: { access: ['public'] },
      schema: { tags: ['staff'], summary: 'Who the caller is (staff session, bearer token or nobody)', response: { 200: Me } },
    },
    async (request) => whoIs(app, request),
  );

  app.delete(
    '/api/session',
    {
      config: { access: ['public'] },
      schema: { tags: ['staff'], summary: 'Sign out: ends the session and clears the cookie', response: { 204: Type.Null(), '4xx': ApiError } },
    },
    async (request: FastifyRequest, reply: FastifyReply) => {
      const token = app.sessionToken(request.headers.cookie);
      const staff = token ? await app.staffSessions.lookup(token) : null;
      if (token) await app.staffSessions.end(token);
      if (staff) auditAtTheirEvents(app, await rolesAt(app, staff.userId), { userId: staff.userId, address: request.ip }, 'session.sign_out', null);
      reply.clearCookie(SESSION_COOKIE, cookieOptions(request));
      return reply.code(204).send();
    },
  );
}
