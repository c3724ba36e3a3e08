import { sql } from 'drizzle-orm';
import { sqliteTable, text, integer, real, index, uniqueIndex, primaryKey, foreignKey } from 'drizzle-orm/sqlite-core';

// Times are integer milliseconds since the epoch (UTC): cheap to write on the scan path.

/**
 * The events of the installation. The one seeded from EVENT_FILE at start is the current event
 * (served on today's paths) unless the organiser picks another; rows written before events
 * existed belong to it (server/db/events.ts). Stations and programme as the event file has them.
 */
export const events = sqliteTable('events', {
  /** A short slug, as an event file's `id`. */
  id: text('id').primaryKey(),
  nameKk: text('name_kk').notNull(),
  nameRu: text('name_ru').notNull(),
  nameEn: text('name_en').notNull(),
  /** JSON: a text for every language, or one text for all (an event file's `venue`). */
  venue: text('venue').notNull(),
  /** First and last day, `YYYY-MM-DD`. */
  startsOn: text('starts_on').notNull(),
  endsOn: text('ends_on').notNull(),
  /** open | closed | archived */
  status: text('status').notNull().default('open'),
  /** JSON: the event file (stations, queue limits, programme) the event was made from. */
  definition: text('definition').notNull(),
  /** The event served on today's paths: exactly one row has it. */
  current: integer('current', { mode: 'boolean' }).notNull().default(false),
  createdAt: integer('created_at').notNull(),
});

export const stations = sqliteTable(
  'stations',
  {
  id: text('id').notNull(),
  /** The event the row belongs to (`events.id`). */
  eventId: text('event_id').notNull().default(''),
  nameKk: text('name_kk').notNull(),
  nameRu: text('name_ru').notNull(),
  nameEn: text('name_en').notNull(),
  group: text('group').notNull(),
  host: text('host').notNull(),
  capacity: integer('capacity').notNull(),
  mode: text('mode').notNull(),
  sessionMinutes: integer('session_minutes').notNull(),
  maxStayMinutes: integer('max_stay_minutes').notNull(),
  status: text('status').notNull().default('open'),
  },
  // A station's id is its event's own: two events may both have an "entrance".
  (t) => [primaryKey({ columns: [t.eventId, t.id] })],
);

export const attendees = sqliteTable(
  'attendees',
  {
    id: text('id').primaryKey(),
    /** The event the row belongs to (`events.id`). */
    eventId: text('event_id').notNull().default(''),
    badgeNo: integer('badge_no').notNull(),
    firstName: text('first_name').notNull(),
    lastName: text('last_name').notNull().default(''),
    category: text('category').notNull().default('other'),
    institution: text('institution').notNull().default(''),
    grade: text('grade').notNull().default(''),
    phone: text('phone'),
    email: text('email'),
    language: text('language').notNull().default('kk'),
    consent: integer('consent', { mode: 'boolean' }).notNull().default(false),
    /** Identifies a pre-registration row so that importing the same file twice adds nobody. */
    externalRef: text('external_ref'),
    createdAt: integer('created_at').notNull(),
    /**
     * The name as search finds it (`attendeeSearchKey`: Latin skeletons of last and first name),
     * indexed word by word in the full-text table `attendees_search` (kept in step by triggers).
     */
    searchKey: text('search_key'),
    /**
     * The person this attendee is when they came to another event of the installation before and
     * were registered here again (that attendee's person); null: a person of their own (this id).
     */
    personId: text('person_id'),
  },
  (t) => [
    uniqueIndex('attendees_badge_no').on(t.eventId, t.badgeNo),
    uniqueIndex('attendees_external_ref').on(t.eventId, t.externalRef),
    // One registration of a person at an event, however many desks register them at once.
    uniqueIndex('attendees_event_person').on(t.eventId, t.personId).where(sql`${t.personId} IS NOT NULL`),
  ],
);

export const badges = sqliteTable(
  'badges',
  {
    serial: text('serial').primaryKey(),
    /** The event the row belongs to (`events.id`). */
    eventId: text('event_id').notNull().default(''),
    attendeeId: text('attendee_id')
      .notNull()
      .references(() => attendees.id),
    badgeNo: integer('badge_no').notNull(),
    issuedAt: integer('issued_at').notNull(),
    revokedAt: integer('revoked_at'),
  },
  (t) => [index('badges_attendee').on(t.attendeeId)],
);

export const kiosks = sqliteTable(
  'kiosks',
  {
  id: text('id').primaryKey(),
  /** The event the row belongs to (`events.id`). */
  eventId: text('event_id').notNull().default(''),
  stationId: text('station_id').notNull(),
  label: text('label').notNull().default(''),
  tokenHash: text('token_hash').notNull(),
  createdAt: integer('created_at').notNull(),
  revokedAt: integer('revoked_at'),
  /** SHA-256 of the one-time pairing code; cleared once a device has paired. */
  pairingCodeHash: text('pairing_code_hash'),
  pairingExpiresAt: integer('pairing_expires_at'),
  /** Last heartbeat: when, which app version, how many scans it holds unsent, camera state. */
  lastSeenAt: integer('last_seen_at'),
  appVersion: text('app_version'),
  pending: integer('pending').notNull().default(0),
  camera: text('camera'),
  /** Battery as the kiosk's browser last told it (0–1, charging); null where the browser does not say. */
  batteryLevel: real('battery_level'),
  batteryCharging: integer('battery_charging', { mode: 'boolean' }),
  },
  (t) => [foreignKey({ columns: [t.eventId, t.stationId], foreignColumns: [stations.eventId, stations.id] }).onUpdate('cascade')],
);

/** Staff accounts of the installation: organisers and registration desk, each with a role per event (`staff_roles`). */
export const users = sqliteTable('users', {
  id: text('id').primaryKey(),
  username: text('username').notNull().unique(),
  displayName: text('display_name').notNull().default(''),
  /** organiser | desk: the role the account was made with (its role at each event is in `staff_roles`). */
  role: text('role').notNull(),
  /** scrypt, memory-hard: `scrypt$N$r$p$salt$hash` */
  passwordHash: text('password_hash').notNull(),
  createdAt: integer('created_at').notNull(),
  disabledAt: integer('disabled_at'),
});

/**
 * A staff account's role at one event: an account is the installation's, what it may do is each
 * event's (a desk volunteer of one fair sees nothing of another). No row: no role at that event.
 * `users.role` is the role the account was made with, kept for its history; access reads this table.
 */
export const staffRoles = sqliteTable(
  'staff_roles',
  {
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    /** The event the row belongs to (`events.id`). */
    eventId: text('event_id').notNull().default(''),
    /** organiser | desk */
    role: text('role').notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.eventId] })],
);

/** Signed-in staff sessions; the cookie holds the token, only its hash is kept. */
export const sessions = sqliteTable('sessions', {
  tokenHash: text('token_hash').primaryKey(),
  userId: text('user_id')
    .notNull()
    .references(() => users.id),
  createdAt: integer('created_at').notNull(),
  expiresAt: integer('expires_at').notNull(),
});

/**
 * Every scan a kiosk sent, accepted or refused, with the answer it got. The hottest table: a
 * scan is answered only once its row is committed, so it keeps two indexes beside its id: its
 * event, then the time (the served event's rows grow at its end; reports by station read one
 * event's scans in time order and filter), and its event, then its id (an event made live reads
 * its own scan ids, and its latest answers, from this index alone, whatever the other events hold).
 */
export const scans = sqliteTable(
  'scans',
  {
    id: text('id').primaryKey(),
    /** The event the row belongs to (`events.id`). */
    eventId: text('event_id').notNull().default(''),
    kioskId: text('kiosk_id').notNull(),
    stationId: text('station_id').notNull(),
    badgeNo: integer('badge_no'),
    badgeSerial: text('badge_serial'),
    at: integer('at').notNull(),
    clientAt: integer('client_at'),
    outcome: text('outcome').notNull(),
    reason: text('reason'),
    leftStation: text('left_station'),
    answer: text('answer').notNull(),
  },
  (t) => [index('scans_at').on(t.eventId, t.at), index('scans_event_id').on(t.eventId, t.id)],
);

/** One attendee's stay at one station, from entering to leaving. */
export const visits = sqliteTable(
  'visits',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** The event the row belongs to (`events.id`). */
    eventId: text('event_id').notNull().default(''),
    badgeNo: integer('badge_no').notNull(),
    stationId: text('station_id').notNull(),
    inAt: integer('in_at').notNull(),
    outAt: integer('out_at'),
    /** scan, moved, max_stay, session_end, left_site */
    outReason: text('out_reason'),
    scanId: text('scan_id').notNull(),
  },
  (t) => [
    uniqueIndex('visits_scan').on(t.scanId, t.stationId),
    index('visits_open').on(t.eventId, t.badgeNo, t.stationId, t.outAt),
    index('visits_station').on(t.eventId, t.stationId, t.inAt),
  ],
);

/** Organiser actions on a station, in order: they are part of the log live state is rebuilt from. */
export const stationActions = sqliteTable(
  'station_actions',
  {
    id: text('id').primaryKey(),
    /** The event the row belongs to (`events.id`). */
    eventId: text('event_id').notNull().default(''),
    stationId: text('station_id').notNull(),
    at: integer('at').notNull(),
    action: text('action').notNull(),
    value: text('value'),
  },
  (t) => [index('station_actions_at').on(t.eventId, t.at)],
);

/**
 * Staff actions, for "who paused KazZinc?": who (user or kiosk, with the role), when, what (action,
 * target, a short detail as JSON), from which address. Scans are not here: they are in `scans`.
 */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** The event the row belongs to (`events.id`). */
    eventId: text('event_id').notNull().default(''),
    at: integer('at').notNull(),
    /** organiser | desk | kiosk | public (a failed sign-in, a device pairing) */
    role: text('role').notNull(),
    /** The staff account; null for the admin token, kiosks and nobody. */
    userId: text('user_id'),
    kioskId: text('kiosk_id'),
    action: text('action').notNull(),
    target: text('target'),
    detail: text('detail'),
    address: text('address'),
  },
  (t) => [index('audit_log_at').on(t.eventId, t.at), index('audit_log_user').on(t.eventId, t.userId, t.id)],
);

/**
 * Programme items' times as an organiser shifted them on the day (a late speaker); the event
 * file's times stand for the items without a row. Times are `HH:MM` on the event's clock.
 */
/**
 * Attendees' consent per employer (station), chosen on their phones: it stands in for the consent
 * given at registration in that station's lead list.
 */
export const attendeeConsents = sqliteTable(
  'attendee_consents',
  {
    /** The event the row belongs to (`events.id`). */
    eventId: text('event_id').notNull(),
    badgeNo: integer('badge_no').notNull(),
    stationId: text('station_id').notNull(),
    given: integer('given', { mode: 'boolean' }).notNull(),
    changedAt: integer('changed_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.eventId, t.badgeNo, t.stationId] })],
);

/**
 * Programme items' times as an organiser shifted them on the day (late speakers happen): one row
 * per shifted item of an event; an item without a row keeps the event file's times.
 */
export const programmeTimes = sqliteTable(
  'programme_times',
  {
    /** The event the row belongs to (`events.id`). */
    eventId: text('event_id').notNull(),
    /** The item's id in the event file's programme. */
    itemId: text('item_id').notNull(),
    start: text('start').notNull(),
    end: text('end').notNull(),
    changedAt: integer('changed_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.eventId, t.itemId] })],
);
