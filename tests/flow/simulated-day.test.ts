import { describe, expect, it } from 'vitest';
import { loadEvent, BUNDLED_EVENT } from '../../server/config.ts';
import { dayLength, hallWindows, simulateDay, windowAt } from '../../bench/day-model.ts';
import type { Programme } from '../../shared/event.ts';

const text = { kk: 'x', ru: 'x', en: 'x' };
const item = (id: string, place: string, start: string, end: string) => ({ id, place, start, end, title: text, description: text });

describe('the programme as a simulated day sees it', () => {
  it('back-to-back items at one hall make one window; a gap, another hall or a place that is no hall do not', () => {
    const programme: Pick<Programme, 'opens' | 'items'> = {
      opens: '09:30',
      items: [
        item('closing', 'hall', '14:45', '15:15'),
        item('opening', 'hall', '10:00', '10:40'),
        item('performances', 'hall', '10:40', '11:00'),
        item('lecture', 'small-hall', '10:30', '11:30'),
        item('tour', 'museum', '11:30', '12:00'),
      ],
    };
    expect(hallWindows(programme, ['hall', 'small-hall'])).toEqual([
      { stationId: 'hall', from: 30, to: 90 },
      { stationId: 'small-hall', from: 60, to: 120 },
      { stationId: 'hall', from: 315, to: 345 },
    ]);
    expect(hallWindows(undefined, ['hall'])).toEqual([]);
  });

  it('finds the window running at a minute: from its start, up to but not at its end', () => {
    const windows = [{ stationId: 'hall', from: 30, to: 90 }];
    expect(windowAt(windows, 29.9)).toBeUndefined();
    expect(windowAt(windows, 30)).toBe(windows[0]);
    expect(windowAt(windows, 89.9)).toBe(windows[0]);
    expect(windowAt(windows, 90)).toBeUndefined();
  });

  it('a day with a programme lasts from its opening to its closing, else five hours', () => {
    expect(dayLength({ opens: '09:30', closes: '15:30' })).toBe(360);
    expect(dayLength(undefined)).toBe(300);
  });
});

describe('the bundled event\'s whole day, simulated', () => {
  const event = loadEvent(BUNDLED_EVENT);
  const hall = event.stations.find((s) => s.mode === 'hall')!;
  const exhibition = event.stations.find((s) => s.mode === 'exhibition')!;
  const [opening] = hallWindows(event.programme, [hall.id]);

  for (const [people, seed] of [[400, 1], [800, 3]]) {
    it(`the opening ceremony fills the hall, the exhibition is visited, every station works (${people} people, seed ${seed})`, () => {
      const day = simulateDay(event, people, seed);
      const peak = day.peaks.get(hall.id)!;
      // Most of those on site go to the ceremony: the hall's fullest moment is during it.
      expect(peak.minute).toBeGreaterThanOrEqual(opening.from);
      expect(peak.minute).toBeLessThan(opening.to);
      expect(peak.inside).toBeGreaterThan(people * 0.3);
      expect(peak.inside).toBeLessThanOrEqual(hall.capacity);
      expect(day.visits.get(exhibition.id)).toBeGreaterThan(people * 0.05);
      // Tours are booked for their departures; the simulated day does not play them yet.
      for (const s of event.stations.filter((d) => d.mode !== 'tour')) expect(day.visits.get(s.id) ?? 0, s.id).toBeGreaterThan(0);
    });
  }
});
