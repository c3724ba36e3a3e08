// Tour points (`tour`) under the station-flow rules: booking the next departure with room, one
// place at a time, scanning in for it, the guide's start with no-shows, and the tour's end.
import { describe, expect, it } from 'vitest';
import type { StationDef } from '../../shared/event.ts';
import { advance, command, scan, scanInPlace, stationView } from '../../server/flow/rules.ts';
import { tourOffer } from '../../shared/station.ts';
import { newStation, type AttendeeState, type FlowEffect, type ScanInput, type StationState } from '../../server/flow/state.ts';
import { departureRecord, departureToStart, movedDepartures, nextDeparture, startDeparture } from '../../server/flow/tour.ts';

const rules = { maxQueue: 5, callMinutes: 5 };
/** A time of the event's day on the server's clock, as the departures are when the event file names no clock of its own. */
const at = (h: number, m: number, s = 0) => new Date(2026, 11, 5, h, m, s).getTime();
/** A time of the event's day at UTC+5. */
const at5 = (h: number, m: number) => Date.UTC(2026, 11, 5, h - 5, m);

const museum: StationDef = {
  id: 'museum',
  name: { kk: 'Мұражай', ru: 'Музей', en: 'Museum' },
  group: 'programme',
  host: 'EKTU',
  capacity: 3,
  mode: 'tour',
  sessionMinutes: 20,
  maxStayMinutes: 60,
  departures: ['11:00', '11:30', '12:00'],
};
const stand: StationDef = { ...museum, id: 'stand', mode: 'continuous', capacity: 10, departures: undefined };

/** Stations and attendees scanned through the pure rules, one place at a time as a store keeps them. */
function world() {
  const stations = new Map<string, StationState>([museum, stand].map((d) => [d.id, newStation(d)]));
  const people = new Map<number, AttendeeState>();
  let n = 0;
  return {
    at: (id: string) => stations.get(id)!,
    whereIs: (no: number) => people.get(no)?.stationId ?? null,
    scan(no: number, stationId: string, time: number) {
      const attendee = people.get(no) ?? { no, firstName: `P${no}`, serial: 's', stationId: null, onSiteSince: null, version: 0 };
      const previous = attendee.stationId ? stations.get(attendee.stationId)! : null;
      const input: ScanInput = { id: `scan-${++n}`, kioskId: `k-${stationId}`, stationId, at: time, badge: { no, serial: 's' } };
      const r = scan({ station: stations.get(stationId)!, attendee, previous }, input, rules);
      stations.set(stationId, r.station);
      if (r.previous) stations.set(r.previous.def.id, r.previous);
      if (r.attendee) people.set(no, r.attendee);
      return r.answer;
    },
    start(time: number) {
      const r = command(stations.get('museum')!, { action: 'session_start' }, time, rules);
      if (!r.error) stations.set('museum', r.station);
      return r;
    },
  };
}

describe('a tour point', () => {
  it('books each scan on the next departure with room, and the screen shows that departure and its places left', () => {
    const w = world();
    for (const no of [1, 2, 3]) {
      expect(w.scan(no, 'museum', at(10, 40, no))).toMatchObject({ outcome: 'queued', departure: '11:00', queuePosition: no });
    }
    expect(stationView(w.at('museum'), at(10, 41))).toMatchObject({ tour: { next: '11:30', placesLeft: 3, starting: '11:00', booked: 3, here: 0, departed: 0 }, occupancy: 0, queue: 0, waitMinutes: 0 });
    expect(tourOffer(stationView(w.at('museum'), at(10, 41)).tour!)).toBe('open');
    expect(w.scan(4, 'museum', at(10, 42))).toMatchObject({ outcome: 'queued', departure: '11:30', queuePosition: 1 });
    expect(stationView(w.at('museum'), at(10, 43)).tour).toMatchObject({ next: '11:30', placesLeft: 2 });
    expect(w.whereIs(4)).toBe('museum');
  });

  it('books a departure whose minute has gone by no more, and refuses once every departure left is full', () => {
    const w = world();
    expect(w.scan(1, 'museum', at(11, 0, 59))).toMatchObject({ departure: '11:00' });
    expect(w.scan(2, 'museum', at(11, 1))).toMatchObject({ departure: '11:30' });
    for (const no of [3, 4, 5, 6, 7]) w.scan(no, 'museum', at(11, 2));
    expect(nextDeparture(w.at('museum'), at(11, 3))).toBeNull();
    expect(w.scan(8, 'museum', at(11, 3))).toMatchObject({ outcome: 'rejected', reason: 'tours_full', attendee: { badgeNo: 8 } });
    expect(w.whereIs(8)).toBeNull();
    expect(stationView(w.at('museum'), at(11, 3)).tour).toMatchObject({ next: null, placesLeft: 0 });
    expect(tourOffer(stationView(w.at('museum'), at(11, 3)).tour!)).toBe('full');
  });

  it('keeps one place at a time: booking leaves a station, and going to another station gives the booking up', () => {
    const w = world();
    expect(w.scan(1, 'stand', at(10, 30)).outcome).toBe('entered');
    expect(w.scan(1, 'museum', at(10, 35))).toMatchObject({ outcome: 'queued', departure: '11:00', leftStation: 'stand' });
    expect([...w.at('stand').occupants]).toEqual([]);
    expect(w.scan(1, 'stand', at(10, 40))).toMatchObject({ outcome: 'entered' });
    expect(w.at('museum').bookings).toEqual([]);
    expect(stationView(w.at('museum'), at(10, 41)).tour).toMatchObject({ next: '11:00', placesLeft: 3, booked: 0 });
  });

  it('marks a booked attendee here at their second scan, and gives their place up at the third', () => {
    const w = world();
    w.scan(1, 'museum', at(10, 30));
    w.scan(2, 'museum', at(10, 31));
    expect(w.scan(2, 'museum', at(10, 55))).toMatchObject({ outcome: 'queued', departure: '11:00', queuePosition: 2, here: true });
    expect(stationView(w.at('museum'), at(10, 56)).tour).toMatchObject({ booked: 2, here: 1 });
    expect(w.scan(2, 'museum', at(10, 57))).toMatchObject({ outcome: 'exited', leftQueue: true });
    expect(w.at('museum').bookings).toEqual([[1, 0, 0]]);
    expect(w.whereIs(2)).toBeNull();
  });

  it('starts a departure: those booked and here go in, no-shows free their places to those of the next departure who are here', () => {
    const w = world();
    for (const no of [1, 2, 3, 4, 5, 6]) w.scan(no, 'museum', at(10, 30, no));
    for (const no of [1, 2, 4, 5]) w.scan(no, 'museum', at(10, 55, no));
    const r = w.start(at(10, 58));
    expect(r.error).toBeUndefined();
    expect(r.effects.filter((e) => e.type === 'no_show')).toEqual([{ type: 'no_show', no: 3, stationId: 'museum', at: at(10, 58) }]);
    expect(r.effects.filter((e) => e.type === 'visit_started').map((e) => e.no)).toEqual([1, 2, 4]);
    expect(Array.from(w.at('museum').occupants, ([no]) => no)).toEqual([1, 2, 4]);
    expect(w.at('museum').bookings).toEqual([[5, 1, 1], [6, 1, 0]]);
    expect(stationView(w.at('museum'), at(10, 59))).toMatchObject({ occupancy: 3, sessionStartedAt: new Date(at(10, 58)).toISOString(), tour: { next: '11:30', placesLeft: 1, starting: '11:30', booked: 2, here: 1, departed: 1 } });
    // The log keeps who went and who did not come, with the departure and its group size.
    expect(JSON.parse(r.value!)).toEqual({ departure: 0, time: '11:00', group: 3, went: [1, 2, 4], noShows: [3] });
    // A no-show is not booked anywhere any more: a scan books them again.
    expect(w.scan(3, 'museum', at(11, 1))).toMatchObject({ outcome: 'queued', departure: '11:30', queuePosition: 3 });
  });

  it('ends the tour when its time is up, or when the guide ends it', () => {
    const w = world();
    for (const no of [1, 2]) w.scan(no, 'museum', at(10, 30));
    for (const no of [1, 2]) w.scan(no, 'museum', at(10, 59));
    w.start(at(11, 0));
    const ended = advance(w.at('museum'), at(11, 21), rules);
    expect(ended.effects).toEqual([1, 2].map((no) => ({ type: 'visit_ended', no, stationId: 'museum', at: at(11, 20), reason: 'session_end' })));
    expect(ended.station.sessionStartedAt).toBeNull();
    const byGuide = command(w.at('museum'), { action: 'session_end' }, at(11, 5), rules);
    expect([...byGuide.station.occupants]).toEqual([]);
    expect(byGuide.effects.map((e: FlowEffect) => e.type)).toEqual(['visit_ended', 'visit_ended']);
  });

  it('lets someone on the tour under way out with a scan', () => {
    const w = world();
    w.scan(1, 'museum', at(10, 30));
    w.scan(1, 'museum', at(10, 59));
    w.start(at(11, 0));
    expect(w.scan(1, 'museum', at(11, 5))).toMatchObject({ outcome: 'exited' });
    expect([...w.at('museum').occupants]).toEqual([]);
  });

  it('starts the latest departure due when the guide is late, passing the earlier over, and has none left after the last', () => {
    const w = world();
    w.scan(1, 'museum', at(10, 30));
    w.scan(2, 'museum', at(10, 31));
    w.scan(2, 'museum', at(11, 20));
    expect(departureToStart(w.at('museum'), at(11, 20))).toBe(1);
    const r = w.start(at(11, 20));
    expect(Array.from(r.station.occupants, ([no]) => no)).toEqual([2]);
    expect(r.effects.filter((e) => e.type === 'no_show').map((e) => e.no)).toEqual([1]);
    expect(w.at('museum').departed).toBe(2);
    expect(w.start(at(12, 0)).error).toBeUndefined();
    expect(w.start(at(12, 30))).toMatchObject({ error: 'no_departure' });
    // Screens say there is no tour left today, not that the tours are full.
    expect(tourOffer(stationView(w.at('museum'), at(12, 30)).tour!)).toBe('over');
    expect(command(w.at('stand'), { action: 'session_start' }, at(12, 30), rules)).toMatchObject({ error: 'not_session_station' });
  });

  it('takes a booking made in place back with the scan', () => {
    const museumState = newStation(museum);
    const attendee: AttendeeState = { no: 1, firstName: 'P1', serial: 's', stationId: null, onSiteSince: null, version: 0 };
    const r = scanInPlace({ station: museumState, attendee, previous: null }, { id: 'x', kioskId: 'k', stationId: 'museum', at: at(10, 0), badge: { no: 1, serial: 's' } }, rules);
    expect(museumState.bookings).toEqual([[1, 0, 0]]);
    r.undo();
    expect(museumState.bookings).toEqual([]);
    expect(museumState.version).toBe(0);
  });

  it('starts the departure with nobody booked as an empty tour', () => {
    const s = newStation(museum);
    const effects: FlowEffect[] = [];
    expect(startDeparture(s, 0, at(11, 0), effects)).toEqual({ departure: 0, time: '11:00', group: 3, went: [], noShows: [] });
    expect(effects).toEqual([]);
    expect(s.departed).toBe(1);
  });
});

describe('a tour\'s departures on the event\'s clock, moved with its programme item', () => {
  it('takes the time of day on the event\'s clock when it names one, not the server\'s: one instant is another hour in another time zone', () => {
    const east = newStation(museum, 360);
    const here = newStation(museum, 300);
    // 10:50 at UTC+5 is 11:50 at UTC+6: the 11:00 and 11:30 departures have gone there.
    expect(nextDeparture(here, at5(10, 50))).toBe(0);
    expect(nextDeparture(east, at5(10, 50))).toBe(2);
    expect(stationView(east, at5(10, 50)).tour).toMatchObject({ next: '12:00' });
  });

  it('moves its departures when organisers shift its programme item: bookings follow the new times', () => {
    const moved = command(newStation(museum), { action: 'departure_times', value: ['11:45', '12:15', '12:45'] }, at(10, 0), rules);
    expect(moved.error).toBeUndefined();
    expect(moved.station.departureTimes).toEqual(['11:45', '12:15', '12:45']);
    // At 11:10 the 11:00 would have gone; it now leaves at 11:45.
    const booked = scan({ station: moved.station, attendee: { no: 1, firstName: 'P1', serial: 's', stationId: null, onSiteSince: null, version: 0 }, previous: null }, { id: 'b', kioskId: 'k', stationId: 'museum', at: at(11, 10), badge: { no: 1, serial: 's' } }, rules);
    expect(booked.answer).toMatchObject({ outcome: 'queued', departure: '11:45' });
    // A list that is not the file's departures, or a station that is not a tour, is refused.
    expect(command(newStation(museum), { action: 'departure_times', value: ['11:45'] }, at(10, 0), rules).error).toBe('not_session_station');
    expect(command(newStation(stand), { action: 'departure_times', value: [] }, at(10, 0), rules).error).toBe('not_session_station');
  });

  it('moves the departures an item holds by as much as the item was shifted, and no others', () => {
    const title = { kk: 'Экскурсия', ru: 'Экскурсия', en: 'Tour' };
    const file = [
      { id: 'morning', start: '10:50', end: '11:40', place: 'museum', title },
      { id: 'noon', start: '12:00', end: '12:30', place: 'museum', title },
      { id: 'elsewhere', start: '11:00', end: '12:30', place: 'stand', title },
    ];
    expect(movedDepartures(museum, file, file)).toEqual(['11:00', '11:30', '12:00']);
    const today = [{ id: 'morning', start: '11:05' }, { id: 'noon', start: '12:00' }, { id: 'elsewhere', start: '09:00' }];
    expect(movedDepartures(museum, file, today)).toEqual(['11:15', '11:45', '12:00']);
    expect(movedDepartures(stand, file, today)).toEqual([]);
  });

  it('starts the departure the log names when replayed, whatever the clock says since', () => {
    const s = newStation(museum);
    // At 11:40 the guide's start would pass the 11:00 over; the log says the 11:00 left.
    const r = command(s, { action: 'session_start', departure: 0 }, at(11, 40), rules);
    expect(JSON.parse(r.value!)).toMatchObject({ departure: 0, time: '11:00' });
    expect(command(s, { action: 'session_start' }, at(11, 40), rules).value).toContain('"departure":1');
  });
});

describe('a departure record read back from the log', () => {
  it('is read when whole, and not when a field is missing, of the wrong kind or not JSON', () => {
    const record = { departure: 1, time: '11:30', group: 12, went: [1001, 1002], noShows: [1003] };
    expect(departureRecord(JSON.stringify(record))).toEqual(record);
    expect(departureRecord(null)).toBeNull();
    expect(departureRecord('12')).toBeNull();
    expect(departureRecord('{not json')).toBeNull();
    expect(departureRecord(JSON.stringify({ ...record, went: [1.5] }))).toBeNull();
    expect(departureRecord(JSON.stringify({ ...record, time: 1130 }))).toBeNull();
    const { noShows: _, ...noNoShows } = record;
    expect(departureRecord(JSON.stringify(noNoShows))).toBeNull();
  });
});
