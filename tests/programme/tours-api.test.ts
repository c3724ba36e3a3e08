// A tour through the API on the morning of the day (the process's clock set to 11:20 at UTC+5, only Date
// faked): scans at the museum's kiosk book the 11:30 departure and then the 12:00, the screen's
// view says "next tour" and places left, the guide's kiosk starts the departure, no-shows' places
// go to those of 12:00 who are here, and another station's kiosk cannot start it.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ScanAnswer } from '../../shared/scan.ts';
import type { StationView } from '../../shared/station.ts';
import type { ActionAck, TourManifest } from '../../shared/realtime.ts';
import type { EventReport } from '../../shared/reports.ts';
import { ADMIN, ADMIN_TOKEN, kiosk, onTheDay, register, tempDir, testApp } from '../support/app.ts';
import { connect } from '../realtime/sockets.ts';

describe('a tour through the API', () => {
  const tmp = tempDir();
  let app: FastifyInstance;

  beforeAll(async () => {
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
    vi.setSystemTime(onTheDay('11:20'));
    app = await testApp(tmp.dir);
    await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await app.close();
    tmp.remove();
    vi.useRealTimers();
  });

  it('books, shows the next departure, and the guide’s kiosk starts it with those here', async () => {
    const guide = await kiosk(app, 'museum');
    const people = [];
    for (let i = 0; i < 17; i++) people.push(await register(app, `T${i}`));
    const scan = async (badge: string) =>
      (await app.inject({ method: 'POST', url: '/api/scans', headers: guide.headers, payload: { id: randomUUID(), badge } })).json<ScanAnswer>();
    const museum = async () => (await app.inject({ url: '/api/stations' })).json<StationView[]>().find((s) => s.id === 'museum')!;

    for (const [i, p] of people.entries()) {
      expect(await scan(p.badge)).toMatchObject({ outcome: 'queued', departure: i < 15 ? '11:30' : '12:00', queuePosition: i < 15 ? i + 1 : i - 14 });
    }
    expect((await museum()).tour).toEqual({ next: '12:00', placesLeft: 13, starting: '11:30', booked: 15, here: 0, departed: 0 });
    // Ten of 11:30 and one of 12:00 are here (a second scan, after the re-read window).
    vi.setSystemTime(onTheDay('11:28'));
    for (const p of [...people.slice(0, 10), people[15]]) expect(await scan(p.badge)).toMatchObject({ outcome: 'queued', here: true });
    expect((await museum()).tour).toMatchObject({ booked: 15, here: 10 });

    const other = await kiosk(app, 'kazzinc');
    const refused = await app.inject({ method: 'POST', url: '/api/stations/museum/session', headers: other.headers, payload: { action: 'start' } });
    expect(refused.statusCode).toBe(403);
    const started = await app.inject({ method: 'POST', url: '/api/stations/museum/session', headers: guide.headers, payload: { action: 'start' } });
    expect(started.statusCode).toBe(200);
    expect(await museum()).toMatchObject({ occupancy: 11, tour: { next: '12:00', placesLeft: 14, starting: '12:00', booked: 1, here: 0, departed: 1 } });
    // The tour under way: one leaves it with a scan; the guide ends it.
    expect(await scan(people[0].badge)).toMatchObject({ outcome: 'exited' });
    const ended = await app.inject({ method: 'POST', url: '/api/stations/museum/session', headers: guide.headers, payload: { action: 'end' } });
    expect(ended.statusCode).toBe(200);
    expect((await museum()).occupancy).toBe(0);
    // The event report counts the departure, who was booked on it (ten went, five did not come, one of 12:00 went in their place) and the places filled.
    const report = (await app.inject({ url: '/api/reports/event', headers: ADMIN })).json<EventReport>();
    expect(report.places.find((p) => p.stationId === 'museum')).toMatchObject({
      mode: 'tour', visits: 11, peakOccupancy: 11, capacity: 15, tours: { departures: 1, booked: 16, went: 11, noShows: 5, places: 15 },
    });
    expect(report.places.find((p) => p.stationId === 'assembly-hall')!.tours).toBeUndefined();
  });

  it('answers 409 no_departure once the last departure has gone', async () => {
    const guide = await kiosk(app, 'laboratories');
    vi.setSystemTime(onTheDay('14:00'));
    const last = await app.inject({ method: 'POST', url: '/api/stations/laboratories/session', headers: guide.headers, payload: { action: 'start' } });
    expect(last.statusCode).toBe(200);
    const none = await app.inject({ method: 'POST', url: '/api/stations/laboratories/session', headers: guide.headers, payload: { action: 'start' } });
    expect(none.statusCode).toBe(409);
    expect(none.json()).toMatchObject({ code: 'no_departure' });
  });

  it('moves a tour\'s departures when an organiser shifts its programme item, and back', async () => {
    vi.setSystemTime(onTheDay('11:50'));
    const museum = async () => (await app.inject({ url: '/api/stations' })).json<StationView[]>().find((s) => s.id === 'museum')!;
    const shift = (start: string, end: string) => app.inject({ method: 'PUT', url: '/api/programme/items/museum-tours', headers: ADMIN, payload: { start, end } });
    // The 12:00 has one booked (the 11:30 has left).
    expect((await museum()).tour).toMatchObject({ next: '12:00', placesLeft: 14 });
    expect((await shift('12:00', '15:00')).statusCode).toBe(200);
    // Half an hour later: the 12:00 leaves at 12:30 with its booking, and so on to 14:30.
    expect((await museum()).tour).toMatchObject({ next: '12:30', placesLeft: 14, starting: '12:30', booked: 1 });
    expect((await shift('11:30', '14:30')).statusCode).toBe(200);
    expect((await museum()).tour).toMatchObject({ next: '12:00', placesLeft: 14 });
  });

  it('gives the tour manifest with names to staff sockets only', async () => {
    vi.setSystemTime(onTheDay('11:20'));
    const guide = await kiosk(app, 'library');
    const a = await register(app, 'Aigerim');
    const b = await register(app, 'Bauyrzhan');
    const scan = (badge: string) => app.inject({ method: 'POST', url: '/api/scans', headers: guide.headers, payload: { id: randomUUID(), badge } });
    await scan(a.badge);
    await scan(b.badge);
    vi.setSystemTime(onTheDay('11:30'));
    await scan(b.badge);
    const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    const staff = connect(base, '/staff', { token: ADMIN_TOKEN }).socket;
    const crowd = connect(base, '/public').socket;
    try {
      const m = (await staff.emitWithAck('tour:manifest', { stationId: 'library' })) as ActionAck<TourManifest>;
      expect(m.data).toEqual({
        departures: [{ time: '11:45', people: [{ badgeNo: a.badgeNo, firstName: 'Aigerim', here: false }, { badgeNo: b.badgeNo, firstName: 'Bauyrzhan', here: true }] }],
        onTour: [],
      });
      const notTour = (await staff.emitWithAck('tour:manifest', { stationId: 'kazzinc' })) as ActionAck<TourManifest>;
      expect(notTour.error?.code).toBe('station_not_found');
      // A public socket is never answered (it may send nothing).
      await expect(crowd.timeout(1_000).emitWithAck('tour:manifest', { stationId: 'library' })).rejects.toThrow();
    } finally {
      staff.disconnect();
      crowd.disconnect();
    }
  });
});
