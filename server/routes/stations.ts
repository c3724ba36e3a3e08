import type { FastifyInstance, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { Type, type Static } from '@sinclair/typebox';
import { ApiError } from '../../shared/errors.ts';
import { StationStatus } from '../../shared/event.ts';
import { StationView, TapId } from '../../shared/station.ts';
import { stationCount, stationView } from '../flow/rules.ts';
import { totalsOf } from '../../shared/totals.ts';
import { EventLiveView } from '../../shared/events.ts';
import type { StationCommand } from '../flow/state.ts';
import { ApiFailure } from '../plugins/errors.ts';
import { LiveStoreUnavailable } from '../live/live-store.ts';
import { stationAudit } from '../plugins/audit.ts';

const Params = Type.Object({ id: Type.String({ maxLength: 40 }) });
const Patch = Type.Object(
  {
    capacity: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
    status: Type.Optional(StationStatus),
    /** Attendees may join its queue from their phones. */
    remoteQueue: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);
/**
 * A kiosk's action, with the id it made for the tap: sent again after a lost answer (a Wi-Fi drop, a
 * failover to another server) with the same id, it is answered with the station as it is now and
 * `replayed`, and nobody more is called, started or ended.
 */
const CommandId = Type.Optional(TapId);
const Session = Type.Object({ action: Type.Union([Type.Literal('start'), Type.Literal('end')]), id: CommandId }, { additionalProperties: false });
const CallNext = Type.Object({ id: CommandId }, { additionalProperties: false });

const COMMAND_ERRORS = {
  station_not_found: [404, 'No station has this id'],
  not_session_station: [409, 'This station does not run sessions'],
  queue_empty: [409, 'Nobody is waiting in the queue'],
  no_departure: [409, 'This tour has no departure left today'],
} as const;

/**
 * Applies an organiser's or a station's own kiosk's command to a station of its event, audits it
 * (once: a replay was audited when it was applied), and answers with the station.
 */
async function runCommand(app: FastifyInstance, request: FastifyRequest, id: string, cmd: StationCommand, commandId: string = randomUUID()): Promise<StationView> {
  const principal = request.principal;
  if (principal.role === 'kiosk' && principal.stationId !== id) {
    throw new ApiFailure(403, 'kiosk_wrong_station', `This kiosk serves ${principal.stationId}`);
  }
  // A kiosk of another event live here acts on that event's live state and records, never this one's.
  const eventId = principal.role === 'kiosk' ? principal.eventId : app.store.eventId;
  const live = eventId === app.liveEvents.served.id ? app.live : (await app.liveEvents.of(eventId))?.live;
  if (!live) throw new ApiFailure(403, 'kiosk_other_event', 'This kiosk is paired to a station of another event');
  const r = await live.command(id, cmd, commandId, Date.now());
  if (r.error) {
    const [status, message] = COMMAND_ERRORS[r.error];
    throw new ApiFailure(status, r.error, message);
  }
  // A replay was audited when it was applied.
  if (!r.replayed) {
    const { action, detail } = stationAudit(cmd, 'http');
    app.audit(request, action, id, detail, eventId);
  }
  return stationView(r.station, Date.now());
}

/** Stations: the public list, and the actions of organisers and of the station's own kiosks. */
export default async function stationRoutes(app: FastifyInstance): Promise<void> {
  const run = (request: FastifyRequest, id: string, cmd: StationCommand, commandId?: string) => runCommand(app, request, id, cmd, commandId);

  stationListRoute(app);
  eventLiveRoute(app);

  app.patch<{ Params: Static<typeof Params>; Body: Static<typeof Patch> }>(
    '/api/stations/:id',
    {
      config: { access: ['organiser'] },
      schema: {
        tags: ['stations'],
        summary: 'Change a station’s capacity, status, or whether attendees may join its queue from their phones (`remoteQueue`; phones and screens follow at once); each change audited',
        security: [{ bearer: [] }],
        params: Params,
        body: Patch,
        response: { 200: StationView, '4xx': ApiError },
      },
    },
    async (request) => {
      const { capacity, status, remoteQueue } = request.body;
      const id = request.params.id;
      let view: StationView | null = null;
      if (capacity !== undefined) view = await run(request, id, { action: 'capacity', value: capacity });
      if (status !== undefined) view = await run(request, id, { action: 'status', value: status });
      if (remoteQueue !== undefined) view = await run(request, id, { action: 'remote_queue', value: remoteQueue });
      return view;
    },
  );

  app.post<{ Params: Static<typeof Params>; Body: Static<typeof Session> }>(
    '/api/stations/:id/session',
    {
      config: { access: ['organiser', 'kiosk'] },
      schema: {
        tags: ['stations'],
        summary: 'Start or end a session (end: everyone out, the queue called in)',
        security: [{ bearer: [] }],
        params: Params,
        body: Session,
        response: { 200: StationView, '4xx': ApiError },
      },
    },
    async (request) =>
      run(request, request.params.id, { action: request.body.action === 'start' ? 'session_start' : 'session_end' }, request.body.id),
  );

  app.post<{ Params: Static<typeof Params>; Body: Static<typeof CallNext> }>(
    '/api/stations/:id/call-next',
    {
      config: { access: ['organiser', 'kiosk'] },
      // A call with no body at all (as before tap ids) is a new tap.
      preValidation: (request, _reply, done) => {
        request.body ??= {};
        done();
      },
      schema: {
        tags: ['stations'],
        summary: 'Call the head of the queue in now',
        security: [{ bearer: [] }],
        params: Params,
        body: CallNext,
        response: { 200: StationView, '4xx': ApiError },
      },
    },
    async (request) => run(request, request.params.id, { action: 'call_next' }, request.body.id),
  );
}

/** GET /api/stations: every station's live counts, for anyone. */
/**
 * GET /api/events/:event/live (public, no personal data): an event's stations and totals as they
 * are now, for its pages (`/e/<event>/board`, `/e/<event>/screen`); `served` says whether it is the
 * event this server serves on today's paths (its pages then take live updates over Socket.IO).
 */
function eventLiveRoute(app: FastifyInstance): void {
  app.get<{ Params: { event: string } }>(
    '/api/events/:event/live',
    {
      config: { access: ['public'] },
      schema: {
        tags: ['events'],
        summary: 'An event live on this server: its stations with their live counts and its totals (no personal data)',
        params: Type.Object({ event: Type.String({ maxLength: 64 }) }),
        response: { 200: EventLiveView, '4xx': ApiError },
      },
    },
    async (request) => {
      const event = await app.liveEvents.of(request.params.event);
      if (!event) throw new ApiFailure(404, 'event_not_live', 'This event is not live on this server (closed, archived, unknown, or served by other servers)');
      const now = Date.now();
      const states = await event.live.stations();
      const registered = await event.records.attendees.count();
      const totals = totalsOf(states.map(stationCount), registered, await event.live.onSite());
      return { id: event.id, name: event.def.name, served: event === app.liveEvents.served, stations: states.map((s) => stationView(s, now)), totals, at: now };
    },
  );
}

function stationListRoute(app: FastifyInstance): void {
  /** The last stations answered: while Redis cannot be reached they are answered again, marked stale. */
  let lastKnown: StationView[] | null = null;
  app.get(
    '/api/stations',
    {
      config: { access: ['public'] },
      schema: {
        tags: ['stations'],
        summary: 'Every station with its live counts (no personal data); while Redis cannot be reached, the last known counts marked `stale: true`',
        response: { 200: Type.Array(StationView) },
      },
    },
    async (request) => {
      const now = Date.now();
      const p = request.principal;
      // A kiosk of another event live here too reads its own event's stations.
      if (p.role === 'kiosk' && p.eventId !== app.liveEvents.served.id) {
        const other = await app.liveEvents.of(p.eventId);
        return other ? (await other.live.stations()).map((s) => stationView(s, now)) : [];
      }
      try {
        lastKnown = (await app.live.stations()).map((s) => stationView(s, now));
        return lastKnown;
      } catch (err) {
        if (!(err instanceof LiveStoreUnavailable) || !lastKnown) throw err;
        return lastKnown.map((v) => ({ ...v, stale: true }));
      }
    },
  );
  // So that a process that has not answered the list yet knows a last state all the same.
  app.addHook('onReady', async () => {
    lastKnown = (await app.live.stations()).map((s) => stationView(s, Date.now()));
  });
}
