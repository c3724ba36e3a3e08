import type { StationDef } from '../../shared/event.ts';
import type { StationState } from '../flow/state.ts';

/**
 * A station as Redis keeps it: without its definition (every process has it from the event
 * file), lists of records as arrays, the kiosks of recent scans once each (`k`, a scan naming its
 * kiosk by place in that list), and times as milliseconds after `t`, the time it was written.
 * JSON writes a time since 1970 as a double, slowly; a time within 12 days of `t` is a small
 * integer. Written once per group commit for every station the group changed, this is most of
 * what a scan costs in Redis mode.
 */
interface StationDoc {
  f: 2;
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
  recent: Array<[no: number, kiosk: number, at: number, answer: StationState['recent'][number]['answer']]>;
  visits: number;
  version: number;
}

/** The station document Redis keeps. */
export function encodeStation(s: StationState, now: number): string {
  const kiosks: string[] = [];
  const recent: StationDoc['recent'] = [];
  for (const r of s.recent) {
    let k = kiosks.indexOf(r.kioskId);
    if (k < 0) k = kiosks.push(r.kioskId) - 1;
    recent.push([r.no, k, r.at - now, r.answer]);
  }
  const doc: StationDoc = {
    f: 2,
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

/** A station from its Redis document; also reads the plain JSON of earlier versions. */
export function decodeStation(def: StationDef, json: string): StationState {
  const doc = JSON.parse(json) as StationDoc | (StationState & { f?: undefined });
  if (doc.f !== 2) return { ...doc, def };
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
    recent: doc.recent.map(([no, kiosk, at, answer]) => ({ no, kioskId: doc.k[kiosk], at: at + t, answer })),
    visits: doc.visits,
    version: doc.version,
  };
}
