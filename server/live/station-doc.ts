import type { StationDef } from '../../shared/event.ts';
import type { RecentScan, StationState } from '../flow/state.ts';

/**
 * A station as Redis keeps it: without its definition (every process has it from the event
 * file), lists of records as arrays, the kiosks of recent scans once each (`k`, a scan naming its
 * kiosk by place in that list), and times as milliseconds after `t`, the time it was written.
 * JSON writes a time since 1970 as a double, slowly; a time within 12 days of `t` is a small
 * integer. Written once per group commit for every station the group changed, this is most of
 * what a scan sends to Redis.
 */
interface StationDoc {
  t: number;
  capacity: number;
  status: StationState['status'];
  occupants: Array<[no: number, since: number]>;
  present: number;
  queue: number[];
  called: Array<[no: number, at: number]>;
  departures: Array<[minute: number, count: number]>;
  sessionStartedAt: number | null;
  k: string[];
  recent: RecentRecord[];
  visits: number;
  version: number;
}

/**
 * A recent scan: badge number, kiosk (place in `k`), time, and the answer it got: its outcome, then
 * its queue position, the station it left, whether it left a queue (1) and why it was refused
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
];

/** A recent scan's record as JSON (RecentRecord), trailing zeros left out. */
function recentJson(r: RecentScan, kiosk: number, now: number): string {
  const a = r.answer;
  const tail = [a.queuePosition ?? 0, a.leftStation ? JSON.stringify(a.leftStation) : 0, a.leftQueue ? 1 : 0, a.reason ? JSON.stringify(a.reason) : 0];
  let end = tail.length;
  while (end > 0 && tail[end - 1] === 0) end--;
  let json = `[${r.no},${kiosk},${r.at - now},${JSON.stringify(a.outcome)}`;
  for (let i = 0; i < end; i++) json += `,${tail[i]}`;
  return `${json}]`;
}

/** JSON of a list, each item written by `item`. */
function listJson<T>(list: T[], item: (x: T) => string): string {
  let json = '';
  for (let i = 0; i < list.length; i++) json += i === 0 ? item(list[i]) : `,${item(list[i])}`;
  return `[${json}]`;
}

function recentScan([no, kiosk, at, outcome, queuePosition, leftStation, leftQueue, reason]: RecentRecord, kiosks: string[], t: number): RecentScan {
  const answer: RecentScan['answer'] = { outcome };
  if (queuePosition) answer.queuePosition = queuePosition;
  if (leftStation) answer.leftStation = leftStation;
  if (leftQueue) answer.leftQueue = true;
  if (reason) answer.reason = reason;
  return { no, kioskId: kiosks[kiosk], at: at + t, answer };
}

/**
 * The station document Redis keeps (StationDoc), its JSON written by hand: `JSON.stringify` of
 * the many two-number arrays took a quarter longer. Every value is an integer, null, a list of
 * integers or a string from the event file or the rules; strings go through `JSON.stringify`.
 */
export function encodeStation(s: StationState, now: number): string {
  const kiosks: string[] = [];
  const recent = listJson(s.recent, (r) => {
    let k = kiosks.indexOf(r.kioskId);
    if (k < 0) k = kiosks.push(r.kioskId) - 1;
    return recentJson(r, k, now);
  });
  return (
    `{"t":${now},"capacity":${s.capacity},"status":${JSON.stringify(s.status)}` +
    `,"occupants":${listJson(s.occupants, ([no, since]) => `[${no},${since - now}]`)}` +
    `,"present":${s.present},"queue":${JSON.stringify(s.queue)}` +
    `,"called":${listJson(s.called, (c) => `[${c.no},${c.at - now}]`)}` +
    `,"departures":${JSON.stringify(s.departures)}` +
    `,"sessionStartedAt":${s.sessionStartedAt === null ? 'null' : s.sessionStartedAt - now}` +
    `,"recent":${recent},"k":${JSON.stringify(kiosks)},"visits":${s.visits},"version":${s.version}}`
  );
}

/** A station from its Redis document. */
export function decodeStation(def: StationDef, json: string): StationState {
  const doc = JSON.parse(json) as StationDoc;
  const t = doc.t;
  return {
    def,
    capacity: doc.capacity,
    status: doc.status,
    occupants: doc.occupants.map(([no, since]) => [no, since + t]),
    present: doc.present,
    queue: doc.queue,
    called: doc.called.map(([no, at]) => ({ no, at: at + t })),
    departures: doc.departures,
    sessionStartedAt: doc.sessionStartedAt === null ? null : doc.sessionStartedAt + t,
    recent: doc.recent.map((r) => recentScan(r, doc.k, t)),
    visits: doc.visits,
    version: doc.version,
  };
}
