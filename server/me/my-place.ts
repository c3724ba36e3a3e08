import type { MyPlace } from '../../shared/me.ts';
import { sinceInside } from '../flow/station-lists.ts';
import { waitMinutes } from '../flow/rules.ts';
import type { ReadonlyStation } from '../flow/state.ts';

const MINUTE = 60_000;

/**
 * Where attendee `no` is at station `s` (the station their live state names), or null when they
 * are not there, or it is the entrance gate (being on site is no place in line).
 */
export function placeAt(s: ReadonlyStation | null, no: number, now: number, callMinutes: number): MyPlace | null {
  if (!s || s.def.mode === 'gate') return null;
  const stationId = s.def.id;
  const called = s.called.find((e) => e.no === no);
  if (called) return { stationId, state: 'called', calledUntil: called.at + callMinutes * MINUTE };
  const position = s.queue.indexOf(no) + 1;
  if (position > 0) return { stationId, state: 'queued', position, waitMinutes: waitMinutes(s, now, position) };
  const since = sinceInside(s, no);
  return since === undefined ? null : { stationId, state: 'inside', since };
}

/** The badge numbers at station `s` (inside, queued or called): whose phones a change of it may concern. */
export function peopleAt(s: ReadonlyStation): number[] {
  if (s.def.mode === 'gate') return [];
  return [...s.queue, ...s.called.map((e) => e.no), ...Array.from(s.occupants, ([no]) => no)];
}
