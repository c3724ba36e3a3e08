import { describe, expect, it } from 'vitest';
import type { StationDef } from '../../shared/event.ts';
import {
  advance,
  command,
  copyStation,
  expectedStayMinutes,
  isHere,
  scan,
  scanOwned,
  stationCount,
  stationView,
  waitMinutes,
  REREAD_MS,
} from '../../server/flow/rules.ts';
import { newStation, type AttendeeState, type ScanInput, type StationState } from '../../server/flow/state.ts';

const rules = { maxQueue: 3, callMinutes: 5 };
const MIN = 60_000;
const T0 = Date.UTC(2026, 11, 5, 9, 0);

function def(id: string, over: Partial<StationDef> = {}): StationDef {
  return {
    id,
    name: { kk: id, ru: id, en: id },
    group: 'employer',
    host: id,
    capacity: 2,
    mode: 'continuous',
    sessionMinutes: 10,
    maxStayMinutes: 30,
    ...over,
  };
}

/** A tiny world: stations and attendees, scanned through the pure rules as a store would. */
function world(...defs: StationDef[]) {
  const stations = new Map(defs.map((d) => [d.id, newStation(d)]));
  const people = new Map<number, AttendeeState>();
  const person = (no: number): AttendeeState => {
    let a = people.get(no);
    if (!a) people.set(no, (a = { no, firstName: `P${no}`, serial: 's', stationId: null, onSiteSince: null, version: 0 }));
    return a;
  };
  let n = 0;
  return {
    stations,
    at: (id: string): StationState => stations.get(id)!,
    person,
    scan(no: number, stationId: string, at: number, kioskId = `k-${stationId}`, badge?: ScanInput['badge']) {
      const attendee = person(no);
      const previous = attendee.stationId ? stations.get(attendee.stationId)! : null;
      const input: ScanInput = { id: `scan-${++n}`, kioskId, stationId, at, badge: badge ?? { no, serial: 's' } };
      const r = scan({ station: stations.get(stationId)!, attendee, previous }, input, rules);
      stations.set(stationId, r.station);
      if (r.previous) stations.set(r.previous.def.id, r.previous);
      if (r.attendee) people.set(r.attendee.no, r.attendee);
      return r;
    },
    command(id: string, cmd: Parameters<typeof command>[1], at: number) {
      const r = command(stations.get(id)!, cmd, at, rules);
      stations.set(id, r.station);
      return r;
    },
  };
}

describe('scanning in and out', () => {
  it('enters, then a later scan at the same station leaves', () => {
    const w = world(def('a'));
    expect(w.scan(1, 'a', T0).answer).toMatchObject({ outcome: 'entered', attendee: { firstName: 'P1', badgeNo: 1 }, station: { occupancy: 1 } });
    const out = w.scan(1, 'a', T0 + MIN);
    expect(out.answer).toMatchObject({ outcome: 'exited', station: { occupancy: 0 } });
    expect(out.effects).toContainEqual({ type: 'visit_ended', no: 1, stationId: 'a', at: T0 + MIN, reason: 'scan' });
  });

  it('treats the same badge at the same kiosk within seconds as a camera re-read that changes nothing', () => {
    const w = world(def('a'));
    w.scan(1, 'a', T0);
    const again = w.scan(1, 'a', T0 + REREAD_MS - 1);
    expect(again.answer).toMatchObject({ outcome: 'entered', reread: true });
    expect(again.effects).toEqual([]);
    expect([...w.at('a').occupants]).toEqual([[1, T0]]);
    // Another kiosk at the same station is a deliberate scan.
    expect(w.scan(1, 'a', T0 + 1000, 'other-kiosk').answer.outcome).toBe('exited');
  });

  it('is in one place at a time: a scan at B checks out of A and says so', () => {
    const w = world(def('a'), def('b'));
    w.scan(1, 'a', T0);
    const r = w.scan(1, 'b', T0 + MIN);
    expect(r.answer).toMatchObject({ outcome: 'entered', leftStation: 'a' });
    expect([...w.at('a').occupants]).toEqual([]);
    expect([...w.at('b').occupants]).toEqual([[1, T0 + MIN]]);
    expect(r.effects.map((e) => e.type)).toEqual(['visit_ended', 'visit_started']);
  });

  it('queues when full, calls the head of the queue when a place frees, and lets the called person in', () => {
    const w = world(def('a', { capacity: 1 }));
    w.scan(1, 'a', T0);
    expect(w.scan(2, 'a', T0 + 1).answer).toMatchObject({ outcome: 'queued', queuePosition: 1 });
    expect(w.scan(3, 'a', T0 + 2).answer).toMatchObject({ outcome: 'queued', queuePosition: 2 });
    const out = w.scan(1, 'a', T0 + MIN);
    expect(out.effects).toContainEqual({ type: 'called', no: 2, stationId: 'a', at: T0 + MIN });
    expect(stationView(w.at('a'), T0 + MIN)).toMatchObject({ occupancy: 0, queue: 1, calling: [2] });
    // Number 3 cannot jump in: the free place is kept for number 2.
    expect(w.scan(3, 'a', T0 + MIN + 10_000).answer).toMatchObject({ outcome: 'exited', leftQueue: true });
    expect(w.scan(2, 'a', T0 + MIN + 20_000).answer).toMatchObject({ outcome: 'entered', station: { occupancy: 1 } });
  });

  it('refuses when the queue is at its limit', () => {
    const w = world(def('a', { capacity: 1 }));
    w.scan(1, 'a', T0);
    for (const no of [2, 3, 4]) expect(w.scan(no, 'a', T0).answer.outcome).toBe('queued');
    expect(w.scan(5, 'a', T0).answer).toMatchObject({ outcome: 'rejected', reason: 'queue_full' });
  });

  it('a called person who does not come loses the place to the next after the call time', () => {
    const w = world(def('a', { capacity: 1 }));
    w.scan(1, 'a', T0);
    w.scan(2, 'a', T0);
    w.scan(3, 'a', T0);
    w.scan(1, 'a', T0 + MIN);
    const r = advance(w.at('a'), T0 + MIN + 5 * MIN + 1, rules);
    expect(stationView(r.station, T0 + 7 * MIN).calling).toEqual([3]);
  });

  it('checks people out after the maximum stay, at the moment it ran out', () => {
    const w = world(def('a', { maxStayMinutes: 30 }));
    w.scan(1, 'a', T0);
    const r = advance(w.at('a'), T0 + 45 * MIN, rules);
    expect([...r.station.occupants]).toEqual([]);
    expect(r.effects).toEqual([{ type: 'visit_ended', no: 1, stationId: 'a', at: T0 + 30 * MIN, reason: 'max_stay' }]);
    // Nothing is due before then.
    expect(advance(w.at('a'), T0 + 29 * MIN, rules).effects).toEqual([]);
  });

  it('refuses entry at a paused or closed station but still lets people out', () => {
    const w = world(def('a'));
    w.scan(1, 'a', T0);
    w.command('a', { action: 'status', value: 'paused' }, T0 + 1);
    expect(w.scan(2, 'a', T0 + 2).answer).toMatchObject({ outcome: 'rejected', reason: 'station_paused' });
    expect(w.scan(1, 'a', T0 + MIN).answer.outcome).toBe('exited');
    w.command('a', { action: 'status', value: 'closed' }, T0 + 2 * MIN);
    expect(w.scan(2, 'a', T0 + 3 * MIN).answer).toMatchObject({ outcome: 'rejected', reason: 'station_closed' });
  });

  it('refuses a revoked badge and an unknown one, changing nothing', () => {
    const w = world(def('a'));
    w.person(1).serial = 'new';
    expect(w.scan(1, 'a', T0).answer).toMatchObject({ outcome: 'rejected', reason: 'badge_revoked' });
    expect(w.scan(2, 'a', T0, 'k', { error: 'badge_invalid' }).answer).toMatchObject({ outcome: 'rejected', reason: 'badge_invalid' });
    expect([...w.at('a').occupants]).toEqual([]);
  });
});

describe('sessions', () => {
  it('ending a session checks the group out and calls the queue in', () => {
    const w = world(def('mc', { mode: 'sessions', capacity: 2, sessionMinutes: 20 }));
    w.scan(1, 'mc', T0);
    w.scan(2, 'mc', T0);
    w.scan(3, 'mc', T0);
    w.command('mc', { action: 'session_start' }, T0 + MIN);
    const r = w.command('mc', { action: 'session_end' }, T0 + 10 * MIN);
    expect([...r.station.occupants]).toEqual([]);
    expect(r.effects.filter((e) => e.type === 'visit_ended').every((e) => e.type === 'visit_ended' && e.reason === 'session_end')).toBe(true);
    expect(stationView(r.station, T0 + 10 * MIN).calling).toEqual([3]);
  });

  it('a session ends by itself after its length', () => {
    const w = world(def('mc', { mode: 'sessions', sessionMinutes: 20, maxStayMinutes: 60 }));
    w.scan(1, 'mc', T0);
    w.command('mc', { action: 'session_start' }, T0);
    const r = advance(w.at('mc'), T0 + 25 * MIN, rules);
    expect(r.station.sessionStartedAt).toBeNull();
    expect(r.effects).toContainEqual({ type: 'visit_ended', no: 1, stationId: 'mc', at: T0 + 20 * MIN, reason: 'session_end' });
  });

  it('continuous stations refuse session commands', () => {
    const w = world(def('a'));
    expect(w.command('a', { action: 'session_start' }, T0).error).toBe('not_session_station');
  });
});

describe('entrance gate', () => {
  it('marks arrival, and a second scan leaves the site and the station the attendee was at', () => {
    const w = world(def('entrance', { mode: 'gate', group: 'entrance', capacity: 1000 }), def('a'));
    expect(w.scan(1, 'entrance', T0).answer).toMatchObject({ outcome: 'entered', station: { occupancy: 1 } });
    w.scan(1, 'a', T0 + MIN);
    const r = w.scan(1, 'entrance', T0 + 20 * MIN);
    expect(r.answer).toMatchObject({ outcome: 'exited', leftStation: 'a', station: { occupancy: 0 } });
    expect([...w.at('a').occupants]).toEqual([]);
  });
});

describe('wait estimate', () => {
  it('falls back to capacity and the usual stay before anyone has left (Little’s law)', () => {
    const w = world(def('a', { capacity: 2, sessionMinutes: 10 }));
    expect(waitMinutes(w.at('a'), T0)).toBe(0);
    for (const no of [1, 2, 3, 4]) w.scan(no, 'a', T0);
    // Full, two waiting: the newcomer is third in line; two places turn over every 10 minutes.
    expect(waitMinutes(w.at('a'), T0)).toBe(15);
  });

  it('one departure cannot swing it', () => {
    const w = world(def('a', { capacity: 10, sessionMinutes: 8 }));
    for (let no = 1; no <= 10; no++) w.scan(no, 'a', T0);
    w.scan(1, 'a', T0 + 2 * MIN); // one quick visit of two minutes
    w.scan(11, 'a', T0 + 3 * MIN);
    w.scan(12, 'a', T0 + 3 * MIN); // full again, one waiting
    // Prior alone: 2 ahead × 8 min / 10 places = 1.6 min; one 2-minute stay moves it a little at most.
    const prior = Math.ceil((2 * 8) / 10);
    expect(waitMinutes(w.at('a'), T0 + 3 * MIN)).toBe(prior);
  });

  it('follows the stays seen once there are many', () => {
    const w2 = world(def('b', { capacity: 3, sessionMinutes: 10, maxStayMinutes: 60 }));
    for (let i = 1; i <= 24; i++) {
      w2.scan(i, 'b', T0 + i * 20_000);
      w2.scan(i, 'b', T0 + i * 20_000 + 30 * MIN); // each stays 30 minutes
    }
    const t = T0 + 24 * 20_000 + 30 * MIN;
    // 24 stays of 30 minutes against the prior of 6 × 10: (60 + 720) / 30 = 26 minutes.
    expect(expectedStayMinutes(w2.at('b'), t)).toBeCloseTo(26, 5);
    for (const n of [101, 102, 103, 104]) w2.scan(n, 'b', t);
    // Full, one waiting: the newcomer is second in line, places turn over every 26 / 3 minutes.
    expect(waitMinutes(w2.at('b'), t)).toBe(Math.ceil((2 * 26) / 3));
    // After the window the departures no longer count.
    expect(expectedStayMinutes(advance(w2.at('b'), t + 20 * MIN, rules).station, t + 20 * MIN)).toBe(10);
  });

  it('people checked out at the maximum stay do not stretch it', () => {
    const w = world(def('a', { capacity: 2, sessionMinutes: 8, maxStayMinutes: 30 }));
    w.scan(1, 'a', T0);
    w.scan(2, 'a', T0);
    const later = advance(w.at('a'), T0 + 31 * MIN, rules).station;
    expect([...later.occupants]).toEqual([]);
    expect(later.departures).toEqual([]);
    expect(expectedStayMinutes(later, T0 + 31 * MIN)).toBe(8);
  });

  it('session stations: the rest of the running session, then a whole one per group ahead', () => {
    const w = world(def('m', { mode: 'sessions', capacity: 2, sessionMinutes: 20 }));
    for (const no of [1, 2, 3, 4, 5]) w.scan(no, 'm', T0);
    expect(waitMinutes(w.at('m'), T0)).toBe(40); // not started: a whole session, then the next group
    w.command('m', { action: 'session_start' }, T0 + MIN);
    expect(waitMinutes(w.at('m'), T0 + 15 * MIN)).toBe(26); // 6 left of this one, then 20
  });
});

describe('the edges of every time window', () => {
  it('a camera re-read is the same badge at the same kiosk less than 5 s later: at 5 s it is a deliberate scan', () => {
    const w = world(def('a'));
    w.scan(1, 'a', T0);
    expect(w.scan(1, 'a', T0 + 4_999).answer).toMatchObject({ outcome: 'entered', reread: true });
    const deliberate = w.scan(1, 'a', T0 + 5_000).answer;
    expect(deliberate.outcome).toBe('exited');
    expect(deliberate.reread).toBeUndefined();
  });

  it('the maximum stay ends at its exact millisecond', () => {
    const w = world(def('a', { maxStayMinutes: 30 }));
    w.scan(1, 'a', T0);
    expect([...advance(w.at('a'), T0 + 30 * MIN - 1, rules).station.occupants]).toEqual([[1, T0]]);
    const r = advance(w.at('a'), T0 + 30 * MIN, rules);
    expect([...r.station.occupants]).toEqual([]);
    expect(r.effects).toEqual([{ type: 'visit_ended', no: 1, stationId: 'a', at: T0 + 30 * MIN, reason: 'max_stay' }]);
  });

  it('a call lapses at its exact millisecond and the next in line is called then', () => {
    const w = world(def('a', { capacity: 1 }));
    w.scan(1, 'a', T0);
    w.scan(2, 'a', T0);
    w.scan(3, 'a', T0);
    w.scan(1, 'a', T0 + MIN); // 2 is called, with 5 minutes to come
    expect(stationView(advance(w.at('a'), T0 + 6 * MIN - 1, rules).station, T0 + 6 * MIN - 1).calling).toEqual([2]);
    const r = advance(w.at('a'), T0 + 6 * MIN, rules);
    expect(stationView(r.station, T0 + 6 * MIN).calling).toEqual([3]);
    expect(r.effects).toEqual([{ type: 'called', no: 3, stationId: 'a', at: T0 + 6 * MIN }]);
  });

  it('a session ends at its exact millisecond', () => {
    const w = world(def('mc', { mode: 'sessions', sessionMinutes: 20, maxStayMinutes: 60 }));
    w.scan(1, 'mc', T0);
    w.command('mc', { action: 'session_start' }, T0);
    expect(advance(w.at('mc'), T0 + 20 * MIN - 1, rules).station.sessionStartedAt).toBe(T0);
    const r = advance(w.at('mc'), T0 + 20 * MIN, rules);
    expect(r.station.sessionStartedAt).toBeNull();
    expect(r.effects).toEqual([{ type: 'visit_ended', no: 1, stationId: 'mc', at: T0 + 20 * MIN, reason: 'session_end' }]);
  });

  it('a departure counts for the wait until 15 minutes after the minute it happened in', () => {
    const w = world(def('a', { capacity: 2, sessionMinutes: 10, maxStayMinutes: 60 }));
    w.scan(1, 'a', T0);
    w.scan(1, 'a', T0 + 4 * MIN); // one stay of 4 minutes, in the minute T0 + 4 min
    const edge = T0 + 19 * MIN;
    // (6 × 10 + 4) / 7 minutes while it counts, the usual 10 from the edge on.
    expect(expectedStayMinutes(w.at('a'), edge - 1)).toBeCloseTo(64 / 7, 9);
    expect(advance(w.at('a'), edge - 1, rules).station.departures).toHaveLength(1);
    expect(expectedStayMinutes(w.at('a'), edge)).toBe(10);
    expect(advance(w.at('a'), edge, rules).station.departures).toEqual([]);
  });

  it('a wait is rounded up to the next whole minute', () => {
    // Full, nobody waiting: the newcomer is first in line; 3 places turn over every 10 minutes.
    const w = world(def('a', { capacity: 3, sessionMinutes: 10 }));
    for (const no of [1, 2, 3]) w.scan(no, 'a', T0);
    expect(waitMinutes(w.at('a'), T0)).toBe(4); // 3⅓
    const m = world(def('m', { mode: 'sessions', capacity: 1, sessionMinutes: 20, maxStayMinutes: 60 }));
    m.scan(1, 'm', T0);
    m.command('m', { action: 'session_start' }, T0);
    expect(waitMinutes(m.at('m'), T0 + 5.75 * MIN)).toBe(15); // 14¼ left of the running session
  });
});

describe('what the rules leave alone and what they count', () => {
  it('never change the station, attendee or previous station they are given', () => {
    const w = world(def('a', { capacity: 1 }), def('b'));
    w.scan(1, 'a', T0);
    w.scan(2, 'a', T0);
    w.scan(3, 'b', T0);
    w.scan(1, 'a', T0 + MIN); // a departure, a call and a recent scan
    const a = structuredClone(w.at('a'));
    const b = structuredClone(w.at('b'));
    const three = structuredClone(w.person(3));
    scan({ station: w.at('a'), attendee: w.person(3), previous: w.at('b') }, { id: 'x', kioskId: 'k', stationId: 'a', at: T0 + 2 * MIN, badge: { no: 3, serial: 's' } }, rules);
    advance(w.at('a'), T0 + 60 * MIN, rules);
    command(w.at('a'), { action: 'call_next' }, T0 + 2 * MIN, rules);
    expect([w.at('a'), w.at('b'), w.person(3)]).toEqual([a, b, three]);
  });

  it('count a visit for every entry, at stations and through the gate', () => {
    const w = world(def('a'), def('entrance', { mode: 'gate', group: 'entrance', capacity: 1000 }));
    w.scan(1, 'a', T0);
    w.scan(1, 'a', T0 + MIN);
    w.scan(1, 'a', T0 + 2 * MIN);
    w.scan(1, 'entrance', T0 + 3 * MIN);
    expect([w.at('a').visits, w.at('entrance').visits]).toEqual([2, 1]);
    expect(stationCount(w.at('a'))).toEqual({ mode: 'continuous', visits: 2, queue: 0 });
  });

  it('give a station a new version for every change and none for a refusal or a re-read', () => {
    const w = world(def('a', { maxStayMinutes: 30 }), def('b'));
    expect(w.scan(1, 'a', T0).station.version).toBe(1);
    expect(w.person(1).version).toBe(1);
    expect(w.scan(1, 'a', T0 + 1000).station.version).toBe(1); // a re-read
    w.command('b', { action: 'status', value: 'paused' }, T0);
    expect(w.at('b').version).toBe(1);
    const refused = w.scan(1, 'b', T0 + MIN); // paused: refused, and still inside a
    expect([refused.station.version, refused.previous!.version, w.person(1).version]).toEqual([1, 1, 1]);
    expect(advance(w.at('a'), T0 + 10 * MIN, rules).station.version).toBe(1);
    expect(advance(w.at('a'), T0 + 30 * MIN, rules).station.version).toBe(2);
    w.command('b', { action: 'status', value: 'open' }, T0 + MIN);
    const moved = w.scan(1, 'b', T0 + 2 * MIN);
    expect([moved.station.version, moved.previous!.version, w.person(1).version]).toEqual([3, 2, 2]);
    // A scan elsewhere that finds a maximum stay run out here changes this station too.
    const w2 = world(def('a', { maxStayMinutes: 30 }), def('b'));
    w2.scan(1, 'a', T0);
    w2.scan(2, 'a', T0 + MIN);
    w2.command('b', { action: 'status', value: 'closed' }, T0);
    const late = w2.scan(2, 'b', T0 + 40 * MIN);
    expect(late.answer.reason).toBe('station_closed');
    expect(late.previous!.version).toBe(w2.at('a').version);
    expect([...late.previous!.occupants]).toEqual([]);
  });

  it('keep one departures entry per minute, with the seconds stayed added up', () => {
    const w = world(def('a', { capacity: 5 }));
    for (const no of [1, 2, 3]) w.scan(no, 'a', T0);
    w.scan(1, 'a', T0 + 2 * MIN);
    w.scan(2, 'a', T0 + 2 * MIN + 30_000);
    w.scan(3, 'a', T0 + 3 * MIN);
    const minute = T0 / MIN;
    expect(w.at('a').departures).toEqual([[minute + 2, 2, 120 + 150], [minute + 3, 1, 180]]);
  });

  it('leave out departures written before stays were kept', () => {
    const s = { ...newStation(def('a', { sessionMinutes: 8 })), departures: [[T0 / MIN, 3] as [number, number]] };
    expect(expectedStayMinutes(s, T0 + MIN)).toBe(8);
  });

  it('tell whether an attendee is here: inside, queued or called; at the gate, on site', () => {
    const w = world(def('a', { capacity: 1 }), def('entrance', { mode: 'gate', group: 'entrance', capacity: 1000 }));
    w.scan(1, 'a', T0);
    w.scan(2, 'a', T0);
    w.scan(3, 'a', T0);
    w.scan(1, 'a', T0 + MIN); // 2 is called, 3 waits
    expect([1, 2, 3, 4].map((no) => isHere(w.at('a'), w.person(no)))).toEqual([false, true, true, false]);
    const two = world(def('b', { capacity: 2 }));
    for (const no of [1, 2, 3, 4]) two.scan(no, 'b', T0);
    two.scan(1, 'b', T0 + MIN);
    two.scan(2, 'b', T0 + MIN); // 3 and 4 are called together
    expect([3, 4].map((no) => isHere(two.at('b'), two.person(no)))).toEqual([true, true]);
    w.scan(4, 'entrance', T0);
    expect([isHere(w.at('entrance'), w.person(4)), isHere(w.at('entrance'), w.person(1))]).toEqual([true, false]);
  });
});

describe('scans the tests above do not cover', () => {
  it('refuses a badge whose attendee is unknown, or not the one the rules are given', () => {
    const w = world(def('a'));
    const input: ScanInput = { id: 'x', kioskId: 'k', stationId: 'a', at: T0, badge: { no: 1, serial: 's' } };
    expect(scan({ station: w.at('a'), attendee: null, previous: null }, input, rules).answer).toMatchObject({ outcome: 'rejected', reason: 'badge_unknown' });
    expect(scan({ station: w.at('a'), attendee: w.person(2), previous: null }, input, rules).answer).toMatchObject({ outcome: 'rejected', reason: 'badge_unknown' });
  });

  it('names the attendee of a revoked badge in the refusal', () => {
    const w = world(def('a'));
    w.person(1).serial = 'new';
    expect(w.scan(1, 'a', T0).answer.attendee).toEqual({ firstName: 'P1', badgeNo: 1 });
  });

  it('takes a previous station that is the scanned one as none', () => {
    const w = world(def('a'));
    w.scan(1, 'a', T0);
    const station = copyStation(w.at('a'));
    const r = scanOwned({ station, attendee: w.person(1), previous: copyStation(station) }, { id: 'x', kioskId: 'k', stationId: 'a', at: T0 + MIN, badge: { no: 1, serial: 's' } }, rules);
    expect(r.answer).toMatchObject({ outcome: 'exited' });
    expect(r.previous).toBeNull();
  });

  it('lets a called person in even when the station was paused after calling them', () => {
    const w = world(def('a', { capacity: 1 }));
    w.scan(1, 'a', T0);
    w.scan(2, 'a', T0);
    w.scan(1, 'a', T0 + MIN);
    w.command('a', { action: 'status', value: 'paused' }, T0 + MIN);
    expect(w.scan(2, 'a', T0 + 2 * MIN).answer).toMatchObject({ outcome: 'entered' });
  });

  it('a called person who goes to another station gives the place to the next in line', () => {
    const w = world(def('a', { capacity: 1 }), def('b'));
    for (const no of [1, 2, 3]) w.scan(no, 'a', T0);
    w.scan(1, 'a', T0 + MIN); // 2 is called
    const r = w.scan(2, 'b', T0 + 2 * MIN);
    expect(r.answer.leftStation).toBeUndefined();
    expect(stationView(w.at('a'), T0 + 2 * MIN).calling).toEqual([3]);
    expect(r.effects).toContainEqual({ type: 'called', no: 3, stationId: 'a', at: T0 + 2 * MIN });
    // Someone only queued at a leaves the queue, without a leftStation either.
    w.scan(4, 'a', T0 + 2 * MIN);
    const q = w.scan(4, 'b', T0 + 3 * MIN);
    expect(q.answer.leftStation).toBeUndefined();
    expect(w.at('a').queue).toEqual([]);
  });

  it('records a move between stations as moved, and leaving through the gate as left_site', () => {
    const w = world(def('a'), def('b'), def('entrance', { mode: 'gate', group: 'entrance', capacity: 1000 }));
    w.scan(1, 'entrance', T0);
    expect(w.scan(1, 'entrance', T0 + 10_000).effects).toEqual([
      { type: 'visit_ended', no: 1, stationId: 'entrance', at: T0 + 10_000, reason: 'scan' },
    ]);
    expect(w.scan(1, 'entrance', T0 + MIN).effects).toEqual([{ type: 'visit_started', no: 1, stationId: 'entrance', at: T0 + MIN }]);
    w.scan(1, 'a', T0 + 2 * MIN);
    expect(w.scan(1, 'b', T0 + 3 * MIN).effects).toEqual([
      { type: 'visit_ended', no: 1, stationId: 'a', at: T0 + 3 * MIN, reason: 'moved' },
      { type: 'visit_started', no: 1, stationId: 'b', at: T0 + 3 * MIN },
    ]);
    expect(w.scan(1, 'entrance', T0 + 4 * MIN).effects).toEqual([
      { type: 'visit_ended', no: 1, stationId: 'entrance', at: T0 + 4 * MIN, reason: 'scan' },
      { type: 'visit_ended', no: 1, stationId: 'b', at: T0 + 4 * MIN, reason: 'left_site' },
    ]);
  });

  it('the gate refuses arrivals while paused or closed, and lets people leave', () => {
    const w = world(def('entrance', { mode: 'gate', group: 'entrance', capacity: 1000 }));
    w.scan(1, 'entrance', T0);
    w.command('entrance', { action: 'status', value: 'paused' }, T0);
    expect(w.scan(2, 'entrance', T0 + MIN).answer).toMatchObject({ outcome: 'rejected', reason: 'station_paused', attendee: { badgeNo: 2 } });
    w.command('entrance', { action: 'status', value: 'closed' }, T0);
    expect(w.scan(2, 'entrance', T0 + 2 * MIN).answer).toMatchObject({ outcome: 'rejected', reason: 'station_closed' });
    expect(w.scan(1, 'entrance', T0 + 3 * MIN).answer).toMatchObject({ outcome: 'exited', station: { occupancy: 0 } });
  });

  it('remembers the last 8 scans of a station for re-reads', () => {
    const w = world(def('a', { capacity: 20 }));
    for (let no = 1; no <= 9; no++) w.scan(no, 'a', T0 + no);
    // 9 scans within the window: the first is forgotten, the second is still a re-read.
    expect(w.scan(1, 'a', T0 + 100).answer).toMatchObject({ outcome: 'exited' });
    expect(w.scan(3, 'a', T0 + 100).answer).toMatchObject({ outcome: 'entered', reread: true });
  });
});

describe('deadlines that fall due together', () => {
  it('checks out people who came at different times each at their own deadline, earliest first', () => {
    const w = world(def('a', { maxStayMinutes: 30 }));
    w.scan(1, 'a', T0);
    w.scan(2, 'a', T0 + 10 * MIN);
    expect([...advance(w.at('a'), T0 + 35 * MIN, rules).station.occupants]).toEqual([[2, T0 + 10 * MIN]]);
    const r = advance(w.at('a'), T0 + 45 * MIN, rules);
    expect(r.effects.map((e) => [e.no, e.at])).toEqual([[1, T0 + 30 * MIN], [2, T0 + 40 * MIN]]);
  });

  it('lapses calls made at different times each at their own deadline', () => {
    const w = world(def('a', { capacity: 2 }));
    for (const no of [1, 2, 3, 4, 5]) w.scan(no, 'a', T0);
    w.scan(1, 'a', T0 + MIN); // 3 called
    w.scan(2, 'a', T0 + 3 * MIN); // 4 called
    // 3's call lapses at +6 (5 is called), 4's at +8.
    expect(stationView(advance(w.at('a'), T0 + 7 * MIN, rules).station, T0 + 7 * MIN).calling).toEqual([4, 5]);
    const r = advance(w.at('a'), T0 + 9 * MIN, rules);
    expect(r.effects).toEqual([{ type: 'called', no: 5, stationId: 'a', at: T0 + 6 * MIN }]);
    expect(stationView(r.station, T0 + 9 * MIN).calling).toEqual([5]);
  });

  it('a session running past an earlier maximum stay checks that person out first', () => {
    const w = world(def('mc', { mode: 'sessions', capacity: 2, sessionMinutes: 20, maxStayMinutes: 15 }));
    w.scan(1, 'mc', T0);
    w.command('mc', { action: 'session_start' }, T0 + MIN);
    w.scan(2, 'mc', T0 + 2 * MIN);
    const r = advance(w.at('mc'), T0 + 30 * MIN, rules);
    expect(r.effects.map((e) => e.type === 'visit_ended' && [e.no, e.at, e.reason])).toEqual([
      [1, T0 + 15 * MIN, 'max_stay'],
      [2, T0 + 17 * MIN, 'max_stay'],
    ]);
    expect(r.station.sessionStartedAt).toBeNull();
  });
});

describe('station commands', () => {
  it('call_next calls the head of the queue even when the counts show no free place, and says when nobody waits', () => {
    const w = world(def('a', { capacity: 1 }));
    w.scan(1, 'a', T0);
    w.scan(2, 'a', T0);
    const r = w.command('a', { action: 'call_next' }, T0 + MIN);
    expect(r.effects).toEqual([{ type: 'called', no: 2, stationId: 'a', at: T0 + MIN }]);
    expect(r.station.called).toEqual([{ no: 2, at: T0 + MIN }]);
    expect(r.station.version).toBe(w.at('a').version);
    const before = w.at('a');
    expect(w.command('a', { action: 'call_next' }, T0 + MIN)).toEqual({ station: before, effects: [], error: 'queue_empty' });
  });

  it('a status change has no effects; session commands at a continuous station are refused and change nothing', () => {
    const w = world(def('a'));
    const r = w.command('a', { action: 'status', value: 'paused' }, T0);
    expect([r.effects, r.station.version]).toEqual([[], 1]);
    const before = w.at('a');
    expect(w.command('a', { action: 'session_start' }, T0)).toEqual({ station: before, effects: [], error: 'not_session_station' });
    expect(w.command('a', { action: 'session_end' }, T0)).toEqual({ station: before, effects: [], error: 'not_session_station' });
  });

  it('raising the capacity calls the queue in', () => {
    const w = world(def('a', { capacity: 1 }));
    for (const no of [1, 2, 3]) w.scan(no, 'a', T0);
    const r = w.command('a', { action: 'capacity', value: 3 }, T0 + MIN);
    expect(r.station.capacity).toBe(3);
    expect(r.station.called.map((c) => c.no)).toEqual([2, 3]);
  });
});

describe('what screens are shown of a station', () => {
  it('the short name when there is one, and when the session started', () => {
    const w = world(def('mc', { mode: 'sessions', shortName: { kk: 'MC', ru: 'MC', en: 'MC' } }), def('a'));
    expect(stationView(w.at('mc'), T0)).toMatchObject({ shortName: { en: 'MC' }, sessionStartedAt: null });
    expect(stationView(w.at('a'), T0)).not.toHaveProperty('shortName');
    w.command('mc', { action: 'session_start' }, T0);
    expect(stationView(w.at('mc'), T0).sessionStartedAt).toBe(new Date(T0).toISOString());
  });
});
