// Rebuilding the live state from the log as the durable store reads it (its contents given here).
import { describe, expect, it } from 'vitest';
import type { LogContents, LoggedAction, LoggedScan } from '../../server/db/durable-store.ts';
import { rebuild } from '../../server/live/rebuild.ts';
import type { ScanAnswer } from '../../shared/scan.ts';
import { event } from './stores.ts';
import { onTheDay } from '../support/app.ts';
import { clockTime } from '../../shared/programme-rules.ts';

/** A time of the event's day on its clock (UTC+5). */
const clock = (h: number, m: number) => onTheDay(clockTime(h * 60 + m));

const T0 = Date.UTC(2026, 11, 5, 9, 0);
const [a, b] = event.stations.filter((s) => s.mode === 'continuous');
const counts = { id: a.id, occupancy: 1, capacity: a.capacity, queue: 0 };
const entered: ScanAnswer = { outcome: 'entered', station: counts };

let seq = 0;
const scan = (no: number | null, stationId: string, at: number, answer: ScanAnswer = entered, serial: string | null = `s${no}`): LoggedScan => ({
  id: `scan-${++seq}`, seq, kioskId: 'k1', stationId, badgeNo: no, badgeSerial: no === null ? null : serial, at, answer,
});
const action = (stationId: string, at: number, name: string, value: string | null): LoggedAction => ({ id: `act-${++seq}`, seq, stationId, at, action: name, value });
const log = (scans: LoggedScan[], actions: LoggedAction[] = []): LogContents => ({
  people: [1, 2, 3].map((no) => ({ no, firstName: `P${no}`, serial: `s${no}` })),
  scans,
  actions,
  answers: scans.map((s) => [s.id, JSON.stringify(s.answer)]),
});

describe('rebuild', () => {

  it('replays accepted scans: who is where since when, and moves between stations', () => {
    const r = rebuild(log([scan(1, a.id, T0), scan(2, a.id, T0 + 1), scan(1, b.id, T0 + 2)]), event, T0 + 10);
    const at = (id: string) => r.stations.find((s) => s.def.id === id)!;
    expect(Array.from(at(a.id).occupants, ([no]) => no)).toEqual([2]);
    expect(Array.from(at(b.id).occupants, ([no]) => no)).toEqual([1]);
    expect(r.attendees.find((x) => x.no === 1)).toMatchObject({ stationId: b.id, firstName: 'P1', serial: 's1' });
    expect(r.attendees.find((x) => x.no === 3)).toEqual({ no: 3, firstName: 'P3', serial: 's3', stationId: null, onSiteSince: null, version: 0 });
    expect(r.place).toMatchObject({ scans: 3, actions: 0, scan: { at: T0 + 2, seq } });
    expect(r.answers.map(([id]) => id)).toEqual(['scan-1', 'scan-2', 'scan-3']);
  });

  it('skips refused scans, re-reads, scans without a badge, at unknown stations or of unknown people, counting them in its place', () => {
    const rejected: ScanAnswer = { outcome: 'rejected', reason: 'badge_revoked', station: counts };
    const r = rebuild(log([
      scan(1, a.id, T0, rejected),
      scan(1, a.id, T0 + 1, { ...entered, reread: true }),
      scan(null, a.id, T0 + 2),
      scan(1, a.id, T0 + 3, entered, null),
      scan(1, 'nowhere', T0 + 4),
      scan(99, a.id, T0 + 5),
    ]), event, T0 + 10);
    expect(r.stations.every((s) => s.occupants.size === 0)).toBe(true);
    expect(r.attendees.every((x) => x.stationId === null && x.version === 0)).toBe(true);
    expect(r.place.scans).toBe(6);
  });

  it('keeps a scan of a badge reissued since, and gives each attendee the badge in force now', () => {
    const people = log([scan(1, a.id, T0, entered, 'old')]);
    const r = rebuild(people, event, T0 + 10);
    expect(Array.from(r.stations.find((s) => s.def.id === a.id)!.occupants, ([no]) => no)).toEqual([1]);
    expect(r.attendees.find((x) => x.no === 1)!.serial).toBe('s1');
  });

  it('applies each action before the scans at or after its time: capacity and status, at known stations', () => {
    // Scan 2 is at the capacity change's millisecond: the change comes first.
    const r = rebuild(log([scan(1, a.id, T0 + 4), scan(2, a.id, T0 + 5), scan(3, b.id, T0 + 6)], [
      action(b.id, T0 + 1, 'status', 'paused'),
      action('nowhere', T0 + 2, 'capacity', '3'),
      action(a.id, T0 + 5, 'capacity', '1'),
    ]), event, T0 + 10);
    const at = (id: string) => r.stations.find((s) => s.def.id === id)!;
    expect(at(a.id).capacity).toBe(1);
    expect(Array.from(at(a.id).occupants, ([no]) => no)).toEqual([1]);
    expect(at(a.id).queue).toEqual([2]);
    expect(at(b.id).status).toBe('paused');
    expect([...at(b.id).occupants]).toEqual([]);
    expect(r.place).toMatchObject({ actions: 3, action: { at: T0 + 5 } });
  });

  it('applies an action only from its time on: a capacity lowered after two came in leaves both inside', () => {
    const r = rebuild(log([scan(1, a.id, T0 + 1), scan(2, a.id, T0 + 2)], [action(a.id, T0 + 3, 'capacity', '1')]), event, T0 + 10);
    const at = r.stations.find((s) => s.def.id === a.id)!;
    expect(Array.from(at.occupants, ([no]) => no)).toEqual([1, 2]);
    expect([at.capacity, at.queue]).toEqual([1, []]);
  });

  it('replays an organiser calling the next in line and ending a session early', () => {
    const queued: ScanAnswer = { outcome: 'queued', station: counts, queuePosition: 1 };
    const session = event.stations.find((s) => s.mode === 'sessions')!;
    const r = rebuild(log([scan(1, a.id, T0 + 1), scan(2, a.id, T0 + 2, queued), scan(3, session.id, T0 + 3)], [
      action(a.id, T0, 'capacity', '1'),
      action(a.id, T0 + 4, 'call_next', null),
      action(session.id, T0 + 5, 'session_start', null),
      action(session.id, T0 + 6, 'session_end', null),
    ]), event, T0 + 10);
    const at = (id: string) => r.stations.find((s) => s.def.id === id)!;
    expect([at(a.id).queue, at(a.id).called.map((c) => c.no)]).toEqual([[], [2]]);
    // The session ended at its organiser's word, not by its time: who was in it has left.
    expect([at(session.id).sessionStartedAt, [...at(session.id).occupants]]).toEqual([null, []]);
  });

  it('replays a call from the queue running out: the place kept for the event\'s call minutes, then passed on', () => {
    const MIN = 60_000;
    const called = event.callMinutes * MIN;
    const queued: ScanAnswer = { outcome: 'queued', station: counts, queuePosition: 1 };
    const scans = [
      scan(1, a.id, T0 + 1),
      scan(2, a.id, T0 + 2, queued),
      scan(3, a.id, T0 + 3, queued),
      // 1 moves on: 2 is called at T0 + 1 min, and does not come in time; 3 is called when 2's call runs out.
      scan(1, b.id, T0 + MIN),
      // 2 comes late: the place is 3's now, so 2 queues again.
      scan(2, a.id, T0 + MIN + called + MIN, queued),
    ];
    const replayed = rebuild(log(scans, [action(a.id, T0, 'capacity', '1')]), event, T0 + MIN + called + 2 * MIN);
    const at = replayed.stations.find((s) => s.def.id === a.id)!;
    expect([[...at.occupants], at.called, at.queue]).toEqual([[], [{ no: 3, at: T0 + MIN + called }], [2]]);
    // Brought up to now: 3's call ran out too, and 2 is called.
    const later = T0 + MIN + 2 * called + MIN;
    const r = rebuild(log(scans, [action(a.id, T0, 'capacity', '1')]), event, later);
    expect(r.stations.find((s) => s.def.id === a.id)!.called).toEqual([{ no: 2, at: T0 + MIN + 2 * called }]);
    expect(r.effects).toEqual([expect.objectContaining({ type: 'called', no: 2, stationId: a.id, at: T0 + MIN + 2 * called })]);
  });

  it('replays organisers letting phones join a station\'s queue, or stopping it', () => {
    const remote = event.stations.find((s) => s.remoteQueue)!;
    const r = rebuild(log([], [action(a.id, T0, 'remote_queue', 'true'), action(remote.id, T0 + 1, 'remote_queue', 'false')]), event, T0 + 10);
    const at = (id: string) => r.stations.find((s) => s.def.id === id)!;
    expect([at(a.id).remoteQueue, at(remote.id).remoteQueue]).toEqual([true, false]);
  });

  it('brings the stations up to now, telling what that did', () => {
    const r = rebuild(log([scan(1, a.id, T0)]), event, T0 + (a.maxStayMinutes + 1) * 60_000);
    expect([...r.stations.find((s) => s.def.id === a.id)!.occupants]).toEqual([]);
    expect(r.effects).toEqual([expect.objectContaining({ type: 'visit_ended', no: 1, stationId: a.id, reason: 'max_stay' })]);
    expect(rebuild(log([scan(1, a.id, T0)]), event, T0 + 1000).effects).toEqual([]);
  });

  it('replays on top of a snapshot alike', () => {
    const scans = [scan(1, a.id, T0), scan(2, b.id, T0 + 1), scan(1, b.id, T0 + 2)];
    const actions = [action(a.id, T0 + 1, 'capacity', '4')];
    const whole = rebuild(log(scans, actions), event, T0 + 10);
    const head = rebuild(log(scans.slice(0, 2), actions), event, T0 + 10);
    const from = JSON.parse(head.snapshot);
    const tail = rebuild({ ...log(scans.slice(2)), actions: [] }, event, T0 + 10, from);
    expect(tail.stations).toEqual(whole.stations);
    expect(tail.attendees).toEqual(whole.attendees);
    expect(tail.place).toEqual(whole.place);
  });

  it('replays on top of a snapshot naming an attendee no longer registered, leaving them out', () => {
    const head = rebuild(log([scan(1, a.id, T0), scan(3, a.id, T0 + 1)]), event, T0 + 10);
    const from = JSON.parse(head.snapshot);
    const people = log([]).people.filter((p) => p.no !== 3);
    const r = rebuild({ ...log([scan(1, b.id, T0 + 2)]), people }, event, T0 + 10, from);
    expect(r.attendees.map((x) => [x.no, x.stationId])).toEqual([[1, b.id], [2, null]]);
  });

  it('replays tour bookings, the guide starting a departure and the snapshot taken there', () => {
    const queued = (departure: string, here?: true): ScanAnswer => ({ outcome: 'queued', station: counts, departure, ...(here ? { here } : {}) });
    const scans = [
      scan(1, 'museum', clock(10, 0), queued('11:30')),
      scan(2, 'museum', clock(10, 1), queued('11:30')),
      scan(3, 'museum', clock(10, 2), queued('11:30')),
      scan(1, 'museum', clock(11, 25), queued('11:30', true)),
      scan(3, a.id, clock(11, 26)),
    ];
    const started = action('museum', clock(11, 29), 'session_start', null);
    const r = rebuild(log(scans, [started]), event, clock(11, 30));
    const museum = r.stations.find((s) => s.def.id === 'museum')!;
    expect([...museum.occupants]).toEqual([[1, clock(11, 29)]]);
    expect(museum).toMatchObject({ bookings: [], departed: 1, sessionStartedAt: clock(11, 29), visits: 1 });
    expect(JSON.parse(r.snapshot).stations.find(([id]: [string]) => id === 'museum')[1]).toMatchObject({ bookings: [], departed: 1 });
    // Before the start, the bookings replayed are those made and kept.
    const before = rebuild(log(scans), event, clock(11, 28)).stations.find((s) => s.def.id === 'museum')!;
    expect(before.bookings).toEqual([[1, 0, 1], [2, 0, 0]]);
  });

  it('replays a tour\'s moved departures, and starts the departure its record names, however late', () => {
    const queued: ScanAnswer = { outcome: 'queued', station: counts, departure: '12:00' };
    // The museum's tours moved by half an hour at 10:00: its first departure leaves at 12:00.
    const moved = action('museum', clock(10, 0), 'departure_times', '12:00,12:30,13:00,13:30,14:00,14:30');
    const scans = [scan(1, 'museum', clock(11, 40), queued), scan(1, 'museum', clock(11, 55), { ...queued, here: true })];
    const record = { departure: 0, time: '12:00', group: 15, went: [1], noShows: [] };
    // Started at 12:40, when a start would take the 12:30 and pass the 12:00 over; the record says the 12:00 left.
    const started = action('museum', clock(12, 40), 'session_start', JSON.stringify(record));
    const museum = rebuild(log(scans, [moved, started]), event, clock(12, 41)).stations.find((s) => s.def.id === 'museum')!;
    expect(museum.departureTimes).toEqual(['12:00', '12:30', '13:00', '13:30', '14:00', '14:30']);
    expect(museum).toMatchObject({ departed: 1, visits: 1, utcOffsetMinutes: 300 });
    expect([...museum.occupants]).toEqual([[1, clock(12, 40)]]);
  });
});
