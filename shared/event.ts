import { Type, type Static } from '@sinclair/typebox';

/** A text shown to people, in every language of the event. */
export const LocalText = Type.Object(
  { kk: Type.String({ minLength: 1 }), ru: Type.String({ minLength: 1 }), en: Type.String({ minLength: 1 }) },
  { additionalProperties: false },
);
export type LocalText = Static<typeof LocalText>;

/** `programme`: the places of the day's programme that are counted, the assembly hall and the exhibition. */
export const STATION_GROUPS = ['entrance', 'master-class', 'college', 'employer', 'grant', 'programme'] as const;
export const StationGroup = Type.Union(STATION_GROUPS.map((g) => Type.Literal(g)));
export type StationGroup = Static<typeof StationGroup>;

/**
 * `continuous`: people come and go; `sessions`: a group of up to capacity for a session;
 * `gate`: the entrance, where a scan marks arrival on site and a second one departure;
 * `hall`: a large room (the assembly hall) with kiosks at its doors, entered and left as a
 * continuous station is (a queue once every seat is taken), its seats left shown on the screens;
 * `exhibition`: a zone counted in and out with no queue (capacity is what it holds comfortably);
 * `tour`: a tour point (museum, laboratories, library) with departures at set times, each for a
 * group of up to capacity: a scan books the next departure with room, the guide starts it.
 */
export const STATION_MODES = ['continuous', 'sessions', 'gate', 'hall', 'exhibition', 'tour'] as const;
export const StationMode = Type.Union(STATION_MODES.map((m) => Type.Literal(m)));
export type StationMode = Static<typeof StationMode>;

/** A time of day on the event's clock, `HH:MM` (24 hours, local time). */
export const ClockTime = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' });
export type ClockTime = Static<typeof ClockTime>;

export const StationStatus = Type.Union([Type.Literal('open'), Type.Literal('paused'), Type.Literal('closed')]);
export type StationStatus = Static<typeof StationStatus>;

export const StationDef = Type.Object(
  {
    id: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,39}$' }),
    name: LocalText,
    /** A shorter name for tight places (the board's cards, "go now", phones); the full name where there is room. */
    shortName: Type.Optional(LocalText),
    group: StationGroup,
    host: Type.String({ minLength: 1 }),
    capacity: Type.Integer({ minimum: 1, maximum: 100000 }),
    mode: StationMode,
    /** Length of a session; for continuous stations, the usual stay (used for the first wait estimates). */
    sessionMinutes: Type.Integer({ minimum: 1, maximum: 600 }),
    /** People who never scan out are checked out after this long. */
    maxStayMinutes: Type.Integer({ minimum: 1, maximum: 1440 }),
    /** Attendees may join this station's queue from their phones (`/me`); default false. */
    remoteQueue: Type.Optional(Type.Boolean()),
    /** Tours (and only tours): the departures' times of day, earliest first; each takes up to capacity, for sessionMinutes. */
    departures: Type.Optional(Type.Array(ClockTime, { minItems: 1, maxItems: 48 })),
  },
  { additionalProperties: false },
);
export type StationDef = Static<typeof StationDef>;

/** A place of the programme that is not a station: the assembly hall, the foyer, the museum. */
export const ProgrammePlace = Type.Object(
  {
    id: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,39}$' }),
    name: LocalText,
    /** A shorter name, for the now / next strip where the full one does not fit. */
    shortName: Type.Optional(LocalText),
  },
  { additionalProperties: false },
);
export type ProgrammePlace = Static<typeof ProgrammePlace>;

/** One timed item of the day: when, where (a programme place's id or a station's), what. */
export const ProgrammeItem = Type.Object(
  {
    id: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,39}$' }),
    start: ClockTime,
    end: ClockTime,
    /** A programme place's id, or a station's (the item is held at that station). */
    place: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,39}$' }),
    title: LocalText,
    /** A shorter title, for the now / next strip where the full one does not fit. */
    shortTitle: Type.Optional(LocalText),
    /** The station whose kiosks scan for the item when it is held at a programme place (the challenge in the conference hall). */
    station: Type.Optional(Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,39}$' })),
    /** A line saying what happens. */
    description: Type.Optional(LocalText),
  },
  { additionalProperties: false },
);
export type ProgrammeItem = Static<typeof ProgrammeItem>;

/** The day's programme: when the doors open and close, its places and its items (shared/programme-rules.ts checks them together). */
export const Programme = Type.Object(
  {
    opens: ClockTime,
    closes: ClockTime,
    places: Type.Array(ProgrammePlace),
    items: Type.Array(ProgrammeItem),
  },
  { additionalProperties: false },
);
export type Programme = Static<typeof Programme>;

/** The programme as `GET /api/programme` gives it: the event file's, with the times organisers shifted on the day. */
export const ProgrammeView = Type.Object(
  {
    opens: ClockTime,
    closes: ClockTime,
    /** The clock its times are on, minutes east of UTC: the event file's, else the server's time zone's now. */
    utcOffsetMinutes: Type.Integer({ minimum: -720, maximum: 840 }),
    places: Type.Array(ProgrammePlace),
    items: Type.Array(Type.Composite([ProgrammeItem, Type.Object({ /** Its time was shifted on the day. */ shifted: Type.Boolean() })])),
  },
  { additionalProperties: false },
);
export type ProgrammeView = Static<typeof ProgrammeView>;

export const EventDef = Type.Object(
  {
    id: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,63}$' }),
    name: LocalText,
    date: Type.String({ format: 'date' }),
    /** Where the event is, in every language (one text serves every language too). */
    venue: Type.Union([LocalText, Type.String()]),
    /** Longest queue a station keeps before it refuses more. */
    maxQueue: Type.Integer({ minimum: 1, maximum: 10000, default: 100 }),
    /** How long a called attendee keeps the place reserved. */
    callMinutes: Type.Integer({ minimum: 1, maximum: 60, default: 5 }),
    stations: Type.Array(StationDef, { minItems: 1 }),
    /** The day's timed items (opening, tours, closing); none: the event is its stations alone. */
    programme: Type.Optional(Programme),
    /**
     * The event's clock, minutes east of UTC (the venue's time zone): its programme's times and its
     * tours' departures are on it, on the server and on every page, whatever their time zones.
     * Absent: the server's own clock.
     */
    utcOffsetMinutes: Type.Optional(Type.Integer({ minimum: -720, maximum: 840 })),
  },
  { additionalProperties: false },
);
export type EventDef = Static<typeof EventDef>;

/** An event's clock, minutes east of UTC; null when its file names none (the server's own clock then). */
export function eventUtcOffset(event: Pick<EventDef, 'utcOffsetMinutes'>): number | null {
  return event.utcOffsetMinutes ?? null;
}

/** An event's course: open (it may run), closed (over: nothing is scanned), archived (kept to read, costs nothing live). */
export const EVENT_STATUSES = ['open', 'closed', 'archived'] as const;
export const EventStatus = Type.Union(EVENT_STATUSES.map((s) => Type.Literal(s)));
export type EventStatus = Static<typeof EventStatus>;

/** A text given once for every language, or per language, as per-language text. */
export function inEveryLanguage(text: string | LocalText): LocalText {
  return typeof text === 'string' ? { kk: text, ru: text, en: text } : text;
}
