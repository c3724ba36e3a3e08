// The programme's rules (shared/programme-rules.ts) and the event file's programme as loaded at start.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUNDLED_EVENT, ConfigError, loadEvent } from '../../server/config.ts';
import type { Programme, ProgrammeItem } from '../../shared/event.ts';
import { clashOf, clockTime, minuteOf, nowAndNext, programmeProblems, timeProblems } from '../../shared/programme-rules.ts';

const bundled = loadEvent(BUNDLED_EVENT);
const stationIds = bundled.stations.map((s) => s.id);
const day = bundled.programme!;

const text = (en: string) => ({ kk: `${en} kk`, ru: `${en} ru`, en });
function item(id: string, start: string, end: string, place = 'hall'): ProgrammeItem {
  return { id, start, end, place, title: text(id) };
}
function programme(items: ProgrammeItem[], more: Partial<Programme> = {}): Programme {
  return { opens: '09:00', closes: '16:00', places: [{ id: 'hall', name: text('Hall') }, { id: 'museum', name: text('Museum') }], items, ...more };
}

describe('the bundled day', () => {
  it('is the article’s day, valid: doors 09:30–15:30, the opening in the assembly hall (a station), the closing last', () => {
    expect(programmeProblems(day, stationIds)).toEqual([]);
    expect([day.opens, day.closes]).toEqual(['09:30', '15:30']);
    expect(day.items.map((i) => i.id)).toEqual([
      'exhibition', 'opening', 'performances', 'master-classes', 'library-tours', 'laboratories-tours',
      'museum-tours', 'challenge', 'career-session', 'closing',
    ]);
    const opening = day.items.find((i) => i.id === 'opening')!;
    expect([opening.start, opening.end, opening.place]).toEqual(['10:00', '10:40', 'assembly-hall']);
    expect(opening.description?.en).toMatch(/akim.*vice-rector/);
    expect(day.places.map((p) => p.id)).toEqual(['practice-area', 'conference-hall']);
    // The assembly hall, the exhibition and the tour points are stations (counted at their doors), the items held there.
    expect(bundled.stations.filter((s) => s.group === 'programme').map((s) => [s.id, s.mode])).toEqual([
      ['assembly-hall', 'hall'], ['exhibition', 'exhibition'], ['museum', 'tour'], ['laboratories', 'tour'], ['library', 'tour'],
      ['challenge', 'sessions'], ['career-session', 'sessions'],
    ]);
    expect(bundled.stations.find((s) => s.id === 'museum')!.departures).toEqual(['11:30', '12:00', '12:30', '13:00', '13:30', '14:00']);
  });

  it('holds the challenge and the career session in the conference hall, each scanned at a sessions station of its length', () => {
    for (const id of ['challenge', 'career-session']) {
      const i = day.items.find((x) => x.id === id)!;
      const station = bundled.stations.find((s) => s.id === i.station)!;
      expect([i.place, station.mode, station.group]).toEqual(['conference-hall', 'sessions', 'programme']);
      expect(station.sessionMinutes, id).toBe(minuteOf(i.end) - minuteOf(i.start));
      expect(station.capacity).toBeGreaterThanOrEqual(40);
    }
    expect(day.items.find((x) => x.id === 'challenge')!.shortTitle).toEqual({ kk: '«Әке мен жасадым»', ru: '«Әке мен жасадым»', en: 'Father, I made it' });
  });
});

describe('clock times', () => {
  it('turn into minutes of the day and back', () => {
    expect(minuteOf('00:00')).toBe(0);
    expect(minuteOf('09:30')).toBe(570);
    expect(minuteOf('23:59')).toBe(1439);
    expect(clockTime(570)).toBe('09:30');
    expect(clockTime(5)).toBe('00:05');
    expect(clockTime(1440 + 61)).toBe('01:01');
    expect(clockTime(-1)).toBe('23:59');
  });
});

describe('programme validation', () => {
  it('finds nothing wrong with a good programme', () => {
    expect(programmeProblems(programme([item('a', '09:00', '10:00'), item('b', '10:00', '16:00'), item('c', '09:30', '10:30', 'museum')]), [])).toEqual([]);
  });

  it('refuses a day that closes before it opens', () => {
    expect(programmeProblems(programme([], { opens: '15:00', closes: '15:00' }), [])).toEqual(['/programme/closes 15:00 is not after opens 15:00']);
  });

  it('refuses a place id used twice or taken by a station', () => {
    const places = [{ id: 'hall', name: text('Hall') }, { id: 'hall', name: text('Hall 2') }, { id: 'kazzinc', name: text('K') }];
    expect(programmeProblems(programme([], { places }), ['kazzinc'])).toEqual([
      '/programme/places/1/id "hall" is used twice',
      '/programme/places/2/id "kazzinc" is a station\'s id',
    ]);
  });

  it('refuses an item id used twice and an unknown place; takes a station as a place', () => {
    expect(programmeProblems(programme([item('a', '09:00', '10:00'), item('a', '10:00', '11:00'), item('b', '09:00', '10:00', 'nowhere'), item('c', '09:00', '10:00', 'kazzinc')]), ['kazzinc'])).toEqual([
      '/programme/items/1/id "a" is used twice',
      '/programme/items/2/place "nowhere" is neither a programme place nor a station',
    ]);
  });

  it('refuses an item that ends before it starts, or as it starts', () => {
    expect(programmeProblems(programme([item('a', '11:00', '10:00'), item('b', '12:00', '12:00', 'museum')]), [])).toEqual([
      '/programme/items/0/end 10:00 is not after start 11:00',
      '/programme/items/1/end 12:00 is not after start 12:00',
    ]);
    // Reversed times are named as such, not as a clash with what they seem to overlap.
    expect(programmeProblems(programme([item('a', '10:00', '11:30'), item('b', '11:00', '10:30')]), [])).toEqual(['/programme/items/1/end 10:30 is not after start 11:00']);
  });

  it('refuses an item outside the day, either end', () => {
    expect(programmeProblems(programme([item('a', '08:59', '10:00'), item('b', '15:00', '16:01', 'museum')]), [])).toEqual([
      '/programme/items/0 08:59–10:00 is outside the day (09:00–16:00)',
      '/programme/items/1 15:00–16:01 is outside the day (09:00–16:00)',
    ]);
  });

  it('refuses two items at one place at the same time, named at the later one', () => {
    expect(programmeProblems(programme([item('a', '10:00', '11:00'), item('b', '10:59', '11:30'), item('c', '10:30', '11:00', 'museum')]), [])).toEqual([
      '/programme/items/1 "a" and "b" are at hall at the same time',
    ]);
  });

  it('refuses a missing language in a title, a description or a place name', () => {
    const noKk = { ...item('a', '10:00', '11:00'), title: { kk: ' ', ru: 'a', en: 'a' }, description: { kk: 'd', ru: '', en: 'd' } };
    const places = [{ id: 'hall', name: { kk: 'Зал', ru: 'Зал', en: '' } }];
    expect(programmeProblems(programme([noKk], { places }), [])).toEqual([
      '/programme/places/0/name has no en text',
      '/programme/items/0/title has no kk text',
      '/programme/items/0/description has no ru text',
    ]);
  });

  it('refuses a short title or short place name missing a language or longer than the full one', () => {
    const long = { ...item('a', '10:00', '11:00'), shortTitle: { kk: 'a', ru: 'a much longer title than a', en: '' } };
    const places = [{ id: 'hall', name: text('Hall'), shortName: { kk: 'Hall kk', ru: '', en: 'The great hall' } }];
    expect(programmeProblems(programme([long], { places }), [])).toEqual([
      '/programme/places/0/shortName has no ru text',
      '/programme/places/0/shortName is longer in en than the full text',
      '/programme/items/0/shortTitle has no en text',
      '/programme/items/0/shortTitle is longer in ru than the full text',
    ]);
    const fine = { ...item('b', '10:00', '11:00'), shortTitle: { kk: 'b', ru: 'b', en: 'b' } };
    expect(programmeProblems(programme([fine], { places: [{ id: 'hall', name: text('Hall'), shortName: text('H') }] }), [])).toEqual([]);
  });

  it('links an item to a station of the event only', () => {
    const linked = [{ ...item('a', '10:00', '11:00'), station: 'challenge' }, { ...item('b', '11:00', '12:00'), station: 'nowhere' }];
    expect(programmeProblems(programme(linked), ['challenge'])).toEqual(['/programme/items/1/station "nowhere" is not a station']);
  });

  it('is checked when the event file is loaded, the first problem named', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kezek-programme-'));
    const file = join(dir, 'event.json');
    const bad = structuredClone(bundled);
    const career = bad.programme!.items.findIndex((i) => i.id === 'career-session');
    bad.programme!.items[career] = { ...bad.programme!.items[career], start: '13:20' };
    writeFileSync(file, JSON.stringify(bad));
    expect(() => loadEvent(file)).toThrow(ConfigError);
    expect(() => loadEvent(file)).toThrow(`/programme/items/${career} "challenge" and "career-session" are at conference-hall at the same time`);
    bad.programme!.items[0].start = '9:30';
    writeFileSync(file, JSON.stringify(bad));
    expect(() => loadEvent(file)).toThrow(/\/programme\/items\/0\/start must match pattern/);
    const short = structuredClone(bundled);
    const challenge = short.programme!.items.findIndex((i) => i.id === 'challenge');
    short.programme!.items[challenge].shortTitle!.kk = '';
    writeFileSync(file, JSON.stringify(short));
    expect(() => loadEvent(file)).toThrow(`/programme/items/${challenge}/shortTitle/kk must NOT have fewer than 1 characters`);
    short.programme!.items[challenge].shortTitle!.kk = ' ';
    short.programme!.items[challenge].station = 'conference-hall';
    writeFileSync(file, JSON.stringify(short));
    expect(() => loadEvent(file)).toThrow(`/programme/items/${challenge}/station "conference-hall" is not a station`);
  });
});

describe('one item’s new time', () => {
  it('must end after it starts and stay within the day', () => {
    expect(timeProblems(day, '10:10', '10:50')).toEqual([]);
    expect(timeProblems(day, '09:30', '15:30')).toEqual([]);
    expect(timeProblems(day, '10:50', '10:50')).toEqual(['end_not_after_start']);
    expect(timeProblems(day, '09:29', '10:00')).toEqual(['outside_day']);
    expect(timeProblems(day, '15:00', '15:31')).toEqual(['outside_day']);
    expect(timeProblems(day, '16:00', '15:00')).toEqual(['end_not_after_start', 'outside_day']);
  });

  it('clashes with another item at its place that it overlaps, not with one it touches, nor with itself', () => {
    const opening = day.items.find((i) => i.id === 'opening')!;
    expect(clashOf(day.items, opening)).toBeNull();
    expect(clashOf(day.items, { ...opening, end: '10:41' })?.id).toBe('performances');
    expect(clashOf(day.items, { ...opening, start: '09:00', end: '10:00' })).toBeNull();
    expect(clashOf(day.items, { ...opening, start: '14:44', end: '14:46' })?.id).toBe('closing');
    expect(clashOf(day.items, { ...opening, place: 'museum', start: '11:00', end: '11:31' })?.id).toBe('museum-tours');
  });
});

describe('now and next', () => {
  const at = (t: string) => nowAndNext(day.items, minuteOf(t));
  it('before the doors open: nothing now, the first three next', () => {
    expect(at('08:00')).toEqual({ now: [], next: day.items.slice(0, 3) });
  });
  it('an item is on from its start up to (not at) its end', () => {
    expect(at('10:00').now.map((i) => i.id)).toEqual(['exhibition', 'opening']);
    expect(at('10:39').now.map((i) => i.id)).toEqual(['exhibition', 'opening']);
    expect(at('10:40').now.map((i) => i.id)).toEqual(['exhibition', 'performances']);
    expect(at('10:40').next.map((i) => i.id)).toEqual(['master-classes', 'library-tours', 'laboratories-tours']);
  });
  it('follows shifted times and a count', () => {
    const shifted = day.items.map((i) => (i.id === 'closing' ? { ...i, start: '14:50', end: '15:20' } : i));
    expect(nowAndNext(shifted, minuteOf('14:46'), 1)).toEqual({
      now: [shifted.find((i) => i.id === 'exhibition')],
      next: [shifted.find((i) => i.id === 'closing')],
    });
    expect(nowAndNext(shifted, minuteOf('14:46')).now.map((i) => i.id)).toEqual(['exhibition']);
  });
  it('orders items by start, then by end, however they are listed', () => {
    const items = [item('late', '12:00', '13:00'), item('long', '10:00', '12:00'), item('short', '10:00', '10:30'), item('early', '09:00', '09:30')];
    expect(nowAndNext(items, minuteOf('08:00'), 4).next.map((i) => i.id)).toEqual(['early', 'short', 'long', 'late']);
    expect(nowAndNext(items, minuteOf('10:15')).now.map((i) => i.id)).toEqual(['short', 'long']);
    // The caller's list is left as it was.
    expect(items.map((i) => i.id)).toEqual(['late', 'long', 'short', 'early']);
  });
  it('after the day: nothing now, nothing next', () => {
    expect(at('15:30')).toEqual({ now: [], next: [] });
  });
});
