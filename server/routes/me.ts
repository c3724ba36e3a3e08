import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import cookie from '@fastify/cookie';
import { Type, type Static, type TObject, type TProperties } from '@sinclair/typebox';
import { ApiError } from '../../shared/errors.ts';
import type { LocalText } from '../../shared/event.ts';
import { ATTENDEE_COOKIE, AttendeeMe, AttendeeSignIn, BadgeOtherEvent, MyConsent, MyDay, MyPlace } from '../../shared/me.ts';
import { ApiFailure } from '../plugins/errors.ts';
import { ATTENDEE_SESSION_MS } from '../me/attendee-keys.ts';
import { consentsOf, myDay, placeOf } from '../me/my-day.ts';
import { REMOTE_JOIN, REMOTE_LEAVE } from '../flow/rules.ts';
import { randomUUID } from 'node:crypto';
import { meAddress } from '../me/me-address.ts';
import { meEventOf, type MeEvent } from '../me/me-event.ts';

const ConsentParams = Type.Object({ stationId: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,39}$' }) });
const ConsentBody = Type.Object({ given: Type.Boolean() }, { additionalProperties: false });

/** The attendee signed in on this phone (the auth hook has found them). */
function badgeOf(request: FastifyRequest): number {
  const p = request.principal;
  if (p.role !== 'attendee') throw new ApiFailure(401, 'unauthorized', 'Sign in with your badge number and PIN');
  return p.badgeNo;
}

const cookieOptions = (request: FastifyRequest) => ({ httpOnly: true, sameSite: 'strict', path: '/', secure: request.protocol === 'https' }) as const;

/** The attendee, with the consent they gave at registration (not sent as such: the day's consents say it per employer). */
async function meOf(at: MeEvent, badgeNo: number): Promise<AttendeeMe & { consent: boolean }> {
  const person = await at.records.attendees.byBadgeNo(badgeNo);
  if (!person) throw new ApiFailure(401, 'unauthorized', 'Sign in with your badge number and PIN');
  return { badgeNo, firstName: person.firstName, language: person.language, consent: person.consent };
}

/** Where the phone's routes are: the served event's (`/api/me`), or any live event's (`/api/events/:event/me`). */
export interface MeOf {
  base: string;
  params?: typeof EventParams;
}
const EventParams = Type.Object({ event: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,63}$' }) });
/** The phone's routes at any event live on this server. */
export const EVENT_ME: MeOf = { base: '/api/events/:event/me', params: EventParams };

/**
 * The open event other than `at` whose badge `badgeNo` the PIN is (its badge in force), or null:
 * a badge of another event typed at this event's phone page is told where it belongs.
 */
async function badgeElsewhere(app: FastifyInstance, at: MeEvent, badgeNo: number, pin: string): Promise<{ id: string; name: LocalText } | null> {
  for (const event of await app.store.events.list()) {
    if (event.id === at.eventId || event.status !== 'open') continue;
    const attendees = app.store.forEvent(event.id).attendees;
    const person = await attendees.byBadgeNo(badgeNo);
    const serial = person && (await attendees.badgeInForce(person.id));
    if (serial && app.attendeeKeys.pinMatches(event.id, badgeNo, serial, pin)) return { id: event.id, name: event.name };
  }
  return null;
}

/** Signs a phone in at the event with the badge number and PIN; a badge of another open event is refused as such. */
async function signIn(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply, body: AttendeeSignIn): Promise<AttendeeMe> {
  const { badgeNo, pin } = body;
  await app.pinLimit.check(request, reply, String(badgeNo));
  const at = await meEventOf(app, request);
  const serial = (await at.live.attendee(badgeNo))?.serial ?? null;
  if (serial === null || !app.attendeeKeys.pinMatches(at.eventId, badgeNo, serial, pin)) {
    // Counted as a failure even when it is another event's: each try tests no more than a few events' PINs.
    await app.pinLimit.failed(request, String(badgeNo));
    const elsewhere = await badgeElsewhere(app, at, badgeNo, pin);
    request.log.warn({ badgeNo, event: at.eventId, elsewhere: elsewhere?.id }, 'attendee sign-in refused');
    if (elsewhere) throw new ApiFailure(409, 'badge_other_event', `This badge is of another event: "${elsewhere.name.en}"`, { event: elsewhere });
    throw new ApiFailure(401, 'pin_wrong', 'Wrong badge number or PIN');
  }
  const expiresAt = Date.now() + ATTENDEE_SESSION_MS;
  const value = app.attendeeKeys.session({ eventId: at.eventId, badgeNo, serial, expiresAt });
  reply.setCookie(ATTENDEE_COOKIE, value, { ...cookieOptions(request), maxAge: ATTENDEE_SESSION_MS / 1000 });
  return meOf(at, badgeNo);
}

/**
 * The attendee's phone: sign in with the badge number and PIN, who am I, my day, sign out; consents
 * and queues (`choiceRoutes`). The served event's at `/api/me/…`, any live event's at
 * `/api/events/:event/me/…` (the phone session is of one event: signed in at another, it is nobody here).
 */
export default async function meRoutes(app: FastifyInstance, given: Partial<MeOf> = {}): Promise<void> {
  const { base = '/api/me', params } = given;
  // No params schema on today's paths: Fastify warns of one given as undefined.
  const eventParams = params ? { params } : {};
  // Setting cookies, for these routes only; the auth hook reads them (server/plugins/auth.ts).
  await app.register(cookie, { hook: false });
  const me = async (request: FastifyRequest) => meOf(await meEventOf(app, request), badgeOf(request));

  app.post<{ Body: AttendeeSignIn }>(
    `${base}/session`,
    {
      config: { access: ['public'] },
      schema: {
        tags: ['me'],
        summary: 'An attendee signs in on their phone with the badge number and the PIN printed on the badge (send x-kezek: 1): sets an HttpOnly cookie for 24 hours, ended by reissuing or revoking the badge. Failures are throttled per badge and per address (429 rate_limited); the badge of another open event of the installation is refused as 409 badge_other_event, naming it (`event: { id, name }`).',
        ...eventParams,
        body: AttendeeSignIn,
        response: { 200: AttendeeMe, 409: Type.Union([BadgeOtherEvent, ApiError]), '4xx': ApiError },
      },
    },
    async (request, reply) => signIn(app, request, reply, request.body),
  );

  const whoAmI = { tags: ['me'], summary: 'The attendee signed in on this phone', ...eventParams, response: { 200: AttendeeMe, '4xx': ApiError } };
  app.get(`${base}/session`, { config: { access: ['attendee'] }, schema: whoAmI }, async (request) => me(request));

  app.delete(
    `${base}/session`,
    {
      config: { access: ['public'] },
      schema: { tags: ['me'], summary: 'Signs the phone out: clears the cookie', ...eventParams, response: { 204: Type.Null() } },
    },
    async (request, reply) => {
      reply.clearCookie(ATTENDEE_COOKIE, cookieOptions(request));
      return reply.code(204).send();
    },
  );

  app.get(
    `${base}/day`,
    {
      config: { access: ['attendee'] },
      schema: {
        tags: ['me'],
        summary: 'The signed-in attendee\'s day: where they are now (inside, in a queue with their place and wait, or called), the stations visited with times, stations to go to now among those not visited, every station\'s names, and the programme when the event has one',
        ...eventParams,
        response: { 200: MyDay, '4xx': ApiError },
      },
    },
    async (request) => {
      const at = await meEventOf(app, request);
      return myDay(at, await meOf(at, badgeOf(request)), Date.now());
    },
  );
  qrRoute(app, base, params);
  await choiceRoutes(app, base, params);
}

/** The QR of the event's phone page, for its screens. */
function qrRoute(app: FastifyInstance, base: string, params: MeOf['params']): void {
  app.get(
    `${base}/qr.svg`,
    {
      config: { access: ['public'] },
      schema: { tags: ['me'], summary: 'The QR of the attendee\'s phone page (`/me` on the venue LAN, as badges print it; another event\'s `/e/<event>/me`), for the screens', produces: ['image/svg+xml'], ...(params ? { params } : {}) },
    },
    async (request, reply) => {
      const at = await meEventOf(app, request);
      const { default: QRCode } = await import('qrcode');
      const page = at.served ? '/me' : `/e/${at.eventId}/me`;
      const svg = await QRCode.toString(meAddress(request, app.config.publicUrls, page), { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
      return reply.type('image/svg+xml').header('cache-control', 'no-cache').send(svg);
    },
  );
}

/** A route's own path parameters, with the event's where the routes are any event's. */
const withEvent = <P extends TProperties>(own: TObject<P>, params: MeOf['params']) => (params ? Type.Object({ ...params.properties, ...own.properties }) : own);

/** What the attendee chooses on the phone: consent per employer visited, joining and leaving queues from afar. */
async function choiceRoutes(app: FastifyInstance, base: string, params: MeOf['params']): Promise<void> {
  app.put<{ Params: Static<typeof ConsentParams>; Body: Static<typeof ConsentBody> }>(
    `${base}/consents/:stationId`,
    {
      config: { access: ['attendee'] },
      schema: {
        tags: ['me'],
        summary: 'The signed-in attendee gives (`given: true`) or withdraws consent to be contacted by an employer they visited: its lead list follows at once; the audit log records it (consent.give, consent.withdraw). Answers every employer visited with its consent; 409 not_visited for a station that is not an employer they visited',
        params: withEvent(ConsentParams, params),
        body: ConsentBody,
        response: { 200: Type.Array(MyConsent), '4xx': ApiError },
      },
    },
    async (request) => {
      const at = await meEventOf(app, request);
      const who = await meOf(at, badgeOf(request));
      const { stationId } = request.params;
      const before = await consentsOf(at, who.badgeNo, who.consent);
      if (!before.some((c) => c.stationId === stationId)) throw new ApiFailure(409, 'not_visited', 'Consent is chosen for employers you visited');
      const { given } = request.body;
      await at.records.consents.set(who.badgeNo, { stationId, given, changedAt: Date.now() });
      app.audit(request, given ? 'consent.give' : 'consent.withdraw', stationId, { badgeNo: who.badgeNo }, at.served ? undefined : at.eventId);
      return before.map((c) => (c.stationId === stationId ? { stationId, given } : c));
    },
  );

  /** A phone's join or leave, decided by the flow rules as a scan of its own "kiosk" and logged as one. */
  const remote = async (request: FastifyRequest, stationId: string, kioskId: typeof REMOTE_JOIN | typeof REMOTE_LEAVE) => {
    const who = badgeOf(request);
    const at = await meEventOf(app, request);
    const station = await at.live.station(stationId);
    if (!station?.remoteQueue) throw new ApiFailure(409, 'remote_not_allowed', 'This station\'s queue is joined in person only');
    if (!app.eventCourse.isOpen(at.eventId)) throw new ApiFailure(409, 'event_closed', 'The event is closed');
    const attendee = await at.live.attendee(who);
    if (!attendee?.serial) throw new ApiFailure(401, 'unauthorized', 'Sign in with your badge number and PIN');
    const { answer } = await at.live.scan(
      { id: randomUUID(), kioskId, stationId, at: Date.now(), badge: { no: who, serial: attendee.serial } },
      { clientAt: null },
    );
    if (answer.outcome === 'rejected') throw new ApiFailure(409, answer.reason ?? 'refused', 'The station does not take you now');
    const now = Date.now();
    return { place: await placeOf(at, who, now), leftStation: answer.leftStation ?? null, at: now };
  };

  const QueueParams = Type.Object({ stationId: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,39}$' }) });
  const Joined = Type.Object({ place: Type.Union([MyPlace, Type.Null()]), leftStation: Type.Union([Type.String(), Type.Null()]), at: Type.Number() });

  app.post<{ Params: Static<typeof QueueParams> }>(
    `${base}/queue/:stationId`,
    {
      config: { access: ['attendee'] },
      schema: {
        tags: ['me'],
        summary: 'The signed-in attendee joins a station\'s queue from their phone, where the organiser allows it (`remoteQueue`: the event file\'s, then as set in /admin): one place at a time, so wherever they were they leave (`leftStation`); where a place is free and nobody waits they are called at once. 409 remote_not_allowed, station_paused, station_closed, queue_full, event_closed',
        params: withEvent(QueueParams, params),
        response: { 200: Joined, '4xx': ApiError },
      },
    },
    async (request) => remote(request, request.params.stationId, REMOTE_JOIN),
  );

  app.delete<{ Params: Static<typeof QueueParams> }>(
    `${base}/queue/:stationId`,
    {
      config: { access: ['attendee'] },
      schema: {
        tags: ['me'],
        summary: 'The signed-in attendee leaves a station\'s queue (or gives up being called: the next is called) from their phone',
        params: withEvent(QueueParams, params),
        response: { 200: Joined, '4xx': ApiError },
      },
    },
    async (request) => remote(request, request.params.stationId, REMOTE_LEAVE),
  );
}
