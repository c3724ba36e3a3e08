import { sql } from 'drizzle-orm';
import { pgTable, text, bigint, bigserial, integer, real, boolean, index, uniqueIndex, primaryKey, foreignKey } from 'drizzle-orm/pg-core';

// The PostgreSQL schema (DATABASE_URL): the same tables and columns as server/db/schema.ts, with
// these differences a reader of both needs to know:
// - times are bigint milliseconds since the epoch (integer is 32 bits here);
// - the scan log (`scans`, `station_actions`) and `stations` have a `seq` column that keeps the
//   order rows were first written in, where SQLite has its rowid: live state is rebuilt in time
//   order, then write order, and reports list stations in event order;
// - `event_secrets` holds what SQLite mode keeps as files in DATA_DIR (the badge signing key, the
//   pairing secret, the admin token's hash), so that every server of the event shares them;
// - name search reads `search_key` with a prefix match (SQLite has its FTS5 table beside it).
// One database holds every event of the installation: rows that belong to one carry its `event_id`.

/** Milliseconds since the epoch, read back as a JavaScript number. */
const ms = (name: string) => bigint(name, { mode: 'number' });

/**
 * The events of the installation. The one seeded from EVENT_FILE at start is the current event
 * (served on today's paths) unless the organiser picks another; rows written before events
 * existed belong to it (server/db/events.ts). Stations and programme as the event file has them.
 */
export const events = pgTable('events', {
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
  current: boolean('current').notNull().default(false),
  createdAt: ms('created_at').notNull(),
});

export const stations = pgTable(
  'stations',
  {
  id: text('id').notNull(),
  /** The event the row belongs to (`events.id`). */
  eventId: text('event_id').notNull().default(''),
  seq: bigserial('seq', { mode: 'number' }).notNull(),
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

export const attendees = pgTable(
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
    consent: boolean('consent').notNull().default(false),
    externalRef: text('external_ref'),
    createdAt: ms('created_at').notNull(),
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
    index('attendees_search_key').on(t.searchKey.op('text_pattern_ops')),
  ],
);

export const badges = pgTable(
  'badges',
  {
    serial: text('serial').primaryKey(),
    /** The event the row belongs to (`events.id`). */
    eventId: text('event_id').notNull().default(''),
    attendeeId: text('attendee_id')
      .notNull()
      .references(() => attendees.id),
    badgeNo: integer('badge_no').notNull(),
    issuedAt: ms('issued_at').notNull(),
    revokedAt: ms('revoked_at'),
  },
  (t) => [index('badges_attendee').on(t.attendeeId)],
);

export const kiosks = pgTable(
  'kiosks',
  {
    id: text('id').primaryKey(),
    /** The event the row belongs to (`events.id`). */
    eventId: text('event_id').notNull().default(''),
    stationId: text('station_id').notNull(),
    label: text('label').notNull().default(''),
    tokenHash: text('token_hash').notNull(),
    createdAt: ms('created_at').notNull(),
    revokedAt: ms('revoked_at'),
    pairingCodeHash: text('pairing_code_hash'),
    pairingExpiresAt: ms('pairing_expires_at'),
    lastSeenAt: ms('last_seen_at'),
    appVersion: text('app_version'),
    pending: integer('pending').notNull().default(0),
    camera: text('camera'),
    batteryLevel: real('battery_level'),
    batteryCharging: boolean('battery_charging'),
  },
  // SQLite finds a kiosk by token with a scan of the few kiosks; here an index does it.
  (t) => [
    index('kiosks_token').on(t.tokenHash),
    foreignKey({ columns: [t.eventId, t.stationId], foreignColumns: [stations.eventId, stations.id] }).onUpdate('cascade'),
  ],
);

export const users = pgTable('users', {
  id: text('id').primaryKey(),
  username: text('username').notNull().unique(),
  displayName: text('display_name').notNull().default(''),
  role: text('role').notNull(),
  passwordHash: text('password_hash').notNull(),
  createdAt: ms('created_at').notNull(),
  disabledAt: ms('disabled_at'),
});

/**
 * A staff account's role at one event: an account is the installation's, what it may do is each
 * event's (a desk volunteer of one fair sees nothing of another). No row: no role at that event.
 */
export const staffRoles = pgTable(
  'staff_roles',
  {
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    eventId: text('event_id').notNull().default(''),
    /** organiser | desk */
    role: text('role').notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.eventId] })],
);

export const sessions = pgTable('sessions', {
  tokenHash: text('token_hash').primaryKey(),
  userId: text('user_id')
    .notNull()
    .references(() => users.id),
  createdAt: ms('created_at').notNull(),
  expiresAt: ms('expires_at').notNull(),
});

export const scans = pgTable(
  'scans',
  {
    id: text('id').primaryKey(),
    /** The event the row belongs to (`events.id`). */
    eventId: text('event_id').notNull().default(''),
    seq: bigserial('seq', { mode: 'number' }).notNull(),
    kioskId: text('kiosk_id').notNull(),
    stationId: text('station_id').notNull(),
    badgeNo: integer('badge_no'),
    badgeSerial: text('badge_serial'),
    at: ms('at').notNull(),
    clientAt: ms('client_at'),
    outcome: text('outcome').notNull(),
    reason: text('reason'),
    leftStation: text('left_station'),
    answer: text('answer').notNull(),
  },
  (t) => [index('scans_at').on(t.eventId, t.at, t.seq), index('scans_event_id').on(t.eventId, t.id)],
);

export const visits = pgTable(
  'visits',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** The event the row belongs to (`events.id`). */
    eventId: text('event_id').notNull().default(''),
    badgeNo: integer('badge_no').notNull(),
    stationId: text('station_id').notNull(),
    inAt: ms('in_at').notNull(),
    outAt: ms('out_at'),
    outReason: text('out_reason'),
    scanId: text('scan_id').notNull(),
  },
  (t) => [
    uniqueIndex('visits_scan').on(t.scanId, t.stationId),
    index('visits_open').on(t.eventId, t.badgeNo, t.stationId, t.outAt),
    index('visits_station').on(t.eventId, t.stationId, t.inAt),
  ],
);

export const stationActions = pgTable(
  'station_actions',
  {
    id: text('id').primaryKey(),
    /** The event the row belongs to (`events.id`). */
    eventId: text('event_id').notNull().default(''),
    seq: bigserial('seq', { mode: 'number' }).notNull(),
    stationId: text('station_id').notNull(),
    at: ms('at').notNull(),
    action: text('action').notNull(),
    value: text('value'),
  },
  (t) => [index('station_actions_at').on(t.eventId, t.at, t.seq)],
);

export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** The event the row belongs to (`events.id`). */
    eventId: text('event_id').notNull().default(''),
    at: ms('at').notNull(),
    role: text('role').notNull(),
    userId: text('user_id'),
    kioskId: text('kiosk_id'),
    action: text('action').notNull(),
    target: text('target'),
    detail: text('detail'),
    address: text('address'),
  },
  (t) => [index('audit_log_at').on(t.eventId, t.at), index('audit_log_user').on(t.eventId, t.userId, t.id)],
);

/** Secrets every server of the event shares (SQLite mode keeps them as files in DATA_DIR). */
export const eventSecrets = pgTable('event_secrets', {
  name: text('name').primaryKey(),
  value: text('value').notNull(),
  createdAt: ms('created_at').notNull(),
});

/** Attendees' consent per employer, chosen on their phones (as server/db/schema.ts). */
export const attendeeConsents = pgTable(
  'attendee_consents',
  {
    eventId: text('event_id').notNull(),
    badgeNo: integer('badge_no').notNull(),
    stationId: text('station_id').notNull(),
    given: boolean('given').notNull(),
    changedAt: ms('changed_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.eventId, t.badgeNo, t.stationId] })],
);

/** Programme items' times as an organiser shifted them on the day (as server/db/schema.ts). */
export const programmeTimes = pgTable(
  'programme_times',
  {
    eventId: text('event_id').notNull(),
    itemId: text('item_id').notNull(),
    start: text('start').notNull(),
    end: text('end').notNull(),
    changedAt: ms('changed_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.eventId, t.itemId] })],
);
