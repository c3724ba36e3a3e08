import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportRecords } from '../../server/db/durable-store.ts';
import { eventReport, leadList, leadLists, scanLog, stationReport, stationsReport } from '../../server/reports/queries.ts';
import type { StationSummary } from '../../shared/reports.ts';
import { DURABLE_KINDS } from '../db/durable-stores.ts';
import { knownDayIn, MIN, OFFSET, t } from './known-day.ts';

// Every figure below was worked out by hand from known-day.ts. The same day is read from SQLite
// and from PostgreSQL: every figure is asserted on both, and both give identical reports.

const noRefusals = { badge_invalid: 0, badge_revoked: 0, badge_unknown: 0, badge_other_event: 0, station_paused: 0, station_closed: 0, queue_full: 0, tours_full: 0 };
const noEndings = { scan: 0, moved: 0, max_stay: 0, session_end: 0, left_site: 0, open: 0 };

/** Every report of the day, as far as they go. */
async function everything(reports: ReportRecords) {
  return {
    stations: await stationsReport(reports),
    stationsAt360: await stationsReport(reports, { utcOffsetMinutes: 360 }),
    stations1By1: await Promise.all(['entrance', 'kazzinc', 'umz', 'mc-it', 'college-1', 'tmk'].map((id) => stationReport(reports, id))),
    event: await eventReport(reports),
    eventAllTop: await eventReport(reports, { top: 0, utcOffsetMinutes: -120 }),
    leads: await leadLists(reports),
    scans: await scanLog(reports),
    scanPage: await scanLog(reports, { stationId: 'umz', from: t(10, 0), to: t(11, 0), limit: 3, offset: 1 }),
  };
}

describe('both stores give identical reports of the known day', () => {
  it('SQLite and PostgreSQL: every report, field for field', async () => {
    const [sqlite, postgres] = await Promise.all(DURABLE_KINDS.map((kind) => knownDayIn(kind)));
    try {
      const fromSqlite = await everything(sqlite.store.reports);
      expect(fromSqlite.scans.total).toBe(48);
      expect(await everything(postgres.store.reports)).toEqual(fromSqlite);
    } finally {
      await Promise.all([sqlite.close(), postgres.close()]);
    }
  });
});

describe.each(DURABLE_KINDS)('the known day in %s', (kind) => {
  let reports: ReportRecords;
  let close: () => Promise<void>;
  beforeAll(async () => {
    const day = await knownDayIn(kind);
    reports = day.store.reports;
    close = day.close;
  });
  afterAll(() => close());

  /** A station's figures without what describes the station itself (name, host, capacity, group). */
  async function figures(id: string): Promise<Partial<StationSummary>> {
    const s: Partial<StationSummary> = { ...(await stationsReport(reports, { utcOffsetMinutes: OFFSET })).stations.find((x) => x.stationId === id)! };
    delete s.name;
    delete s.host;
    delete s.capacity;
    delete s.group;
    return s;
  }

  describe('per station, on the known day', () => {
    it('lists every station of the event in event order', async () => {
      const r = await stationsReport(reports);
      expect(r.stations).toHaveLength(29);
      expect(r.stations[0].stationId).toBe('entrance');
      expect(r.stations.map((s) => s.stationId).slice(11, 13)).toEqual(['kazzinc', 'umz']);
      expect(r.stations.find((s) => s.stationId === 'umz')!.capacity).toBe(2);
    });

    it('kazzinc: re-read, refusals, a move, an automatic check-out, a return visit', async () => {
      // Stays 6, 8, 10, 15, 20, 30 min: median between 10 and 15, p90 between 20 and 30 (at 4.5).
      expect(await figures('kazzinc')).toEqual({
        stationId: 'kazzinc',
        visits: 6,
        uniqueVisitors: 5,
        medianStayMs: 12.5 * MIN,
        p90StayMs: 25 * MIN,
        // 09:30, 09:32, 09:35 inside: three; 09:45 makes three again but later.
        peakOccupancy: 3,
        peakOccupancyAt: t(9, 35),
        longestQueue: 0,
        longestQueueAt: null,
        queuedScans: 0,
        rereads: 1,
        refusedScans: 3,
        refusedByReason: { ...noRefusals, badge_invalid: 1, badge_unknown: 1, badge_revoked: 1 },
        endedBy: { ...noEndings, scan: 4, moved: 1, max_stay: 1 },
      });
    });

    it('umz: queue of three at 10:04, re-read not counted, leaving before entering at the same moment', async () => {
      // Stays 15, 15, 15, 30: median 15, p90 at 2.7 = 15 + 0.7 × 15.
      expect(await figures('umz')).toEqual({
        stationId: 'umz',
        visits: 4,
        uniqueVisitors: 4,
        medianStayMs: 15 * MIN,
        p90StayMs: 25.5 * MIN,
        // Two inside from 10:00; at 10:05 and 10:30 one leaves as another enters: never three.
        peakOccupancy: 2,
        peakOccupancyAt: t(10, 0),
        longestQueue: 3,
        longestQueueAt: t(10, 4),
        queuedScans: 3,
        rereads: 1,
        refusedScans: 3,
        refusedByReason: { ...noRefusals, queue_full: 1, station_paused: 2 },
        endedBy: { ...noEndings, scan: 2, max_stay: 1, left_site: 1 },
      });
    });

    it('mc-it: a maximum stay and a session end', async () => {
      // Stays 10, 19, 20, 40: median 19.5, p90 at 2.7 = 20 + 0.7 × 20.
      expect(await figures('mc-it')).toEqual({
        stationId: 'mc-it',
        visits: 4,
        uniqueVisitors: 4,
        medianStayMs: 19.5 * MIN,
        p90StayMs: 34 * MIN,
        peakOccupancy: 3,
        peakOccupancyAt: t(11, 40),
        longestQueue: 0,
        longestQueueAt: null,
        queuedScans: 0,
        rereads: 0,
        refusedScans: 0,
        refusedByReason: noRefusals,
        endedBy: { ...noEndings, max_stay: 1, session_end: 3 },
      });
    });

    it('college-1: a visit still open counts as a visit but not as a stay', async () => {
      expect(await figures('college-1')).toMatchObject({
        visits: 2,
        uniqueVisitors: 2,
        medianStayMs: 15 * MIN,
        p90StayMs: 15 * MIN,
        peakOccupancy: 1,
        peakOccupancyAt: t(9, 10),
        endedBy: { ...noEndings, scan: 1, open: 1 },
      });
    });

    it('the gate: arrivals, people on site, a refusal when closed', async () => {
      // Finished stays 20, 100, 100, 240 min: median 100, p90 at 2.7 = 100 + 0.7 × 140.
      expect(await figures('entrance')).toMatchObject({
        visits: 7,
        uniqueVisitors: 7,
        medianStayMs: 100 * MIN,
        p90StayMs: 198 * MIN,
        peakOccupancy: 7,
        peakOccupancyAt: t(10, 30),
        refusedScans: 1,
        refusedByReason: { ...noRefusals, station_closed: 1 },
        endedBy: { ...noEndings, scan: 4, open: 3 },
      });
    });

    it('a station nobody visited has zeros and nulls', async () => {
      expect(await figures('tmk')).toEqual({
        stationId: 'tmk',
        visits: 0,
        uniqueVisitors: 0,
        medianStayMs: null,
        p90StayMs: null,
        peakOccupancy: 0,
        peakOccupancyAt: null,
        longestQueue: 0,
        longestQueueAt: null,
        queuedScans: 0,
        rereads: 0,
        refusedScans: 0,
        refusedByReason: noRefusals,
        endedBy: noEndings,
      });
    });

    it('one station alone gives the same figures and its visits by local hour', async () => {
      const all = (await stationsReport(reports)).stations.find((s) => s.stationId === 'umz');
      const one = (await stationReport(reports, 'umz', { utcOffsetMinutes: OFFSET }))!;
      expect(one.station).toEqual(all);
      expect((await stationReport(reports, 'kazzinc'))!.visitsByHour).toEqual([
        { start: t(9, 0), hour: '09:00', visits: 4 },
        { start: t(10, 0), hour: '10:00', visits: 0 },
        { start: t(11, 0), hour: '11:00', visits: 2 },
        { start: t(12, 0), hour: '12:00', visits: 0 },
      ]);
      expect(await stationReport(reports, 'no-such-station')).toBeNull();
    });

    it('hours follow the offset asked for', async () => {
      const hours = (await stationReport(reports, 'kazzinc', { utcOffsetMinutes: 360 }))!.visitsByHour;
      expect(hours.map((h) => h.hour)).toEqual(['10:00', '11:00', '12:00', '13:00']);
      expect(hours.map((h) => h.visits)).toEqual([4, 0, 2, 0]);
    });
  });

  describe('across the event, on the known day', () => {
    it('funnel: registered → arrived → visited a station → visited an employer', async () => {
      // 6 never came; 7 only passed the gate; 8 skipped the gate; 9 only saw a grant station.
      expect((await eventReport(reports)).funnel).toEqual({ registered: 9, arrived: 8, visitedStation: 7, visitedEmployer: 6 });
    });

    it('visits by category, every category present, in the desk order', async () => {
      expect((await eventReport(reports)).byCategory).toEqual([
        { key: 'school', registered: 3, arrived: 3, visitors: 3, visits: 8 },
        { key: 'college', registered: 2, arrived: 2, visitors: 1, visits: 3 },
        { key: 'university', registered: 3, arrived: 3, visitors: 3, visits: 6 },
        { key: 'other', registered: 1, arrived: 0, visitors: 0, visits: 0 },
      ]);
    });

    it('visits by institution, most visits first', async () => {
      expect((await eventReport(reports)).byInstitution).toEqual([
        { key: 'ВКТУ', registered: 3, arrived: 3, visitors: 3, visits: 6 },
        { key: 'Школа-лицей №1', registered: 2, arrived: 2, visitors: 2, visits: 6 },
        { key: 'ВКТК', registered: 2, arrived: 2, visitors: 1, visits: 3 },
        { key: 'Гимназия №2', registered: 1, arrived: 1, visitors: 1, visits: 2 },
        { key: '', registered: 1, arrived: 0, visitors: 0, visits: 0 },
      ]);
    });

    it('most visited stations per category, ties by visitors then event order', async () => {
      const top = (await eventReport(reports)).topStations.map((c) => ({
        category: c.category,
        stations: c.stations.map((s) => [s.rank, s.stationId, s.visits, s.uniqueVisitors]),
      }));
      expect(top).toEqual([
        { category: 'school', stations: [[1, 'kazzinc', 3, 2], [2, 'mc-it', 2, 2], [3, 'umz', 2, 2], [4, 'college-1', 1, 1]] },
        { category: 'college', stations: [[1, 'college-1', 1, 1], [2, 'kazzinc', 1, 1], [3, 'umz', 1, 1]] },
        { category: 'university', stations: [[1, 'mc-it', 2, 2], [2, 'kazzinc', 2, 2], [3, 'umz', 1, 1], [4, 'grant-1', 1, 1]] },
      ]);
      expect((await eventReport(reports, { top: 1 })).topStations.map((c) => c.stations.map((s) => s.stationId))).toEqual([
        ['kazzinc'],
        ['college-1'],
        ['mc-it'],
      ]);
    });

    it('station × hour heat map: every station but the gate, every hour from 09:00 to 12:00', async () => {
      const { heatmap } = await eventReport(reports);
      expect(heatmap.hours).toEqual([
        { start: t(9, 0), hour: '09:00' },
        { start: t(10, 0), hour: '10:00' },
        { start: t(11, 0), hour: '11:00' },
        { start: t(12, 0), hour: '12:00' },
      ]);
      expect(heatmap.stations).toHaveLength(28);
      const row = (id: string) => heatmap.stations.find((s) => s.stationId === id)!.visits;
      expect(row('kazzinc')).toEqual([4, 0, 2, 0]);
      expect(row('umz')).toEqual([1, 3, 0, 0]);
      expect(row('mc-it')).toEqual([0, 1, 3, 0]);
      expect(row('college-1')).toEqual([1, 0, 0, 1]);
      expect(row('grant-1')).toEqual([1, 0, 0, 0]);
      const total = heatmap.stations.reduce((n, s) => n + s.visits.reduce((a, b) => a + b, 0), 0);
      expect(total).toBe(17);
    });
  });

  describe('lead lists, on the known day', () => {
    it('kazzinc: the three consenting visitors of five, earliest first, with their stay', async () => {
      const list = (await leadList(reports, 'kazzinc'))!;
      expect(list.visitors).toBe(5);
      expect(list.leads.map((l) => [l.firstName, l.firstVisitAt, l.visits, l.totalStayMs])).toEqual([
        ['Айгерім', t(9, 30), 2, 30 * MIN],
        ['Dana', t(9, 35), 1, 15 * MIN],
        ['Нұрлан', t(11, 10), 1, 8 * MIN],
      ]);
      expect(list.leads[0]).toEqual({
        stationId: 'kazzinc',
        firstName: 'Айгерім',
        lastName: 'Серікова',
        category: 'school',
        institution: 'Школа-лицей №1',
        grade: '11',
        phone: '+77011112233',
        email: 'aigerim@example.kz',
        language: 'kk',
        firstVisitAt: t(9, 30),
        visits: 2,
        totalStayMs: 30 * MIN,
      });
    });

    it('umz: 2 (no consent) is left out', async () => {
      const list = (await leadList(reports, 'umz'))!;
      expect(list.visitors).toBe(4);
      expect(list.leads.map((l) => [l.lastName, l.firstVisitAt, l.totalStayMs])).toEqual([
        ['O"Neil, Jr', t(9, 50), 15 * MIN],
        ['Ким', t(10, 0), 30 * MIN],
        ['Серікова', t(10, 5), 15 * MIN],
      ]);
    });

    it('every employer has a list, even an empty one; other stations have none', async () => {
      const lists = await leadLists(reports);
      expect(lists.map((l) => [l.stationId, l.leads.length])).toEqual([
        ['kazzinc', 3],
        ['umz', 3],
        ['tmk', 0],
        ['oesk', 0],
        ['sogrinskaya-chp', 0],
        ['uk-chp', 0],
        ['shygys-zhylu', 0],
      ]);
      await expect(leadList(reports, 'mc-it')).rejects.toThrow(/not an employer/);
      expect(await leadList(reports, 'nowhere')).toBeNull();
    });
  });

  describe('scan log, on the known day', () => {
    it('holds every scan, accepted and refused, in time order', async () => {
      const log = await scanLog(reports);
      expect(log.total).toBe(48);
      expect(log.rows).toHaveLength(48);
      const times = log.rows.map((r) => r.at);
      expect(times).toEqual([...times].sort((a, b) => a - b));
      expect(log.rows[0]).toMatchObject({ stationId: 'entrance', badgeNo: 1, outcome: 'entered', at: t(9, 0) });
    });

    it('filters by station, outcome and time, and pages', async () => {
      expect((await scanLog(reports, { stationId: 'umz' })).total).toBe(14);
      expect((await scanLog(reports, { outcome: 'rejected' })).total).toBe(7);
      expect((await scanLog(reports, { outcome: 'queued' })).total).toBe(4);
      expect((await scanLog(reports, { from: t(10, 0), to: t(11, 0) })).total).toBe(
        (await scanLog(reports)).rows.filter((r) => r.at >= t(10, 0) && r.at < t(11, 0)).length,
      );
      const page = await scanLog(reports, { limit: 5, offset: 45 });
      expect(page.total).toBe(48);
      expect(page.rows).toHaveLength(3);
    });

    it('carries queue positions, re-reads and refusal reasons', async () => {
      const umz = (await scanLog(reports, { stationId: 'umz', outcome: 'queued' })).rows;
      expect(umz.map((r) => [r.badgeNo, r.queuePosition, r.reread])).toEqual([
        [1, 1, false],
        [4, 2, false],
        [2, 3, false],
        [2, 3, true],
      ]);
      const invalid = (await scanLog(reports, { stationId: 'kazzinc', outcome: 'rejected' })).rows[0];
      expect(invalid).toMatchObject({ badgeNo: null, reason: 'badge_invalid', queuePosition: null, reread: false });
      expect((await scanLog(reports, { stationId: 'umz' })).rows[0]).toMatchObject({ leftStation: 'kazzinc', outcome: 'entered' });
    });
  });

  describe('replays, on the known day', () => {
    it('a scan written again to the log (a kiosk replaying its outbox) changes no figure', async () => {
      const { store, close: closeFresh } = await knownDayIn(kind);
      try {
        const fresh = store.reports;
        const before = await everything(fresh);
        const entry = (await scanLog(fresh, { stationId: 'kazzinc', outcome: 'entered' })).rows[0];
        const queued = (await scanLog(fresh, { stationId: 'umz', outcome: 'queued' })).rows[2];
        expect([entry.badgeNo, entry.at, queued.badgeNo, queued.queuePosition]).toEqual([1, t(9, 30), 2, 3]);
        await store.log.write([
          {
            kind: 'scan',
            id: entry.id,
            kioskId: entry.kioskId,
            stationId: 'kazzinc',
            badgeNo: 1,
            badgeSerial: entry.badgeSerial,
            at: entry.at,
            clientAt: entry.clientAt,
            answer: { outcome: 'entered', station: { id: 'kazzinc', occupancy: 1, capacity: 12, queue: 0 }, replayed: true },
            effects: [{ type: 'visit_started', no: 1, stationId: 'kazzinc', at: entry.at }],
          },
          {
            kind: 'scan',
            id: queued.id,
            kioskId: queued.kioskId,
            stationId: 'umz',
            badgeNo: 2,
            badgeSerial: queued.badgeSerial,
            at: queued.at,
            clientAt: queued.clientAt,
            answer: { outcome: 'queued', station: { id: 'umz', occupancy: 2, capacity: 2, queue: 3 }, queuePosition: 3, replayed: true },
            effects: [],
          },
        ]);
        expect(await everything(fresh)).toEqual(before);
      } finally {
        await closeFresh();
      }
    });
  });
});
