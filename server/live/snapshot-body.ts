import { createHash } from 'node:crypto';
import type { EventDef } from '../../shared/event.ts';
import type { LogPlace } from '../db/durable-store.ts';
import type { Occupant } from '../flow/occupants.ts';
import type { AttendeeState, StationState } from '../flow/state.ts';

/** The snapshot format written now; a stored one of another format is not read (the whole log is replayed). */
export const SNAPSHOT_FORMAT = 2;

/**
 * The live state as replaying the log up to `place` leaves it, before the stations are brought up
 * to the present: every station without its definition, where each attendee is (their names
 * and badges are read from the durable store), and the ids of the station actions replayed.
 * `rules` fingerprints the event's stations and rules it was replayed under: another event file
 * replays the whole log.
 */
export interface Snapshot {
  rules: string;
  place: LogPlace;
  /** Who is inside as JSON writes them (ReadonlyOccupants.toJSON), or as a replay in this process left them. */
  stations: Array<[id: string, station: Omit<StationState, 'def' | 'occupants'> & { occupants: Iterable<Occupant> }]>;
  attendees: Array<[no: number, stationId: string | null, onSiteSince: number | null, version: number]>;
  /** Every station action's id, in the order replayed: the in-process store answers one sent again as a replay (format 1 had none). */
  actionIds: string[];
}

/** What the replay depends on in the event file: its stations, the queue rules and its clock. */
export function rulesOf(event: EventDef): string {
  return createHash('sha256')
    // The event's clock only when its file sets one, so that snapshots taken before it was kept stay good.
    .update(JSON.stringify([event.stations, event.maxQueue, event.callMinutes, ...(event.utcOffsetMinutes === undefined ? [] : [event.utcOffsetMinutes])]))
    .digest('base64url');
}

/** The snapshot of a replay's state (its stations' lists are the state's own, not copies). */
export function snapshotOf(event: EventDef, place: LogPlace, stations: Iterable<StationState>, attendees: Iterable<AttendeeState>, actionIds: string[]): Snapshot {
  const body: Snapshot = { rules: rulesOf(event), place, stations: [], attendees: [], actionIds };
  for (const { def, ...rest } of stations) body.stations.push([def.id, rest]);
  for (const a of attendees) if (a.version > 0) body.attendees.push([a.no, a.stationId, a.onSiteSince, a.version]);
  return body;
}

/** A snapshot's body (JSON). */
export function encodeSnapshot(event: EventDef, place: LogPlace, stations: Iterable<StationState>, attendees: Iterable<AttendeeState>, actionIds: string[]): string {
  return JSON.stringify(snapshotOf(event, place, stations, attendees, actionIds));
}

/** A snapshot from its body, or why it cannot be used: another format, another event file, or a body that is not one. */
export function decodeSnapshot(event: EventDef, stored: { format: number; body: string }): Snapshot | string {
  if (stored.format !== SNAPSHOT_FORMAT) return `format ${stored.format}, not ${SNAPSHOT_FORMAT}`;
  let s: Snapshot;
  try {
    s = JSON.parse(stored.body) as Snapshot;
  } catch {
    return 'not JSON';
  }
  const p = s?.place;
  const point = (x: unknown) => typeof x === 'object' && x !== null && Number.isFinite((x as { at: unknown }).at) && Number.isFinite((x as { seq: unknown }).seq);
  if (!p || !point(p.scan) || !point(p.action) || !Number.isInteger(p.scans) || !Number.isInteger(p.actions) || !Array.isArray(s.stations) || !Array.isArray(s.attendees) || !Array.isArray(s.actionIds)) {
    return 'not a snapshot';
  }
  if (s.rules !== rulesOf(event)) return 'taken under other stations or rules';
  const ids = new Set(event.stations.map((d) => d.id));
  if (s.stations.length !== ids.size || s.stations.some((x) => !Array.isArray(x) || !ids.has(x[0]) || typeof x[1] !== 'object' || x[1] === null)) return 'not a snapshot';
  return s;
}
