import { eventUtcOffset, type EventDef } from '../../shared/event.ts';
import type { LogContents, LogPlace } from '../db/durable-store.ts';
import { advance, command, scanInPlace } from '../flow/rules.ts';
import { Occupants } from '../flow/occupants.ts';
import { departureRecord } from '../flow/tour.ts';
import { newStation, type AttendeeState, type FlowEffect, type StationCommand, type StationState } from '../flow/state.ts';
import { encodeSnapshot, snapshotOf, type Snapshot } from './snapshot-body.ts';

/** Live state as the durable log says it is. */
export interface RebuiltState {
  stations: StationState[];
  attendees: AttendeeState[];
  /** Every scan id answered so far, with its answer (JSON as written; null when only the ids were read). */
  answers: Array<[id: string, answer: string | null]>;
  /** Every station action's id (the snapshot's and the log's after it): a command sent again with one is a replay. */
  actionIds: string[];
  /** What bringing the stations up to now did (check-outs after the last logged change). */
  effects: FlowEffect[];
  /** The replay before the stations were brought up to now: where it stands in the log, and its snapshot's body (snapshot-body.ts). */
  place: LogPlace;
  snapshot: string;
}

/** The command an action row records. */
function actionCommand(name: string, value: string | null): StationCommand {
  const action = name as StationCommand['action'];
  if (action === 'capacity') return { action, value: Number(value) };
  if (action === 'status') return { action, value: value as 'open' | 'paused' | 'closed' };
  if (action === 'remote_queue') return { action, value: value === 'true' };
  if (action === 'departure_times') return { action, value: value === null || value === '' ? [] : value.split(',') };
  // A departure's start names the departure it started: the replay starts that one.
  if (action === 'session_start') {
    const record = departureRecord(value);
    return record ? { action, departure: record.departure } : { action };
  }
  return { action };
}

/** The place of an empty log: before every scan and action. */
export const LOG_START: LogPlace = { scan: { at: 0, seq: 0 }, action: { at: 0, seq: 0 }, scans: 0, actions: 0 };

/** A replay's state before the stations are brought up to now, and the serial of each attendee's badge in force. */
interface Replayed {
  stations: Map<string, StationState>;
  attendees: Map<number, AttendeeState>;
  place: LogPlace;
  actionIds: string[];
  serials: Map<number, string | null>;
}

/**
 * Replays the log (accepted scans and station actions, in time order) through the flow rules.
 * Refused scans and camera re-reads changed nothing when they happened, so they are skipped.
 * With `from`, the log given is what follows that snapshot (`readAfter`), replayed on top of it:
 * the state is then the one a replay of the whole log gives (tests/db/durable-contract.test.ts).
 */
export function rebuild(log: LogContents, event: EventDef, now: number, from?: Snapshot): RebuiltState {
  const rules = { maxQueue: event.maxQueue, callMinutes: event.callMinutes };
  const { stations, attendees, place, actionIds, serials } = replay(log, event, from);
  const snapshot = encodeSnapshot(event, place, stations.values(), attendees.values(), actionIds);
  for (const [no, a] of attendees) a.serial = serials.get(no) ?? null;
  const effects: FlowEffect[] = [];
  const settled = [...stations.values()].map((s) => {
    const r = advance(s, now, rules);
    effects.push(...r.effects);
    return r.station;
  });
  return { stations: settled, attendees: [...attendees.values()], answers: log.answers, actionIds, effects, place, snapshot };
}

/**
 * The snapshot replaying `log` on top of `from` gives (`rebuild` without bringing the stations up
 * to now): a snapshot is taken a page of the log at a time. `from`'s lists are replayed in place.
 */
export function replayOnto(log: LogContents, event: EventDef, from?: Snapshot): Snapshot {
  const { stations, attendees, place, actionIds } = replay(log, event, from);
  return snapshotOf(event, place, stations.values(), attendees.values(), actionIds);
}

function replay(log: LogContents, event: EventDef, from?: Snapshot): Replayed {
  const rules = { maxQueue: event.maxQueue, callMinutes: event.callMinutes };
  const stations = new Map(event.stations.map((d) => [d.id, newStation(d, eventUtcOffset(event))]));
  const attendees = new Map<number, AttendeeState>();
  const serials = new Map<number, string | null>();
  for (const p of log.people) {
    attendees.set(p.no, { no: p.no, firstName: p.firstName, serial: p.serial, stationId: null, onSiteSince: null, version: 0 });
    serials.set(p.no, p.serial);
  }
  if (from) {
    for (const [id, s] of from.stations) {
      const st = stations.get(id);
      // A snapshot taken before a field of the state was kept gives it as a new station has it.
      if (st) stations.set(id, { ...newStation(st.def, eventUtcOffset(event)), ...s, def: st.def, occupants: new Occupants(s.occupants) });
    }
    for (const [no, stationId, onSiteSince, version] of from.attendees) {
      const a = attendees.get(no);
      if (a) Object.assign(a, { stationId, onSiteSince, version });
    }
  }

  const { scans, actions } = log;
  const place: LogPlace = from ? { ...from.place } : { ...LOG_START };
  const actionIds = from ? from.actionIds : [];

  let ai = 0;
  const applyActionsUpTo = (t: number) => {
    for (; ai < actions.length && actions[ai].at <= t; ai++) {
      const a = actions[ai];
      const s = stations.get(a.stationId);
      if (s) stations.set(a.stationId, command(s, actionCommand(a.action, a.value), a.at, rules).station);
      place.action = { at: a.at, seq: a.seq };
      place.actions++;
      actionIds.push(a.id);
    }
  };
  for (const row of scans) {
    const answer = row.answer;
    applyActionsUpTo(row.at);
    place.scan = { at: row.at, seq: row.seq };
    place.scans++;
    if (answer.outcome === 'rejected' || answer.reread || row.badgeNo === null || row.badgeSerial === null) continue;
    const station = stations.get(row.stationId);
    const known = attendees.get(row.badgeNo);
    if (!station || !known) continue;
    // The badge was valid when scanned, even if it has been reissued since.
    const attendee = { ...known, serial: row.badgeSerial };
    const previous = attendee.stationId ? (stations.get(attendee.stationId) ?? null) : null;
    // The stations here are the rebuild's own: each scan changes them in place, copying nothing.
    const r = scanInPlace(
      { station, attendee, previous },
      { id: row.id, kioskId: row.kioskId, stationId: row.stationId, at: row.at, badge: { no: row.badgeNo, serial: row.badgeSerial } },
      rules,
    );
    stations.set(row.stationId, r.station);
    if (r.previous) stations.set(r.previous.def.id, r.previous);
    if (r.attendee) attendees.set(row.badgeNo, r.attendee);
  }
  applyActionsUpTo(Infinity);
  return { stations, attendees, place, actionIds, serials };
}
