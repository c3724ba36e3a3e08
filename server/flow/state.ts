import type { StationDef, StationStatus } from '../../shared/event.ts';
import type { DeepReadonly } from '../../shared/deep-readonly.ts';
import type { ScanAnswer } from '../../shared/scan.ts';
import { Occupants, type ReadonlyOccupants } from './occupants.ts';

/** Live state of one station; a plain JSON document, the same in memory and in Redis. */
export interface StationState {
  def: StationDef;
  capacity: number;
  status: StationStatus;
  /** Attendees may join its queue from their phones (`/me`): the event file's `remoteQueue`, then as organisers set it. */
  remoteQueue: boolean;
  /** Who is inside, in order of entry, and since when (ms); JSON writes it as an array of [no, since]. */
  occupants: Occupants;
  /** For the gate: people on site now. Other stations count `occupants`. */
  present: number;
  /** Badge numbers waiting, first in line first. */
  queue: number[];
  /** Called from the queue: a place is kept for them until `at` + callMinutes. */
  called: QueueEntry[];
  /**
   * Of those queued or called, who joined from their phone (`/me`), in the order they joined. A
   * new list replaces it at every change (never changed in place), so keeping it is keeping it.
   */
  remote: number[];
  /**
   * Departures per minute over the last 15 minutes, and the seconds those people had stayed
   * (checkouts at the maximum stay left out): [minute since epoch, count, seconds stayed].
   * Documents written before stays were kept have no third number.
   */
  departures: Array<[minute: number, count: number, seconds?: number]>;
  /** Sessions: when the running session started; tours: when the running departure left. */
  sessionStartedAt: number | null;
  /**
   * Tours: who is booked, in booking order: badge number, departure (its place in
   * `def.departures`) and whether they scanned in again at the tour point (1: here for it). Empty
   * at other stations.
   */
  bookings: Booking[];
  /** Tours: how many departures have left or been passed over; the next to start comes after them. */
  departed: number;
  /**
   * Tours: the departures' times (`HH:MM` on the event's clock), the event file's moved with the
   * tour's programme item when organisers shift it (`departure_times`); replaced whole, never
   * changed in place. Empty at other stations.
   */
  departureTimes: readonly string[];
  /** The event's clock, minutes east of UTC: the times of day above are on it, not on the server's; null: the server's own (an event file naming none). */
  utcOffsetMinutes: number | null;
  /** Scans of the last few seconds, to recognise a camera reading the same badge again. */
  recent: RecentScan[];
  visits: number;
  version: number;
}

/** A station as a live store hands it out and the rules read it: never changed through this. */
export type ReadonlyStation = DeepReadonly<Omit<StationState, 'occupants'>> & { readonly occupants: ReadonlyOccupants };

/** A tour booking (StationState.bookings); replaced, never changed, as the other records. */
export type Booking = readonly [no: number, departure: number, here: 0 | 1];

export interface QueueEntry {
  no: number;
  at: number;
}

export interface RecentScan {
  no: number;
  kioskId: string;
  at: number;
  /** The answer given, without the station counts and the attendee (both current when it is given again). */
  answer: Omit<ScanAnswer, 'station' | 'attendee'>;
}

/** Where an attendee is now, and which badge of theirs is valid. */
export interface AttendeeState {
  no: number;
  firstName: string;
  /** The badge serial in force; null when the badge was revoked and none reissued. */
  serial: string | null;
  /** The station the attendee was last placed at (inside, queued or called); checked against that station. */
  stationId: string | null;
  onSiteSince: number | null;
  version: number;
}

/** An attendee as a live store hands them out: never changed through this. */
export type ReadonlyAttendee = DeepReadonly<AttendeeState>;

export interface EventRules {
  maxQueue: number;
  callMinutes: number;
}

/** A change the durable log must keep beside the scan itself. */
export type FlowEffect =
  | { type: 'visit_started'; no: number; stationId: string; at: number }
  | { type: 'visit_ended'; no: number; stationId: string; at: number; reason: VisitEnd }
  | { type: 'called'; no: number; stationId: string; at: number }
  /** A tour left without someone booked on it who never scanned in again (their place went to others). */
  | { type: 'no_show'; no: number; stationId: string; at: number };

export type VisitEnd = 'scan' | 'moved' | 'max_stay' | 'session_end' | 'left_site';

/** A scan as the flow sees it: the badge already checked against its signature. */
export interface ScanInput {
  id: string;
  kioskId: string;
  stationId: string;
  at: number;
  badge: { no: number; serial: string } | { error: 'badge_invalid' | 'badge_other_event' };
}

export type StationCommand =
  | { action: 'capacity'; value: number }
  | { action: 'status'; value: StationStatus }
  | { action: 'remote_queue'; value: boolean }
  /** `departure`: the one to start (a replay starts the one the log says); else the rules choose. */
  | { action: 'session_start'; departure?: number }
  /** A tour's departures moved with its programme item (as many times as the event file gives, in its order). */
  | { action: 'departure_times'; value: readonly string[] }
  | { action: 'session_end' }
  | { action: 'call_next' };

/** A fresh station as the event file defines it, on the event's clock (`utcOffsetMinutes` east of UTC; null: the server's). */
export function newStation(def: StationDef, utcOffsetMinutes: number | null = null): StationState {
  return {
    def,
    capacity: def.capacity,
    status: 'open',
    remoteQueue: def.remoteQueue === true,
    occupants: new Occupants(),
    present: 0,
    queue: [],
    called: [],
    remote: [],
    departures: [],
    sessionStartedAt: null,
    bookings: [],
    departed: 0,
    departureTimes: def.departures ?? [],
    utcOffsetMinutes,
    recent: [],
    visits: 0,
    version: 0,
  };
}
