import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { BadgeSigner } from '../badges/badge-signer.ts';
import type { AttendeeFields, DurableRecords } from '../db/durable-store.ts';
import type { LiveStore } from '../live/live-store.ts';
import { attendeeSearchKey } from '../../shared/name-search.ts';
import type { LocalText } from '../../shared/event.ts';

export { FIRST_BADGE_NO } from '../db/durable-store.ts';

/**
 * Where the desk works: an event's records, its badge signer, and its live state when the event is
 * live on this server (a badge issued there then scans at its kiosks at once); null when it is not.
 */
export interface DeskEvent {
  eventId: string;
  /** The event's name, as its badges print it. */
  name: LocalText;
  records: DurableRecords;
  badges: BadgeSigner;
  live: LiveStore | null;
}

/** The served event's desk (today's `/api/attendees…` paths). */
export function servedDesk(app: FastifyInstance): DeskEvent {
  return { eventId: app.store.eventId, name: app.config.event.name, records: app.store, badges: app.badges, live: app.live };
}

/** An attendee as registration gives them. */
export type NewAttendee = AttendeeFields;

/** Registers an attendee with the next badge number and a new signed badge (its QR text and PIN). */
export async function registerAttendee(app: FastifyInstance, input: NewAttendee, desk: DeskEvent = servedDesk(app)): Promise<{ id: string; badgeNo: number; badge: string; pin: string }> {
  const id = randomUUID();
  const searchKey = attendeeSearchKey({ firstName: input.firstName, lastName: input.lastName ?? '' });
  const badgeNo = await desk.records.attendees.register(id, input, searchKey, Date.now());
  const badge = await issueBadge(app, id, desk);
  return { id, badgeNo, badge: badge.badge, pin: badge.pin };
}

/** Issues a new badge for an attendee, revoking the ones before it; returns the QR text and the badge's PIN (for the attendee's phone). */
export async function issueBadge(app: FastifyInstance, attendeeId: string, desk: DeskEvent = servedDesk(app)): Promise<{ badgeNo: number; badge: string; pin: string }> {
  const person = await desk.records.attendees.byId(attendeeId);
  if (!person) throw new Error(`no attendee ${attendeeId}`);
  const serial = BadgeSigner.newSerial();
  await desk.records.attendees.issueBadge(attendeeId, person.badgeNo, serial, Date.now());
  await desk.live?.putAttendee({ no: person.badgeNo, firstName: person.firstName, serial });
  return { badgeNo: person.badgeNo, badge: desk.badges.issue(person.badgeNo, serial), pin: app.attendeeKeys.pin(desk.eventId, person.badgeNo, serial) };
}

/** Revokes every badge of a badge number; false when no attendee has it. */
export async function revokeBadges(desk: DeskEvent, badgeNo: number): Promise<boolean> {
  const person = await desk.records.attendees.byBadgeNo(badgeNo);
  if (!person) return false;
  await desk.records.attendees.revokeBadges(person.id, Date.now());
  await desk.live?.putAttendee({ no: badgeNo, firstName: person.firstName, serial: null });
  return true;
}
