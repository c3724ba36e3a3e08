// The attendee's phone at any event live on the server (`/api/events/:event/me…`): an attendee of a
// second campus signs in with the campus's badge number and PIN and reads their day there; a phone
// session is of one event; a badge and PIN of one event typed at another's phone page are refused as
// the other event's, naming it; a closed event's phone page signs nobody in.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import { ATTENDEE_COOKIE } from '../../shared/me.ts';
import { ADMIN, appPerSuite, register } from '../support/app.ts';
import { CAMPUS, copyOf } from '../support/second-event.ts';

const CAMPUS_ME = `/api/events/${CAMPUS}/me`;

const signIn = (app: FastifyInstance, url: string, badgeNo: number, pin: string) =>
  app.inject({ method: 'POST', url: `${url}/session`, headers: { 'x-kezek': '1' }, payload: { badgeNo, pin } });

/** The attendee cookie a sign-in set, as a Cookie header. */
function cookieOf(r: LightMyRequestResponse): string {
  const c = r.cookies.find((x) => x.name === ATTENDEE_COOKIE);
  if (!c) throw new Error(`no ${ATTENDEE_COOKIE} cookie: ${r.statusCode} ${r.body}`);
  return `${ATTENDEE_COOKIE}=${c.value}`;
}

describe('the phone page at another event live on the server', () => {
  let app: FastifyInstance;
  appPerSuite(async (made) => {
    app = made;
    const campus = await made.inject({ method: 'POST', url: '/api/events', headers: ADMIN, payload: copyOf(made.config.event) });
    expect(campus.statusCode, campus.body).toBe(201);
  });
  const registerAtCampus = async (firstName: string) => {
    const r = await app.inject({ method: 'POST', url: `/api/events/${CAMPUS}/attendees`, headers: ADMIN, payload: { firstName, lastName: 'Kampusova', category: 'college' } });
    expect(r.statusCode, r.body).toBe(201);
    return r.json() as { badgeNo: number; badge: string; pin: string };
  };

  it('signs an attendee of the campus in with its badge and PIN, and shows their day at the campus', async () => {
    const here = await register(app, 'Aigerim');
    const bota = await registerAtCampus('Bota');
    // Each event numbers its badges from the same first number: the number alone says nothing of the event.
    expect(bota.badgeNo).toBe(here.badgeNo);
    const r = await signIn(app, CAMPUS_ME, bota.badgeNo, bota.pin);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toEqual({ badgeNo: bota.badgeNo, firstName: 'Bota', language: 'kk' });
    const phone = { cookie: cookieOf(r) };
    expect((await app.inject({ url: `${CAMPUS_ME}/session`, headers: phone })).json()).toMatchObject({ firstName: 'Bota' });
    const day = await app.inject({ url: `${CAMPUS_ME}/day`, headers: phone });
    expect(day.statusCode, day.body).toBe(200);
    expect(day.json()).toMatchObject({ me: { firstName: 'Bota' }, place: null, visits: [] });
    expect(day.json().stations.length).toBe(app.config.event.stations.length);

    // Scanned in at a campus station, the day says so; the current event knows nothing of it.
    const station = app.config.event.stations.find((s) => s.group === 'employer')!.id;
    const made = await app.inject({ method: 'POST', url: `/api/events/${CAMPUS}/kiosks`, headers: ADMIN, payload: { station } });
    expect(made.statusCode, made.body).toBe(201);
    const scan = await app.inject({ method: 'POST', url: '/api/scans', headers: { authorization: `Bearer ${made.json().token}` }, payload: { id: crypto.randomUUID(), badge: bota.badge } });
    expect(scan.json()).toMatchObject({ outcome: 'entered' });
    const after = (await app.inject({ url: `${CAMPUS_ME}/day`, headers: phone })).json();
    expect(after.place).toMatchObject({ stationId: station, state: 'inside' });

    // The campus's phone session is nobody at the current event, and the current event's nobody at the campus.
    expect((await app.inject({ url: '/api/me/day', headers: phone })).statusCode).toBe(401);
    const herePhone = { cookie: cookieOf(await signIn(app, '/api/me', here.badgeNo, here.pin)) };
    expect((await app.inject({ url: '/api/me/day', headers: herePhone })).json()).toMatchObject({ me: { firstName: 'Aigerim' } });
    expect((await app.inject({ url: `${CAMPUS_ME}/day`, headers: herePhone })).statusCode).toBe(401);
    // The current event's phone routes answer at its own event path too.
    expect((await app.inject({ url: `/api/events/${app.store.eventId}/me/day`, headers: herePhone })).json()).toMatchObject({ me: { firstName: 'Aigerim' } });
  });

  it('refuses a badge of the campus at the current event\'s phone page (and the other way) as another event\'s, naming it', async () => {
    const here = await register(app, 'Daulet');
    const dana = await registerAtCampus('Dana');
    const atHere = await signIn(app, '/api/me', dana.badgeNo, dana.pin);
    expect(atHere.statusCode).toBe(409);
    expect(atHere.json()).toEqual({ code: 'badge_other_event', message: expect.any(String), event: { id: CAMPUS, name: { kk: 'Екінші кампус', ru: 'Второй кампус', en: 'Second campus' } } });
    expect(atHere.cookies.find((c) => c.name === ATTENDEE_COOKIE)).toBeUndefined();
    const atCampus = await signIn(app, CAMPUS_ME, here.badgeNo, here.pin);
    expect(atCampus.statusCode).toBe(409);
    expect(atCampus.json()).toMatchObject({ code: 'badge_other_event', event: { id: app.store.eventId } });
    // A PIN of no event is a wrong PIN, as always.
    const none = await signIn(app, CAMPUS_ME, dana.badgeNo, dana.pin === '000000' ? '000001' : '000000');
    expect([none.statusCode, none.json().code]).toEqual([401, 'pin_wrong']);
  });

  it('gives the campus\'s screens the QR of the campus\'s phone page', async () => {
    const { default: QRCode } = await import('qrcode');
    const qr = await app.inject({ url: `${CAMPUS_ME}/qr.svg`, headers: { host: 'kezek.local:8080' } });
    expect(qr.statusCode).toBe(200);
    expect(qr.body).toBe(await QRCode.toString(`http://kezek.local:8080/e/${CAMPUS}/me`, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' }));
    const today = await app.inject({ url: '/api/me/qr.svg', headers: { host: 'kezek.local:8080' } });
    expect(today.body).toBe(await QRCode.toString('http://kezek.local:8080/me', { type: 'svg', margin: 1, errorCorrectionLevel: 'M' }));
    expect((await app.inject({ url: '/api/events/no-such-event/me/qr.svg' })).statusCode).toBe(404);
  });

  it('signs nobody in at an event that is closed, or that the installation does not have', async () => {
    const eve = await registerAtCampus('Eve');
    const phone = { cookie: cookieOf(await signIn(app, CAMPUS_ME, eve.badgeNo, eve.pin)) };
    expect((await app.inject({ method: 'PATCH', url: `/api/events/${CAMPUS}`, headers: ADMIN, payload: { status: 'closed' } })).statusCode).toBe(200);
    const closed = await signIn(app, CAMPUS_ME, eve.badgeNo, eve.pin);
    expect([closed.statusCode, closed.json().code]).toEqual([409, 'event_not_live']);
    expect((await app.inject({ url: `${CAMPUS_ME}/day`, headers: phone })).statusCode).toBe(401);
    const unknown = await signIn(app, '/api/events/no-such-event/me', eve.badgeNo, eve.pin);
    expect([unknown.statusCode, unknown.json().code]).toEqual([404, 'event_not_found']);
    // Sign-in at any event needs the CSRF header, as at the current one.
    const bare = await app.inject({ method: 'POST', url: `${CAMPUS_ME}/session`, payload: { badgeNo: eve.badgeNo, pin: eve.pin } });
    expect([bare.statusCode, bare.json().code]).toEqual([403, 'csrf']);
  });
});
