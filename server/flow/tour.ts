// The tour rules: a tour point (museum, laboratories, library) has departures at set times of day,
// each for a group of up to the station's capacity. A scan books the attendee on the next
// departure with room; scanning again there says they are here for it; the guide starts the
// departure: those booked and here go in, those not here are no-shows, and the places they leave
// go to people of the following departure who are already here. The tour ends when its length is
// up (`sessionMinutes`) or when the guide ends it, as a session does.
//
// Bookings are replaced as a whole list, never changed in place: the in-process store takes a
// scan back by putting the list it had before (rules.ts `numbersOf`), and Redis writes the list
// whole in a delta when it changed (station-doc.ts).
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import type { ProgrammeItem, StationDef } from '../../shared/event.ts';
import { clockTime, minuteOf } from '../../shared/programme-rules.ts';
import { minuteOfDay } from '../../shared/event-clock.ts';
import type { Booking, FlowEffect, ReadonlyStation, StationState } from './state.ts';

/** How long before its time a guide's start takes a departure rather than an earlier one not started. */
export const START_LEAD_MINUTES = 15;

/** The departures' minutes of the day, as they stand now (shifted with their programme item); none at a station that is not a tour. */
function departureMinutes(s: ReadonlyStation): number[] {
  return s.departureTimes.map(minuteOf);
}

/** How many are booked on departure `d`. */
export function bookedOn(s: ReadonlyStation, d: number): number {
  let n = 0;
  for (const b of s.bookings) if (b[1] === d) n++;
  return n;
}

/** The departure an attendee is booked on at `s`; undefined when they are not. */
export function bookingOf(s: ReadonlyStation, no: number): Booking | undefined {
  return s.bookings.find((b) => b[0] === no);
}

/**
 * The next departure that takes a booking at `now`: not started nor passed over, its minute not
 * gone by, with room. Null when every departure left today is full or gone.
 */
export function nextDeparture(s: ReadonlyStation, now: number): number | null {
  const minutes = departureMinutes(s);
  const minute = minuteOfDay(now, s.utcOffsetMinutes);
  for (let d = s.departed; d < minutes.length; d++) {
    if (minutes[d] >= minute && bookedOn(s, d) < s.capacity) return d;
  }
  return null;
}

/** The clock time (`HH:MM`) of departure `d`. */
export function departureTime(s: ReadonlyStation, d: number): string {
  return clockTime(minuteOf(s.departureTimes[d]));
}

/** Books attendee `no` on the next departure with room; the departure and their place in its group, or null when none has room. */
export function book(s: StationState, no: number, now: number): { departure: number; position: number } | null {
  const d = nextDeparture(s, now);
  if (d === null) return null;
  s.bookings = [...s.bookings, [no, d, 0]];
  return { departure: d, position: bookedOn(s, d) };
}

/** Marks a booked attendee as here for their departure. */
export function markHere(s: StationState, no: number): void {
  s.bookings = s.bookings.map((b) => (b[0] === no ? [no, b[1], 1] : b));
}

/** Takes attendee `no`'s booking back; false when they had none. */
export function cancelBooking(s: StationState, no: number): boolean {
  if (!bookingOf(s, no)) return false;
  s.bookings = s.bookings.filter((b) => b[0] !== no);
  return true;
}

/** The departures still to go that have bookings, each with its people in booking order (badge number, here). */
export function bookedDepartures(s: ReadonlyStation): Array<{ time: string; people: Array<[no: number, here: boolean]> }> {
  const byDeparture = new Map<number, Array<[number, boolean]>>();
  for (const [no, d, here] of s.bookings) {
    const list = byDeparture.get(d) ?? [];
    list.push([no, here === 1]);
    byDeparture.set(d, list);
  }
  return [...byDeparture.entries()].sort(([a], [b]) => a - b).map(([d, people]) => ({ time: departureTime(s, d), people }));
}

/**
 * The departure a guide's start at `now` takes: the latest not started whose time is at most
 * START_LEAD_MINUTES away (earlier ones not started are passed over), else the next one. Null
 * when none is left.
 */
export function departureToStart(s: ReadonlyStation, now: number): number | null {
  const minutes = departureMinutes(s);
  if (s.departed >= minutes.length) return null;
  const soon = minuteOfDay(now, s.utcOffsetMinutes) + START_LEAD_MINUTES;
  let d = s.departed;
  while (d + 1 < minutes.length && minutes[d + 1] <= soon) d++;
  return d;
}

/**
 * Starts departure `d`: who goes in (booked on it or on one passed over, and here; then, into
 * the places of no-shows, those of the following departure who are here, first booked first)
 * and the no-shows, as the log records them. The bookings left are those of later departures;
 * `departed` moves past `d`. The caller lets the group in.
 */
export function startDeparture(s: StationState, d: number, at: number, effects: FlowEffect[]): DepartureRecord {
  const going: number[] = [];
  const noShows: number[] = [];
  const kept: Booking[] = [];
  for (const b of s.bookings) {
    if (b[1] > d) kept.push(b);
    else if (b[2] === 1) going.push(b[0]);
    else {
      noShows.push(b[0]);
      effects.push({ type: 'no_show', no: b[0], stationId: s.def.id, at });
    }
  }
  const rest: Booking[] = [];
  for (const b of kept) {
    if (b[1] === d + 1 && b[2] === 1 && going.length < s.capacity) going.push(b[0]);
    else rest.push(b);
  }
  s.bookings = rest;
  s.departed = d + 1;
  return { departure: d, time: departureTime(s, d), group: s.capacity, went: going, noShows };
}

/**
 * What the durable log keeps of a departure's start, as JSON in the value of its `session_start`
 * action row: which departure (its place in the event file's list) at what time, the group size
 * then, who went and who did not come (badge numbers). A replay starts the same departure whatever
 * the clock or the programme say since; the reports count departures, bookings, no-shows and
 * places filled from it.
 */
export const DepartureRecord = Type.Object({
  departure: Type.Integer(),
  time: Type.String(),
  group: Type.Integer(),
  went: Type.Array(Type.Integer()),
  noShows: Type.Array(Type.Integer()),
});
export type DepartureRecord = Static<typeof DepartureRecord>;

/** A departure's record from its action row's value; null for a row written before departures were recorded, or not one. */
export function departureRecord(value: string | null): DepartureRecord | null {
  if (value === null || !value.startsWith('{')) return null;
  try {
    const r: unknown = JSON.parse(value);
    return Value.Check(DepartureRecord, r) ? r : null;
  } catch {
    return null;
  }
}

/**
 * A tour's departures as its programme items stand on the day: each of the event file's moved by
 * as much as the item held at the tour's station whose time in the file holds it was shifted
 * (`file`: the event file's items; `today`: the same items with the day's times). A departure no
 * item holds keeps its time.
 */
export function movedDepartures(def: StationDef, file: readonly ProgrammeItem[], today: ReadonlyArray<Pick<ProgrammeItem, 'id' | 'start'>>): string[] {
  const items = file.filter((i) => i.place === def.id);
  return (def.departures ?? []).map((time) => {
    const m = minuteOf(time);
    const item = items.find((i) => minuteOf(i.start) <= m && m < minuteOf(i.end));
    const now = item && today.find((i) => i.id === item.id);
    return now ? clockTime(m + minuteOf(now.start) - minuteOf(item.start)) : time;
  });
}
