import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { EventDef } from '../../shared/event.ts';
import type { DurableRecords } from '../db/durable-store.ts';
import type { LiveStore } from '../live/live-store.ts';
import { ApiFailure } from '../plugins/errors.ts';

/** The event an attendee's phone works at: its event file, its live state and its records. */
export interface MeEvent {
  eventId: string;
  def: EventDef;
  live: LiveStore;
  records: DurableRecords;
  /** The event today's paths serve (`/me`, `/api/me/…`). */
  served: boolean;
}

/** The served event's phone: today's paths. */
export function servedMe(app: FastifyInstance): MeEvent {
  return { eventId: app.store.eventId, def: app.config.event, live: app.live, records: app.store, served: true };
}

/**
 * The event a phone's request is at: the one `:event` names (`/api/events/:event/me…`), live on
 * this server (opened as its pages open it), else the served one. 404 `event_not_found` for no
 * such event, 409 `event_not_live` for one that is closed or archived.
 */
export async function meEventOf(app: FastifyInstance, request: FastifyRequest): Promise<MeEvent> {
  const id = (request.params as { event?: string }).event;
  if (id === undefined || id === app.store.eventId) return servedMe(app);
  const live = await app.liveEvents.of(id);
  if (live) return { eventId: id, def: live.def, live: live.live, records: live.records, served: false };
  if (await app.store.events.byId(id)) throw new ApiFailure(409, 'event_not_live', 'This event is not open: its phone page signs nobody in');
  throw new ApiFailure(404, 'event_not_found', `No event "${id}" in this installation`);
}
