import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { ApiError } from '../../shared/errors.ts';
import { inEveryLanguage, type EventDef, type StationDef } from '../../shared/event.ts';
import { EventPatch, EventStations, EventSummary, NewEvent } from '../../shared/events.ts';
import { checkEvent, ConfigError } from '../config.ts';
import type { EventRecord } from '../db/events.ts';
import { ApiFailure } from '../plugins/errors.ts';

const Params = Type.Object({ event: Type.String({ maxLength: 64 }) });
type Params = Static<typeof Params>;

// A variable, not a literal, so the route config stays assignable whatever the auth plugin's Role is.
const organiserOnly: { access: ['organiser'] } = { access: ['organiser'] };

/** The one station an event made from scratch starts with: the entrance, where arrivals are counted. */
const ENTRANCE: StationDef = {
  id: 'entrance',
  name: { kk: 'Кіреберіс және тіркеу', ru: 'Вход и регистрация', en: 'Entrance and registration' },
  shortName: { kk: 'Кіреберіс', ru: 'Вход', en: 'Entrance' },
  group: 'entrance',
  host: '—',
  capacity: 3000,
  mode: 'gate',
  sessionMinutes: 1,
  maxStayMinutes: 720,
};

function summary(e: EventRecord): EventSummary {
  return {
    id: e.id,
    name: e.name,
    venue: inEveryLanguage(e.venue),
    startsOn: e.startsOn,
    endsOn: e.endsOn,
    status: e.status,
    current: e.current,
    stations: e.definition.stations.length,
    createdAt: new Date(e.createdAt).toISOString(),
  };
}

const eventNotFound = (id: string) => new ApiFailure(404, 'event_not_found', `No event "${id}" in this installation`);

/**
 * Whether the caller is an organiser at an event: the admin token is every event's; a staff
 * account, where it has that role.
 */
async function organiserAt(app: FastifyInstance, request: FastifyRequest, eventId: string): Promise<boolean> {
  const p = request.principal;
  if (p.role !== 'organiser' && p.role !== 'desk' && p.role !== 'staff') return false;
  if (p.userId === null) return p.role === 'organiser';
  return (await app.store.forEvent(eventId).users.byId(p.userId))?.role === 'organiser';
}

/**
 * The event a request's `:event` names, or a 404. The caller's role there was decided by the auth
 * hook (server/plugins/auth.ts): one the route allows, or the request was refused before this.
 */
export async function eventOf(app: FastifyInstance, request: FastifyRequest): Promise<EventRecord> {
  const id = (request.params as Params).event;
  const found = await app.store.events.byId(id);
  if (!found) throw eventNotFound(id);
  return found;
}

/** Another event a request names (not by `:event`): a 404 also where the caller is no organiser (they see nothing of it). */
export async function eventNamed(app: FastifyInstance, request: FastifyRequest, id: string): Promise<EventRecord> {
  const found = await app.store.events.byId(id);
  if (!found || !(await organiserAt(app, request, id))) throw eventNotFound(id);
  return found;
}

/** The event file a new event is made from, and its days. */
async function newEventFile(app: FastifyInstance, body: NewEvent): Promise<{ def: EventDef; startsOn: string; endsOn: string }> {
  if (body.from === 'file') {
    let def: EventDef;
    try {
      // A copy: validation fills defaults in, and the request's body stays as it came.
      def = checkEvent(structuredClone(body.file), 'event file');
    } catch (err) {
      if (err instanceof ConfigError) throw new ApiFailure(400, 'invalid_event_file', err.message);
      throw err;
    }
    const startsOn = body.startsOn ?? def.date;
    return { def, startsOn, endsOn: body.endsOn ?? startsOn };
  }
  const { id, name, startsOn } = body;
  const endsOn = body.endsOn ?? startsOn;
  if (body.from === 'scratch') {
    return { def: { id, name, date: startsOn, venue: body.venue ?? name, maxQueue: 100, callMinutes: 5, stations: [ENTRANCE] }, startsOn, endsOn };
  }
  const source = await app.store.events.byId(body.source);
  if (!source) throw eventNotFound(body.source);
  const copied = source.definition;
  return { def: { ...copied, id, name, date: startsOn, venue: body.venue ?? copied.venue }, startsOn, endsOn };
}

const checkDays = (startsOn: string, endsOn: string): void => {
  if (endsOn < startsOn) throw new ApiFailure(400, 'invalid_dates', 'An event cannot end before it starts');
};

/**
 * The events of the installation (organisers only): list, create (from scratch, as a copy of
 * another's stations, or from an event file), dates and status, and which one today's paths
 * serve. The current event is served from the next start of the servers: live state, kiosks,
 * boards and screens follow it then.
 */
export default async function eventRoutes(app: FastifyInstance): Promise<void> {
  app.get(
    '/api/events',
    {
      config: organiserOnly,
      schema: { tags: ['events'], summary: 'The events of the installation where the caller is an organiser (the admin token: all), the latest first', security: [{ bearer: [] }], response: { 200: Type.Array(EventSummary) } },
    },
    async (request) => {
      const p = request.principal;
      const events = await app.store.events.list();
      if (p.role !== 'organiser' || p.userId === null) return events.map(summary);
      const organiser = new Set((await app.store.users.rolesOf(p.userId)).filter((r) => r.role === 'organiser').map((r) => r.eventId));
      return events.filter((e) => organiser.has(e.id)).map(summary);
    },
  );

  app.post<{ Body: NewEvent }>(
    '/api/events',
    {
      config: organiserOnly,
      schema: {
        tags: ['events'],
        summary: 'Create an event: from scratch, as a copy of another event\'s stations, or from an event file',
        security: [{ bearer: [] }],
        body: NewEvent,
        response: { 201: EventSummary, '4xx': ApiError },
      },
    },
    async (request, reply) => {
      const { def, startsOn, endsOn } = await newEventFile(app, request.body);
      checkDays(startsOn, endsOn);
      if (await app.store.events.byId(def.id)) throw new ApiFailure(409, 'event_exists', `The installation has an event "${def.id}" already`);
      // Stations first: an event is listed only once it has them.
      await app.store.forEvent(def.id).stations.save(def.stations);
      if (!(await app.store.events.create(def, startsOn, endsOn, Date.now()))) throw new ApiFailure(409, 'event_exists', `The installation has an event "${def.id}" already`);
      // Whoever makes an event is its first organiser.
      const p = request.principal;
      if (p.role === 'organiser' && p.userId !== null) await app.store.forEvent(def.id).users.update(p.userId, { role: 'organiser' });
      const events = await app.store.events.list();
      await app.readEventCourse();
      app.audit(request, 'event.create', def.id, { from: request.body.from, ...(request.body.from === 'copy' ? { source: request.body.source } : {}) });
      return reply.code(201).send(summary(events.find((e) => e.id === def.id)!));
    },
  );

  eventChangeRoutes(app);
}

/** An event's days and course, which event is current, and its stations. */
function eventChangeRoutes(app: FastifyInstance): void {
  app.patch<{ Params: Params; Body: EventPatch }>(
    '/api/events/:event',
    {
      config: organiserOnly,
      schema: {
        tags: ['events'],
        summary: 'Change an event\'s days or its course: open, closed, archived',
        security: [{ bearer: [] }],
        params: Params,
        body: EventPatch,
        response: { 200: EventSummary, '4xx': ApiError },
      },
    },
    async (request) => {
      const event = await eventOf(app, request);
      const startsOn = request.body.startsOn ?? event.startsOn;
      checkDays(startsOn, request.body.endsOn ?? event.endsOn);
      if (request.body.status === 'archived' && event.current) throw new ApiFailure(409, 'event_current', 'The current event cannot be archived: make another one current first');
      await app.store.events.update(event.id, request.body);
      await app.readEventCourse();
      app.audit(request, 'event.edit', event.id, { ...request.body });
      return summary((await app.store.events.byId(event.id))!);
    },
  );

  app.post<{ Params: Params }>(
    '/api/events/:event/current',
    {
      config: organiserOnly,
      schema: {
        tags: ['events'],
        summary: 'Make an event the current one: today\'s paths serve it from the next start of the servers',
        security: [{ bearer: [] }],
        params: Params,
        response: { 200: EventSummary, '4xx': ApiError },
      },
    },
    async (request) => {
      const event = await eventOf(app, request);
      if (event.status === 'archived') throw new ApiFailure(409, 'event_archived', 'An archived event cannot be made current: open it first');
      await app.store.events.makeCurrent(event.id);
      app.audit(request, 'event.current', event.id, { before: app.store.eventId });
      return summary((await app.store.events.byId(event.id))!);
    },
  );

  app.get<{ Params: Params }>(
    '/api/events/:event/stations',
    {
      config: organiserOnly,
      schema: {
        tags: ['events'],
        summary: 'The stations of an event, as its event file has them',
        security: [{ bearer: [] }],
        params: Params,
        response: { 200: EventStations, '4xx': ApiError },
      },
    },
    async (request) =>
      (await eventOf(app, request)).definition.stations.map(({ id, name, group, host, capacity, mode }) => ({ id, name, group, host, capacity, mode })),
  );
}
