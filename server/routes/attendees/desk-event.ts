import type { FastifyInstance, FastifyRequest } from 'fastify';
import { BadgeSigner } from '../../badges/badge-signer.ts';
import { ApiFailure } from '../../plugins/errors.ts';
import { servedDesk, type DeskEvent } from '../../registration/badge-issue.ts';

/** Where the attendee routes are and which event's desk they work at: the served event's (`/api/attendees`), or any event's. */
export interface DeskOf {
  /** The path before `/attendees`: '/api' or '/api/events/:event'. */
  base: string;
  /** The request's event; `write` refuses an archived one (its records are read-only). */
  of(request: FastifyRequest, write: boolean): Promise<DeskEvent>;
}

/** The served event's desk: today's paths. */
export const servedDeskOf = (app: FastifyInstance): DeskOf => ({ base: '/api', of: async () => servedDesk(app) });

/**
 * The desk of the event `:event` names: its records, its badge signer (badges are signed for their
 * event) and its live state when it is live on this server. 404 for no such event, 409
 * `event_archived` for a change at an archived event. A caller with no role there that the route
 * allows was refused by the auth hook (server/plugins/auth.ts), before the body was read.
 */
export async function eventDesk(app: FastifyInstance, request: FastifyRequest, write: boolean): Promise<DeskEvent> {
  const id = (request.params as { event: string }).event;
  const event = await app.store.events.byId(id);
  if (!event) throw new ApiFailure(404, 'event_not_found', `No event "${id}" in this installation`);
  if (write && event.status === 'archived') throw new ApiFailure(409, 'event_archived', 'This event is archived: its attendees can be read, not changed');
  if (id === app.store.eventId) return servedDesk(app);
  const live = await app.liveEvents.of(id);
  if (live) return { eventId: id, name: event.name, records: live.records, badges: live.badges, live: live.live };
  return { eventId: id, name: event.name, records: app.store.forEvent(id), badges: await BadgeSigner.load(app.store.secrets, id), live: null };
}

/** Any event's desk: `/api/events/:event/attendees…`. */
export const eventDeskOf = (app: FastifyInstance): DeskOf => ({ base: '/api/events/:event', of: (request, write) => eventDesk(app, request, write) });
