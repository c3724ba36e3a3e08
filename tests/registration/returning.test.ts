// Returning attendees: someone who came to the spring open day (the served event) is found at the
// autumn fair's desk and registered there without typing again: the same person, a new badge signed
// for the autumn fair. Namesakes in Kazakh and Russian spelling are told apart by what the desk sees.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { BadgeSigner } from '../../server/badges/badge-signer.ts';
import { newScanId } from '../../shared/scan-id.ts';
import { ADMIN, kiosk, tempDir, testApp } from '../support/app.ts';
import { createStaff, signIn, STAFF_PASSWORD } from '../support/staff.ts';

type Found = { person: string; event: { id: string }; id: string; firstName: string; lastName: string; institution: string; category: string; events: Array<{ id: string }>; here: number | null };

const AUTUMN = 'autumn-fair';
const WINTER = 'winter-fair';

describe('returning attendees at another event of the installation', () => {
  const data = tempDir();
  let app: FastifyInstance;
  let spring: string;
  let autumnDesk: Record<string, string>;
  /** The spring open day's badges, by first name. */
  const springBadges = new Map<string, string>();
  const returning = (event: string) => `/api/events/${event}/attendees/returning`;
  const find = async (q: string, headers: Record<string, string>, event = AUTUMN) =>
    app.inject({ method: 'GET', url: `${returning(event)}?q=${encodeURIComponent(q)}`, headers });
  const again = (payload: Record<string, unknown>, headers: Record<string, string>, event = AUTUMN) =>
    app.inject({ method: 'POST', url: returning(event), headers, payload });

  beforeAll(async () => {
    app = await testApp(data.dir);
    spring = app.config.event.id;
    for (const [id, en, startsOn] of [[AUTUMN, 'Autumn fair', '2027-10-10'], [WINTER, 'Winter fair', '2027-12-10']]) {
      const made = await app.inject({ method: 'POST', url: '/api/events', headers: ADMIN, payload: { from: 'scratch', id, name: { kk: en, ru: en, en }, startsOn } });
      expect(made.statusCode).toBe(201);
    }
    // Namesakes at the spring open day: the same name in Kazakh and in Russian spelling, and a third.
    for (const person of [
      { firstName: 'Айгерім', lastName: 'Серікова', category: 'school', institution: 'Школа-лицей № 12', phone: '+77012345678', email: 'aigerim@example.kz', consent: true },
      { firstName: 'Айгерим', lastName: 'Серикова', category: 'college', institution: 'Колледж ВКТУ', phone: '+77019876543' },
      { firstName: 'Ерлан', lastName: 'Серіков', category: 'school', institution: 'Гимназия № 1' },
    ]) {
      const r = await app.inject({ method: 'POST', url: '/api/attendees', headers: ADMIN, payload: person });
      expect(r.statusCode).toBe(201);
      springBadges.set(person.firstName, r.json().badge);
    }
    // A desk volunteer of the autumn fair only.
    const made = await app.inject({ method: 'POST', url: `/api/events/${AUTUMN}/users`, headers: ADMIN, payload: { username: 'autumn-desk', role: 'desk', password: STAFF_PASSWORD } });
    expect(made.statusCode).toBe(201);
    autumnDesk = await signIn(app, 'autumn-desk');
  });
  afterAll(async () => {
    await app.close();
    data.remove();
  });

  it('finds namesakes by name in either spelling and tells the desk only their name, institution, category and events', async () => {
    const found = (await find('Серикова', autumnDesk)).json() as Found[];
    expect(found.map((f) => [f.firstName, f.institution, f.category]).sort()).toEqual([
      ['Айгерим', 'Колледж ВКТУ', 'college'],
      ['Айгерім', 'Школа-лицей № 12', 'school'],
    ]);
    for (const f of found) {
      expect(Object.keys(f).sort()).toEqual(['category', 'event', 'events', 'firstName', 'here', 'id', 'institution', 'lastName', 'person']);
      expect(f).toMatchObject({ event: { id: spring }, events: [{ id: spring }], here: null });
    }
    expect(new Set(found.map((f) => f.person)).size).toBe(2);
    // The Kazakh spelling and the Latin one find the same two; a whole phone number finds one.
    expect(((await find('Серікова Айгерім', autumnDesk)).json() as Found[]).map((f) => f.person).sort()).toEqual(found.map((f) => f.person).sort());
    expect((await find('aigerim serikova', autumnDesk)).json()).toHaveLength(2);
    expect(((await find('8 701 987-65-43', autumnDesk)).json() as Found[]).map((f) => f.institution)).toEqual(['Колледж ВКТУ']);
    expect((await find('8 701 000-00-00', autumnDesk)).json()).toEqual([]);
    // The autumn fair's own attendees are not "returning" there.
    expect((await find('Серикова', ADMIN, spring)).json()).toEqual([]);
  });

  it('registers one namesake at the autumn fair: details copied, consent asked again, a badge signed for the autumn fair, the same person', async () => {
    const kk = ((await find('Серікова Айгерім', autumnDesk)).json() as Found[]).find((f) => f.institution === 'Школа-лицей № 12')!;
    const made = await again({ event: spring, id: kk.id }, autumnDesk);
    expect(made.statusCode).toBe(201);
    const registered = made.json() as { id: string; badgeNo: number; badge: string; person: string };
    expect(registered.person).toBe(kk.person);
    const record = await app.inject({ method: 'GET', url: `/api/events/${AUTUMN}/attendees/${registered.id}`, headers: autumnDesk });
    expect(record.json()).toMatchObject({ firstName: 'Айгерім', lastName: 'Серікова', category: 'school', institution: 'Школа-лицей № 12', phone: '+77012345678', email: 'aigerim@example.kz', consent: false, badgeNo: registered.badgeNo });
    // The badge is the autumn fair's: its key checks it; the spring one's refuses it as another event's.
    expect((await BadgeSigner.load(app.store.secrets, AUTUMN)).check(registered.badge)).toEqual({ no: registered.badgeNo, serial: expect.any(String) });
    const springKiosk = await kiosk(app, app.config.event.stations[0].id);
    const refused = await app.inject({ method: 'POST', url: '/api/scans', headers: springKiosk.headers, payload: { id: newScanId(), badge: registered.badge } });
    expect(refused.json()).toMatchObject({ code: 'badge_other_event' });

    // Found again: registered here now, at both events; the other namesake is still someone else.
    const now = (await find('Серикова', autumnDesk)).json() as Found[];
    expect(now.find((f) => f.person === kk.person)).toMatchObject({ here: registered.badgeNo, events: [{ id: AUTUMN }, { id: spring }] });
    expect(now.find((f) => f.person !== kk.person)).toMatchObject({ firstName: 'Айгерим', here: null });
    // Twice is refused, saying with which badge; so is the same person found through the autumn registration, at the spring day.
    const twice = await again({ event: spring, id: kk.id }, autumnDesk);
    expect([twice.statusCode, twice.json()]).toEqual([409, expect.objectContaining({ code: 'already_registered', badgeNo: registered.badgeNo })]);
    const back = await again({ event: AUTUMN, id: registered.id }, ADMIN, spring);
    expect([back.statusCode, back.json().code]).toEqual([409, 'already_registered']);
    // At the winter fair, from the autumn registration: still the same person, now at three events.
    const winter = await again({ event: AUTUMN, id: registered.id }, ADMIN, WINTER);
    expect(winter.json()).toMatchObject({ person: kk.person });
    expect(((await find('Серікова', ADMIN, WINTER)).json() as Found[]).find((f) => f.person === kk.person)).toMatchObject({
      event: { id: AUTUMN },
      events: [{ id: WINTER }, { id: AUTUMN }, { id: spring }],
      here: winter.json().badgeNo,
    });

    // Audited at the autumn fair as a registration, naming whom it copied.
    await app.flushAudit();
    const entry = (await app.store.forEvent(AUTUMN).audit.list({ action: 'attendee.create' })).find((e) => e.target === String(registered.badgeNo))!;
    expect(JSON.parse(entry.detail!)).toEqual({ id: registered.id, returning: { event: spring, id: kk.id, person: kk.person } });

    // The two events compared count her as returning: registered at both, and once she came to both, arrived at both.
    const compare = async () => (await app.inject({ method: 'GET', url: `/api/events/${AUTUMN}/compare/${spring}`, headers: ADMIN })).json().returning;
    expect(await compare()).toEqual({ registered: 1, arrived: 0 });
    const gate = async (event: string) => {
      const station = event === spring ? app.config.event.stations.find((s) => s.group === 'entrance')!.id : 'entrance';
      const made = await app.inject({ method: 'POST', url: `/api/events/${event}/kiosks`, headers: ADMIN, payload: { station } });
      return { authorization: `Bearer ${made.json().token}` };
    };
    const scan = async (event: string, badge: string) => app.inject({ method: 'POST', url: '/api/scans', headers: await gate(event), payload: { id: newScanId(), badge } });
    expect((await scan(spring, springBadges.get('Айгерім')!)).statusCode).toBe(200);
    expect((await scan(spring, springBadges.get('Айгерим')!)).statusCode).toBe(200);
    expect(await compare()).toEqual({ registered: 1, arrived: 0 });
    expect((await scan(AUTUMN, registered.badge)).json()).toMatchObject({ attendee: { firstName: 'Айгерім' } });
    expect(await compare()).toEqual({ registered: 1, arrived: 1 });
  });

  it('refuses what is not someone of another event, and anyone without a role at the autumn fair whatever they send', async () => {
    for (const payload of [{ event: spring, id: 'nobody' }, { event: 'no-such-fair', id: 'x' }]) {
      const r = await again(payload, autumnDesk);
      expect([r.statusCode, r.json().code]).toEqual([404, 'attendee_not_found']);
    }
    await createStaff(app, 'spring-desk', 'desk');
    const springDesk = await signIn(app, 'spring-desk');
    for (const r of [
      await find('Серикова', springDesk),
      await app.inject({ method: 'GET', url: returning(AUTUMN), headers: springDesk }),
      await again({ event: spring }, springDesk),
      await again({ event: 7, id: [], extra: true }, springDesk),
    ]) expect([r.statusCode, r.json().code]).toEqual([403, 'forbidden']);
    // The autumn desk's own mistakes are told to it.
    expect((await again({ event: spring }, autumnDesk)).statusCode).toBe(400);
    // An archived autumn fair registers nobody more.
    for (const status of ['closed', 'archived']) await app.inject({ method: 'PATCH', url: `/api/events/${AUTUMN}`, headers: ADMIN, payload: { status } });
    const other = ((await find('Серикова', autumnDesk)).json() as Found[]).find((f) => f.here === null)!;
    expect((await again({ event: spring, id: other.id }, autumnDesk)).json()).toMatchObject({ code: 'event_archived' });
  });
});
