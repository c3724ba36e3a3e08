// A hall and an exhibition zone through the API: the door kiosks, the live view, and the station
// report (the hall's peak attendance, the exhibition's visits).
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StationsReport } from '../../shared/reports.ts';
import type { StationView } from '../../shared/station.ts';
import { ADMIN, kiosk, register, tempDir, testAppOfEvent } from '../support/app.ts';

describe('a hall and an exhibition zone', () => {
  const tmp = tempDir();
  let app: FastifyInstance;

  beforeAll(async () => {
    // The bundled hall and exhibition, made small.
    app = await testAppOfEvent(tmp.dir, (event) => {
      for (const s of event.stations) if (s.id === 'assembly-hall') s.capacity = 3;
      for (const s of event.stations) if (s.id === 'exhibition') s.capacity = 2;
    });
  });
  afterAll(async () => {
    await app.close();
    tmp.remove();
  });

  it('fills the hall from its doors, queues once full, counts the exhibition past capacity; the report keeps the peak and the visits', async () => {
    const doors = [await kiosk(app, 'assembly-hall'), await kiosk(app, 'assembly-hall')];
    const expo = await kiosk(app, 'exhibition');
    const people = [];
    for (let i = 0; i < 5; i++) people.push(await register(app, `P${i}`));
    const scanAt = async (headers: { authorization: string }, badge: string) =>
      (await app.inject({ method: 'POST', url: '/api/scans', headers, payload: { id: randomUUID(), badge } })).json<{ outcome: string; leftStation?: string }>();

    const outcomes = [];
    for (const [i, p] of people.entries()) outcomes.push((await scanAt(doors[i % 2].headers, p.badge)).outcome);
    expect(outcomes).toEqual(['entered', 'entered', 'entered', 'queued', 'queued']);
    // Three leave the hall for the exhibition (one place at a time): the queue is called in, the zone holds three past its two.
    for (const p of people.slice(0, 3)) expect(await scanAt(expo.headers, p.badge)).toMatchObject({ outcome: 'entered', leftStation: 'assembly-hall' });
    const stations = (await app.inject({ url: '/api/stations' })).json<StationView[]>();
    expect(stations.find((s) => s.id === 'exhibition')).toMatchObject({ mode: 'exhibition', occupancy: 3, capacity: 2, queue: 0, waitMinutes: 0 });
    expect(stations.find((s) => s.id === 'assembly-hall')).toMatchObject({ mode: 'hall', occupancy: 0, queue: 0, calling: [people[3].badgeNo, people[4].badgeNo] });

    const report = (await app.inject({ url: '/api/reports/stations', headers: ADMIN })).json<StationsReport>();
    const row = (id: string) => report.stations.find((s) => s.stationId === id)!;
    expect(row('assembly-hall')).toMatchObject({ visits: 3, peakOccupancy: 3, longestQueue: 2 });
    expect(row('exhibition')).toMatchObject({ visits: 3, peakOccupancy: 3, longestQueue: 0 });
  });
});
