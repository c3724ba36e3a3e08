// A snapshot's body as written and read back, and each way a stored one is found unusable.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { newStation, type AttendeeState } from '../../server/flow/state.ts';
import { LOG_START } from '../../server/live/rebuild.ts';
import { decodeSnapshot, encodeSnapshot, rulesOf, SNAPSHOT_FORMAT, type Snapshot } from '../../server/live/snapshot-body.ts';
import { event } from './stores.ts';

const place = { scan: { at: 5000, seq: 3 }, action: { at: 4000, seq: 1 }, scans: 3, actions: 1 };
const person = (no: number, version: number, stationId: string | null = null): AttendeeState => ({ no, firstName: `P${no}`, serial: `s${no}`, stationId, onSiteSince: stationId ? 4500 : null, version });
const body = () => encodeSnapshot(event, place, event.stations.map((d) => newStation(d)), [person(1, 0), person(2, 3, event.stations[0].id)], ['tap-1']);
const decoded = (b: unknown, format = SNAPSHOT_FORMAT) => decodeSnapshot(event, { format, body: typeof b === 'string' ? b : JSON.stringify(b) });

describe('snapshot bodies', () => {
  it('keep every station without its definition, where each attendee who ever scanned is, and the ids of the actions replayed', () => {
    const s = decoded(body()) as Snapshot;
    expect(s.rules).toBe(rulesOf(event));
    expect(s.place).toEqual(place);
    expect(s.stations.map(([id]) => id)).toEqual(event.stations.map((d) => d.id));
    const { def: _def, ...rest } = newStation(event.stations[0]);
    // Who is inside is written as the array of [no, since] it always was.
    expect(s.stations[0]).toEqual([event.stations[0].id, { ...rest, occupants: [] }]);
    expect(s.attendees).toEqual([[2, event.stations[0].id, 4500, 3]]);
    expect(s.actionIds).toEqual(['tap-1']);
  });

  it('fingerprint the stations and the queue rules', () => {
    const r = rulesOf(event);
    expect(rulesOf({ ...event, maxQueue: event.maxQueue + 1 })).not.toBe(r);
    expect(rulesOf({ ...event, callMinutes: event.callMinutes + 1 })).not.toBe(r);
    // The event's clock decides which departure a booking takes.
    expect(rulesOf({ ...event, utcOffsetMinutes: 360 })).not.toBe(r);
    expect(rulesOf({ ...event, stations: event.stations.slice(1) })).not.toBe(r);
    expect(rulesOf({ ...event, name: { kk: 'Басқа', ru: 'Другое', en: 'Another' } })).toBe(r);
    // An event file without a clock fingerprints as before the clock was kept: its snapshots stay good.
    const { utcOffsetMinutes: _clock, ...clockless } = event;
    const before = createHash('sha256').update(JSON.stringify([event.stations, event.maxQueue, event.callMinutes])).digest('base64url');
    expect(rulesOf(clockless)).toBe(before);
  });

  it('are not read in another format, unparsed, or taken under other rules', () => {
    expect(decoded(body(), SNAPSHOT_FORMAT + 1)).toBe(`format ${SNAPSHOT_FORMAT + 1}, not ${SNAPSHOT_FORMAT}`);
    expect(decoded('{"rules":')).toBe('not JSON');
    expect(decoded({ ...JSON.parse(body()), rules: 'x' })).toBe('taken under other stations or rules');
  });

  it.each<[string, (s: Snapshot) => unknown]>([
    ['null', () => null],
    ['no place', (s) => ({ ...s, place: undefined })],
    ['no scan point', (s) => ({ ...s, place: { ...s.place, scan: null } })],
    ['a place without its scan point', (s) => ({ ...s, place: { ...s.place, scan: undefined } })],
    ['a scan point that is text', (s) => ({ ...s, place: { ...s.place, scan: 'x' } })],
    ['a scan time that is not a number', (s) => ({ ...s, place: { ...s.place, scan: { at: 'x', seq: 1 } } })],
    ['a scan order that is not a number', (s) => ({ ...s, place: { ...s.place, scan: { at: 1, seq: null } } })],
    ['an action point without time', (s) => ({ ...s, place: { ...s.place, action: { seq: 1 } } })],
    ['a count of scans that is not whole', (s) => ({ ...s, place: { ...s.place, scans: 1.5 } })],
    ['a count of actions that is not whole', (s) => ({ ...s, place: { ...s.place, actions: '1' } })],
    ['stations that are not a list', (s) => ({ ...s, stations: {} })],
    ['attendees that are not a list', (s) => ({ ...s, attendees: {} })],
    ['no action ids (format 1 kept none)', (s) => ({ ...s, actionIds: undefined })],
    ['a station too few', (s) => ({ ...s, stations: s.stations.slice(1) })],
    ['a station the event does not have', (s) => ({ ...s, stations: [['nowhere', s.stations[0][1]], ...s.stations.slice(1)] })],
    ['a station that is not a pair', (s) => ({ ...s, stations: [s.stations[0][0], ...s.stations.slice(1)] })],
    ['a station whose state is text', (s) => ({ ...s, stations: [[s.stations[0][0], 'x'], ...s.stations.slice(1)] })],
    ['a station whose state is null', (s) => ({ ...s, stations: [[s.stations[0][0], null], ...s.stations.slice(1)] })],
  ])('are not a snapshot with %s', (_case, spoil) => {
    expect(decoded(spoil(JSON.parse(body()) as Snapshot))).toBe('not a snapshot');
  });

  it('of an empty log are read', () => {
    const s = decoded(encodeSnapshot(event, LOG_START, event.stations.map((d) => newStation(d)), [], [])) as Snapshot;
    expect([s.place, s.attendees, s.actionIds]).toEqual([LOG_START, [], []]);
  });
});
