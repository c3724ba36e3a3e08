// The station-flow rules: pure functions from (state, input, time) to (new state, answer, effects).
// Both live stores call these and nothing else decides where an attendee is. Inputs are never
// changed; every function works on copies, except `scanOwned`, which is handed copies.
import { REREAD_MS } from '../../shared/camera.ts';
import { REMOTE_JOIN, REMOTE_LEAVE } from '../../shared/scan.ts';
import type { ScanAnswer, StationCounts } from '../../shared/scan.ts';
import type { StationView } from '../../shared/station.ts';
import type { StationCount } from '../../shared/totals.ts';
import type {
  AttendeeState,
  EventRules,
  FlowEffect,
  ReadonlyAttendee,
  ReadonlyStation,
  ScanInput,
  StationCommand,
  StationState,
  VisitEnd,
} from './state.ts';
import { Occupants } from './occupants.ts';
import { book, bookedOn, bookingOf, cancelBooking, departureTime, departureToStart, markHere, nextDeparture, startDeparture } from './tour.ts';
import { addCalled, addOccupant, dequeue, enqueue, inPlace, isQueued, removeCalled, removeOccupant, removeQueued, sinceInside } from './station-lists.ts';

/** The same badge at the same kiosk within this window is a camera re-read (the kiosk's window too). */
export { REREAD_MS };
/** Scans remembered for re-reads; more than this within REREAD_MS at one station is beyond a volunteer's pace. */
export const RECENT_LIMIT = 8;
/** Departures over this window drive the wait estimate. */
export const WAIT_WINDOW_MS = 15 * 60_000;
const MINUTE = 60_000;

export interface ScanContext {
  station: StationState;
  attendee: AttendeeState | null;
  /** The station the attendee's state points at, when it is not `station`. */
  previous: StationState | null;
}

export interface ScanResult {
  station: StationState;
  attendee: AttendeeState | null;
  previous: StationState | null;
  answer: ScanAnswer;
  effects: FlowEffect[];
}

export interface CommandResult {
  station: StationState;
  effects: FlowEffect[];
  /** What the log keeps as the action's value where the command carries none: a tour departure's record (tour.ts DepartureRecord, JSON). */
  value?: string;
  error?: 'not_session_station' | 'queue_empty' | 'no_departure';
}

/**
 * A copy of a station the rules may change: its lists are copied, the records in them are shared
 * (the rules replace records, never change them).
 */
export function copyStation(s: StationState): StationState {
  return {
    ...s,
    occupants: new Occupants(s.occupants),
    queue: s.queue.slice(),
    called: s.called.slice(),
    departures: s.departures.slice(),
    recent: s.recent.slice(),
  };
}

/** People inside (for the gate: on site). */
export function occupancy(s: ReadonlyStation): number {
  return s.def.mode === 'gate' ? s.present : s.occupants.size;
}

/** Whether attendee `no` is inside station `s`. */
export function isInside(s: ReadonlyStation, no: number): boolean {
  return sinceInside(s, no) !== undefined;
}

/** Whether an attendee counts as here for the kiosk modes: inside, queued, called or booked here; at the entrance, on site. */
export function isHere(s: ReadonlyStation, a: ReadonlyAttendee): boolean {
  if (s.def.mode === 'gate') return a.onSiteSince !== null;
  return isInside(s, a.no) || isQueued(s, a.no) || s.called.some((e) => e.no === a.no) || (s.def.mode === 'tour' && bookingOf(s, a.no) !== undefined);
}

function freePlaces(s: ReadonlyStation): number {
  return s.capacity - occupancy(s) - s.called.length;
}

/** An exhibition zone only counts who is in it: nobody waits to enter, however many are inside; a tour books departures instead. */
function neverFull(s: ReadonlyStation): boolean {
  return s.def.mode === 'exhibition' || s.def.mode === 'tour';
}

/** Stations whose running group leaves together when its time is up: sessions and tours. */
function runsGroups(s: ReadonlyStation): boolean {
  return s.def.mode === 'sessions' || s.def.mode === 'tour';
}

export function counts(s: ReadonlyStation): StationCounts {
  return { id: s.def.id, occupancy: occupancy(s), capacity: s.capacity, queue: s.queue.length };
}

/**
 * How many departures the usual stay from the event file counts as: the observed stays outweigh it
 * only once more than this many people were seen leaving, so one departure cannot swing the wait.
 */
export const PRIOR_DEPARTURES = 6;

/**
 * The stay to expect at a continuous station, in minutes: the usual stay from the event file
 * blended with the stays of the departures of the last 15 minutes, each weighed by how many there
 * are (credibility n / (n + PRIOR_DEPARTURES)). Checkouts at the maximum stay are not departures
 * seen (noteDeparture), so someone who never scanned out does not stretch it.
 */
export function expectedStayMinutes(s: ReadonlyStation, now: number): number {
  const since = Math.floor((now - WAIT_WINDOW_MS) / MINUTE);
  let seen = 0;
  let stayed = 0;
  for (const [minute, n, seconds] of s.departures) {
    if (minute <= since || seconds === undefined) continue;
    seen += n;
    stayed += seconds / 60;
  }
  return (PRIOR_DEPARTURES * s.def.sessionMinutes + stayed) / (PRIOR_DEPARTURES + seen);
}

/**
 * Minutes a newcomer would wait, or (with `ahead`) the one at that place in line (1: the first).
 * Continuous stations: Little's law, places turning over at capacity / expected stay per minute.
 * Session stations: the rest of the running session (or a whole one before it starts), then a
 * whole session for every further group ahead.
 */
export function waitMinutes(s: ReadonlyStation, now: number, ahead = s.queue.length + 1): number {
  if ((freePlaces(s) > 0 || neverFull(s)) && s.queue.length === 0) return 0;
  if (s.def.mode === 'sessions') {
    const length = s.def.sessionMinutes;
    const running = s.sessionStartedAt === null ? length : Math.max(1, length - (now - s.sessionStartedAt) / MINUTE);
    return Math.ceil(running + (Math.ceil(ahead / s.capacity) - 1) * length);
  }
  return Math.ceil((ahead * expectedStayMinutes(s, now)) / s.capacity);
}

/** What a station adds to the event's totals (shared/totals.ts). */
export function stationCount(s: ReadonlyStation): StationCount {
  return { mode: s.def.mode, visits: s.visits, queue: s.queue.length };
}

/** What a screen may show of a station. */
export function stationView(s: ReadonlyStation, now: number): StationView {
  return {
    id: s.def.id,
    name: s.def.name,
    ...(s.def.shortName ? { shortName: s.def.shortName } : {}),
    group: s.def.group,
    host: s.def.host,
    mode: s.def.mode,
    capacity: s.capacity,
    occupancy: occupancy(s),
    queue: s.queue.length,
    calling: s.called.map((c) => c.no),
    callingRemote: s.remote.length === 0 ? [] : s.called.filter((c) => s.remote.includes(c.no)).map((c) => c.no),
    waitMinutes: waitMinutes(s, now),
    status: s.status,
    remoteQueue: s.remoteQueue,
    sessionStartedAt: s.sessionStartedAt === null ? null : new Date(s.sessionStartedAt).toISOString(),
    visits: s.visits,
    version: s.version,
    ...(s.def.mode === 'tour' ? { tour: tourView(s, now) } : {}),
  };
}

/** A tour point's departures as a screen shows them: the next with room and its places left, and the next to start with how many are booked. */
function tourView(s: ReadonlyStation, now: number): NonNullable<StationView['tour']> {
  const d = nextDeparture(s, now);
  const start = departureToStart(s, now);
  return {
    next: d === null ? null : departureTime(s, d),
    placesLeft: d === null ? 0 : s.capacity - bookedOn(s, d),
    starting: start === null ? null : departureTime(s, start),
    booked: start === null ? 0 : s.bookings.filter((b) => b[1] <= start).length,
    here: start === null ? 0 : s.bookings.filter((b) => b[1] <= start && b[2] === 1).length,
    departed: s.departed,
  };
}

function callNext(s: StationState, at: number, effects: FlowEffect[]): void {
  while (freePlaces(s) > 0 && s.queue.length > 0) {
    const no = dequeue(s)!;
    addCalled(s, no, at);
    effects.push({ type: 'called', no, stationId: s.def.id, at });
  }
}

/** Counts a departure and its stay in its minute, for the wait estimate. */
function noteDeparture(s: StationState, at: number, stayMs: number): void {
  const minute = Math.floor(at / MINUTE);
  const seconds = Math.round(stayMs / 1000);
  const last = s.departures[s.departures.length - 1];
  if (last && last[0] === minute) s.departures[s.departures.length - 1] = [minute, last[1] + 1, (last[2] ?? 0) + seconds];
  else s.departures.push([minute, 1, seconds]);
}

function depart(s: StationState, no: number, at: number, reason: VisitEnd, effects: FlowEffect[]): void {
  const since = removeOccupant(s, no)!;
  // A checkout at the maximum stay says how long the rules waited, not how long people stay.
  if (reason !== 'max_stay') noteDeparture(s, at, at - since);
  effects.push({ type: 'visit_ended', no, stationId: s.def.id, at, reason });
  callNext(s, at, effects);
}

function enter(s: StationState, no: number, at: number, effects: FlowEffect[]): void {
  addOccupant(s, no, at);
  s.visits += 1;
  effects.push({ type: 'visit_started', no, stationId: s.def.id, at });
}

function endSession(s: StationState, at: number, effects: FlowEffect[]): void {
  s.sessionStartedAt = null;
  for (const [no] of [...s.occupants]) depart(s, no, at, 'session_end', effects);
}

/**
 * Applies every deadline up to `now` in time order: maximum stays, unanswered calls, session ends.
 * Each happens at its own deadline, so the result does not depend on when this runs.
 */
function settle(s: StationState, now: number, rules: EventRules, effects: FlowEffect[]): boolean {
  const maxStay = s.def.maxStayMinutes * MINUTE;
  const callFor = rules.callMinutes * MINUTE;
  let changed = false;
  for (;;) {
    let due = Infinity;
    let next: 'stay' | 'call' | 'session' | null = null;
    let who = 0;
    // Both lists are in time order (station-lists.ts): the first of each falls due first.
    const first = s.occupants.first();
    if (first !== undefined) {
      due = first[1] + maxStay;
      next = 'stay';
      who = first[0];
    }
    const call = s.called[0];
    if (call !== undefined && call.at + callFor < due) {
      due = call.at + callFor;
      next = 'call';
      who = call.no;
    }
    if (runsGroups(s) && s.sessionStartedAt !== null) {
      const end = s.sessionStartedAt + s.def.sessionMinutes * MINUTE;
      if (end < due) {
        due = end;
        next = 'session';
      }
    }
    if (due > now || next === null) break;
    if (next === 'stay') depart(s, who, due, 'max_stay', effects);
    else if (next === 'call') {
      removeCalled(s, who);
      callNext(s, due, effects);
    } else endSession(s, due, effects);
    changed = true;
  }
  const oldest = Math.floor((now - WAIT_WINDOW_MS) / MINUTE);
  while (s.departures.length > 0 && s.departures[0][0] <= oldest) s.departures.shift();
  while (s.recent.length > 0 && now - s.recent[0].at >= REREAD_MS) s.recent.shift();
  return changed;
}

/** Brings a station up to `now` (maximum stays, expired calls, session ends). */
export function advance(station: StationState, now: number, rules: EventRules): CommandResult {
  const s = copyStation(station);
  const effects: FlowEffect[] = [];
  if (settle(s, now, rules, effects)) s.version += 1;
  forgetJoiners(s);
  return { station: s, effects };
}

/** The answer to one scan and the state after it. */
export function scan(ctx: ScanContext, input: ScanInput, rules: EventRules): ScanResult {
  const previous = ctx.previous && ctx.previous.def.id !== ctx.station.def.id ? copyStation(ctx.previous) : null;
  return scanOwned({ station: copyStation(ctx.station), attendee: ctx.attendee, previous }, input, rules);
}

/** A scan applied to the stations themselves (`scanInPlace`), and how to take it back. */
export interface ScanInPlace extends ScanResult {
  /** Puts the stations' lists and numbers back as they were before the scan; run the undos of later scans first. */
  undo(): void;
}

/** The numbers and short lists of a station, to put back (the lists in place) when a change in place is taken back. */
function numbersOf(s: StationState): () => void {
  // Bookings are replaced, never changed in place (tour.ts): the list itself is what to put back.
  const { capacity, status, present, sessionStartedAt, bookings, departed, visits, version, remote } = s;
  const departures = s.departures.slice();
  const recent = s.recent.slice();
  return () => {
    Object.assign(s, { capacity, status, present, sessionStartedAt, bookings, departed, visits, version, remote });
    s.departures.splice(0, s.departures.length, ...departures);
    s.recent.splice(0, s.recent.length, ...recent);
  };
}

/**
 * `scan` applied to the stations handed over, in place, at a cost that does not grow with the
 * people inside or waiting: nothing is copied but the few numbers and short lists `undo` needs.
 * The in-process store decides every scan so and undoes those whose commit fails.
 */
export function scanInPlace(ctx: ScanContext, input: ScanInput, rules: EventRules): ScanInPlace {
  const p = ctx.previous && ctx.previous.def.id !== ctx.station.def.id ? ctx.previous : null;
  const putBack = p ? [numbersOf(ctx.station), numbersOf(p)] : [numbersOf(ctx.station)];
  const { result, undoLists } = inPlace(() => scanOwned({ station: ctx.station, attendee: ctx.attendee, previous: p }, input, rules));
  return {
    ...result,
    undo: () => {
      undoLists();
      for (const numbers of putBack) numbers();
    },
  };
}

/**
 * `scan` on stations the caller has copied (`copyStation`) and hands over: they are changed in
 * place. A live store deciding a group of scans copies each station once for the whole group.
 */
export function scanOwned(ctx: ScanContext, input: ScanInput, rules: EventRules): ScanResult {
  const now = input.at;
  const s = ctx.station;
  const p = ctx.previous && ctx.previous.def.id !== s.def.id ? ctx.previous : null;
  const effects: FlowEffect[] = [];
  const settledHere = settle(s, now, rules, effects);
  const settledThere = p ? settle(p, now, rules, effects) : false;
  const { answer, attendee: a } = decide(s, p, ctx.attendee, input, rules, effects);
  forgetJoiners(s);
  if (p) forgetJoiners(p);
  // A refusal or a re-read changes nothing; only deadlines that fell due meanwhile are kept.
  if (a || settledHere) s.version += 1;
  if (p && (a || settledThere)) p.version += 1;
  if (a) a.version += 1;
  return { station: s, attendee: a ?? ctx.attendee, previous: p, answer, effects };
}

/** What a scan decides: the answer, and the attendee's new state (null when nothing changed). */
interface Decision {
  answer: ScanAnswer;
  attendee: AttendeeState | null;
}

function refusal(s: StationState, reason: NonNullable<ScanAnswer['reason']>, a?: AttendeeState): Decision {
  const answer: ScanAnswer = { outcome: 'rejected', reason, station: counts(s) };
  if (a) answer.attendee = { firstName: a.firstName, badgeNo: a.no };
  return { answer, attendee: null };
}

/** Applies a scan to the (already copied and settled) stations `s` and `p`. */
function decide(
  s: StationState,
  p: StationState | null,
  known: AttendeeState | null,
  input: ScanInput,
  rules: EventRules,
  effects: FlowEffect[],
): Decision {
  const now = input.at;
  if ('error' in input.badge) return refusal(s, input.badge.error);
  const no = input.badge.no;
  if (!known || known.no !== no) return refusal(s, 'badge_unknown');
  if (known.serial !== input.badge.serial) return refusal(s, 'badge_revoked', known);

  const a: AttendeeState = { ...known };
  const who = { firstName: a.firstName, badgeNo: no };
  const remote = REMOTE[input.kioskId];
  if (remote) return decideRemote(s, p, a, remote, now, rules, effects);
  const reread = s.recent.find((r) => r.no === no && r.kioskId === input.kioskId);
  if (reread) return { answer: { ...reread.answer, attendee: who, station: counts(s), reread: true }, attendee: null };

  let answer: ScanAnswer;
  if (s.def.mode === 'gate') {
    if (a.onSiteSince !== null) {
      s.present -= 1;
      a.onSiteSince = null;
      effects.push({ type: 'visit_ended', no, stationId: s.def.id, at: now, reason: 'scan' });
      const left = p ? leave(p, a, now, 'left_site', effects) : false;
      answer = { outcome: 'exited', attendee: who, station: counts(s), ...(left ? { leftStation: p!.def.id } : {}) };
    } else {
      if (s.status !== 'open') return refusal(s, s.status === 'paused' ? 'station_paused' : 'station_closed', a);
      s.present += 1;
      s.visits += 1;
      a.onSiteSince = now;
      effects.push({ type: 'visit_started', no, stationId: s.def.id, at: now });
      answer = { outcome: 'entered', attendee: who, station: counts(s) };
    }
  } else if (s.def.mode === 'tour' && !isInside(s, no)) {
    const booked = decideTour(s, p, a, now, effects);
    if ('refused' in booked) return refusal(s, booked.refused, a);
    answer = booked.answer;
  } else if (isInside(s, no)) {
    depart(s, no, now, 'scan', effects);
    a.stationId = null;
    answer = { outcome: 'exited', attendee: who, station: counts(s) };
  } else if (removeCalled(s, no)) {
    enter(s, no, now, effects);
    a.stationId = s.def.id;
    answer = { outcome: 'entered', attendee: who, station: counts(s) };
  } else if (removeQueued(s, no)) {
    a.stationId = null;
    answer = { outcome: 'exited', attendee: who, station: counts(s), leftQueue: true };
  } else {
    if (s.status !== 'open') return refusal(s, s.status === 'paused' ? 'station_paused' : 'station_closed', a);
    const full = freePlaces(s) <= 0 && !neverFull(s);
    if (full && s.queue.length >= rules.maxQueue) return refusal(s, 'queue_full', a);
    const left = p ? leave(p, a, now, 'moved', effects) : false;
    if (!full) {
      enter(s, no, now, effects);
      answer = { outcome: 'entered', attendee: who, station: counts(s) };
    } else {
      enqueue(s, no);
      answer = { outcome: 'queued', attendee: who, station: counts(s), queuePosition: s.queue.length };
    }
    if (left) answer.leftStation = p!.def.id;
    a.stationId = s.def.id;
  }
  const { station: _counts, attendee: _who, ...kept } = answer;
  s.recent.push({ no, kioskId: input.kioskId, at: now, answer: kept });
  if (s.recent.length > RECENT_LIMIT) s.recent.shift();
  return { answer, attendee: a };
}

export { REMOTE_JOIN, REMOTE_LEAVE };
const REMOTE: Record<string, 'join' | 'leave' | undefined> = { [REMOTE_JOIN]: 'join', [REMOTE_LEAVE]: 'leave' };

/**
 * A phone joins a station's queue from afar (one place at a time: wherever the attendee was, they
 * leave it), or leaves it. Joining where a place is free and nobody waits calls them at once:
 * the place is kept for callMinutes while they walk over, and a kiosk lets them in as any called
 * attendee. Already inside, queued or called there: nothing changes, the answer says where.
 */
function decideRemote(
  s: StationState,
  p: StationState | null,
  a: AttendeeState,
  remote: 'join' | 'leave',
  now: number,
  rules: EventRules,
  effects: FlowEffect[],
): Decision {
  const no = a.no;
  const who = { firstName: a.firstName, badgeNo: no };
  const queuedHere = isQueued(s, no);
  const calledHere = s.called.some((e) => e.no === no);
  if (remote === 'leave') {
    if (removeCalled(s, no)) callNext(s, now, effects);
    else if (!queuedHere || !removeQueued(s, no)) return { answer: { outcome: 'exited', attendee: who, station: counts(s) }, attendee: null };
    a.stationId = null;
    return { answer: { outcome: 'exited', attendee: who, station: counts(s), leftQueue: true }, attendee: a };
  }
  if (isInside(s, no) || queuedHere || calledHere) {
    const answer: ScanAnswer = { outcome: isInside(s, no) ? 'entered' : 'queued', attendee: who, station: counts(s) };
    if (queuedHere) answer.queuePosition = s.queue.indexOf(no) + 1;
    return { answer, attendee: null };
  }
  if (s.status !== 'open') return refusal(s, s.status === 'paused' ? 'station_paused' : 'station_closed', a);
  if (s.queue.length >= rules.maxQueue) return refusal(s, 'queue_full', a);
  const left = p ? leave(p, a, now, 'moved', effects) : false;
  enqueue(s, no);
  s.remote = [...s.remote, no];
  callNext(s, now, effects);
  a.stationId = s.def.id;
  const answer: ScanAnswer = { outcome: 'queued', attendee: who, station: counts(s) };
  if (isQueued(s, no)) answer.queuePosition = s.queue.indexOf(no) + 1;
  if (left) answer.leftStation = p!.def.id;
  return { answer, attendee: a };
}

/** Lets go of the phone joiners no longer queued or called at `s` (let in, left, their call passed on). */
function forgetJoiners(s: StationState): void {
  if (s.remote.length === 0) return;
  const kept = s.remote.filter((no) => isQueued(s, no) || s.called.some((e) => e.no === no));
  if (kept.length !== s.remote.length) s.remote = kept;
}

/**
 * A scan at a tour point by someone not on the tour under way: booked here, they are now here for
 * their departure; booked and here already, they give their place up; else they are booked on the
 * next departure with room, leaving wherever they were (one place at a time).
 */
function decideTour(
  s: StationState,
  p: StationState | null,
  a: AttendeeState,
  now: number,
  effects: FlowEffect[],
): { answer: ScanAnswer } | { refused: NonNullable<ScanAnswer['reason']> } {
  const who = { firstName: a.firstName, badgeNo: a.no };
  const booking = bookingOf(s, a.no);
  if (booking && booking[2] === 0) {
    markHere(s, a.no);
    const position = s.bookings.filter((b) => b[1] === booking[1]).findIndex((b) => b[0] === a.no) + 1;
    return { answer: { outcome: 'queued', attendee: who, station: counts(s), departure: departureTime(s, booking[1]), queuePosition: position, here: true } };
  }
  if (booking) {
    cancelBooking(s, a.no);
    a.stationId = null;
    return { answer: { outcome: 'exited', attendee: who, station: counts(s), leftQueue: true } };
  }
  if (s.status !== 'open') return { refused: s.status === 'paused' ? 'station_paused' : 'station_closed' };
  if (nextDeparture(s, now) === null) return { refused: 'tours_full' };
  const left = p ? leave(p, a, now, 'moved', effects) : false;
  const booked = book(s, a.no, now)!;
  a.stationId = s.def.id;
  const answer: ScanAnswer = { outcome: 'queued', attendee: who, station: counts(s), departure: departureTime(s, booked.departure), queuePosition: booked.position };
  if (left) answer.leftStation = p!.def.id;
  return { answer };
}

/** Takes the attendee out of wherever they were at `p`; true when they were inside. */
function leave(p: StationState, a: AttendeeState, at: number, reason: VisitEnd, effects: FlowEffect[]): boolean {
  a.stationId = null;
  if (isInside(p, a.no)) {
    depart(p, a.no, at, reason, effects);
    return true;
  }
  if (removeCalled(p, a.no)) callNext(p, at, effects);
  else if (!removeQueued(p, a.no) && p.def.mode === 'tour') cancelBooking(p, a.no);
  return false;
}

/**
 * The guide starts a tour's departure (`session_start` at a tour point): a tour under way ends,
 * those booked and here go in (tour.ts `startDeparture`), the rest are no-shows. `pinned`: the
 * departure the log says was started (a replay), when it is still to go.
 */
function leaveOnTour(station: StationState, s: StationState, now: number, effects: FlowEffect[], pinned: number | undefined): CommandResult {
  const d = pinned !== undefined && pinned >= s.departed && pinned < s.departureTimes.length ? pinned : departureToStart(s, now);
  if (d === null) return { station, effects: [], error: 'no_departure' };
  if (s.sessionStartedAt !== null) endSession(s, now, effects);
  const record = startDeparture(s, d, now, effects);
  for (const no of record.went) enter(s, no, now, effects);
  s.sessionStartedAt = now;
  s.version += 1;
  return { station: s, effects, value: JSON.stringify(record) };
}

/** An organiser's or volunteer's action on a station. */
export function command(station: StationState, cmd: StationCommand, now: number, rules: EventRules): CommandResult {
  const s = copyStation(station);
  const effects: FlowEffect[] = [];
  settle(s, now, rules, effects);
  switch (cmd.action) {
    case 'capacity':
      s.capacity = cmd.value;
      callNext(s, now, effects);
      break;
    case 'status':
      s.status = cmd.value;
      break;
    case 'remote_queue':
      s.remoteQueue = cmd.value;
      break;
    case 'session_start': {
      if (!runsGroups(s)) return { station, effects: [], error: 'not_session_station' };
      if (s.def.mode === 'tour') return leaveOnTour(station, s, now, effects, cmd.departure);
      s.sessionStartedAt = now;
      break;
    }
    case 'departure_times':
      if (s.def.mode !== 'tour' || cmd.value.length !== s.departureTimes.length) return { station, effects: [], error: 'not_session_station' };
      s.departureTimes = cmd.value.slice();
      break;
    case 'session_end':
      if (!runsGroups(s)) return { station, effects: [], error: 'not_session_station' };
      endSession(s, now, effects);
      break;
    case 'call_next': {
      // The volunteer sees a free place the counts do not (someone left without scanning).
      const next = dequeue(s);
      if (next === undefined) return { station, effects: [], error: 'queue_empty' };
      addCalled(s, next, now);
      effects.push({ type: 'called', no: next, stationId: s.def.id, at: now });
      break;
    }
  }
  forgetJoiners(s);
  s.version += 1;
  return { station: s, effects };
}
