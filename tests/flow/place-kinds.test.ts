// The assembly hall (`hall`) and the exhibition zone (`exhibition`) under the station-flow rules.
import { describe, expect, it } from 'vitest';
import type { StationDef } from '../../shared/event.ts';
import { scan, stationView, waitMinutes } from '../../server/flow/rules.ts';
import { newStation, type AttendeeState, type ScanInput, type StationState } from '../../server/flow/state.ts';

const rules = { maxQueue: 2, callMinutes: 5 };
const T0 = Date.UTC(2026, 11, 5, 5, 0);

function def(id: string, mode: StationDef['mode'], capacity: number): StationDef {
  return { id, name: { kk: id, ru: id, en: id }, group: 'master-class', host: id, capacity, mode, sessionMinutes: 10, maxStayMinutes: 120 };
}

/** Stations and attendees scanned through the pure rules, one place at a time as a store keeps them. */
function world(...defs: StationDef[]) {
  const stations = new Map<string, StationState>(defs.map((d) => [d.id, newStation(d)]));
  const people = new Map<number, AttendeeState>();
  let n = 0;
  return {
    at: (id: string) => stations.get(id)!,
    whereIs: (no: number) => people.get(no)?.stationId ?? null,
    scan(no: number, stationId: string, at: number, kioskId = `k-${stationId}`) {
      const attendee = people.get(no) ?? { no, firstName: `P${no}`, serial: 's', stationId: null, onSiteSince: null, version: 0 };
      const previous = attendee.stationId ? stations.get(attendee.stationId)! : null;
      const input: ScanInput = { id: `scan-${++n}`, kioskId, stationId, at, badge: { no, serial: 's' } };
      const r = scan({ station: stations.get(stationId)!, attendee, previous }, input, rules);
      stations.set(stationId, r.station);
      if (r.previous) stations.set(r.previous.def.id, r.previous);
      if (r.attendee) people.set(no, r.attendee);
      return r.answer;
    },
  };
}

describe('an exhibition zone', () => {
  it('counts people in and out and never queues, past its capacity too, with no wait', () => {
    const w = world(def('expo', 'exhibition', 2));
    for (const no of [1, 2, 3, 4]) expect(w.scan(no, 'expo', T0 + no).outcome).toBe('entered');
    expect(stationView(w.at('expo'), T0 + 10)).toMatchObject({ occupancy: 4, queue: 0, waitMinutes: 0, mode: 'exhibition' });
    expect(w.scan(2, 'expo', T0 + 60_000).outcome).toBe('exited');
    expect(w.at('expo').occupants.size).toBe(3);
    expect(w.at('expo').visits).toBe(4);
  });

  it('is one place at a time: entering it leaves the station one was at, and a station leaves it', () => {
    const w = world(def('expo', 'exhibition', 50), def('kazzinc', 'continuous', 5));
    w.scan(1, 'kazzinc', T0);
    const answer = w.scan(1, 'expo', T0 + 1_000);
    expect(answer).toMatchObject({ outcome: 'entered', leftStation: 'kazzinc' });
    expect(w.at('kazzinc').occupants.size).toBe(0);
    expect(w.scan(1, 'kazzinc', T0 + 60_000)).toMatchObject({ outcome: 'entered', leftStation: 'expo' });
    expect(w.at('expo').occupants.size).toBe(0);
  });

  it('refuses when paused, as any station does', () => {
    const w = world(def('expo', 'exhibition', 50));
    const paused = { ...w.at('expo'), status: 'paused' as const };
    const r = scan({ station: paused, attendee: { no: 1, firstName: 'P1', serial: 's', stationId: null, onSiteSince: null, version: 0 }, previous: null }, { id: 'x', kioskId: 'k', stationId: 'expo', at: T0, badge: { no: 1, serial: 's' } }, rules);
    expect(r.answer).toMatchObject({ outcome: 'rejected', reason: 'station_paused' });
  });
});

describe('the assembly hall', () => {
  it('fills from several door kiosks, seats left falling, then queues at the doors once full', () => {
    const w = world(def('hall', 'hall', 3));
    expect(w.scan(1, 'hall', T0, 'door-1').outcome).toBe('entered');
    expect(w.scan(2, 'hall', T0 + 1, 'door-2').outcome).toBe('entered');
    const v = stationView(w.at('hall'), T0 + 2);
    expect(v.capacity - v.occupancy).toBe(1);
    expect(w.scan(3, 'hall', T0 + 3, 'door-3').outcome).toBe('entered');
    expect(w.scan(4, 'hall', T0 + 4, 'door-1')).toMatchObject({ outcome: 'queued', queuePosition: 1 });
    expect(waitMinutes(w.at('hall'), T0 + 5)).toBeGreaterThan(0);
    // Leaving by another door than the one entered by frees the seat and calls the first in line.
    expect(w.scan(2, 'hall', T0 + 6, 'door-3').outcome).toBe('exited');
    expect(w.at('hall').called.map((c) => c.no)).toEqual([4]);
    expect(w.scan(4, 'hall', T0 + 7, 'door-2').outcome).toBe('entered');
    expect(w.whereIs(4)).toBe('hall');
  });
});
