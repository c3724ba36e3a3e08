import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { ApiError } from '../../../shared/errors.ts';
import { normalisePhone } from '../../../shared/attendee.ts';
import { LocalText } from '../../../shared/event.ts';
import { nameWords } from '../../../shared/name-search.ts';
import type { AttendeeQuery, AttendeeRecord, ReturningQuery } from '../../db/durable-store.ts';
import { ApiFailure } from '../../plugins/errors.ts';
import { registerAttendee } from '../../registration/badge-issue.ts';

/** What the attendee search looks a phone up by: its digits, as stored (`+7XXXXXXXXXX`) without the `+`. */
const byPhoneQuery = (phone: string): AttendeeQuery => ({ digits: phone.slice(1), phone: phone.slice(1) });

const Query = Type.Object({ q: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false });

/** Someone registered at another event of the installation, as the desk finds them to register here. */
const Returning = Type.Object({
  event: Type.Object({ id: Type.String(), name: LocalText, startsOn: Type.String() }),
  id: Type.String(),
  badgeNo: Type.Integer(),
  firstName: Type.String(),
  lastName: Type.String(),
  category: Type.String(),
  institution: Type.String(),
  grade: Type.String(),
  phone: Type.Union([Type.String(), Type.Null()]),
  email: Type.Union([Type.String(), Type.Null()]),
  language: Type.String(),
});
type Returning = Static<typeof Returning>;

const Again = Type.Object({ event: Type.String({ maxLength: 64 }), id: Type.String({ maxLength: 64 }) }, { additionalProperties: false });
const Registered = Type.Object({ id: Type.String(), badgeNo: Type.Integer(), badge: Type.String(), pin: Type.String() });

/** At most this many people found across the installation's other events. */
const FOUND_MAX = 20;

/**
 * Returning attendees: someone who came to another event of the installation (the spring open
 * day), found and registered for this one without typing again: the same person, a new badge
 * number and badge here. The desk finds them by their phone (all its digits: only who knows it
 * finds them); organisers by name too. Consent to employers is not carried over: it is asked again.
 */
export default async function returningRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: Static<typeof Query> }>(
    '/api/attendees/returning',
    {
      config: { access: ['organiser', 'desk'] },
      schema: {
        tags: ['attendees'],
        summary: 'Find someone registered at another event of the installation: by phone (desk and organisers) or by name (organisers), the latest event first',
        security: [{ bearer: [] }],
        querystring: Query,
        response: { 200: Type.Array(Returning), '4xx': ApiError },
      },
    },
    async (request) => {
      const q = request.query.q.trim();
      const phone = normalisePhone(q);
      if (phone === null && request.principal.role !== 'organiser') {
        throw new ApiFailure(400, 'returning_needs_phone', 'The desk finds returning attendees by their whole phone number');
      }
      const query: ReturningQuery | null = phone ? { phone } : nameWords(q).length > 0 ? { words: nameWords(q) } : null;
      if (!query) return [];
      const found = await app.store.attendees.elsewhere(query, FOUND_MAX);
      if (found.length === 0) return [];
      const events = new Map((await app.store.events.list()).map((e) => [e.id, e]));
      return found.map((a) => returningView(events.get(a.eventId)!, a));
    },
  );

  app.post<{ Body: Static<typeof Again> }>(
    '/api/attendees/returning',
    {
      config: { access: ['organiser', 'desk'], limit: 'attendees' },
      schema: {
        tags: ['attendees'],
        summary: 'Register here someone of another event of the installation: their details copied (consent asked again), a new badge',
        security: [{ bearer: [] }],
        body: Again,
        response: { 201: Registered, '4xx': ApiError },
      },
    },
    async (request, reply) => {
      const { event, id } = request.body;
      const before = event === app.store.eventId ? null : await app.store.forEvent(event).attendees.byId(id);
      if (!before) throw new ApiFailure(404, 'attendee_not_found', 'No attendee of that id at that event');
      if (before.phone) {
        const { rows } = await app.store.attendees.search(byPhoneQuery(before.phone), 50, 0);
        const here = rows.find((a) => a.phone === before.phone && a.firstName === before.firstName);
        if (here) throw new ApiFailure(409, 'already_registered', `Registered here already, badge ${here.badgeNo}`);
      }
      const { firstName, lastName, category, institution, grade, phone, email, language } = before;
      const registered = await registerAttendee(app, { firstName, lastName, category, institution, grade, phone, email, language, consent: false });
      app.attendeesRegistered();
      app.audit(request, 'attendee.create', registered.badgeNo, { id: registered.id, returning: { event, id } });
      return reply.code(201).send(registered);
    },
  );
}

function returningView(event: { id: string; name: Static<typeof LocalText>; startsOn: string }, a: AttendeeRecord): Returning {
  const { id, badgeNo, firstName, lastName, category, institution, grade, phone, email, language } = a;
  return { event: { id: event.id, name: event.name, startsOn: event.startsOn }, id, badgeNo, firstName, lastName, category, institution, grade, phone, email, language };
}
