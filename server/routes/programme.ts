import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { ApiError } from '../../shared/errors.ts';
import { ClockTime, ProgrammeView, type EventDef, type Programme } from '../../shared/event.ts';
import type { ProgrammeRecords } from '../db/durable-store.ts';
import { clashOf, timeProblems } from '../../shared/programme-rules.ts';
import { PUBLIC_NAMESPACE, STAFF_NAMESPACE } from '../../shared/realtime.ts';
import { ApiFailure } from '../plugins/errors.ts';

const Params = Type.Object({ id: Type.String({ maxLength: 40 }) });
const EventParams = Type.Object({ event: Type.String({ maxLength: 64 }) });
const Times = Type.Object({ start: ClockTime, end: ClockTime }, { additionalProperties: false });

/** An event without a programme answers an empty day. */
const NO_PROGRAMME: Programme = { opens: '00:00', closes: '23:59', places: [], items: [] };

/** The served event's programme with the times organisers shifted on the day in place of the file's. */
export async function programmeView(app: FastifyInstance): Promise<ProgrammeView> {
  return programmeOf(app.config.event, app.store.programme);
}

/** An event's programme with the times its organisers shifted on the day in place of the file's. */
async function programmeOf(event: EventDef, times: ProgrammeRecords): Promise<ProgrammeView> {
  const programme = event.programme ?? NO_PROGRAMME;
  const shifted = new Map((await times.times()).map((t) => [t.itemId, t]));
  return {
    opens: programme.opens,
    closes: programme.closes,
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

  app.put<{ Params: Static<typeof Params>; Body: Static<typeof Times> }>(
    '/api/programme/items/:id',
    {
      config: { access: ['organiser'] },
      schema: {
        tags: ['programme'],
        summary: 'Shift an item’s time; every screen follows at once',
        security: [{ bearer: [] }],
        params: Params,
        body: Times,
        response: { 200: ProgrammeView, '4xx': ApiError },
      },
    },
    async (request) => {
      const { id } = request.params;
      const { start, end } = request.body;
      const view = await programmeView(app);
      const item = view.items.find((i) => i.id === id);
      if (!item) throw new ApiFailure(404, 'programme_item_not_found', 'The programme has no item of this id');
      const [problem] = timeProblems(view, start, end);
      if (problem === 'end_not_after_start') throw new ApiFailure(422, 'programme_end_before_start', 'The item must end after it starts');
      if (problem === 'outside_day') throw new ApiFailure(422, 'programme_outside_day', `The item must be within the day, ${view.opens}–${view.closes}`);
      const clash = clashOf(view.items, { ...item, start, end });
      if (clash) throw new ApiFailure(422, 'programme_clash', `"${clash.id}" is at the same place from ${clash.start} to ${clash.end}`);
      await app.store.programme.setTime({ itemId: id, start, end, changedAt: Date.now() });
      app.audit(request, 'programme.time', id, { from: `${item.start}–${item.end}`, to: `${start}–${end}` });
      const changed = await programmeView(app);
      // Through the adapter (Redis mode), the screens of every server process get it.
      app.io.of(PUBLIC_NAMESPACE).emit('programme:update', changed);
      app.io.of(STAFF_NAMESPACE).emit('programme:update', changed);
      return changed;
    },
  );
}
