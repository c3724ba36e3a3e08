import { Type, type Static } from '@sinclair/typebox';
import { LocalText, StationGroup, StationMode } from './event.ts';

// The shapes every report answers with. Times are integer ms UTC, durations ms, as in the database;
// the exports turn them into local times and minutes.

const Time = Type.Union([Type.Integer(), Type.Null()]);

/** Refused scans of one station, one count per reason (every reason present, zero when none). */
export const RefusedByReason = Type.Object({
  badge_invalid: Type.Integer(),
  badge_revoked: Type.Integer(),
  badge_unknown: Type.Integer(),
  badge_other_event: Type.Integer(),
  station_paused: Type.Integer(),
  station_closed: Type.Integer(),
  queue_full: Type.Integer(),
  tours_full: Type.Integer(),
});
export type RefusedByReason = Static<typeof RefusedByReason>;

/** How the station's visits ended; `open` counts people still inside. */
export const VisitEndings = Type.Object({
  scan: Type.Integer(),
  moved: Type.Integer(),
  max_stay: Type.Integer(),
  session_end: Type.Integer(),
  left_site: Type.Integer(),
  open: Type.Integer(),
});
export type VisitEndings = Static<typeof VisitEndings>;

/** One local clock hour: `start` is its first ms (UTC), `hour` its local label. */
export const HourSlot = Type.Object({ start: Type.Integer(), hour: Type.String() });
export type HourSlot = Static<typeof HourSlot>;

export const HourCount = Type.Object({ start: Type.Integer(), hour: Type.String(), visits: Type.Integer() });
export type HourCount = Static<typeof HourCount>;

export const StationSummary = Type.Object({
  stationId: Type.String(),
  name: LocalText,
  group: StationGroup,
  host: Type.String(),
  capacity: Type.Integer(),
  /** Stays that began here (for the gate: arrivals on site). */
  visits: Type.Integer(),
  uniqueVisitors: Type.Integer(),
  /** Over finished visits only. */
  medianStayMs: Time,
  p90StayMs: Time,
  peakOccupancy: Type.Integer(),
  /** First moment the peak was reached. */
  peakOccupancyAt: Time,
  longestQueue: Type.Integer(),
  longestQueueAt: Time,
  /** Accepted scans that put someone in the queue (camera re-reads not counted). */
  queuedScans: Type.Integer(),
  /** The same badge read again at the same kiosk within seconds: counted here, nowhere else. */
  rereads: Type.Integer(),
  refusedScans: Type.Integer(),
  refusedByReason: RefusedByReason,
  endedBy: VisitEndings,
});
export type StationSummary = Static<typeof StationSummary>;

export const StationsReport = Type.Object({
  utcOffsetMinutes: Type.Integer(),
  stations: Type.Array(StationSummary),
});
export type StationsReport = Static<typeof StationsReport>;

export const StationDetail = Type.Object({
  utcOffsetMinutes: Type.Integer(),
  station: StationSummary,
  visitsByHour: Type.Array(HourCount),
});
export type StationDetail = Static<typeof StationDetail>;

export const Funnel = Type.Object({
  registered: Type.Integer(),
  /** Came through the gate, or was seen at any station. */
  arrived: Type.Integer(),
  visitedStation: Type.Integer(),
  visitedEmployer: Type.Integer(),
});
export type Funnel = Static<typeof Funnel>;

/** Attendees of one category (or institution) and the station visits they made. */
export const GroupFigures = Type.Object({
  key: Type.String(),
  registered: Type.Integer(),
  arrived: Type.Integer(),
  /** Attendees with at least one station visit. */
  visitors: Type.Integer(),
  visits: Type.Integer(),
});
export type GroupFigures = Static<typeof GroupFigures>;

export const RankedStation = Type.Object({
  rank: Type.Integer(),
  stationId: Type.String(),
  name: LocalText,
  group: StationGroup,
  visits: Type.Integer(),
  uniqueVisitors: Type.Integer(),
});
export type RankedStation = Static<typeof RankedStation>;

export const CategoryTopStations = Type.Object({ category: Type.String(), stations: Type.Array(RankedStation) });
export type CategoryTopStations = Static<typeof CategoryTopStations>;

export const HeatmapRow = Type.Object({
  stationId: Type.String(),
  name: LocalText,
  group: StationGroup,
  /** Visits begun in each hour of `hours`, same order. */
  visits: Type.Array(Type.Integer()),
});
export type HeatmapRow = Static<typeof HeatmapRow>;

export const Heatmap = Type.Object({ hours: Type.Array(HourSlot), stations: Type.Array(HeatmapRow) });
export type Heatmap = Static<typeof Heatmap>;

/** The event the reports are about, as a printed summary names it. */
export const ReportedEvent = Type.Object({ id: Type.String(), name: LocalText, date: Type.String(), venue: LocalText });
export type ReportedEvent = Static<typeof ReportedEvent>;

/** A tour point's departures over the day, as the log recorded each start. */
export const TourFigures = Type.Object({
  /** Departures the guide started. */
  departures: Type.Integer(),
  /** Booked on them: those who went and the no-shows. */
  booked: Type.Integer(),
  went: Type.Integer(),
  /** Booked, not there when their departure left (their places went to others). */
  noShows: Type.Integer(),
  /** The places the departures offered, each its group size then: how full they went is `went` ÷ `places`. */
  places: Type.Integer(),
});
export type TourFigures = Static<typeof TourFigures>;

/** A place of the day (the assembly hall, the exhibition, a tour): how many came, and how full it got. */
export const PlaceFigures = Type.Object({
  stationId: Type.String(),
  name: LocalText,
  mode: StationMode,
  capacity: Type.Integer(),
  /** Entries (a hall's door scans in, the exhibition's zone entries). */
  visits: Type.Integer(),
  uniqueVisitors: Type.Integer(),
  /** Most people inside at once, and the first moment it was reached. */
  peakOccupancy: Type.Integer(),
  peakOccupancyAt: Time,
  /** Tours: their departures, bookings, no-shows and places filled. */
  tours: Type.Optional(TourFigures),
});
export type PlaceFigures = Static<typeof PlaceFigures>;

export const EventReport = Type.Object({
  utcOffsetMinutes: Type.Integer(),
  funnel: Funnel,
  byCategory: Type.Array(GroupFigures),
  byInstitution: Type.Array(GroupFigures),
  topStations: Type.Array(CategoryTopStations),
  heatmap: Heatmap,
  /** The halls and exhibitions, in event order. */
  places: Type.Array(PlaceFigures),
});
export type EventReport = Static<typeof EventReport>;

/** One consenting attendee who visited an employer's station. */
export const Lead = Type.Object({
  stationId: Type.String(),
  firstName: Type.String(),
  lastName: Type.String(),
  category: Type.String(),
  institution: Type.String(),
  grade: Type.String(),
  phone: Type.Union([Type.String(), Type.Null()]),
  email: Type.Union([Type.String(), Type.Null()]),
  language: Type.String(),
  firstVisitAt: Type.Integer(),
  visits: Type.Integer(),
  /** Over finished visits only. */
  totalStayMs: Type.Integer(),
});
export type Lead = Static<typeof Lead>;

export const LeadList = Type.Object({
  stationId: Type.String(),
  name: LocalText,
  host: Type.String(),
  /** Everyone who visited, consenting or not: the list is `leads.length` of them. */
  visitors: Type.Integer(),
  leads: Type.Array(Lead),
});
export type LeadList = Static<typeof LeadList>;

export const ScanLogRow = Type.Object({
  id: Type.String(),
  at: Type.Integer(),
  clientAt: Time,
  stationId: Type.String(),
  /** The station's name (null for a station no longer in the event). */
  stationName: Type.Union([LocalText, Type.Null()]),
  kioskId: Type.String(),
  /** The kiosk's label as the organiser set it; an attendee's phone joining or leaving a queue (`phone:join`, `phone:leave`) named in the language asked; null for a kiosk no longer known. */
  kioskLabel: Type.Union([Type.String(), Type.Null()]),
  badgeNo: Type.Union([Type.Integer(), Type.Null()]),
  badgeSerial: Type.Union([Type.String(), Type.Null()]),
  outcome: Type.String(),
  reason: Type.Union([Type.String(), Type.Null()]),
  leftStation: Type.Union([Type.String(), Type.Null()]),
  queuePosition: Type.Union([Type.Integer(), Type.Null()]),
  reread: Type.Boolean(),
});
export type ScanLogRow = Static<typeof ScanLogRow>;

export const ScanLog = Type.Object({
  total: Type.Integer(),
  offset: Type.Integer(),
  rows: Type.Array(ScanLogRow),
});
export type ScanLog = Static<typeof ScanLog>;
