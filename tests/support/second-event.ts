import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { BadgeSigner } from '../../server/badges/badge-signer.ts';
import type { DurableStore } from '../../server/db/durable-store.ts';
import { tokenHash } from '../../server/plugins/auth.ts';
import { ADMIN } from './app.ts';

/** The second campus: a copy of the current event, live beside it on the same day. */
export const CAMPUS = 'campus-two';

type Store = Pick<DurableStore, 'forEvent' | 'secrets'>;

/** The payload of POST /api/events that copies the current event `source` as `id` (a second campus). */
export function copyOf(source: { id: string; date: string }, id = CAMPUS): Record<string, unknown> {
  return { from: 'copy', source: source.id, id, name: { kk: 'Екінші кампус', ru: 'Второй кампус', en: 'Second campus' }, startsOn: source.date };
}

/** Registers someone at another event straight into the store, with a badge signed for it; the badge. */
async function badgeAt(store: Store, eventId: string, id: string, firstName: string): Promise<string> {
  const attendees = store.forEvent(eventId).attendees;
  await attendees.register(id, { firstName }, id.toLowerCase(), Date.now());
  const no = (await attendees.byId(id))!.badgeNo;
  await attendees.issueBadge(id, no, `serial${id}`, Date.now());
  return (await BadgeSigner.load(store.secrets, eventId)).issue(no, `serial${id}`);
}

/** Pairs a kiosk of another event at `station` straight in the store; its bearer header. */
async function kioskAt(store: Store, eventId: string, station: string, id: string, label: string): Promise<{ authorization: string }> {
  const token = `kiosk-${randomUUID()}`;
  await store.forEvent(eventId).kiosks.create({ id, stationId: station, label, tokenHash: tokenHash(token), createdAt: Date.now(), pairingCodeHash: null, pairingExpiresAt: null });
  return { authorization: `Bearer ${token}` };
}

/**
 * Makes the second campus (through the API, as the admin token), registers people there with
 * badges signed for it, and a kiosk of its own at `station`; returns the kiosk's headers and the badges.
 */
export async function secondCampus(app: FastifyInstance, station: string, people = ['Bota', 'Berik', 'Dana']): Promise<{ kiosk: { authorization: string }; badges: string[] }> {
  const made = await app.inject({ method: 'POST', url: '/api/events', headers: ADMIN, payload: copyOf(app.config.event) });
  if (made.statusCode !== 201) throw new Error(`secondCampus: ${made.statusCode} ${made.body}`);
  const badges: string[] = [];
  for (const name of people) badges.push(await badgeAt(app.store, CAMPUS, `campus-${name}`, name));
  return { kiosk: await kioskAt(app.store, CAMPUS, station, 'campus-kiosk', 'Campus'), badges };
}

/**
 * What another event's desk and organiser would have made, written straight into the store: an
 * attendee with a badge, and a kiosk at `station`. Their badge, the kiosk's bearer header and its id.
 */
export async function badgedAt(store: Store, eventId: string, station: string, firstName: string): Promise<{ badge: string; kiosk: { authorization: string }; kioskId: string }> {
  const id = `${eventId}-${firstName}-${randomUUID().slice(0, 8)}`;
  const kioskId = `kiosk-${id}`;
  return { badge: await badgeAt(store, eventId, id, firstName), kiosk: await kioskAt(store, eventId, station, kioskId, firstName), kioskId };
}
