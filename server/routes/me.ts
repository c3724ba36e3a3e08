import type { FastifyInstance, FastifyRequest } from 'fastify';
import cookie from '@fastify/cookie';
import { Type, type Static } from '@sinclair/typebox';
import { ApiError } from '../../shared/errors.ts';
import { ATTENDEE_COOKIE, AttendeeMe, AttendeeSignIn, MyConsent, MyDay, MyPlace } from '../../shared/me.ts';
import { ApiFailure } from '../plugins/errors.ts';
import { ATTENDEE_SESSION_MS } from '../me/attendee-keys.ts';
import { consentsOf, myDay, placeOf } from '../me/my-day.ts';
import { REMOTE_JOIN, REMOTE_LEAVE } from '../flow/rules.ts';
import { randomUUID } from 'node:crypto';
import { meAddress } from '../me/me-address.ts';

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
async function meOf(app: FastifyInstance, badgeNo: number): Promise<AttendeeMe & { consent: boolean }> {
  const person = await app.store.attendees.byBadgeNo(badgeNo);
  if (!person) throw new ApiFailure(401, 'unauthorized', 'Sign in with your badge number and PIN');
  return { badgeNo, firstName: person.firstName, language: person.language, consent: person.consent };
}

/** The attendee's phone: sign in with the badge number and PIN, who am I, my day, sign out; consents and queues (`choiceRoutes`). */
export default async function meRoutes(app: FastifyInstance): Promise<void> {
  // Setting cookies, for these routes only; the auth hook reads them (server/plugins/auth.ts).
  await app.register(cookie, { hook: false });
  const me = (badgeNo: number) => meOf(app, badgeNo);

  app.post<{ Body: AttendeeSignIn }>(
    '/api/me/session',
    {
      config: { access: ['public'] },
      schema: {
        tags: ['me'],
        summary: 'An attendee signs in on their phone with the badge number and the PIN printed on the badge (send x-kezek: 1): sets an HttpOnly cookie for 24 hours, ended by reissuing or revoking the badge. Failures are throttled per badge and per address (429 rate_limited).',
        body: AttendeeSignIn,
        response: { 200: AttendeeMe, '4xx': ApiError },
      },
    },
    async (request, reply) => {
      const { badgeNo, pin } = request.body;
      await app.pinLimit.check(request, reply, String(badgeNo));
      const live = await app.live.attendee(badgeNo);
      const serial = live?.serial ?? null;
      if (serial === null || !app.attendeeKeys.pinMatches(app.store.eventId, badgeNo, serial, pin)) {
        await app.pinLimit.failed(request, String(badgeNo));
        request.log.warn({ badgeNo }, 'attendee sign-in refused');
        throw new ApiFailure(401, 'pin_wrong', 'Wrong badge number or PIN');
      }
      const expiresAt = Date.now() + ATTENDEE_SESSION_MS;
      const value = app.attendeeKeys.session({ eventId: app.store.eventId, badgeNo, serial, expiresAt });
      reply.setCookie(ATTENDEE_COOKIE, value, { ...cookieOptions(request), maxAge: ATTENDEE_SESSION_MS / 1000 });
      return me(badgeNo);
    },
  );

  const whoAmI = { tags: ['me'], summary: 'The attendee signed in on this phone', response: { 200: AttendeeMe, '4xx': ApiError } };
  app.get('/api/me/session', { config: { access: ['attendee'] }, schema: whoAmI }, async (request) => me(badgeOf(request)));

  app.delete(
    '/api/me/session',
    {
      config: { access: ['public'] },
      schema: { tags: ['me'], summary: 'Signs the phone out: clears the cookie', response: { 204: Type.Null() } },
    },
    async (request, reply) => {
      reply.clearCookie(ATTENDEE_COOKIE, cookieOptions(request));
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/me/day',
    {
      config: { access: ['attendee'] },
      schema: {
        tags: ['me'],
        summary: 'The signed-in attendee\'s day: where they are now (inside, in a queue with their place and wait, or called), the stations visited with times, stations to go to now among those not visited, every station\'s names, and the programme when the event has one',
        response: { 200: MyDay, '4xx': ApiError },
      },
    },
    async (request) => myDay(app, await me(badgeOf(request)), Date.now()),
  );

  app.get(
    '/api/me/qr.svg',
    {
      config: { access: ['public'] },
      schema: { tags: ['me'], summary: 'The QR of the attendee\'s phone page (`/me` on the venue LAN, as badges print it), for the screens', produces: ['image/svg+xml'] },
    },
    async (request, reply) => {
      const { default: QRCode } = await import('qrcode');
      const svg = await QRCode.toString(meAddress(request, app.config.publicUrls), { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
      return reply.type('image/svg+xml').header('cache-control', 'no-cache').send(svg);
    },
  );
  await choiceRoutes(app);
}

/** What the attendee chooses on the phone: consent per employer visited, joining and leaving queues from afar. */
async function choiceRoutes(app: FastifyInstance): Promise<void> {
  const me = (badgeNo: number) => meOf(app, badgeNo);

  app.put<{ Params: Static<typeof ConsentParams>; Body: Static<typeof ConsentBody> }>(
    '/api/me/consents/:stationId',
    {
      config: { access: ['attendee'] },
      schema: {
        tags: ['me'],
        summary: 'The signed-in attendee gives (`given: true`) or withdraws consent to be contacted by an employer they visited: its lead list follows at once; the audit log records it (consent.give, consent.withdraw). Answers every employer visited with its consent; 409 not_visited for a station that is not an employer they visited',
        params: ConsentParams,
        body: ConsentBody,
        response: { 200: Type.Array(MyConsent), '4xx': ApiError },
      },
    },
    async (request) => {
      const who = await me(badgeOf(request));
      const { stationId } = request.params;
      const before = await consentsOf(app, who.badgeNo, who.consent);
      if (!before.some((c) => c.stationId === stationId)) throw new ApiFailure(409, 'not_visited', 'Consent is chosen for employers you visited');
      const { given } = request.body;
      await app.store.consents.set(who.badgeNo, { stationId, given, changedAt: Date.now() });
      app.audit(request, given ? 'consent.give' : 'consent.withdraw', stationId, { badgeNo: who.badgeNo });
      return before.map((c) => (c.stationId === stationId ? { stationId, given } : c));
    },
  );

  /** A phone's join or leave, decided by the flow rules as a scan of its own "kiosk" and logged as one. */
  const remote = async (request: FastifyRequest, stationId: string, kioskId: typeof REMOTE_JOIN | typeof REMOTE_LEAVE) => {
    const who = badgeOf(request);
    const station = await app.live.station(stationId);
    if (!station?.remoteQueue) throw new ApiFailure(409, 'remote_not_allowed', 'This station\'s queue is joined in person only');
    if (!app.eventCourse.isOpen(app.store.eventId)) throw new ApiFailure(409, 'event_closed', 'The event is closed');
    const attendee = await app.live.attendee(who);
    if (!attendee?.serial) throw new ApiFailure(401, 'unauthorized', 'Sign in with your badge number and PIN');
    const { answer } = await app.live.scan(
      { id: randomUUID(), kioskId, stationId, at: Date.now(), badge: { no: who, serial: attendee.serial } },
      { clientAt: null },
    );
    if (answer.outcome === 'rejected') throw new ApiFailure(409, answer.reason ?? 'refused', 'The station does not take you now');
    const now = Date.now();
    return { place: await placeOf(app, who, now), leftStation: answer.leftStation ?? null, at: now };
  };

  const QueueParams = Type.Object({ stationId: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,39}$' }) });
  const Joined = Type.Object({ place: Type.Union([MyPlace, Type.Null()]), leftStation: Type.Union([Type.String(), Type.Null()]), at: Type.Number() });

  app.post<{ Params: Static<typeof QueueParams> }>(
    '/api/me/queue/:stationId',
    {
      config: { access: ['attendee'] },
      schema: {
        tags: ['me'],
        summary: 'The signed-in attendee joins a station\'s queue from their phone, where the organiser allows it (`remoteQueue`: the event file\'s, then as set in /admin): one place at a time, so wherever they were they leave (`leftStation`); where a place is free and nobody waits they are called at once. 409 remote_not_allowed, station_paused, station_closed, queue_full, event_closed',
        params: QueueParams,
        response: { 200: Joined, '4xx': ApiError },
      },
    },
    async (request) => remote(request, request.params.stationId, REMOTE_JOIN),
  );

  app.delete<{ Params: Static<typeof QueueParams> }>(
    '/api/me/queue/:stationId',
    {
      config: { access: ['attendee'] },
      schema: {
        tags: ['me'],
        summary: 'The signed-in attendee leaves a station\'s queue (or gives up being called: the next is called) from their phone',
        params: QueueParams,
        response: { 200: Joined, '4xx': ApiError },
      },
    },
    async (request) => remote(request, request.params.stationId, REMOTE_LEAVE),
  );
}
