// GET /api/programme and an organiser's shift of an item's time, over HTTP and Socket.IO.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProgrammeView } from '../../shared/event.ts';
import { ME_NAMESPACE } from '../../shared/me-contract.ts';
import { ADMIN, ADMIN_TOKEN, register, signInPhone, tempDir, testApp, testAppOfEvent } from '../support/app.ts';
import { createStaff } from '../support/staff.ts';
import { CAMPUS, copyOf } from '../support/second-event.ts';
import { connect, until, type LiveSocket } from '../realtime/sockets.ts';

describe('the programme over the API', () => {
  const tmp = tempDir();
  let app: FastifyInstance;
  let base: string;
  const sockets: LiveSocket[] = [];
  const shift = (id: string, payload: Record<string, string>, headers: Record<string, string> = ADMIN) =>
    app.inject({ method: 'PUT', url: `/api/programme/items/${id}`, headers, payload });
  const item = (view: ProgrammeView, id: string) => view.items.find((i) => i.id === id)!;

  beforeAll(async () => {
    app = await testApp(tmp.dir);
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await app.close();
    tmp.remove();
  });

  it('gives anyone the event file’s day, nothing shifted', async () => {
    const r = await app.inject({ url: '/api/programme' });
    expect(r.statusCode).toBe(200);
    const view = r.json<ProgrammeView>();
    expect([view.opens, view.closes, view.items.length, view.places.length]).toEqual(['09:30', '15:30', 10, 2]);
    expect(item(view, 'opening')).toMatchObject({ start: '10:00', end: '10:40', place: 'assembly-hall', shifted: false });
  });

  it('lets an organiser shift an item: kept, audit-logged, sent to the screens and the board at once', async () => {
    const screen = connect(base, '/public');
    const board = connect(base, '/staff', { token: ADMIN_TOKEN });
    // An attendee's phone on /me, which reads its day again when the programme changes.
    const phone = connect(base, ME_NAMESPACE, {}, (await signInPhone(app, await register(app))).cookie);
    sockets.push(screen.socket, board.socket, phone.socket);
    await until(() => screen.received.length > 0 && board.received.length > 0 && phone.received.length > 0, 'snapshots and the phone’s place');
    const r = await shift('closing', { start: '14:50', end: '15:20' });
    expect(r.statusCode).toBe(200);
    expect(item(r.json<ProgrammeView>(), 'closing')).toMatchObject({ start: '14:50', end: '15:20', shifted: true });
    for (const { received } of [screen, board, phone]) {
      await until(() => received.some((e) => e.event === 'programme:update'), 'programme:update');
      const sent = received.find((e) => e.event === 'programme:update')!.payload as ProgrammeView;
      expect(item(sent, 'closing')).toMatchObject({ start: '14:50', end: '15:20', shifted: true });
    }
    const again = (await app.inject({ url: '/api/programme' })).json<ProgrammeView>();
    expect(item(again, 'closing')).toMatchObject({ start: '14:50', shifted: true });
    expect(item(again, 'opening').shifted).toBe(false);
    expect(await app.store.programme.times()).toEqual([expect.objectContaining({ itemId: 'closing', start: '14:50', end: '15:20' })]);
    const audit = await app.store.audit.list({ action: 'programme.time' });
    expect(audit.map((a) => [a.target, JSON.parse(a.detail!)])).toEqual([['closing', { from: '14:45–15:15', to: '14:50–15:20' }]]);
  });

  it('refuses times that cannot stand, typed, and changes nothing', async () => {
    const refusals: Array<[string, Record<string, string>, number, string]> = [
      ['nope', { start: '10:00', end: '10:30' }, 404, 'programme_item_not_found'],
      ['opening', { start: '10:40', end: '10:10' }, 422, 'programme_end_before_start'],
      ['opening', { start: '09:00', end: '09:40' }, 422, 'programme_outside_day'],
      ['opening', { start: '15:10', end: '15:40' }, 422, 'programme_outside_day'],
      ['opening', { start: '10:10', end: '10:50' }, 422, 'programme_clash'],
      ['opening', { start: '10:00', end: '25:00' }, 400, 'invalid_request'],
    ];
    for (const [id, body, status, code] of refusals) {
      const r = await shift(id, body);
      expect([r.statusCode, r.json().code], `${id} ${JSON.stringify(body)}`).toEqual([status, code]);
    }
    expect((await app.store.programme.times()).map((t) => t.itemId)).toEqual(['closing']);
  });

  it('is organisers’ only to shift', async () => {
    const deskId = await createStaff(app, 'programme-desk', 'desk');
    const cookie = `kezek_session=${(await app.staffSessions.create(deskId)).token}`;
    expect((await shift('opening', { start: '10:05', end: '10:40' }, { cookie, 'x-kezek': '1' })).statusCode).toBe(403);
    expect((await shift('opening', { start: '10:05', end: '10:40' }, {})).statusCode).toBe(401);
  });

  it('shifts another event’s item at its own path: kept and audited at that event, sent to its pages only', async () => {
    expect((await app.inject({ method: 'POST', url: '/api/events', headers: ADMIN, payload: copyOf(app.config.event) })).statusCode).toBe(201);
    const campusScreen = connect(base, `/e/${CAMPUS}`);
    const campusBoard = connect(base, `/e/${CAMPUS}/staff`, { token: ADMIN_TOKEN });
    const currentScreen = connect(base, '/public');
    sockets.push(campusScreen.socket, campusBoard.socket, currentScreen.socket);
    await until(() => [campusScreen, campusBoard, currentScreen].every((s) => s.received.length > 0), 'snapshots');
    const r = await app.inject({ method: 'PUT', url: `/api/events/${CAMPUS}/programme/items/opening`, headers: ADMIN, payload: { start: '10:05', end: '10:40' } });
    expect(r.statusCode).toBe(200);
    expect(item(r.json<ProgrammeView>(), 'opening')).toMatchObject({ start: '10:05', end: '10:40', shifted: true });
    for (const { received } of [campusScreen, campusBoard]) {
      await until(() => received.some((e) => e.event === 'programme:update'), 'programme:update');
      expect(item(received.find((e) => e.event === 'programme:update')!.payload as ProgrammeView, 'opening')).toMatchObject({ start: '10:05', shifted: true });
    }
    // The current event's screen, its programme and its log know nothing of it.
    await new Promise((done) => setTimeout(done, 200));
    expect(currentScreen.received.filter((e) => e.event === 'programme:update')).toEqual([]);
    expect(item((await app.inject({ url: '/api/programme' })).json<ProgrammeView>(), 'opening')).toMatchObject({ start: '10:00', shifted: false });
    expect(item((await app.inject({ url: `/api/events/${CAMPUS}/programme` })).json<ProgrammeView>(), 'opening')).toMatchObject({ start: '10:05', shifted: true });
    await app.flushAudit();
    const logged = async (eventId: string) => (await app.store.forEvent(eventId).audit.list({ action: 'programme.time' })).map((a) => a.target);
    expect(await logged(CAMPUS)).toEqual(['opening']);
    expect(await logged(app.config.event.id)).toEqual(['closing']);
    // The same checks as today's path, at that event's programme.
    const clash = await app.inject({ method: 'PUT', url: `/api/events/${CAMPUS}/programme/items/opening`, headers: ADMIN, payload: { start: '09:00', end: '09:40' } });
    expect([clash.statusCode, clash.json().code]).toEqual([422, 'programme_outside_day']);
    // An organiser or a desk volunteer of this event only finds no such event.
    const organiser = `kezek_session=${(await app.staffSessions.create(await createStaff(app, 'programme-organiser', 'organiser'))).token}`;
    const other = await app.inject({ method: 'PUT', url: `/api/events/${CAMPUS}/programme/items/opening`, headers: { cookie: organiser, 'x-kezek': '1' }, payload: { start: '10:10', end: '10:50' } });
    expect([other.statusCode, other.json().code]).toEqual([404, 'event_not_found']);
    const desk = `kezek_session=${(await app.staffSessions.create(await createStaff(app, 'programme-desk-2', 'desk'))).token}`;
    expect((await app.inject({ method: 'PUT', url: `/api/events/${CAMPUS}/programme/items/opening`, headers: { cookie: desk, 'x-kezek': '1' }, payload: { start: '10:10', end: '10:50' } })).json()).toMatchObject({ code: 'event_not_found' });
  });
});

describe('shifting a tour’s departures', () => {
  const tmp = tempDir();
  let app: FastifyInstance;
  const shift = (id: string, start: string, end: string) => app.inject({ method: 'PUT', url: `/api/programme/items/${id}`, headers: ADMIN, payload: { start, end } });

  beforeAll(async () => {
    // The museum's two departures, each its own programme item.
    app = await testAppOfEvent(tmp.dir, (event) => {
      event.stations.find((s) => s.id === 'museum')!.departures = ['11:30', '12:00'];
      const tours = event.programme!.items.find((i) => i.id === 'museum-tours')!;
      event.programme!.items = [
        ...event.programme!.items.filter((i) => i !== tours),
        { ...tours, id: 'museum-first', start: '11:30', end: '11:55' },
        { ...tours, id: 'museum-second', start: '12:00', end: '12:25' },
      ];
    });
  });
  afterAll(async () => {
    await app.close();
    tmp.remove();
  });

  it('refuses, typed, a shift that would take a departure past the next one, and changes nothing', async () => {
    const departures = async () => (await app.live.station('museum'))!.departureTimes.slice();
    expect(await departures()).toEqual(['11:30', '12:00']);
    for (const [id, start, end] of [['museum-first', '12:30', '12:55'], ['museum-second', '11:00', '11:25']]) {
      const r = await shift(id, start, end);
      expect(r.statusCode).toBe(422);
      expect(r.json()).toEqual({ code: 'programme_departure_order', message: expect.stringContaining('museum') });
    }
    expect(await app.store.programme.times()).toEqual([]);
    expect(await departures()).toEqual(['11:30', '12:00']);
    // Up to the next one is fine.
    expect((await shift('museum-first', '11:35', '12:00')).statusCode).toBe(200);
    expect(await departures()).toEqual(['11:35', '12:00']);
  });
});
