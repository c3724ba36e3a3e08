import type Database from 'better-sqlite3';
import type { EventDef } from '../../shared/event.ts';
import type { ScanAnswer } from '../../shared/scan.ts';
import { advance, command, scan } from '../flow/rules.ts';
import { newStation, type AttendeeState, type FlowEffect, type StationCommand, type StationState } from '../flow/state.ts';

/** Live state as the durable log says it is. */
export interface LiveSnapshot {
  stations: StationState[];
  attendees: AttendeeState[];
  /** Every scan id answered so far, with its answer. */
  answers: Map<string, ScanAnswer>;
  /** What bringing the stations up to now did (check-outs after the last logged change). */
  effects: FlowEffect[];
}

interface ScanRow {
  id: string;
  kiosk_id: string;
  station_id: string;
  badge_no: number | null;
  badge_serial: string | null;
  at: number;
  outcome: string;
  answer: string;
}

interface ActionRow {
  id: string;
  station_id: string;
  at: number;
  action: StationCommand['action'];
  value: string | null;
}

/** The command an action row records. */
function actionCommand(action: StationCommand['action'], value: string | null): StationCommand {
  if (action === 'capacity') return { action, value: Number(value) };
  if (action === 'status') return { action, value: value as 'open' | 'paused' | 'closed' };
  return { action };
}

/**
 * Replays the log (accepted scans and station actions, in time order) through the flow rules.
 * Refused scans and camera re-reads changed nothing when they happened, so they are skipped.
 */
export function rebuild(sqlite: Database.Database, event: EventDef, now: number): LiveSnapshot {
  const rules = { maxQueue: event.maxQueue, callMinutes: event.callMinutes };
  const stations = new Map(event.stations.map((d) => [d.id, newStation(d)]));
  const attendees = new Map<number, AttendeeState>();
  const current = new Map<number, string | null>();
  const people = sqlite
    .prepare(
      `SELECT a.badge_no AS no, a.first_name AS firstName,
         (SELECT serial FROM badges b WHERE b.attendee_id = a.id AND b.revoked_at IS NULL
          ORDER BY b.issued_at DESC LIMIT 1) AS serial
       FROM attendees a`,
    )
    .all() as Array<{ no: number; firstName: string; serial: string | null }>;
  for (const p of people) {
    attendees.set(p.no, { no: p.no, firstName: p.firstName, serial: p.serial, stationId: null, onSiteSince: null, version: 0 });
    current.set(p.no, p.serial);
  }

  const answers = new Map<string, ScanAnswer>();
  const scans = sqlite
    .prepare('SELECT id, kiosk_id, station_id, badge_no, badge_serial, at, outcome, answer FROM scans ORDER BY at, rowid')
    .all() as ScanRow[];
  const actions = sqlite
    .prepare('SELECT id, station_id, at, action, value FROM station_actions ORDER BY at, rowid')
    .all() as ActionRow[];

  let ai = 0;
  const applyActionsUpTo = (t: number) => {
    for (; ai < actions.length && actions[ai].at <= t; ai++) {
      const a = actions[ai];
      const s = stations.get(a.station_id);
      if (s) stations.set(a.station_id, command(s, actionCommand(a.action, a.value), a.at, rules).station);
    }
  };
  for (const row of scans) {
    const answer = JSON.parse(row.answer) as ScanAnswer;
    answers.set(row.id, answer);
    applyActionsUpTo(row.at);
    if (answer.outcome === 'rejected' || answer.reread || row.badge_no === null || row.badge_serial === null) continue;
    const station = stations.get(row.station_id);
    const known = attendees.get(row.badge_no);
    if (!station || !known) continue;
    // The badge was valid when scanned, even if it has been reissued since.
    const attendee = { ...known, serial: row.badge_serial };
    const previous = attendee.stationId ? (stations.get(attendee.stationId) ?? null) : null;
    const r = scan(
      { station, attendee, previous },
      { id: row.id, kioskId: row.kiosk_id, stationId: row.station_id, at: row.at, badge: { no: row.badge_no, serial: row.badge_serial } },
      rules,
    );
    stations.set(row.station_id, r.station);
    if (r.previous) stations.set(r.previous.def.id, r.previous);
    if (r.attendee) attendees.set(row.badge_no, r.attendee);
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
