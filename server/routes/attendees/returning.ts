import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { ApiError } from '../../../shared/errors.ts';
import { normalisePhone } from '../../../shared/attendee.ts';
import { LocalText } from '../../../shared/event.ts';
import { nameWords } from '../../../shared/name-search.ts';
import { AlreadyRegistered, type AttendeeElsewhere, type AttendeeQuery, type AttendeeRecord, type PersonAt, type ReturningQuery } from '../../db/durable-store.ts';
import type { EventRecord } from '../../db/events.ts';
import { ApiFailure } from '../../plugins/errors.ts';
import { registerAttendee, type DeskEvent } from '../../registration/badge-issue.ts';
import { servedDeskOf, type DeskOf } from './desk-event.ts';

/** What the attendee search looks a phone up by: its digits, as stored (`+7XXXXXXXXXX`) without the `+`. */
const byPhoneQuery = (phone: string): AttendeeQuery => ({ digits: phone.slice(1), phone: phone.slice(1) });

const EventParam = Type.Object({ event: Type.Optional(Type.String({ maxLength: 64 })) });
const Query = Type.Object({ q: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false });
const EventRef = Type.Object({ id: Type.String(), name: LocalText, startsOn: Type.String() });

/**
 * Someone registered at another event of the installation, as the desk finds them to register
 * here: only what telling namesakes apart needs (name, institution, category, the events they were
 * registered at), never their phone, e-mail or badges elsewhere.
 */
const Returning = Type.Object({
  /** The person: the same at every event they were registered at. */
  person: Type.String(),
  /** Their latest registration at another event: what registering them here copies. */
  event: EventRef,
  id: Type.String(),
  firstName: Type.String(),
  lastName: Type.String(),
  category: Type.String(),
  institution: Type.String(),
  /** Every event of the installation they were registered at (this one too when they are), the latest first. */
  events: Type.Array(EventRef),
  /** Their badge number here when they are registered here already; null otherwise. */
  here: Type.Union([Type.Integer(), Type.Null()]),
});
type Returning = Static<typeof Returning>;

const Again = Type.Object({ event: Type.String({ maxLength: 64 }), id: Type.String({ maxLength: 64 }) }, { additionalProperties: false });
const Registered = Type.Object({ id: Type.String(), badgeNo: Type.Integer(), badge: Type.String(), pin: Type.String(), person: Type.String() });
/** `409 already_registered`, with the badge number the person has here. */
const Twice = Type.Composite([ApiError, Type.Object({ badgeNo: Type.Optional(Type.Integer()) })]);

/** At most this many people found across the installation's other events. */
const FOUND_MAX = 20;

/**
 * Returning attendees: someone who came to another event of the installation (the spring open
 * day), found and registered at the desk's event (the autumn one) without typing again: the same
 * person, a new badge number and badge signed for this event. By name (Kazakh, Russian or Latin
 * spelling alike) or whole phone number, by its organisers and desk volunteers. Consent to
 * employers is not carried over: it is asked again.
 */
export default async function returningRoutes(app: FastifyInstance, given: Partial<DeskOf> = {}): Promise<void> {
  const desk: DeskOf = { ...servedDeskOf(app), ...given };
  app.get<{ Params: Static<typeof EventParam>; Querystring: Static<typeof Query> }>(
    `${desk.base}/attendees/returning`,
    {
      config: { access: ['organiser', 'desk'] },
      schema: {
        tags: ['attendees'],
        summary: 'Find people registered at other events of the installation, by name or whole phone number, the latest event first: name, institution, category and their events only',
        security: [{ bearer: [] }],
        params: EventParam,
        querystring: Query,
        response: { 200: Type.Array(Returning), '4xx': ApiError },
      },
    },
    async (request) => {
      const at = await desk.of(request, false);
      const q = request.query.q.trim();
      const phone = normalisePhone(q);
      const query: ReturningQuery | null = phone ? { phone } : nameWords(q).length > 0 ? { words: nameWords(q) } : null;
      return query ? findReturning(app, at, query) : [];
    },
  );

  app.post<{ Params: Static<typeof EventParam>; Body: Static<typeof Again> }>(
    `${desk.base}/attendees/returning`,
    {
      config: { access: ['organiser', 'desk'], limit: 'attendees' },
      schema: {
        tags: ['attendees'],
        summary: 'Register here someone of another event of the installation: their details copied (consent asked again), a new badge signed for this event, the same person',
        security: [{ bearer: [] }],
        params: EventParam,
        body: Again,
        response: { 201: Registered, 409: Twice, '4xx': ApiError },
      },
    },
    async (request, reply) => {
      const at = await desk.of(request, true);
      const { event, id } = request.body;
      const before = event !== at.eventId && (await app.store.events.byId(event)) ? await app.store.forEvent(event).attendees.byId(id) : null;
      const person = before && (await app.store.forEvent(event).attendees.personOf(id));
      if (!before || !person) throw new ApiFailure(404, 'attendee_not_found', 'No attendee of that id at that event');
      await refuseTwice(at, before, person);
      const { firstName, lastName, category, institution, grade, phone, email, language } = before;
      const fields = { firstName, lastName, category, institution, grade, phone, email, language, consent: false, personId: person };
      // Two desks registering the same person at once: the store registers one, and the other is told of it.
      const registered = await registerAttendee(app, fields, at).catch((err: unknown) => {
        if (err instanceof AlreadyRegistered) throw twice(err.badgeNo);
        throw err;
      });
      app.attendeesRegistered();
      request.log.info({ attendeeId: registered.id, badgeNo: registered.badgeNo, event: at.eventId, person }, 'returning attendee registered');
      app.audit(request, 'attendee.create', registered.badgeNo, { id: registered.id, returning: { event, id, person } }, at.eventId);
      return reply.code(201).send({ ...registered, person });
    },
  );
}

/** The people a query finds at the other events of the desk's event, each once (their latest registration), with their events. */
async function findReturning(app: FastifyInstance, at: DeskEvent, query: ReturningQuery): Promise<Returning[]> {
  const found = await at.records.attendees.elsewhere(query, FOUND_MAX * 3);
  const people = new Map<string, AttendeeElsewhere>();
  for (const a of found) if (!people.has(a.personId) && people.size < FOUND_MAX) people.set(a.personId, a);
  if (people.size === 0) return [];
  const [registrations, events] = await Promise.all([at.records.attendees.registrationsOf([...people.keys()]), app.store.events.list()]);
  const byId = new Map(events.map((e) => [e.id, e]));
  const ofPerson = new Map<string, PersonAt[]>();
  for (const r of registrations) ofPerson.set(r.personId, [...(ofPerson.get(r.personId) ?? []), r]);
  return [...people.values()].map((a) => {
    const theirs = ofPerson.get(a.personId) ?? [];
    return {
      person: a.personId,
      event: eventRef(byId.get(a.eventId)!),
      id: a.id,
      firstName: a.firstName,
      lastName: a.lastName,
      category: a.category,
      institution: a.institution,
      events: theirs.map((r) => eventRef(byId.get(r.eventId)!)),
      here: theirs.find((r) => r.eventId === at.eventId)?.badgeNo ?? null,
    };
  });
}

/**
 * Refuses to register someone twice at the desk's event: the same person (registered here again
 * before), or the same phone and first name (registered here by hand).
 */
async function refuseTwice(at: DeskEvent, before: AttendeeRecord, person: string): Promise<void> {
  const again = (await at.records.attendees.registrationsOf([person])).find((r) => r.eventId === at.eventId);
  let badgeNo = again?.badgeNo;
  if (badgeNo === undefined && before.phone) {
    const { rows } = await at.records.attendees.search(byPhoneQuery(before.phone), 50, 0);
    badgeNo = rows.find((a) => a.phone === before.phone && a.firstName === before.firstName)?.badgeNo;
  }
  if (badgeNo !== undefined) throw twice(badgeNo);
}

/** `409 already_registered`, with the person's badge number here. */
const twice = (badgeNo: number) => new ApiFailure(409, 'already_registered', `Registered at this event already, badge ${badgeNo}`, { badgeNo });

const eventRef = (e: EventRecord): Static<typeof EventRef> => ({ id: e.id, name: e.name, startsOn: e.startsOn });
