import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/client.ts';
import { stationActions, visits } from '../../server/db/schema.ts';
import { eventReport } from '../../server/reports/queries.ts';
import { eventTables } from '../../server/reports/tables.ts';
import { DURABLE_KINDS } from '../db/durable-stores.ts';
import { DayWriter, knownDayIn, MIN, PEOPLE, t } from './known-day.ts';

// The programme's places in the event report: the assembly hall filling for the opening ceremony,
// the exhibition's zone and the tours' departures, worked out by hand below, from SQLite and from
// PostgreSQL alike.

function dayWithPlaces() {
  const opened = openDatabase(':memory:');
  const { db } = opened;
  const day = new DayWriter(db).stations().people(PEOPLE);
  // The opening ceremony: four come in at the doors, one leaves early; 5 walks on to a station.
  day.visit(1, 'assembly-hall', t(10, 0), t(11, 0), 'scan');
  day.visit(2, 'assembly-hall', t(10, 1), t(10, 20), 'scan');
  day.visit(3, 'assembly-hall', t(10, 2), t(11, 0), 'moved');
  day.visit(4, 'assembly-hall', t(10, 25), t(11, 0), 'left_site');
  // The closing: 1 again, alone.
  day.visit(1, 'assembly-hall', t(14, 45), null, null);
  // The exhibition: 5 twice, 7 once; at most two in the zone at once, from 09:45.
  day.visit(5, 'exhibition', t(9, 40), t(9, 50), 'scan');
  day.visit(7, 'exhibition', t(9, 45), t(10, 0), 'moved');
  day.visit(5, 'exhibition', t(13, 0), t(13, 10), 'scan');
  day.visit(5, 'kazzinc', t(11, 0), t(11, 10), 'scan');
  // The museum (groups of 15): the 11:30 leaves at 11:29 with 1, 2 and 3, while 4 and 5 never
  // came; the 12:00 leaves with 6 alone, after the guide made the group 10.
  day.departure('museum', t(11, 29), { departure: 0, time: '11:30', group: 15, went: [1, 2, 3], noShows: [4, 5] }, 30);
  day.departure('museum', t(12, 0), { departure: 1, time: '12:00', group: 10, went: [6], noShows: [] }, 30);
  // The laboratories (groups of 12): a start logged before departures were recorded, 7 and 8 on it.
  db.insert(stationActions).values({ id: 'old-start', stationId: 'laboratories', at: t(11, 15), action: 'session_start', value: null }).run();
  for (const no of [7, 8]) db.insert(visits).values({ badgeNo: no, stationId: 'laboratories', inAt: t(11, 15), outAt: t(11, 15) + 40 * MIN, outReason: 'session_end', scanId: `action:${t(11, 15)}:${no}` }).run();
  return opened;
}

describe.each(DURABLE_KINDS)('the programme\'s places in the event report, from %s', (kind) => {
  it('the hall: entries, people, its fullest moment against its seats; the exhibition likewise; the tours with their departures, bookings, no-shows and places; no station among them', async () => {
    const day = await knownDayIn(kind, dayWithPlaces());
    try {
      const report = await eventReport(day.store.reports);
      expect(report.places.map(({ name, ...figures }) => ({ ...figures, en: name.en }))).toEqual([
        // 10:00, 10:01, 10:02 inside (three); 2 leaves at 10:20 before 4 comes at 10:25: never four.
        { stationId: 'assembly-hall', en: expect.stringMatching(/hall/i), mode: 'hall', capacity: 600, visits: 5, uniqueVisitors: 4, peakOccupancy: 3, peakOccupancyAt: t(10, 2) },
        { stationId: 'exhibition', en: expect.stringMatching(/exhibition/i), mode: 'exhibition', capacity: 300, visits: 3, uniqueVisitors: 2, peakOccupancy: 2, peakOccupancyAt: t(9, 45) },
        // Two departures: six booked, four went, two did not come; 15 + 10 places offered.
        {
          stationId: 'museum', en: expect.stringMatching(/tour/i), mode: 'tour', capacity: 15, visits: 4, uniqueVisitors: 4, peakOccupancy: 3, peakOccupancyAt: t(11, 29),
          tours: { departures: 2, booked: 6, went: 4, noShows: 2, places: 25 },
        },
        // The unrecorded start: those who went in at that moment, the tour's group size, no no-shows known.
        {
          stationId: 'laboratories', en: expect.stringMatching(/tour/i), mode: 'tour', capacity: 12, visits: 2, uniqueVisitors: 2, peakOccupancy: 2, peakOccupancyAt: t(11, 15),
          tours: { departures: 1, booked: 2, went: 2, noShows: 0, places: 12 },
        },
        // Nobody on the library's tours this day: none run.
        {
          stationId: 'library', en: expect.stringMatching(/tour/i), mode: 'tour', capacity: 15, visits: 0, uniqueVisitors: 0, peakOccupancy: 0, peakOccupancyAt: null,
          tours: { departures: 0, booked: 0, went: 0, noShows: 0, places: 0 },
        },
      ]);
    } finally {
      await day.close();
    }
  });
});

describe('the programme\'s places exported', () => {
  it('as a table of their own, in the file\'s language, with the tours\' departures, bookings, no-shows and how full they went', async () => {
    const day = await knownDayIn('sqlite', dayWithPlaces());
    try {
      const tables = eventTables(await eventReport(day.store.reports, { utcOffsetMinutes: 300 }), 'ru');
      const places = tables.find((x) => x.name === 'places')!;
      expect(places.title).toBe('Места программы');
      expect(places.columns.slice(-5).map((c) => c.title)).toEqual(['Проведено экскурсий', 'Записались', 'Пошли', 'Не пришли', 'Заполненность (пошли ÷ места в группах), %']);
      expect(places.rows.map((r) => [r.stationId, r.kind, r.visits, r.peakOccupancy, r.peakOccupancyAt, r.departures, r.booked, r.went, r.noShows, r.full])).toEqual([
        ['assembly-hall', 'Актовый зал', 5, 3, t(10, 2), null, null, null, null, null],
        ['exhibition', 'Выставка', 3, 2, t(9, 45), null, null, null, null, null],
        // 4 of 25 places: 16 %.
        ['museum', 'Экскурсия', 4, 3, t(11, 29), 2, 6, 4, 2, 16],
        ['laboratories', 'Экскурсия', 2, 2, t(11, 15), 1, 2, 2, 0, 16.7],
        ['library', 'Экскурсия', 0, 0, null, 0, 0, 0, 0, null],
      ]);
    } finally {
      await day.close();
    }
  });
});
