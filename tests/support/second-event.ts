import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { BadgeSigner } from '../../server/badges/badge-signer.ts';
import { tokenHash } from '../../server/plugins/auth.ts';
import { ADMIN } from './app.ts';

/** The second campus: a copy of the current event, live beside it on the same day. */
export const CAMPUS = 'campus-two';

/**
 * Makes the second campus (through the API, as the admin token), registers people there with
 * badges signed for it, and a kiosk of its own at `station`; returns the kiosk's headers and the badges.
 */
export async function secondCampus(app: FastifyInstance, station: string, people = ['Bota', 'Berik', 'Dana']): Promise<{ kiosk: { authorization: string }; badges: string[] }> {
  const copy = { from: 'copy', source: app.config.event.id, id: CAMPUS, name: { kk: 'Екінші кампус', ru: 'Второй кампус', en: 'Second campus' }, startsOn: app.config.event.date };
  const made = await app.inject({ method: 'POST', url: '/api/events', headers: ADMIN, payload: copy });
  if (made.statusCode !== 201) throw new Error(`secondCampus: ${made.statusCode} ${made.body}`);
  const campus = app.store.forEvent(CAMPUS);
  const signer = await BadgeSigner.load(app.store.secrets, CAMPUS);
  const badges: string[] = [];
  for (const name of people) {
    await campus.attendees.register(`campus-${name}`, { firstName: name }, name.toLowerCase(), Date.now());
    const no = (await campus.attendees.byId(`campus-${name}`))!.badgeNo;
    await campus.attendees.issueBadge(`campus-${name}`, no, `serial${name}`, Date.now());
    badges.push(signer.issue(no, `serial${name}`));
  }
  const token = `campus-kiosk-${randomUUID()}`;
  await campus.kiosks.create({ id: 'campus-kiosk', stationId: station, label: 'Campus', tokenHash: tokenHash(token), createdAt: Date.now(), pairingCodeHash: null, pairingExpiresAt: null });
  return { kiosk: { authorization: `Bearer ${token}` }, badges };
}
