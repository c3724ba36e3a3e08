import type { StationDef } from '../../shared/event.ts';
import { Occupants, type Occupant } from '../flow/occupants.ts';
import type { RecentScan, StationState } from '../flow/state.ts';

/**
 * A station as Redis keeps it: without its definition (every process has it from the event
 * file), lists of records as arrays, the kiosks of recent scans once each (`k`, a scan naming its
 * kiosk by place in that list), and times as milliseconds after `t`, the time it was written.
 * JSON writes a time since 1970 as a double, slowly; a time within 12 days of `t` is a small
 * integer. A group commit writes this whole document only now and then (`MAX_DELTAS`): otherwise it
 * appends to it a delta (StationDelta) of what the group changed, on a line of its own.
 */
interface StationDoc {
  t: number;
  capacity: number;
  status: StationState['status'];
  /** Absent from documents written before organisers could set it: the event file's then. */
  remoteQueue?: boolean;
  occupants: OccupantRecord[];
  present: number;
  queue: number[];
  called: CalledRecord[];
  /** Absent from documents written before phone joiners were told apart: none. */
  remote?: number[];
  departures: StationState['departures'];
  sessionStartedAt: number | null;
  /** Tours only (bookings and departures gone, StationState): left out elsewhere. */
  b?: StationState['bookings'];
  dep?: number;
  /** Tours: the departures' times, when moved from the event file's (absent: the file's). */
  dt?: string[];
  k: string[];
  recent: RecentRecord[];
  visits: number;
  version: number;
}

/** Someone inside (badge number, since when) and someone called (badge number, when). */
type OccupantRecord = [no: number, since: number];
type CalledRecord = [no: number, at: number];

/**
 * A recent scan: badge number, kiosk (place in `k`), time, and the answer it got: its outcome, then
 * its queue position, the station it left, whether it left a queue (1), why it was refused,
 * the tour departure it booked and whether it said the attendee is here for it (1)
 * (each 0 when absent, trailing ones left out). The rules remember only these of an answer.
 */
type RecentRecord = [
  no: number,
  kiosk: number,
  at: number,
  outcome: RecentScan['answer']['outcome'],
  queuePosition?: number,
  leftStation?: string | 0,
  leftQueue?: 1 | 0,
  reason?: NonNullable<RecentScan['answer']['reason']> | 0,
  departure?: string | 0,
  here?: 1 | 0,
];

/** A recent scan's record as JSON (RecentRecord), trailing zeros left out. */
function recentJson(r: RecentScan, kiosk: number, now: number): string {
  const a = r.answer;
  const tail = [
    a.queuePosition ?? 0,
    a.leftStation ? JSON.stringify(a.leftStation) : 0,
    a.leftQueue ? 1 : 0,
    a.reason ? JSON.stringify(a.reason) : 0,
    a.departure ? JSON.stringify(a.departure) : 0,
    a.here ? 1 : 0,
  ];
  let end = tail.length;
  while (end > 0 && tail[end - 1] === 0) end--;
  let json = `[${r.no},${kiosk},${r.at - now},${JSON.stringify(a.outcome)}`;
  for (let i = 0; i < end; i++) json += `,${tail[i]}`;
  return `${json}]`;
}

/** JSON of a list, each item written by `item`. */
function listJson<T>(list: Iterable<T>, item: (x: T) => string): string {
  let json = '';
  for (const x of list) json += json === '' ? item(x) : `,${item(x)}`;
  return `[${json}]`;
}

function recentScan([no, kiosk, at, outcome, queuePosition, leftStation, leftQueue, reason, departure, here]: RecentRecord, kiosks: string[], t: number): RecentScan {
  const answer: RecentScan['answer'] = { outcome };
  if (queuePosition) answer.queuePosition = queuePosition;
  if (leftStation) answer.leftStation = leftStation;
  if (leftQueue) answer.leftQueue = true;
  if (reason) answer.reason = reason;
  if (departure) answer.departure = departure;
  if (here) answer.here = true;
  return { no, kioskId: kiosks[kiosk], at: at + t, answer };
}

/** The lists whose records hold times, as JSON (times after `now`), and back (times after `t`). */
function occupantsJson(list: Iterable<Occupant>, now: number): string {
  return listJson(list, ([no, since]) => `[${no},${since - now}]`);
}

function occupantsFrom(list: OccupantRecord[], t: number): Occupant[] {
  return list.map(([no, since]) => [no, since + t]);
}

function calledJson(list: StationState['called'], now: number): string {
  return listJson(list, (c) => `[${c.no},${c.at - now}]`);
}

function calledFrom(list: CalledRecord[], t: number): StationState['called'] {
  return list.map(([no, at]) => ({ no, at: at + t }));
}

/** Recent scans as JSON (RecentRecord), and the kiosks they name by place (`k`). */
function recentsJson(list: RecentScan[], now: number): { json: string; kiosks: string[] } {
  const kiosks: string[] = [];
  const json = listJson(list, (r) => {
    let k = kiosks.indexOf(r.kioskId);
    if (k < 0) k = kiosks.push(r.kioskId) - 1;
    return recentJson(r, k, now);
  });
  return { json, kiosks };
}

function recentsFrom(list: RecentRecord[], kiosks: string[], t: number): RecentScan[] {
  return list.map((r) => recentScan(r, kiosks, t));
}

/**
 * The station document Redis keeps (StationDoc), its JSON written by hand: `JSON.stringify` of
 * the many two-number arrays took a quarter longer. Every value is an integer, null, a list of
 * integers or a string from the event file or the rules; strings go through `JSON.stringify`.
 */
export function encodeStation(s: StationState, now: number): string {
  const recent = recentsJson(s.recent, now);
  return (
    `{"t":${now},"capacity":${s.capacity},"status":${JSON.stringify(s.status)},"remoteQueue":${s.remoteQueue}` +
    `,"occupants":${occupantsJson(s.occupants, now)}` +
    `,"present":${s.present},"queue":${JSON.stringify(s.queue)}` +
    `,"called":${calledJson(s.called, now)},"remote":${JSON.stringify(s.remote)}` +
    `,"departures":${JSON.stringify(s.departures)}` +
    `,"sessionStartedAt":${s.sessionStartedAt === null ? 'null' : s.sessionStartedAt - now}` +
    (s.def.mode === 'tour' ? `,"b":${JSON.stringify(s.bookings)},"dep":${s.departed},"dt":${JSON.stringify(s.departureTimes)}` : '') +
    `,"recent":${recent.json},"k":${JSON.stringify(recent.kiosks)},"visits":${s.visits},"version":${s.version}}`
  );
}

/**
 * A station from its Redis document: the whole document, then each delta appended to it
 * (`encodeStationDelta`), one per line.
 */
export function decodeStation(def: StationDef, json: string, utcOffsetMinutes: number | null = null): StationState {
  const lines = json.split('\n');
  const s = decodeWhole(def, lines[0], utcOffsetMinutes);
  for (let i = 1; i < lines.length; i++) applyDelta(s, JSON.parse(lines[i]) as StationDelta);
  return s;
}

/** How many deltas a station's Redis document carries after its whole document. */
export function deltasIn(json: string): number {
  let n = 0;
  for (let i = json.indexOf('\n'); i >= 0; i = json.indexOf('\n', i + 1)) n++;
  return n;
}

/** The whole document; the event's clock is every process's from the event file, not kept in it. */
function decodeWhole(def: StationDef, json: string, utcOffsetMinutes: number | null): StationState {
  const doc = JSON.parse(json) as StationDoc;
  const t = doc.t;
  return {
    def,
    capacity: doc.capacity,
    status: doc.status,
    remoteQueue: doc.remoteQueue ?? def.remoteQueue === true,
    occupants: new Occupants(occupantsFrom(doc.occupants, t)),
    present: doc.present,
    queue: doc.queue,
    called: calledFrom(doc.called, t),
    remote: doc.remote ?? [],
    departures: doc.departures,
    sessionStartedAt: doc.sessionStartedAt === null ? null : doc.sessionStartedAt + t,
    bookings: doc.b ?? [],
    departed: doc.dep ?? 0,
    departureTimes: doc.dt ?? def.departures ?? [],
    utcOffsetMinutes,
    recent: recentsFrom(doc.recent, doc.k, t),
    visits: doc.visits,
    version: doc.version,
  };
}

/**
 * A group commit appends at most this many deltas to a station's document before it writes the
 * whole document again: each delta makes every later read of the station longer.
 */
export const MAX_DELTAS = 8;

/** A station's lists as a group of scans first found them: what its delta is taken against. */
export type StationLists = Pick<StationState, 'queue' | 'called' | 'remote' | 'departures' | 'recent' | 'bookings' | 'departed'> & { occupants: Occupant[] };

/** `remote` is kept as it is: the rules replace it when it changes (StationState). */
export function listsOf(s: StationState): StationLists {
  return {
    occupants: [...s.occupants],
    queue: s.queue.slice(),
    called: s.called.slice(),
    remote: s.remote,
    departures: s.departures.slice(),
    recent: s.recent.slice(),
    // Replaced whole by the rules, never changed in place (flow/tour.ts): the list itself tells a change.
    bookings: s.bookings,
    departed: s.departed,
  };
}

/** A list's change: the positions removed from it (ascending), then the records added at its end. */
type ListDelta<T> = [removed: number[], added: T[]];

/**
 * What a group of scans changed in a station: its fields (`h`: capacity, status, people on site,
 * session start, visits, version, remote queue: absent in deltas written before it was kept) and, for each list that changed, a ListDelta. Times are
 * milliseconds after `t`, recent scans name their kiosk by place in `k`, as in StationDoc.
 */
interface StationDelta {
  t: number;
  h: [capacity: number, status: StationState['status'], present: number, sessionStartedAt: number | null, visits: number, version: number, remoteQueue?: boolean];
  o?: ListDelta<OccupantRecord>;
  q?: ListDelta<number>;
  c?: ListDelta<CalledRecord>;
  /** The phone joiners (StationState.remote), whole, when they changed. */
  m?: number[];
  d?: ListDelta<StationState['departures'][number]>;
  r?: ListDelta<RecentRecord>;
  k?: string[];
  /** A tour's bookings whole and its departures gone, when either changed. */
  b?: [departed: number, bookings: StationState['bookings']];
}

/**
 * How `before` became `after`, when the records kept are the same objects (the rules replace
 * records, never change them): the positions of `before` not kept in order, and the rest of
 * `after`. Applying it to `before` gives `after` whatever happened; the rules only remove records
 * and add them at the end, for which it is also the smallest. Null when nothing changed.
 */
function listDelta<T>(before: T[], after: T[]): ListDelta<T> | null {
  const removed: number[] = [];
  let kept = 0;
  for (let i = 0; i < before.length; i++) {
    if (kept < after.length && before[i] === after[kept]) kept++;
    else removed.push(i);
  }
  if (removed.length === 0 && kept === after.length) return null;
  return [removed, kept === 0 ? after : after.slice(kept)];
}

/**
 * The line a group commit appends to a station's document (decodeStation): what changed since
 * its lists were `before`. Starts with a newline, which tells the commit script to append it.
 */
export function encodeStationDelta(before: StationLists, s: StationState, now: number): string {
  let json =
    `\n{"t":${now},"h":[${s.capacity},${JSON.stringify(s.status)},${s.present},` +
    `${s.sessionStartedAt === null ? 'null' : s.sessionStartedAt - now},${s.visits},${s.version},${s.remoteQueue}]`;
  const o = listDelta(before.occupants, [...s.occupants]);
  if (o) json += `,"o":[${JSON.stringify(o[0])},${occupantsJson(o[1], now)}]`;
  const q = listDelta(before.queue, s.queue);
  if (q) json += `,"q":[${JSON.stringify(q[0])},${JSON.stringify(q[1])}]`;
  const c = listDelta(before.called, s.called);
  if (c) json += `,"c":[${JSON.stringify(c[0])},${calledJson(c[1], now)}]`;
  if (before.remote !== s.remote) json += `,"m":${JSON.stringify(s.remote)}`;
  const d = listDelta(before.departures, s.departures);
  if (d) json += `,"d":[${JSON.stringify(d[0])},${JSON.stringify(d[1])}]`;
  const r = listDelta(before.recent, s.recent);
  if (r) {
    const recent = recentsJson(r[1], now);
    json += `,"r":[${JSON.stringify(r[0])},${recent.json}],"k":${JSON.stringify(recent.kiosks)}`;
  }
  if (before.bookings !== s.bookings || before.departed !== s.departed) json += `,"b":[${s.departed},${JSON.stringify(s.bookings)}]`;
  return `${json}}`;
}

/** `list` without the positions `removed` (ascending), with `added` at its end. */
function applyList<T>(list: T[], [removed, added]: ListDelta<T>): T[] {
  const out: T[] = [];
  let r = 0;
  for (let i = 0; i < list.length; i++) {
    if (r < removed.length && removed[r] === i) r++;
    else out.push(list[i]);
  }
  for (const x of added) out.push(x);
  return out;
}

function applyDelta(s: StationState, delta: StationDelta): void {
  const t = delta.t;
  const [capacity, status, present, sessionStartedAt, visits, version, remoteQueue] = delta.h;
  s.capacity = capacity;
  if (remoteQueue !== undefined) s.remoteQueue = remoteQueue;
  s.status = status;
  s.present = present;
  s.sessionStartedAt = sessionStartedAt === null ? null : sessionStartedAt + t;
  s.visits = visits;
  s.version = version;
  if (delta.o) s.occupants = new Occupants(applyList([...s.occupants], [delta.o[0], occupantsFrom(delta.o[1], t)]));
  if (delta.q) s.queue = applyList(s.queue, delta.q);
  if (delta.c) s.called = applyList(s.called, [delta.c[0], calledFrom(delta.c[1], t)]);
  if (delta.m) s.remote = delta.m;
  if (delta.d) s.departures = applyList(s.departures, delta.d);
  if (delta.b) [s.departed, s.bookings] = delta.b;
  if (delta.r) s.recent = applyList(s.recent, [delta.r[0], recentsFrom(delta.r[1], delta.k!, t)]);
}
