// The desk at an event other than the served one (`/api/events/:event/attendees…`), with two events
// live at once on one server: an attendee registered at the campus is known to the campus's live
// state only, with a badge signed for it; roles are per event; an archived event's desk is read-only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { newScanId } from '../../shared/scan-id.ts';
import { ADMIN, kiosk, register, tempDir, testApp } from '../support/app.ts';
import { badgedAt, CAMPUS, copyOf } from '../support/second-event.ts';
import { createStaff, signIn, STAFF_PASSWORD } from '../support/staff.ts';

describe('the desk at another event of the installation', () => {
  const data = tempDir();
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await testApp(data.dir);
    expect((await app.inject({ method: 'POST', url: '/api/events', headers: ADMIN, payload: copyOf(app.config.event) })).statusCode).toBe(201);
  });
  afterAll(async () => {
    await app.close();
    data.remove();
  });

  const campusUrl = `/api/events/${CAMPUS}/attendees`;

  it('registers at the campus into its live state only: its badge scans at its kiosk, is refused at the served event\'s, and counts never mix', async () => {
    const station = app.config.event.stations.find((s) => s.group === 'employer')!.id;
    const campus = await badgedAt(app.store, CAMPUS, station, 'Bota');
    const spring = (await kiosk(app, station)).headers;
    const springBefore = (await app.inject({ method: 'GET', url: '/api/attendees', headers: ADMIN })).headers['x-total-count'];
    const made = await app.inject({ method: 'POST', url: campusUrl, headers: ADMIN, payload: { firstName: 'Berik', lastName: 'Campusov', category: 'school' } });
    expect(made.statusCode).toBe(201);
    const berik = made.json() as { id: string; badge: string };
    const scan = (headers: Record<string, string>, badge: string) => app.inject({ method: 'POST', url: '/api/scans', headers, payload: { id: newScanId(), badge } });
    expect((await scan(campus.kiosk, berik.badge)).json()).toMatchObject({ outcome: 'entered', attendee: { firstName: 'Berik' } });
    expect((await scan(spring, berik.badge)).json()).toMatchObject({ code: 'badge_other_event' });
    // The served event's badge is refused at the campus's kiosk.
    expect((await scan(campus.kiosk, (await register(app, 'Aigerim')).badge)).json()).toMatchObject({ code: 'badge_other_event' });

    // Searches and records read each event's own attendees.
    const found = await app.inject({ method: 'GET', url: `${campusUrl}?q=berik`, headers: ADMIN });
    expect((found.json() as Array<{ firstName: string }>).map((a) => a.firstName)).toEqual(['Berik']);
    expect((await app.inject({ method: 'GET', url: `${campusUrl}/${berik.id}`, headers: ADMIN })).json()).toMatchObject({ firstName: 'Berik' });
    expect((await app.inject({ method: 'GET', url: `/api/attendees/${berik.id}`, headers: ADMIN })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/api/attendees?q=berik', headers: ADMIN })).json()).toEqual([]);
    expect(Number((await app.inject({ method: 'GET', url: '/api/attendees', headers: ADMIN })).headers['x-total-count'])).toBe(Number(springBefore) + 1);
    expect((await app.inject({ method: 'GET', url: campusUrl, headers: ADMIN })).headers['x-total-count']).toBe('2');
    const edited = await app.inject({ method: 'PATCH', url: `${campusUrl}/${berik.id}`, headers: ADMIN, payload: { lastName: 'Kampusov' } });
    expect(edited.json()).toMatchObject({ lastName: 'Kampusov' });
    // Reissued at the campus, the old badge is refused at its kiosk and the new one scans; revoked, neither does.
    const no = (made.json() as { badgeNo: number }).badgeNo;
    const reissued = await app.inject({ method: 'POST', url: `/api/events/${CAMPUS}/badges/${no}/reissue`, headers: ADMIN });
    expect(reissued.statusCode).toBe(200);
    expect((await scan(campus.kiosk, berik.badge)).json()).toMatchObject({ code: 'badge_revoked' });
    expect((await scan(campus.kiosk, reissued.json().badge)).json()).toMatchObject({ attendee: { firstName: 'Berik' } });
    expect((await app.inject({ method: 'POST', url: `/api/events/${CAMPUS}/badges/${no}/revoke`, headers: ADMIN })).statusCode).toBe(204);
    expect((await scan(campus.kiosk, reissued.json().badge)).json()).toMatchObject({ code: 'badge_revoked' });
    await app.flushAudit();
    expect((await app.store.forEvent(CAMPUS).audit.list({})).map((e) => e.action)).toEqual(expect.arrayContaining(['attendee.create', 'attendee.edit', 'badge.reissue', 'badge.revoke']));
  });

  it('a desk volunteer of the served event sees nothing of the campus until given the desk there', async () => {
    const deskId = await createStaff(app, 'spring-desk', 'desk');
    const desk = await signIn(app, 'spring-desk');
    for (const r of [
      await app.inject({ method: 'GET', url: campusUrl, headers: desk }),
      await app.inject({ method: 'POST', url: campusUrl, headers: desk, payload: { firstName: 'Dana', lastName: 'Deskova', category: 'school' } }),
    ]) expect([r.statusCode, r.json().code]).toEqual([403, 'forbidden']);
    expect((await app.inject({ method: 'GET', url: '/api/attendees', headers: desk })).statusCode).toBe(200);
    const granted = await app.inject({ method: 'PATCH', url: `/api/events/${CAMPUS}/users/${deskId}`, headers: ADMIN, payload: { role: 'desk' } });
    expect(granted.json()).toMatchObject({ role: 'desk' });
    const again = await signIn(app, 'spring-desk', STAFF_PASSWORD);
    expect((await app.inject({ method: 'POST', url: campusUrl, headers: again, payload: { firstName: 'Dana', lastName: 'Deskova', category: 'school' } })).statusCode).toBe(201);
    expect((await app.inject({ method: 'GET', url: '/api/events/no-such-event/attendees', headers: ADMIN })).statusCode).toBe(404);
  });

  it('an archived event\'s attendees are read, not changed', async () => {
    for (const status of ['closed', 'archived']) {
      expect((await app.inject({ method: 'PATCH', url: `/api/events/${CAMPUS}`, headers: ADMIN, payload: { status } })).statusCode).toBe(200);
    }
    const list = await app.inject({ method: 'GET', url: campusUrl, headers: ADMIN });
    expect(list.headers['x-total-count']).toBe('3');
    const id = (list.json() as Array<{ id: string }>)[0].id;
    expect((await app.inject({ method: 'GET', url: `${campusUrl}/${id}`, headers: ADMIN })).statusCode).toBe(200);
    for (const r of [
      await app.inject({ method: 'POST', url: campusUrl, headers: ADMIN, payload: { firstName: 'Late', lastName: 'Comer', category: 'school' } }),
      await app.inject({ method: 'PATCH', url: `${campusUrl}/${id}`, headers: ADMIN, payload: { lastName: 'Changed' } }),
    ]) expect([r.statusCode, r.json().code]).toEqual([409, 'event_archived']);
  });
});
