// The attendee's own phone (`/me`): what its HTTP API takes and answers. Everything here is about
// the one attendee signed in; nothing of anyone else.
import { Type, type Static } from '@sinclair/typebox';
import { LocalText } from './event.ts';
import { PIN_DIGITS } from './me-contract.ts';

export * from './me-contract.ts';

/** Sign-in on the phone: the badge number and the PIN printed on the badge. */
export const AttendeeSignIn = Type.Object(
  {
    badgeNo: Type.Integer({ minimum: 1, maximum: 999_999_999 }),
    pin: Type.String({ minLength: PIN_DIGITS, maxLength: PIN_DIGITS + 2, pattern: '^[0-9 ]+$' }),
  },
  { additionalProperties: false },
);
export type AttendeeSignIn = Static<typeof AttendeeSignIn>;

/** Who is signed in on this phone. */
export const AttendeeMe = Type.Object({
  badgeNo: Type.Integer(),
  firstName: Type.String(),
  /** The language the attendee gave at registration (kk, ru or en). */
  language: Type.String(),
});
export type AttendeeMe = Static<typeof AttendeeMe>;

/** The codes the `/me` API refuses with; the page says each in the attendee's language. */
export type AttendeeErrorCode = 'pin_wrong' | 'rate_limited' | 'unauthorized' | 'csrf' | 'badge_other_event' | 'event_not_live';

/** `409 badge_other_event`: the badge and PIN are another open event's, named so the phone can go there. */
export const BadgeOtherEvent = Type.Object({
  code: Type.Literal('badge_other_event'),
  message: Type.String(),
  event: Type.Object({ id: Type.String(), name: LocalText }),
});
export type BadgeOtherEvent = Static<typeof BadgeOtherEvent>;


/**
 * Where the attendee is now at a station: inside (since when), waiting in its queue (place in
 * line and estimated wait) or called from it (the place is kept until `calledUntil`, ms).
 */
export const MyPlace = Type.Union([
  Type.Object({ stationId: Type.String(), state: Type.Literal('inside'), since: Type.Number() }),
  Type.Object({ stationId: Type.String(), state: Type.Literal('queued'), position: Type.Integer(), waitMinutes: Type.Integer() }),
  Type.Object({ stationId: Type.String(), state: Type.Literal('called'), calledUntil: Type.Number() }),
]);
export type MyPlace = Static<typeof MyPlace>;

/** A station as the phone names it. */
export const MyStation = Type.Object({
  id: Type.String(),
  name: LocalText,
  shortName: Type.Optional(LocalText),
  group: Type.String(),
  /** Its queue may be joined from the phone (`remoteQueue`, as the organiser set it). */
  remoteQueue: Type.Optional(Type.Literal(true)),
  /** People waiting in its queue now, and the estimated wait of one more (minutes). */
  queue: Type.Integer(),
  waitMinutes: Type.Integer(),
});
export type MyStation = Static<typeof MyStation>;

/** One visit of the day's passport: a station, when the attendee went in and left (null: still inside). */
export const MyVisit = Type.Object({ stationId: Type.String(), inAt: Type.Number(), outAt: Type.Union([Type.Number(), Type.Null()]) });
export type MyVisit = Static<typeof MyVisit>;

/** One item of the event's programme, as the phone shows it (when the event file has a programme): `HH:MM` times, the place named. */
export const MyProgrammeItem = Type.Object({
  start: Type.String(),
  end: Type.String(),
  title: LocalText,
  /** The title shown where the full one would be cut (a phone). */
  shortTitle: Type.Optional(LocalText),
  place: Type.Optional(LocalText),
  /** Its time was shifted on the day (the phone marks it, as the screens do). */
  shifted: Type.Optional(Type.Literal(true)),
});
export type MyProgrammeItem = Static<typeof MyProgrammeItem>;

/** Consent to one employer (a station the attendee visited), as the phone shows and changes it. */
export const MyConsent = Type.Object({ stationId: Type.String(), given: Type.Boolean() });
export type MyConsent = Static<typeof MyConsent>;

/** The attendee's day: who, where now, the stations visited, where to go now, and the programme if the event has one. */
export const MyDay = Type.Object({
  me: AttendeeMe,
  place: Type.Union([MyPlace, Type.Null()]),
  visits: Type.Array(MyVisit),
  /** Stations not visited yet that have a free place and nobody waiting, freest first. */
  goNow: Type.Array(Type.String()),
  stations: Type.Array(MyStation),
  programme: Type.Optional(Type.Array(MyProgrammeItem)),
  /** Every employer visited, and whether the attendee agrees to be contacted by it (their choice here, else registration's). */
  consents: Type.Array(MyConsent),
  /** The event's clock, minutes east of UTC, that the page shows times on (the event file's, else the server's time zone's). */
  utcOffsetMinutes: Type.Integer(),
  at: Type.Number(),
});
export type MyDay = Static<typeof MyDay>;
