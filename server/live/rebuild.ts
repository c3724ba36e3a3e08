import type { EventDef } from '../../shared/event.ts';
import type { ScanAnswer } from '../../shared/scan.ts';
import type { LogContents } from '../db/durable-store.ts';
import { advance, command, scanInPlace } from '../flow/rules.ts';
import { newStation, type AttendeeState, type FlowEffect, type StationCommand, type StationState } from '../flow/state.ts';

/** Live state as the durable log says it is. */
export interface RebuiltState {
  stations: StationState[];
  attendees: AttendeeState[];
  /** Every scan id answered so far, with its answer. */
  answers: Map<string, ScanAnswer>;
  /** What bringing the stations up to now did (check-outs after the last logged change). */
  effects: FlowEffect[];
}

/** The command an action row records. */
function actionCommand(name: string, value: string | null): StationCommand {
  const action = name as StationCommand['action'];
  if (action === 'capacity') return { action, value: Number(value) };
  if (action === 'status') return { action, value: value as 'open' | 'paused' | 'closed' };
  return { action };
}

/**
 * Replays the log (accepted scans and station actions, in time order) through the flow rules.
 * Refused scans and camera re-reads changed nothing when they happened, so they are skipped.
 */
export function rebuild(log: LogContents, event: EventDef, now: number): RebuiltState {
  const rules = { maxQueue: event.maxQueue, callMinutes: event.callMinutes };
  const stations = new Map(event.stations.map((d) => [d.id, newStation(d)]));
  const attendees = new Map<number, AttendeeState>();
  const current = new Map<number, string | null>();
  for (const p of log.people) {
    attendees.set(p.no, { no: p.no, firstName: p.firstName, serial: p.serial, stationId: null, onSiteSince: null, version: 0 });
    current.set(p.no, p.serial);
  }

  const answers = new Map<string, ScanAnswer>();
  const { scans, actions } = log;

  let ai = 0;
  const applyActionsUpTo = (t: number) => {
    for (; ai < actions.length && actions[ai].at <= t; ai++) {
      const a = actions[ai];
      const s = stations.get(a.stationId);
      if (s) stations.set(a.stationId, command(s, actionCommand(a.action, a.value), a.at, rules).station);
    }
  };
  for (const row of scans) {
    const answer = row.answer;
    answers.set(row.id, answer);
    applyActionsUpTo(row.at);
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
  for (const [no, a] of attendees) a.serial = current.get(no) ?? null;
  const effects: FlowEffect[] = [];
  const settled = [...stations.values()].map((s) => {
    const r = advance(s, now, rules);
    effects.push(...r.effects);
    return r.station;
  });
  return { stations: settled, attendees: [...attendees.values()], answers, effects };
}
