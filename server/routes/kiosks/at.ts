import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { KioskRecords } from '../../db/durable-store.ts';
import { eventArchived } from '../../plugins/event-course.ts';
import { ApiFailure } from '../../plugins/errors.ts';
import { eventOf } from '../events.ts';

/** The event a kiosk route acts at: its kiosks and its stations. */
export interface KiosksAt {
  eventId: string;
  kiosks: KioskRecords;
  stations: ReadonlyArray<{ id: string }>;
}

/** Why a kiosk route is called: to read, to change state (refused at an archived event), or a device pairing (public). */
export type KioskUse = 'read' | 'change' | 'pair';

/** Where the kiosk routes are and which event they act at: this event's (`/api/kiosks`), or any event's. */
export interface KiosksOf {
  base?: string;
  at?(request: FastifyRequest, use: KioskUse): Promise<KiosksAt>;
}

/** An event named in the path. */
export const EventParams = Type.Object({ event: Type.String({ maxLength: 64 }) });

/** The event served now: its kiosks as every kiosk route always had them. */
export function currentKiosks(app: FastifyInstance): KiosksAt {
  return { eventId: app.store.eventId, kiosks: app.store.kiosks, stations: app.config.event.stations };
}

/**
 * The kiosks of the event `:event` names: organisers of that event only (others are told it does
 * not exist), any device for pairing; an archived event's kiosks are read, never changed.
 */
export async function kiosksOfEvent(app: FastifyInstance, request: FastifyRequest, use: KioskUse): Promise<KiosksAt> {
  const id = (request.params as { event: string }).event;
  const event = use === 'pair' ? await app.store.events.byId(id) : await eventOf(app, request);
  if (!event) throw new ApiFailure(404, 'event_not_found', `No event "${id}" in this installation`);
  if (use !== 'read' && app.eventCourse.isArchived(event.id)) throw eventArchived();
  return { eventId: event.id, kiosks: app.store.forEvent(event.id).kiosks, stations: event.definition.stations };
}
