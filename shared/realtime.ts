// The Socket.IO contract between the server and every live page (board, screen). Names are
// `entity:verb`. The `/public` namespace carries counts only — never a name, phone, e-mail or badge
// signature; badge *numbers* being called are public. `/staff` (organisers) adds alerts, kiosk
// health and station actions answered with `{ data } | { error }`.
import { Type, type Static } from '@sinclair/typebox';
import { TapId, type StationCounts, type StationView } from './station.ts';
import type { KioskHealth } from './kiosk-health.ts';
import type { Totals } from './totals.ts';
import type { ProgrammeView } from './event.ts';
import type { MeServerToClientEvents } from './me-contract.ts';

export type { KioskHealth } from './kiosk-health.ts';
export type { Totals } from './totals.ts';

/** The namespaces pages connect to. */
export const PUBLIC_NAMESPACE = '/public';
export const STAFF_NAMESPACE = '/staff';

/** Occupancy of every station at one minute; the board draws the last hour of these. */
export interface TrendSample {
  /** ms since the epoch */
  at: number;
  occupancy: Record<string, number>;
}

/** Everything a page needs to draw itself from nothing; sent on every (re)connect. */
export interface LiveSnapshot {
  stations: StationView[];
  totals: Totals;
  /** Oldest first, one per minute, at most an hour. */
  trend: TrendSample[];
  /** Server time when the snapshot was read (ms). */
  at: number;
}

/**
 * Changed stations since the last update, their counts only; a page keeps, per station, the
 * highest `version` it saw. The totals ride along when they changed, so that one send is one
 * message to each screen.
 */
export interface StationsUpdate {
  stations: StationCounts[];
  totals?: Totals;
  at: number;
}

export type AlertKind = 'over_capacity' | 'long_queue' | 'kiosk_silent' | 'kiosk_pending' | 'kiosk_battery_low' | 'storage_low' | 'storage_full' | 'storage_unavailable' | 'archive_failing';

/** Something an organiser should look at; `id` is stable while the condition lasts. */
export interface Alert {
  id: string;
  kind: AlertKind;
  /** '' for the storage alerts, which are about the server. */
  stationId: string;
  kioskId?: string;
  /** Kiosk label, for kiosk alerts. */
  kioskLabel?: string;
  /** over_capacity: occupancy; long_queue: queue length; kiosk_silent: seconds silent; kiosk_pending: unsent scans; kiosk_battery_low: battery %; storage_*: free MB on the server's disk (-1: not known). */
  value: number;
  /** When the condition was first seen by this server (ms). */
  since: number;
}

/** A refusal in a machine-readable form; the page shows `code` in its own language. */
export interface ActionError {
  code: 'invalid_request' | 'station_not_found' | 'not_session_station' | 'queue_empty' | 'no_departure' | 'forbidden' | 'unauthorized' | 'storage_unavailable' | 'storage_full' | 'internal';
  message: string;
}

/** Acknowledgement of a staff action. */
export type ActionAck<T> = { data: T; error?: undefined } | { data?: undefined; error: ActionError };

/**
 * A station action's tap id: sent again with it after its acknowledgement was lost, the action is
 * answered with the station as it is now and applied once. Without one, each request is a new action.
 */
const ActionTapId = Type.Optional(TapId);

export const CapacityRequest = Type.Object(
  { stationId: Type.String({ maxLength: 40 }), capacity: Type.Integer({ minimum: 1, maximum: 100000 }), id: ActionTapId },
  { additionalProperties: false },
);
export type CapacityRequest = Static<typeof CapacityRequest>;

export const PauseRequest = Type.Object(
  { stationId: Type.String({ maxLength: 40 }), paused: Type.Boolean(), id: ActionTapId },
  { additionalProperties: false },
);
export type PauseRequest = Static<typeof PauseRequest>;

export const StationRequest = Type.Object({ stationId: Type.String({ maxLength: 40 }) }, { additionalProperties: false });
export type StationRequest = Static<typeof StationRequest>;

/** A session's start or end, a call of the next in the queue. */
export const StationActionRequest = Type.Object({ stationId: Type.String({ maxLength: 40 }), id: ActionTapId }, { additionalProperties: false });
export type StationActionRequest = Static<typeof StationActionRequest>;

/**
 * Events the server sends. Both namespaces get the `stations:*`, `totals:*` and `trend:*` events;
 * the attendee's phone namespace (`/me`) gets only its own, `me:place` and `me:stations`.
 */
export interface ServerToClientEvents extends MeServerToClientEvents {
  'stations:snapshot': (snapshot: LiveSnapshot) => void;
  'stations:update': (update: StationsUpdate) => void;
  'totals:update': (totals: Totals) => void;
  'trend:sample': (sample: TrendSample) => void;
  /** The whole programme again, after an organiser shifted an item's time (both namespaces). */
  'programme:update': (programme: ProgrammeView) => void;
  /** Staff only: the full list of current alerts (replaces the previous one). */
  'alerts:update': (alerts: Alert[]) => void;
  /** Staff only: every kiosk's last heartbeat. */
  'kiosks:update': (kiosks: KioskHealth[]) => void;
}

/** Events pages send: staff actions only, each acknowledged. Public sockets send nothing. */
export interface ClientToServerEvents {
  'station:capacity': (req: CapacityRequest, ack: (res: ActionAck<StationView>) => void) => void;
  'station:pause': (req: PauseRequest, ack: (res: ActionAck<StationView>) => void) => void;
  'session:start': (req: StationActionRequest, ack: (res: ActionAck<StationView>) => void) => void;
  'session:end': (req: StationActionRequest, ack: (res: ActionAck<StationView>) => void) => void;
  'queue:call-next': (req: StationActionRequest, ack: (res: ActionAck<StationView>) => void) => void;
  /** Staff only: a tour's manifest (names: never on public sockets); `station_not_found` for a station that is not a tour. */
  'tour:manifest': (req: StationRequest, ack: (res: ActionAck<TourManifest>) => void) => void;
}

/** Who is booked on a tour's departures still to go (first booked first, whether they scanned in as here), and who is on the tour under way. */
export interface TourManifest {
  departures: Array<{ time: string; people: Array<{ badgeNo: number; firstName: string; here: boolean }> }>;
  onTour: Array<{ badgeNo: number; firstName: string }>;
}

/** Between server processes (through the Redis adapter): which stations changed elsewhere. */
export interface InterServerEvents {
  'stations:changed': (ids: string[], registered: boolean) => void;
  /** Stations of another event live here and on other servers changed (through the public namespace). */
  'event:changed': (eventId: string, ids: string[]) => void;
  /** Another event's programme was shifted: its pages on every server get it (through the public namespace). */
  'event:programme': (eventId: string, programme: ProgrammeView) => void;
  /** A kiosk was revoked or re-paired: forget its token now, not when the short cache expires. */
  'kiosk:changed': (kioskId: string) => void;
}

/** What the server keeps per socket. */
export interface SocketData {
  role: 'public' | 'organiser' | 'attendee';
  /** `/me` sockets: the badge number of the attendee signed in on the phone. */
  badgeNo?: number;
}

/** What a staff socket sends in `handshake.auth`; a session cookie works too. */
export interface StaffAuth {
  token?: string;
}
