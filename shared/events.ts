import { Type, type Static } from '@sinclair/typebox';
import { EventDef, EventStatus, LocalText } from './event.ts';
import { StationView } from './station.ts';
import { Totals } from './totals.ts';

// The events of an installation as the API gives and takes them (/api/events).

const Day = Type.String({ format: 'date' });
const EventId = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,63}$' });

/** An event as the organiser's list shows it. */
export const EventSummary = Type.Object({
  id: Type.String(),
  name: LocalText,
  venue: LocalText,
  startsOn: Type.String(),
  endsOn: Type.String(),
  status: EventStatus,
  /** Served on today's paths (`/board`, `/kiosk`, `/api/stations`…): exactly one event is. */
  current: Type.Boolean(),
  stations: Type.Integer(),
  createdAt: Type.String({ format: 'date-time' }),
});
export type EventSummary = Static<typeof EventSummary>;

/** An event where a staff account has a role, and the role (the `events` of GET /api/session), the latest first. */
export const EventRole = Type.Object({
  id: Type.String(),
  name: LocalText,
  role: Type.Union([Type.Literal('organiser'), Type.Literal('desk')]),
  startsOn: Type.String(),
  endsOn: Type.String(),
  /** The event the server serves on today's paths (`/api/attendees`…), where the session's `role` is the account's. */
  served: Type.Boolean(),
});
export type EventRole = Static<typeof EventRole>;

const NewEventFields = {
  id: EventId,
  name: LocalText,
  venue: Type.Optional(Type.Union([LocalText, Type.String({ minLength: 1, maxLength: 200 })])),
  startsOn: Day,
  endsOn: Type.Optional(Day),
};

/**
 * A new event: from scratch (an entrance only; stations are added to its event file later), as a
 * copy of another event's stations and queue rules, or from an event file, checked as EVENT_FILE
 * is at start (its own id, names and date unless given here).
 */
export const NewEvent = Type.Union([
  Type.Object({ from: Type.Literal('scratch'), ...NewEventFields }, { additionalProperties: false }),
  Type.Object({ from: Type.Literal('copy'), source: EventId, ...NewEventFields }, { additionalProperties: false }),
  Type.Object(
    { from: Type.Literal('file'), file: Type.Unknown(), startsOn: Type.Optional(Day), endsOn: Type.Optional(Day) },
    { additionalProperties: false },
  ),
]);
export type NewEvent = Static<typeof NewEvent>;

/** What an organiser changes of an event: its days and its course. */
export const EventPatch = Type.Object(
  { startsOn: Type.Optional(Day), endsOn: Type.Optional(Day), status: Type.Optional(EventStatus) },
  { additionalProperties: false, minProperties: 1 },
);
export type EventPatch = Static<typeof EventPatch>;

/** The stations of an event as its event file has them. */
export const EventStations = Type.Array(
  Type.Object({ id: Type.String(), name: LocalText, group: Type.String(), host: Type.String(), capacity: Type.Integer(), mode: Type.String() }),
);
export type EventStations = Static<typeof EventStations>;

/** An event live on a server, as its pages read it (GET /api/events/:event/live): no personal data. */
export const EventLiveView = Type.Object({
  id: Type.String(),
  name: LocalText,
  /** The event the server serves on today's paths: its pages take live updates over Socket.IO. */
  served: Type.Boolean(),
  stations: Type.Array(StationView),
  totals: Totals,
  at: Type.Integer(),
});
export type EventLiveView = Static<typeof EventLiveView>;

/** One event as a comparison shows it: registered, arrived, and the share of the registered who arrived (null: nobody registered). */
export const ComparedEvent = Type.Object({
  id: Type.String(),
  name: LocalText,
  startsOn: Type.String(),
  registered: Type.Integer(),
  arrived: Type.Integer(),
  conversion: Type.Union([Type.Number(), Type.Null()]),
});
export type ComparedEvent = Static<typeof ComparedEvent>;

/** Two events side by side (GET /api/events/:event/compare/:other): each pair is [the first event, the second]. */
export const EventComparison = Type.Object({
  events: Type.Tuple([ComparedEvent, ComparedEvent]),
  employers: Type.Array(Type.Object({ host: Type.String(), visits: Type.Tuple([Type.Integer(), Type.Integer()]), visitors: Type.Tuple([Type.Integer(), Type.Integer()]) })),
  /** Returning attendees: the people registered at both events (the same person, registered again), and those of them who came to both. */
  returning: Type.Object({ registered: Type.Integer(), arrived: Type.Integer() }),
});
export type EventComparison = Static<typeof EventComparison>;

export { EventDef };
