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

function recentRecord(r: RecentScan, kiosk: number, now: number): RecentRecord {
  const a = r.answer;
  const record: RecentRecord = [r.no, kiosk, r.at - now, a.outcome, a.queuePosition ?? 0, a.leftStation ?? 0, a.leftQueue ? 1 : 0, a.reason ?? 0];
  while (record.length > 4 && record[record.length - 1] === 0) record.pop();
  return record;
}

function recentScan([no, kiosk, at, outcome, queuePosition, leftStation, leftQueue, reason]: RecentRecord, kiosks: string[], t: number): RecentScan {
  const answer: RecentScan['answer'] = { outcome };
  if (queuePosition) answer.queuePosition = queuePosition;
  if (leftStation) answer.leftStation = leftStation;
  if (leftQueue) answer.leftQueue = true;
  if (reason) answer.reason = reason;
  return { no, kioskId: kiosks[kiosk], at: at + t, answer };
}

/** The station document Redis keeps. */
export function encodeStation(s: StationState, now: number): string {
  const kiosks: string[] = [];
  const recent: StationDoc['recent'] = [];
  for (const r of s.recent) {
    let k = kiosks.indexOf(r.kioskId);
    if (k < 0) k = kiosks.push(r.kioskId) - 1;
    recent.push(recentRecord(r, k, now));
  }
  const doc: StationDoc = {
    t: now,
    capacity: s.capacity,
    status: s.status,
    occupants: s.occupants.map(([no, since]) => [no, since - now]),
    present: s.present,
    queue: s.queue,
    called: s.called.map((c) => [c.no, c.at - now]),
    departures: s.departures,
    sessionStartedAt: s.sessionStartedAt === null ? null : s.sessionStartedAt - now,
    recent,
    k: kiosks,
    visits: s.visits,
    version: s.version,
  };
  return JSON.stringify(doc);
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
