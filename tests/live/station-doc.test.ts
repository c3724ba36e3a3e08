import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { advance, command, copyStation, scan, scanOwned } from '../../server/flow/rules.ts';
import { Occupants } from '../../server/flow/occupants.ts';
import { newStation, type AttendeeState, type Booking, type StationState } from '../../server/flow/state.ts';
import { decodeStation, deltasIn, encodeStation, encodeStationDelta, listsOf } from '../../server/live/station-doc.ts';
import { event } from './stores.ts';

const rules = { maxQueue: event.maxQueue, callMinutes: event.callMinutes };

/** A sessions station with people inside, a queue, people called and re-read memory. */
function busyStation(start: number): StationState {
  const def = { ...event.stations.find((s) => s.mode === 'sessions')!, capacity: 3 };
  let station = command(newStation(def), { action: 'session_start' }, start, rules).station;
  for (let no = 1; no <= 6; no++) {
    const attendee: AttendeeState = { no, firstName: `N${no}`, serial: 's', stationId: null, onSiteSince: null, version: 1 };
    station = scan({ station, attendee, previous: null }, { id: `scan-${no}`, kioskId: 'kiosk-a', stationId: def.id, at: start + no * 1000, badge: { no, serial: 's' } }, rules).station;
  }
  // One person leaves: the head of the queue is called.
  const leaving: AttendeeState = { no: 2, firstName: 'N2', serial: 's', stationId: def.id, onSiteSince: start, version: 2 };
  return scan({ station, attendee: leaving, previous: null }, { id: 'scan-out', kioskId: 'kiosk-b', stationId: def.id, at: start + 60_000, badge: { no: 2, serial: 's' } }, rules).station;
}

describe('station documents in Redis', () => {
  it('give back the station as it was written', () => {
    const start = Date.UTC(2026, 10, 26, 9, 0, 0, 123);
    const station = busyStation(start);
    expect(station.occupants.size).toBe(2);
    expect(station.called.length).toBe(1);
    expect(station.queue.length).toBe(2);
    expect(station.recent.length).toBeGreaterThan(0);
    expect(station.departures.length).toBe(1);
    expect(decodeStation(station.def, encodeStation(station, start + 61_000))).toEqual(station);
  });

  it('write times as small numbers relative to when they were written', () => {
    const start = Date.UTC(2026, 10, 26, 9, 0, 0, 0);
    const json = encodeStation(busyStation(start), start + 61_000);
    // Only `t` itself is a time since 1970.
    expect(json.split(String(start).slice(0, 6)).length - 1).toBe(1);
    expect(json.length).toBeLessThan(JSON.stringify({ ...busyStation(start), def: undefined }).length);
  });

  it('keep every part of the answers recent scans got', () => {
    const start = Date.UTC(2026, 10, 26, 9);
    const station = busyStation(start);
    station.recent = [
      { no: 1, kioskId: 'kiosk-a', at: start, answer: { outcome: 'exited', leftQueue: true } },
      { no: 2, kioskId: 'kiosk-b', at: start + 1, answer: { outcome: 'entered', leftStation: 'tmk' } },
      { no: 3, kioskId: 'kiosk-a', at: start + 2, answer: { outcome: 'queued', queuePosition: 4, leftStation: 'umz' } },
      { no: 4, kioskId: 'kiosk-c', at: start + 3, answer: { outcome: 'rejected', reason: 'queue_full' } },
    ];
    expect(decodeStation(station.def, encodeStation(station, start + 5))).toEqual(station);
  });

  it('are stored in their compact form: times after t, trailing empty answer parts left out, each kiosk named once', () => {
    const t = Date.UTC(2026, 10, 26, 9);
    const station: StationState = {
      ...newStation(event.stations.find((s) => s.mode === 'continuous')!),
      capacity: 10,
      occupants: new Occupants([[1, t - 5000], [2, t - 1000]]),
      queue: [5],
      called: [{ no: 6, at: t - 2000 }],
      remote: [6],
      departures: [[29_000_000, 2, 300]],
      recent: [
        { no: 1, kioskId: 'kiosk-a', at: t - 5000, answer: { outcome: 'entered' } },
        { no: 9, kioskId: 'kiosk-b', at: t - 4000, answer: { outcome: 'rejected', reason: 'queue_full' } },
        { no: 2, kioskId: 'kiosk-a', at: t - 1000, answer: { outcome: 'entered', leftStation: 'tmk' } },
        { no: 5, kioskId: 'kiosk-b', at: t - 500, answer: { outcome: 'queued', queuePosition: 1, leftQueue: true } },
      ],
      visits: 4,
      version: 7,
    };
    const json = encodeStation(station, t);
    expect(json).toBe(
      `{"t":${t},"capacity":10,"status":"open","remoteQueue":false,"occupants":[[1,-5000],[2,-1000]],"present":0,"queue":[5],"called":[[6,-2000]],"remote":[6],` +
        '"departures":[[29000000,2,300]],"sessionStartedAt":null,' +
        '"recent":[[1,0,-5000,"entered"],[9,1,-4000,"rejected",0,0,0,"queue_full"],[2,0,-1000,"entered",0,"tmk"],[5,1,-500,"queued",1,0,1]],' +
        '"k":["kiosk-a","kiosk-b"],"visits":4,"version":7}',
    );
    // Parts an answer did not have come back absent, not as empty values.
    expect(decodeStation(station.def, json)).toStrictEqual(station);
  });

  it('append as a delta only what changed: the fields, and of each list that changed the positions removed and the records added', () => {
    const t = Date.UTC(2026, 10, 26, 9);
    const station: StationState = { ...newStation(event.stations.find((s) => s.mode === 'continuous')!), occupants: new Occupants([[1, t - 5000], [2, t - 1000], [3, t - 900]]), queue: [5, 6] };
    const [first, , third] = station.occupants;
    const before = listsOf(station);
    const doc = encodeStation(station, t);
    // Nothing in the lists changed: the fields alone.
    expect(encodeStationDelta(before, { ...station, visits: 1, version: 1 }, t + 10)).toBe(`\n{"t":${t + 10},"h":[${station.capacity},"open",0,null,1,1,false]}`);
    // An organiser allowed joining from phones, and a phone joined: the joiners whole.
    const joined = encodeStationDelta(before, { ...station, remoteQueue: true, queue: [5, 6, 7], remote: [7], version: 1 }, t + 10);
    expect(joined).toBe(`\n{"t":${t + 10},"h":[${station.capacity},"open",0,null,0,1,true],"q":[[],[7]],"m":[7]}`);
    expect(decodeStation(station.def, doc + joined)).toMatchObject({ remoteQueue: true, queue: [5, 6, 7], remote: [7] });
    // The second occupant left, the queue's head came in, a new record of a recent scan.
    const after: StationState = {
      ...station,
      occupants: new Occupants([first, third, [5, t + 20]]),
      queue: [6],
      recent: [{ no: 5, kioskId: 'kiosk-c', at: t + 20, answer: { outcome: 'entered' } }],
      version: 2,
    };
    const delta = encodeStationDelta(before, after, t + 20);
    expect(delta).toBe(`\n{"t":${t + 20},"h":[${station.capacity},"open",0,null,0,2,false],"o":[[1],[[5,0]]],"q":[[0],[]],"r":[[],[[5,0,0,"entered"]]],"k":["kiosk-c"]}`);
    expect(decodeStation(station.def, doc + delta)).toStrictEqual(after);
    // Everything replaced: every old position removed, every record added.
    const replaced: StationState = { ...station, occupants: new Occupants([[8, t + 30]]), queue: [] };
    const whole = encodeStationDelta(before, replaced, t + 30);
    expect(whole).toContain('"o":[[0,1,2],[[8,0]]],"q":[[0,1],[]]');
    expect(decodeStation(station.def, doc + whole)).toStrictEqual(replaced);
  });

  it('are valid JSON that gives back any station, whatever its lists and strings hold', () => {
    const def = event.stations.find((s) => s.mode === 'sessions')!;
    const t = Date.UTC(2026, 10, 26, 9);
    const time = fc.integer({ min: t - 86_400_000, max: t + 86_400_000 });
    const no = fc.integer({ min: 1, max: 99_999 });
    const text = fc.string({ maxLength: 12 });
    const answer = fc.record(
      {
        outcome: fc.constantFrom('entered', 'exited', 'queued', 'rejected' as const),
        queuePosition: fc.integer({ min: 1, max: 500 }),
        leftStation: fc.string({ minLength: 1, maxLength: 12 }),
        leftQueue: fc.constant(true as const),
        reason: fc.constantFrom('queue_full', 'station_paused', 'badge_revoked', 'tours_full' as const),
        departure: fc.constantFrom('11:30', '09:05'),
        here: fc.constant(true as const),
      },
      { requiredKeys: ['outcome'] },
    );
    const station = fc.record({
      capacity: fc.nat(5000),
      status: fc.constantFrom('open', 'paused', 'closed' as const),
      occupants: fc.uniqueArray(fc.tuple(no, time), { selector: ([n]) => n }),
      remoteQueue: fc.boolean(),
      present: fc.nat(5000),
      queue: fc.array(no),
      called: fc.array(fc.record({ no, at: time })),
      remote: fc.array(no, { maxLength: 5 }),
      departures: fc.array(fc.tuple(fc.nat(30_000_000), fc.nat(100), fc.nat(1_000_000))),
      sessionStartedAt: fc.option(time),
      bookings: fc.constant<Booking[]>([]),
      departed: fc.constant(0),
      departureTimes: fc.constant<string[]>([]),
      utcOffsetMinutes: fc.constant(null),
      recent: fc.array(fc.record({ no, kioskId: text, at: time, answer }), { maxLength: 8 }),
      visits: fc.nat(100_000),
      version: fc.nat(1_000_000),
    });
    fc.assert(
      fc.property(station, time, (s, now) => {
        const state: StationState = { def, ...s, occupants: new Occupants(s.occupants) };
        const json = encodeStation(state, now);
        expect(() => JSON.parse(json)).not.toThrow();
        expect(decodeStation(def, json)).toEqual(state);
      }),
      { numRuns: 500 },
    );
  });

  it('take the deltas appended to them, in order', () => {
    const start = Date.UTC(2026, 10, 26, 9, 0, 0, 0);
    let station = busyStation(start);
    let doc = encodeStation(station, start + 61_000);
    // As a group commit does: the scans change the station in place, the delta is taken against its lists before.
    const attendee = (no: number, stationId: string | null): AttendeeState => ({ no, firstName: `N${no}`, serial: 's', stationId, onSiteSince: start, version: 3 });
    const group = [
      { no: 1, stationId: station.def.id, kiosk: 'kiosk-a' }, // leaves: the called one keeps a place, the queue moves on
      { no: 7, stationId: null, kiosk: 'kiosk-c' }, // queued
      { no: 5, stationId: station.def.id, kiosk: 'kiosk-c' }, // leaves the queue
    ];
    station = copyStation(station);
    const before = listsOf(station);
    for (const [i, g] of group.entries()) {
      scanOwned({ station, attendee: attendee(g.no, g.stationId), previous: null }, { id: `group-${i}`, kioskId: g.kiosk, stationId: station.def.id, at: start + 62_000 + i, badge: { no: g.no, serial: 's' } }, rules);
    }
    doc += encodeStationDelta(before, station, start + 63_000);
    expect(deltasIn(doc)).toBe(1);
    expect(decodeStation(station.def, doc)).toEqual(station);
    // A later group: maximum stays run out, departures of a new minute, re-read memory forgotten.
    const later = advance(station, start + 45 * 60_000, rules).station;
    doc += encodeStationDelta(listsOf(station), later, start + 45 * 60_000);
    expect(deltasIn(doc)).toBe(2);
    expect(decodeStation(station.def, doc)).toEqual(later);
    const delta = doc.slice(doc.lastIndexOf('\n'));
    expect(delta.length).toBeLessThan(encodeStation(later, start + 45 * 60_000).length);
  });

  it('give back any station after any run of scans, actions and deadlines, whole or as deltas', () => {
    const def = { ...event.stations.find((s) => s.mode === 'sessions')!, capacity: 3 };
    const step = fc.oneof(
      fc.record({ kind: fc.constant('scan' as const), no: fc.integer({ min: 1, max: 12 }), kiosk: fc.constantFrom('kiosk-a', 'kiosk-b'), after: fc.integer({ min: 0, max: 120_000 }) }),
      fc.record({ kind: fc.constant('advance' as const), after: fc.integer({ min: 0, max: 50 * 60_000 }) }),
      fc.record({ kind: fc.constantFrom('session_start', 'session_end', 'call_next' as const), after: fc.integer({ min: 0, max: 60_000 }) }),
      fc.record({ kind: fc.constant('capacity' as const), value: fc.integer({ min: 0, max: 6 }), after: fc.constant(0) }),
    );
    fc.assert(
      fc.property(fc.array(fc.array(step, { minLength: 1, maxLength: 6 }), { maxLength: 12 }), fc.integer({ min: 0, max: 4 }), (groups, wholeEvery) => {
        let now = Date.UTC(2026, 10, 26, 9);
        let station = newStation(def);
        const attendees = new Map<number, AttendeeState>();
        let doc = encodeStation(station, now);
        for (const [g, group] of groups.entries()) {
          station = copyStation(station);
          const before = listsOf(station);
          for (const [i, x] of group.entries()) {
            now += x.after;
            if (x.kind === 'scan') {
              const a = attendees.get(x.no) ?? { no: x.no, firstName: `N${x.no}`, serial: 's', stationId: null, onSiteSince: null, version: 1 };
              const r = scanOwned({ station, attendee: a, previous: null }, { id: `${g}-${i}`, kioskId: x.kiosk, stationId: def.id, at: now, badge: { no: x.no, serial: 's' } }, rules);
              if (r.attendee) attendees.set(x.no, r.attendee);
            } else {
              const r = x.kind === 'advance' ? advance(station, now, rules) : command(station, x.kind === 'capacity' ? { action: 'capacity', value: x.value } : { action: x.kind }, now, rules);
              station = r.station;
            }
          }
          doc = wholeEvery > 0 && g % wholeEvery === 0 ? encodeStation(station, now) : doc + encodeStationDelta(before, station, now);
          expect(decodeStation(def, doc)).toEqual(station);
        }
      }),
      { numRuns: 300 },
    );
  });
});
