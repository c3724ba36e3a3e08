import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/client.ts';
import { Journal } from '../../server/db/journal.ts';
import { sqliteStore } from '../../server/db/sqlite-store.ts';
import { eventReport } from '../../server/reports/queries.ts';
import { eventTables } from '../../server/reports/tables.ts';
import { DayWriter, PEOPLE, t } from './known-day.ts';

// The programme's places in the event report: the assembly hall filling for the opening ceremony
// and the exhibition's zone, worked out by hand below.

function dayWithPlaces() {
  const { db, sqlite } = openDatabase(':memory:');
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
  return sqliteStore(sqlite, new Journal(sqlite), tmpdir());
}

describe('the programme\'s places in the event report', () => {
  it('the hall: entries, people, its fullest moment against its seats; the exhibition likewise; the tours with the tours run; no station among them', async () => {
    const report = await eventReport(dayWithPlaces().reports);
    expect(report.places.map(({ name, ...figures }) => ({ ...figures, en: name.en }))).toEqual([
      // 10:00, 10:01, 10:02 inside (three); 2 leaves at 10:20 before 4 comes at 10:25: never four.
      { stationId: 'assembly-hall', en: expect.stringMatching(/hall/i), mode: 'hall', capacity: 600, visits: 5, uniqueVisitors: 4, peakOccupancy: 3, peakOccupancyAt: t(10, 2) },
      { stationId: 'exhibition', en: expect.stringMatching(/exhibition/i), mode: 'exhibition', capacity: 300, visits: 3, uniqueVisitors: 2, peakOccupancy: 2, peakOccupancyAt: t(9, 45) },
      // The tours, nobody on them this day: none run.
      ...[['museum', 15], ['laboratories', 12], ['library', 15]].map(([stationId, capacity]) => ({
        stationId, en: expect.stringMatching(/tour/i), mode: 'tour', capacity, visits: 0, uniqueVisitors: 0, peakOccupancy: 0, peakOccupancyAt: null, toursRun: 0,
      })),
    ]);
  });

  it('exports them as a table of their own, in the file\'s language', async () => {
    const tables = eventTables(await eventReport(dayWithPlaces().reports, { utcOffsetMinutes: 300 }), 'ru');
    const places = tables.find((x) => x.name === 'places')!;
    expect(places.title).toBe('Места программы');
    expect(places.rows.map((r) => [r.stationId, r.kind, r.visits, r.peakOccupancy, r.peakOccupancyAt])).toEqual([
      ['assembly-hall', 'Актовый зал', 5, 3, t(10, 2)],
      ['exhibition', 'Выставка', 3, 2, t(9, 45)],
      ['museum', 'Экскурсия', 0, 0, null],
      ['laboratories', 'Экскурсия', 0, 0, null],
      ['library', 'Экскурсия', 0, 0, null],
    ]);
  });
});
