// Scans applied in place (`scanInPlace`, as the in-process store decides them) decide exactly what
// scans on copies decide, whatever the size of the station (past INDEXED_FROM its lists are
// searched through an index), and taking them back, the last first, leaves every station as it was.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StationDef } from '../../shared/event.ts';
import { command, isHere, isInside, scan, scanInPlace, type ScanResult } from '../../server/flow/rules.ts';
import { INDEXED_FROM } from '../../server/flow/station-lists.ts';
import { newStation, type AttendeeState, type ScanInput, type StationState } from '../../server/flow/state.ts';

const MIN = 60_000;
const T0 = Date.UTC(2026, 11, 5, 9, 0);
const rules = { maxQueue: 30, callMinutes: 2 };

function def(id: string, over: Partial<StationDef> = {}): StationDef {
  return { id, name: { kk: id, ru: id, en: id }, group: 'employer', host: id, capacity: 20, mode: 'continuous', sessionMinutes: 10, maxStayMinutes: 8, ...over };
}

const DEFS = [def('hall', { capacity: 40 }), def('small', { capacity: 2 }), def('talk', { mode: 'sessions', capacity: 25 }), def('gate', { mode: 'gate' })];
/** The same stations, small enough that a few people fill each and queue. */
const SMALL = [def('hall', { capacity: 3 }), def('small', { capacity: 1 }), def('talk', { mode: 'sessions', capacity: 2 }), def('gate', { mode: 'gate' })];

interface Step {
  no: number;
  station: number;
  /** ms after the step before (0: the same moment). */
  gap: number;
  kiosk: number;
  /** A volunteer's action before the scan: 0 none, 1 call next, 2 start a session, 3 end it. */
  action: number;
}

/** A scan by one of `people` attendees; few people meet in queues and calls often, many fill the hall past INDEXED_FROM. */
const stepOf = (people: number) =>
  fc.record({
    no: fc.integer({ min: 1, max: people }),
    station: fc.integer({ min: 0, max: DEFS.length - 1 }),
    gap: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 5_000 }), fc.integer({ min: 1, max: 4 * MIN })),
    kiosk: fc.integer({ min: 0, max: 1 }),
    action: fc.oneof(fc.constant(0), fc.constant(0), fc.constant(0), fc.integer({ min: 1, max: 3 })),
  });

/** Stations and attendees, scanned either on copies (`scan`) or in place (`scanInPlace`). */
function world(inPlace: boolean, defs = DEFS) {
  const stations = new Map(defs.map((d) => [d.id, newStation(d)]));
  const people = new Map<number, AttendeeState>();
  const undos: Array<() => void> = [];
  let n = 0;
  let at = T0;
  const apply = (s: Step) => {
    at += s.gap;
    const id = defs[s.station].id;
    const cmd = [null, { action: 'call_next' as const }, { action: 'session_start' as const }, { action: 'session_end' as const }][s.action];
    if (cmd && !inPlace) stations.set(id, command(stations.get(id)!, cmd, at, rules).station);
    if (cmd && inPlace) {
      // Commands work on copies in both worlds; the in-place world keeps the station it replaced for its undo.
      const before = stations.get(id)!;
      stations.set(id, command(before, cmd, at, rules).station);
      undos.push(() => stations.set(id, before));
    }
    const attendee = people.get(s.no) ?? { no: s.no, firstName: `P${s.no}`, serial: 's', stationId: null, onSiteSince: null, version: 0 };
    const previous = attendee.stationId ? stations.get(attendee.stationId)! : null;
    const input: ScanInput = { id: `scan-${++n}`, kioskId: `k${s.kiosk}`, stationId: id, at, badge: { no: s.no, serial: 's' } };
    const ctx = { station: stations.get(id)!, attendee, previous };
    const r: ScanResult & { undo?: () => void } = inPlace ? scanInPlace(ctx, input, rules) : scan(ctx, input, rules);
    stations.set(id, r.station);
    if (r.previous) stations.set(r.previous.def.id, r.previous);
    const before = people.get(s.no);
    if (r.attendee) people.set(s.no, r.attendee);
    const { undo } = r;
    if (undo) {
      undos.push(() => {
        undo();
        if (before) people.set(s.no, before);
        else people.delete(s.no);
      });
    }
    return { answer: r.answer, effects: r.effects };
  };
  return { stations, people, apply, undos };
}

const plain = (stations: Map<string, StationState>) => JSON.parse(JSON.stringify([...stations.values()])) as unknown;

describe('scans applied in place', () => {
  it('decide what scans on copies decide, at stations past the size where lists are indexed', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.tuple(fc.array(stepOf(70), { minLength: 1, maxLength: 250 }), fc.constant(DEFS)),
          fc.tuple(fc.array(stepOf(10), { minLength: 1, maxLength: 150 }), fc.constant(SMALL)),
        ),
        ([steps, defs]) => {
          const copies = world(false, defs);
          const own = world(true, defs);
          for (const s of steps) {
            expect(own.apply(s)).toEqual(copies.apply(s));
            expect(plain(own.stations)).toEqual(plain(copies.stations));
          }
          expect([...own.people.values()]).toEqual([...copies.people.values()]);
        },
      ),
      { numRuns: 80 },
    );
  });

  it('find people inside and queued through the index as by walking the lists', () => {
    const w = world(true);
    for (let no = 1; no <= 45; no++) w.apply({ no, station: 0, gap: 1000, kiosk: 0, action: 0 });
    const hall = w.stations.get('hall')!;
    expect(hall.occupants.size).toBeGreaterThanOrEqual(INDEXED_FROM);
    expect(hall.queue.length).toBeGreaterThanOrEqual(5);
    for (let no = 1; no <= 50; no++) {
      expect(isInside(hall, no)).toBe([...hall.occupants].some(([n]) => n === no));
      const a = w.people.get(no) ?? { no, firstName: '', serial: 's', stationId: null, onSiteSince: null, version: 0 };
      expect(isHere(hall, a)).toBe([...hall.occupants].some(([n]) => n === no) || hall.queue.includes(no));
    }
    // Leaving from the middle of the list and of the queue keeps the index true.
    w.apply({ no: 20, station: 0, gap: 1000, kiosk: 1, action: 0 });
    w.apply({ no: 43, station: 0, gap: 1000, kiosk: 1, action: 0 });
    expect(isInside(hall, 20)).toBe(false);
    expect(hall.queue.includes(43)).toBe(false);
    expect(isHere(hall, w.people.get(43)!)).toBe(false);
    // The place 20 left went to the head of the queue.
    expect(hall.called.map((c) => c.no)).toEqual([41]);
    expect(isInside(hall, 41)).toBe(false);
    expect(isHere(hall, w.people.get(41)!)).toBe(true);
  });

  it('keep people inside and those called in time order, a clock behind put in its place', () => {
    const w = world(true);
    const hall = () => w.stations.get('hall')!;
    for (let no = 1; no <= 20; no++) w.apply({ no, station: 0, gap: 1000, kiosk: 0, action: 0 });
    const last = [...hall().occupants][19][1];
    const r = scanInPlace({ station: hall(), attendee: { no: 30, firstName: 'P30', serial: 's', stationId: null, onSiteSince: null, version: 0 }, previous: null }, { id: 'late', kioskId: 'k0', stationId: 'hall', at: last - 2500, badge: { no: 30, serial: 's' } }, rules);
    expect(r.answer.outcome).toBe('entered');
    const times = Array.from(hall().occupants, ([, since]) => since);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect([...hall().occupants][17]).toEqual([30, last - 2500]);
    expect(isInside(hall(), 30)).toBe(true);
    r.undo();
    expect(isInside(hall(), 30)).toBe(false);
    expect([...hall().occupants]).toHaveLength(20);
  });

  it('are taken back, the last first, to the stations as they were', () => {
    fc.assert(
      fc.property(fc.array(stepOf(10), { maxLength: 60 }), fc.array(stepOf(10), { minLength: 1, maxLength: 120 }), (first, then) => {
        const w = world(true, SMALL);
        for (const s of first) w.apply(s);
        const before = plain(w.stations);
        const people = structuredClone([...w.people.entries()]);
        w.undos.length = 0;
        for (const s of then) w.apply(s);
        for (let i = w.undos.length - 1; i >= 0; i--) w.undos[i]();
        expect(plain(w.stations)).toEqual(before);
        expect([...w.people.entries()]).toEqual(people);
      }),
      { numRuns: 60 },
    );
  });
});
