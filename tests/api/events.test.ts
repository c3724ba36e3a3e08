// Many events in one installation, through the API: today's paths serve the current event, and
// what belongs to another event (its badges, its kiosks) is refused with a typed error.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { BadgeSigner } from '../../server/badges/badge-signer.ts';
import { tokenHash } from '../../server/plugins/auth.ts';
import type { EventDef } from '../../shared/event.ts';
import { ADMIN, appPerSuite, kiosk, register } from '../support/app.ts';
import { badgedAt, copyOf } from '../support/second-event.ts';
import { createStaff, signIn } from '../support/staff.ts';

describe('two events in one installation', () => {
  let app: FastifyInstance;
  let autumn: EventDef;

  appPerSuite(async (started) => {
    app = started;
    autumn = { ...app.config.event, id: 'autumn-open-day', date: '2027-10-10' };
    await app.store.events.create(autumn, autumn.date, autumn.date, Date.now());
    await app.store.forEvent(autumn.id).stations.save(autumn.stations);
    app.badges.knowEvents([app.config.event.id, autumn.id]);
  });

  it('refuses a badge signed for another event of the installation as that, and a forged one as invalid', async () => {
    const station = app.config.event.stations.find((s) => s.group === 'employer')!.id;
    const desk = await kiosk(app, station);
    const person = await register(app, 'Aigerim');
    const autumnBadge = (await BadgeSigner.load(app.store.secrets, autumn.id)).issue(person.badgeNo, 'autumnSerial1');
    const scan = (badge: string) => app.inject({ method: 'POST', url: '/api/scans', headers: desk.headers, payload: { id: randomUUID(), badge } });
    const other = await scan(autumnBadge);
    expect(other.statusCode).toBe(422);
    expect(other.json()).toMatchObject({ code: 'badge_other_event', outcome: 'rejected', reason: 'badge_other_event' });
    const forged = await scan(autumnBadge.slice(0, -4) + (autumnBadge.endsWith('AAAA') ? 'BBBB' : 'AAAA'));
    expect(forged.json()).toMatchObject({ code: 'badge_invalid' });
    expect((await scan(person.badge)).json()).toMatchObject({ outcome: 'entered' });
  });

  it('refuses a kiosk paired to a station of another event, and its event comes with its token', async () => {
    const token = `autumn-kiosk-${randomUUID()}`;
    const station = autumn.stations[1].id;
    await app.store.forEvent(autumn.id).kiosks.create({
      id: 'autumn-kiosk', stationId: station, label: 'Autumn', tokenHash: tokenHash(token), createdAt: Date.now(), pairingCodeHash: null, pairingExpiresAt: null,
    });
    expect(await app.store.kiosks.byTokenHash(tokenHash(token))).toMatchObject({ id: 'autumn-kiosk', eventId: autumn.id });
    // Live here too (in-process), its scans go to its own event (nobody registered there yet), and
    // its station's actions act on its own event's stations.
    await app.readEventCourse();
    const r = await app.inject({ method: 'POST', url: '/api/scans', headers: { authorization: `Bearer ${token}` }, payload: { id: randomUUID(), badgeNo: 1001 } });
    expect(r.json()).toMatchObject({ code: 'badge_unknown', station: { id: station } });
    const session = await app.inject({ method: 'POST', url: `/api/stations/${station}/call-next`, headers: { authorization: `Bearer ${token}` } });
    expect(session.json()).not.toMatchObject({ code: 'kiosk_other_event' });
    const organisers = await app.inject({ method: 'PATCH', url: `/api/stations/${station}`, headers: { authorization: `Bearer ${token}` }, payload: { capacity: 3 } });
    expect(organisers.statusCode).toBe(403);
    const list = (await app.inject({ method: 'GET', url: '/api/kiosks', headers: { authorization: `Bearer ${app.config.adminToken}` } })).json() as Array<{ id: string }>;
    expect(list.map((k) => k.id)).not.toContain('autumn-kiosk');
  });
});

describe('a closed current event', () => {
  let app: FastifyInstance;
  appPerSuite((started) => {
    app = started;
  });

  it('refuses scans with a typed error and logs none; an answer given before it closed is given again; reopened, it scans', async () => {
    const event = app.config.event.id;
    const station = app.config.event.stations.find((s) => s.group === 'employer')!.id;
    const desk = await kiosk(app, station);
    const person = await register(app, 'Aigerim');
    const scan = (id: string, badge = person.badge) => app.inject({ method: 'POST', url: '/api/scans', headers: desk.headers, payload: { id, badge } });
    const first = randomUUID();
    expect((await scan(first)).json()).toMatchObject({ outcome: 'entered' });
    const patch = (status: string) => app.inject({ method: 'PATCH', url: `/api/events/${event}`, headers: ADMIN, payload: { status } });
    expect((await patch('closed')).json()).toMatchObject({ status: 'closed' });
    const refused = await scan(randomUUID());
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'event_closed', outcome: 'rejected', reason: 'event_closed', station: { id: station, occupancy: 1 } });
    expect((await scan(first)).json()).toMatchObject({ outcome: 'entered', replayed: true });
    const log = await app.inject({ method: 'GET', url: '/api/reports/scans?format=json', headers: ADMIN });
    expect(log.json()).toMatchObject({ total: 1 });
    expect((await patch('open')).json()).toMatchObject({ status: 'open' });
    expect((await scan(randomUUID(), (await register(app, 'Dana')).badge)).json()).toMatchObject({ outcome: 'entered', station: { occupancy: 2 } });
  });

  it('tells kiosks the installation\'s other events with the badge key, a new one as soon as it is made', async () => {
    const before = (await app.inject({ method: 'GET', url: '/api/badge-key' })).json();
    expect(before).toMatchObject({ eventId: app.config.event.id, otherEvents: [], alg: 'Ed25519' });
    const names = { kk: 'Жәрмеңке', ru: 'Ярмарка', en: 'Job fair' };
    await app.inject({ method: 'POST', url: '/api/events', headers: ADMIN, payload: { from: 'scratch', id: 'job-fair', name: names, startsOn: '2027-03-01' } });
    expect((await app.inject({ method: 'GET', url: '/api/badge-key' })).json()).toMatchObject({ otherEvents: ['job-fair'] });
  });
});

describe('two events live at once on one server (in-process live store)', () => {
  let app: FastifyInstance;
  appPerSuite((started) => {
    app = started;
  });

  it('takes each event\'s scans into its own live state: counts never mix, a badge of one is refused at the other, a closed one refuses', async () => {
    const spring = app.config.event;
    const station = spring.stations.find((s) => s.group === 'employer')!.id;
    expect((await app.inject({ method: 'POST', url: '/api/events', headers: ADMIN, payload: copyOf(spring) })).statusCode).toBe(201);
    // The second campus's desk registered someone, and its kiosk stands at its own employer station of the same id.
    const campus = app.store.forEvent('campus-two');
    const { badge: campusBadge, kiosk: campusKiosk, kioskId } = await badgedAt(app.store, 'campus-two', station, 'Bota');
    const springKiosk = (await kiosk(app, station)).headers;
    const springBadge = (await register(app, 'Aigerim')).badge;
    const scan = (headers: Record<string, string>, badge: string) => app.inject({ method: 'POST', url: '/api/scans', headers, payload: { id: randomUUID(), badge } });

    expect((await scan(springKiosk, springBadge)).json()).toMatchObject({ outcome: 'entered', station: { id: station, occupancy: 1 } });
    expect((await scan(campusKiosk, campusBadge)).json()).toMatchObject({ outcome: 'entered', attendee: { firstName: 'Bota' }, station: { id: station, occupancy: 1 } });
    const other = await scan(campusKiosk, springBadge);
    expect(other.statusCode).toBe(422);
    expect(other.json()).toMatchObject({ code: 'badge_other_event' });
    expect((await scan(springKiosk, campusBadge)).json()).toMatchObject({ code: 'badge_other_event' });

    // Each event's counts: its own page reads them, today's paths the served event's.
    const occupancy = (list: Array<{ id: string; occupancy: number }>) => list.find((s) => s.id === station)!.occupancy;
    const live = (await app.inject({ method: 'GET', url: '/api/events/campus-two/live' })).json();
    expect(live).toMatchObject({ id: 'campus-two', served: false, totals: { registered: 1, onSite: 1 } });
    expect(occupancy(live.stations)).toBe(1);
    expect((await app.inject({ method: 'GET', url: `/api/events/${spring.id}/live` })).json()).toMatchObject({ served: true, totals: { registered: 1 } });
    expect(occupancy((await app.inject({ method: 'GET', url: '/api/stations', headers: campusKiosk })).json())).toBe(1);
    await scan(springKiosk, (await register(app, 'Dana')).badge);
    expect(occupancy((await app.inject({ method: 'GET', url: '/api/stations' })).json())).toBe(2);
    expect(occupancy((await app.inject({ method: 'GET', url: '/api/stations', headers: campusKiosk })).json())).toBe(1);
    // Each event's scan log has its own scans only.
    expect((await app.inject({ method: 'GET', url: '/api/events/campus-two/reports/scans?format=json', headers: ADMIN })).json()).toMatchObject({ total: 2 });
    expect((await app.inject({ method: 'GET', url: '/api/reports/scans?format=json', headers: ADMIN })).json()).toMatchObject({ total: 3 });

    // Its station's actions act on its own event's live state (nobody waits there); its heartbeat is its event's.
    const call = await app.inject({ method: 'POST', url: `/api/stations/${station}/call-next`, headers: campusKiosk });
    expect(call.json()).toMatchObject({ code: 'queue_empty' });
    const beat = await app.inject({ method: 'POST', url: '/api/kiosks/heartbeat', headers: campusKiosk, payload: { appVersion: '1', pending: 0, camera: 'on' } });
    expect(beat.statusCode).toBe(204);
    expect((await campus.kiosks.byId(kioskId))!.appVersion).toBe('1');
    expect((await app.inject({ method: 'GET', url: '/api/badge-key', headers: campusKiosk })).json()).toMatchObject({ eventId: 'campus-two', otherEvents: [spring.id] });

    // Closed, the second campus refuses scans and is not live any more.
    await app.inject({ method: 'PATCH', url: '/api/events/campus-two', headers: ADMIN, payload: { status: 'closed' } });
    expect((await scan(campusKiosk, campusBadge)).json()).toMatchObject({ code: 'event_closed' });
    expect((await app.inject({ method: 'GET', url: '/api/events/campus-two/live' })).json()).toMatchObject({ code: 'event_not_live' });
    expect((await scan(springKiosk, springBadge)).json()).toMatchObject({ reread: true });
  });
});

describe('returning attendees and two events compared', () => {
  let app: FastifyInstance;
  appPerSuite((started) => {
    app = started;
  });

  it('finds someone of a past event by phone or name and registers them here with a new badge, consent asked again', async () => {
    const past = { from: 'copy', source: app.config.event.id, id: 'last-spring', name: { kk: 'Өткен көктем', ru: 'Прошлая весна', en: 'Last spring' }, startsOn: '2026-04-10' };
    await app.inject({ method: 'POST', url: '/api/events', headers: ADMIN, payload: past });
    const fields = { firstName: 'Айгерім', lastName: 'Серікова', category: 'school', institution: 'School 12', phone: '+77012345678', consent: true };
    await app.store.forEvent('last-spring').attendees.register('past-aigerim', fields, 'serikova aigerim', Date.now());
    await createStaff(app, 'desk-1', 'desk');
    const desk = await signIn(app, 'desk-1');
    const find = (q: string, headers: Record<string, string>) => app.inject({ method: 'GET', url: `/api/attendees/returning?q=${encodeURIComponent(q)}`, headers });

    const byPhone = await find('8 701 234-56-78', desk);
    expect(byPhone.json()).toMatchObject([{ event: { id: 'last-spring', name: { en: 'Last spring' } }, id: 'past-aigerim', firstName: 'Айгерім', lastName: 'Серікова', institution: 'School 12' }]);
    expect((await find('8 701 234-56-79', desk)).json()).toEqual([]);
    expect((await find('Серікова', desk)).json()).toMatchObject([{ id: 'past-aigerim', firstName: 'Айгерім' }]);
    expect(byPhone.json()[0]).not.toHaveProperty('phone');
    expect((await find('serikova', ADMIN)).json()).toMatchObject([{ id: 'past-aigerim' }]);

    const again = await app.inject({ method: 'POST', url: '/api/attendees/returning', headers: desk, payload: { event: 'last-spring', id: 'past-aigerim' } });
    expect(again.statusCode).toBe(201);
    const here = (await app.inject({ method: 'GET', url: `/api/attendees/${again.json().id}`, headers: ADMIN })).json();
    expect(here).toMatchObject({ firstName: 'Айгерім', lastName: 'Серікова', phone: '+77012345678', institution: 'School 12', consent: false, badgeNo: again.json().badgeNo });
    const twice = await app.inject({ method: 'POST', url: '/api/attendees/returning', headers: desk, payload: { event: 'last-spring', id: 'past-aigerim' } });
    expect(twice.json()).toMatchObject({ code: 'already_registered' });
    expect((await app.inject({ method: 'POST', url: '/api/attendees/returning', headers: desk, payload: { event: 'last-spring', id: 'nobody' } })).json()).toMatchObject({ code: 'attendee_not_found' });

    // The two events side by side: she arrived here and visited KazZinc; at the past one nobody came.
    const station = app.config.event.stations.find((s) => s.id === 'kazzinc')!;
    await app.inject({ method: 'POST', url: '/api/scans', headers: (await kiosk(app, station.id)).headers, payload: { id: randomUUID(), badge: again.json().badge } });
    const compared = await app.inject({ method: 'GET', url: `/api/events/${app.config.event.id}/compare/last-spring`, headers: ADMIN });
    expect(compared.json()).toMatchObject({
      events: [
        { id: app.config.event.id, registered: 1, arrived: 1, conversion: 1 },
        { id: 'last-spring', registered: 1, arrived: 0, conversion: 0 },
      ],
    });
    expect(compared.json().employers.find((e: { host: string }) => e.host === station.host)).toEqual({ host: station.host, visits: [1, 0], visitors: [1, 0] });
    // She was registered at both, as the same person, and came to this one only.
    expect(compared.json().returning).toEqual({ registered: 1, arrived: 0 });
    expect((await app.inject({ method: 'GET', url: `/api/events/${app.config.event.id}/compare/last-spring`, headers: desk })).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: `/api/events/${app.config.event.id}/compare/nope`, headers: ADMIN })).json()).toMatchObject({ code: 'event_not_found' });
  });
});

describe('/api/events', () => {
  let app: FastifyInstance;
  const server = appPerSuite((started) => {
    app = started;
  });
  const call = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) => app.inject({ method, url, headers: ADMIN, ...(payload ? { payload } : {}) });
  const names = { kk: 'Күзгі ашық есік күні', ru: 'День открытых дверей осенью', en: 'Autumn open day' };


  it('makes events by copying one, from scratch and from an event file; reads each one\'s stations and reports', async () => {
    const spring = app.config.event;
    const station = spring.stations.find((s) => s.group === 'employer')!.id;
    const desk = await kiosk(app, station);
    await app.inject({ method: 'POST', url: '/api/scans', headers: desk.headers, payload: { id: randomUUID(), badge: (await register(app, 'Aigerim')).badge } });

    const copy = await call('POST', '/api/events', { from: 'copy', source: spring.id, id: 'autumn-open-day', name: names, startsOn: '2027-10-10', endsOn: '2027-10-11' });
    expect(copy.statusCode).toBe(201);
    expect(copy.json()).toMatchObject({ id: 'autumn-open-day', name: names, startsOn: '2027-10-10', endsOn: '2027-10-11', status: 'open', current: false, stations: spring.stations.length });
    expect((await call('GET', '/api/events/autumn-open-day/stations')).json()).toHaveLength(spring.stations.length);

    const scratch = await call('POST', '/api/events', { from: 'scratch', id: 'job-fair', name: { kk: 'Жәрмеңке', ru: 'Ярмарка', en: 'Job fair' }, startsOn: '2027-03-01' });
    expect(scratch.json()).toMatchObject({ stations: 1, endsOn: '2027-03-01', venue: { en: 'Job fair' } });
    // Three stations and no programme (its items are held at stations left out).
    const file = { ...spring, id: 'campus-two', stations: spring.stations.slice(0, 3), programme: undefined };
    expect((await call('POST', '/api/events', { from: 'file', file })).json()).toMatchObject({ id: 'campus-two', stations: 3, startsOn: spring.date });

    // Refusals, each typed.
    const broken = await call('POST', '/api/events', { from: 'file', file: { ...file, id: 'broken', stations: [] } });
    expect(broken.statusCode).toBe(400);
    expect(broken.json()).toMatchObject({ code: 'invalid_event_file', message: expect.stringContaining('/stations') });
    expect((await call('POST', '/api/events', { from: 'copy', source: spring.id, id: 'job-fair', name: names, startsOn: '2027-10-10' })).json().code).toBe('event_exists');
    expect((await call('POST', '/api/events', { from: 'copy', source: 'nope', id: 'x-fair', name: names, startsOn: '2027-10-10' })).json().code).toBe('event_not_found');
    expect((await call('POST', '/api/events', { from: 'scratch', id: 'x-fair', name: names, startsOn: '2027-10-10', endsOn: '2027-10-09' })).json().code).toBe('invalid_dates');

    // Each event's reports: the spring day's scan is the current event's only.
    const visits = async (base: string) =>
      ((await call('GET', `${base}/stations`)).json() as { stations: Array<{ stationId: string; visits: number }> }).stations.find((s) => s.stationId === station)!.visits;
    expect(await visits('/api/reports')).toBe(1);
    expect(await visits(`/api/events/${spring.id}/reports`)).toBe(1);
    expect(await visits('/api/events/autumn-open-day/reports')).toBe(0);
    expect((await call('GET', '/api/events/autumn-open-day/reports/about')).json()).toMatchObject({ id: 'autumn-open-day', name: names });
    expect((await call('GET', '/api/events/nope/reports/event')).json().code).toBe('event_not_found');
    const listed = (await call('GET', '/api/events')).json() as Array<{ id: string; current: boolean }>;
    expect(listed.map((e) => [e.id, e.current])).toEqual([
      ['autumn-open-day', false],
      ['job-fair', false],
      // The same first day as the spring event, made later.
      ['campus-two', false],
      [spring.id, true],
    ]);
    const audit = (await call('GET', '/api/audit?action=event.create')).json() as { entries: Array<{ target: string }> };
    expect(audit.entries.map((e) => e.target).sort()).toEqual(['autumn-open-day', 'campus-two', 'job-fair']);
  });

  it('sets days and course; the current event is served from the next start, and the one before keeps its reports', async () => {
    const spring = app.config.event;
    expect((await call('PATCH', '/api/events/job-fair', { status: 'archived', endsOn: '2027-03-02' })).json()).toMatchObject({ status: 'archived', endsOn: '2027-03-02' });
    expect((await call('PATCH', '/api/events/job-fair', { endsOn: '2027-02-01' })).json().code).toBe('invalid_dates');
    expect((await call('PATCH', `/api/events/${spring.id}`, { status: 'archived' })).json().code).toBe('event_current');
    expect((await call('POST', '/api/events/job-fair/current')).json().code).toBe('event_archived');
    const before = await register(app, 'Dana');
    expect((await call('POST', '/api/events/autumn-open-day/current')).json()).toMatchObject({ current: true });
    // Still the spring event until the server starts again.
    expect(app.config.event.id).toBe(spring.id);
    await server.restart();
    expect(app.config.event.id).toBe('autumn-open-day');
    expect((await app.inject({ method: 'GET', url: '/api/reports/about', headers: ADMIN })).json()).toMatchObject({ id: 'autumn-open-day', name: names });
    expect((await app.inject({ method: 'GET', url: '/api/totals' })).json()).toMatchObject({ registered: 0 });
    const station = app.config.event.stations.find((s) => s.group === 'employer')!.id;
    const desk = await kiosk(app, station);
    const refused = await app.inject({ method: 'POST', url: '/api/scans', headers: desk.headers, payload: { id: randomUUID(), badge: before.badge } });
    expect(refused.json()).toMatchObject({ code: 'badge_other_event' });
    expect((await app.inject({ method: 'GET', url: `/api/events/${spring.id}/reports/event`, headers: ADMIN })).json()).toMatchObject({ funnel: { registered: 2 } });
  });
});
