import { Type, type Static } from '@sinclair/typebox';
import { LocalText, StationGroup, StationMode, StationStatus } from './event.ts';

/**
 * The id of one tap on a station's button (a UUID; shared/tap-ids.ts): the action sent again with
 * it after its answer was lost is a replay, applied once. A pattern, not a format: the staff socket
 * checks its requests with TypeBox's `Value.Check`, which knows no formats.
 */
export const TapId = Type.String({ pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$', description: 'One id per tap; the same id again is a replay' });

/** What anyone may see of a station: counts, never people. */
export const StationView = Type.Object({
  id: Type.String(),
  name: LocalText,
  /** Set when the event file gives one: for tight places. */
  shortName: Type.Optional(LocalText),
  group: StationGroup,
  host: Type.String(),
  mode: StationMode,
  capacity: Type.Integer(),
  occupancy: Type.Integer(),
  queue: Type.Integer(),
  /** Badge numbers called from the queue, waiting to come in. */
  calling: Type.Array(Type.Integer()),
  /** Of `calling`, those who joined the queue from their phone (on the way from afar). */
  callingRemote: Type.Array(Type.Integer()),
  waitMinutes: Type.Integer(),
  status: StationStatus,
  /** Attendees may join its queue from their phones (`/me`). */
  remoteQueue: Type.Boolean(),
  sessionStartedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  visits: Type.Integer(),
  version: Type.Integer(),
  /** Tour points: the next departure taking bookings (`HH:MM`, null when none is left) and its places left; the next to start, booked on it and here for it; departures gone. */
  tour: Type.Optional(
    Type.Object({
      next: Type.Union([Type.String(), Type.Null()]),
      placesLeft: Type.Integer(),
      starting: Type.Union([Type.String(), Type.Null()]),
      booked: Type.Integer(),
      here: Type.Integer(),
      departed: Type.Integer(),
    }),
  ),
  /** Only while the live store (Redis) cannot be reached: these are the last counts known, not the present ones. */
  stale: Type.Optional(Type.Literal(true)),
});
export type StationView = Static<typeof StationView>;

/** What a tour point offers: a departure taking bookings, only full departures left to start, or none left today. */
export function tourOffer(tour: NonNullable<StationView['tour']>): 'open' | 'full' | 'over' {
  return tour.next !== null ? 'open' : tour.starting !== null ? 'full' : 'over';
}

/**
 * What changes of a station as the day goes: live updates carry only this (a third of the
 * bytes); its names, group, host and mode come with the snapshot.
 */
export const StationCounts = Type.Omit(StationView, ['name', 'shortName', 'group', 'host', 'mode']);
export type StationCounts = Static<typeof StationCounts>;

/** A station's counts, without what the snapshot already gave. */
export function countsOf(v: StationView): StationCounts {
  const { id, capacity, occupancy, queue, calling, callingRemote, waitMinutes, status, remoteQueue, sessionStartedAt, visits, version, stale, tour } = v;
  const counts: StationCounts = { id, capacity, occupancy, queue, calling, callingRemote, waitMinutes, status, remoteQueue, sessionStartedAt, visits, version };
  if (tour) counts.tour = tour;
  if (stale) counts.stale = stale;
  return counts;
}
