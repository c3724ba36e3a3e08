import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { ApiError } from '../../shared/errors.ts';
import { ClockTime, eventUtcOffset, ProgrammeView, type EventDef, type Programme, type ProgrammeItem } from '../../shared/event.ts';
import { offsetAt } from '../../shared/event-clock.ts';
import type { ProgrammeRecords } from '../db/durable-store.ts';
import { clashOf, timeProblems } from '../../shared/programme-rules.ts';
import { ApiFailure } from '../plugins/errors.ts';
import { movedDepartures } from '../flow/tour.ts';
import type { LiveStore } from '../live/live-store.ts';
import { eventOf } from './events.ts';

const Params = Type.Object({ id: Type.String({ maxLength: 40 }) });
const EventParams = Type.Object({ event: Type.String({ maxLength: 64 }) });
const EventItemParams = Type.Composite([EventParams, Params]);
const Times = Type.Object({ start: ClockTime, end: ClockTime }, { additionalProperties: false });

/** An event without a programme answers an empty day. */
const NO_PROGRAMME: Programme = { opens: '00:00', closes: '23:59', places: [], items: [] };

/** The served event's programme with the times organisers shifted on the day in place of the file's. */
export async function programmeView(app: FastifyInstance): Promise<ProgrammeView> {
  return programmeOf(app.config.event, app.store.programme);
}

/** An event's programme with the times its organisers shifted on the day in place of the file's. */
export async function programmeOf(event: EventDef, times: ProgrammeRecords): Promise<ProgrammeView> {
  const programme = event.programme ?? NO_PROGRAMME;
  const shifted = new Map((await times.times()).map((t) => [t.itemId, t]));
  return {
    opens: programme.opens,
    closes: programme.closes,
    utcOffsetMinutes: offsetAt(Date.now(), eventUtcOffset(event)),
    places: programme.places,
    items: programme.items.map((item) => {
      const time = shifted.get(item.id);
      return time ? { ...item, start: time.start, end: time.end, shifted: true } : { ...item, shifted: false };
    }),
  };
}

/** The day's programme: read by anyone, an item's time shifted by organisers (late speakers happen). */
export default async function programmeRoutes(app: FastifyInstance): Promise<void> {
  app.get(
    '/api/programme',
    {
      config: { access: ['public'] },
      schema: {
        tags: ['programme'],
        summary: 'The day’s programme: places and timed items, with the times shifted on the day (`shifted: true`)',
        response: { 200: ProgrammeView },
      },
    },
    async () => programmeView(app),
  );

  app.get<{ Params: Static<typeof EventParams> }>(
    '/api/events/:event/programme',
    {
      config: { access: ['public'] },
      schema: {
        tags: ['programme'],
        summary: 'An event’s programme (its own pages, `/e/<event>/board` and `/screen`): places and timed items, with the times shifted on the day',
        params: EventParams,
        response: { 200: ProgrammeView, '4xx': ApiError },
      },
    },
    async (request) => {
      const { event } = request.params;
      const found = event === app.config.event.id ? app.config.event : (await app.store.events.byId(event))?.definition;
      if (!found) throw new ApiFailure(404, 'event_not_found', `No event "${event}" in this installation`);
      return programmeOf(found, app.store.forEvent(event).programme);
    },
  );

  const shiftSchema = (summary: string, params: TSchema) => ({
    tags: ['programme'],
    summary,
    security: [{ bearer: [] }],
    params,
    body: Times,
    response: { 200: ProgrammeView, '4xx': ApiError },
  });
  app.put<{ Params: Static<typeof Params>; Body: Static<typeof Times> }>(
    '/api/programme/items/:id',
    { config: { access: ['organiser'] }, schema: shiftSchema('Shift an item’s time; every screen follows at once', Params) },
    async (request) => shiftItem(app, request, { id: app.config.event.id, definition: app.config.event }),
  );
  app.put<{ Params: Static<typeof EventItemParams>; Body: Static<typeof Times> }>(
    '/api/events/:event/programme/items/:id',
    {
      config: { access: ['organiser'] },
      schema: shiftSchema('Shift an item’s time at an event of the installation where the caller is an organiser; that event’s screens and boards (`/e/<event>/…`) follow at once', EventItemParams),
    },
    async (request) => shiftItem(app, request, await eventOf(app, request)),
  );
}

/**
 * Moves an event's tours' departures with their programme items as `view` has them: a
 * `departure_times` action at each tour whose departures changed (kept in the log, every server
 * process and a restart see it).
 */
export async function moveTourDepartures(event: EventDef, live: LiveStore, view: ProgrammeView): Promise<void> {
  for (const def of event.stations) {
    if (def.mode !== 'tour') continue;
    const times = movedDepartures(def, event.programme?.items ?? [], view.items);
    const station = await live.station(def.id);
    if (!station || station.departureTimes.join() === times.join()) continue;
    await live.command(def.id, { action: 'departure_times', value: times }, randomUUID(), Date.now());
  }
}

/**
 * A tour's departure that `items`' times would move past the next one (a tour's bookings name its
 * departures by their order, which stays the order of their times); null when every tour keeps
 * its order.
 */
function departurePassed(event: EventDef, items: ReadonlyArray<Pick<ProgrammeItem, 'id' | 'start'>>): { tour: string; next: string } | null {
  for (const def of event.stations) {
    if (def.mode !== 'tour') continue;
    const times = movedDepartures(def, event.programme?.items ?? [], items);
    const at = times.findIndex((t, d) => d > 0 && t <= times[d - 1]);
    if (at > 0) return { tour: def.id, next: times[at] };
  }
  return null;
}

/**
 * Shifts an item of an event's programme to `request.body`'s times, in that event's records and
 * audit log, and sends the programme to that event's pages; answers the programme shifted.
 */
async function shiftItem(
  app: FastifyInstance,
  request: FastifyRequest<{ Params: Static<typeof Params>; Body: Static<typeof Times> }>,
  event: { id: string; definition: EventDef },
): Promise<ProgrammeView> {
  const { id } = request.params;
  const { start, end } = request.body;
  const times = app.store.forEvent(event.id).programme;
  const view = await programmeOf(event.definition, times);
  const item = view.items.find((i) => i.id === id);
  if (!item) throw new ApiFailure(404, 'programme_item_not_found', 'The programme has no item of this id');
  const [problem] = timeProblems(view, start, end);
  if (problem === 'end_not_after_start') throw new ApiFailure(422, 'programme_end_before_start', 'The item must end after it starts');
  if (problem === 'outside_day') throw new ApiFailure(422, 'programme_outside_day', `The item must be within the day, ${view.opens}–${view.closes}`);
  const clash = clashOf(view.items, { ...item, start, end });
  if (clash) throw new ApiFailure(422, 'programme_clash', `"${clash.id}" is at the same place from ${clash.start} to ${clash.end}`);
  const passed = departurePassed(event.definition, view.items.map((i) => (i.id === id ? { ...i, start, end } : i)));
  if (passed) throw new ApiFailure(422, 'programme_departure_order', `A departure of "${passed.tour}" would go from before ${passed.next} to after it; shift the later one first`);
  await times.setTime({ itemId: id, start, end, changedAt: Date.now() });
  app.audit(request, 'programme.time', id, { from: `${item.start}–${item.end}`, to: `${start}–${end}` }, event.id);
  const changed = await programmeOf(event.definition, times);
  const live = await app.liveEvents.of(event.id);
  if (live) await moveTourDepartures(event.definition, live.live, changed);
  app.sendProgramme(event.id, changed);
  return changed;
}
