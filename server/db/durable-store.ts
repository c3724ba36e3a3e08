import type { ScanAnswer } from '../../shared/scan.ts';
import type { StationDef } from '../../shared/event.ts';
import type { LogEntry } from '../live/log-entry.ts';
import type { StorageFailure } from './storage-failure.ts';
import type { Lead, ScanLog } from '../../shared/reports.ts';
import type { EventRecords } from './events.ts';

/**
 * The durable store: everything the event keeps. Two implementations, one contract suite
 * (tests/db/durable-contract.test.ts): SQLite, embedded, the default (server/db/sqlite-store.ts),
 * and PostgreSQL with DATABASE_URL, shared by every server of the event (server/db/postgres-store.ts).
 * Every method is async and resolves once what it wrote is committed; SQL that differs between
 * the two dialects stays in its implementation.
 */
export interface DurableStore {
  readonly dialect: 'sqlite' | 'postgres';
  /**
   * The event this store's log and record sets read and write (the current event, served on
   * today's paths; server/db/events.ts). Staff accounts, sessions and secrets are the installation's.
   */
  readonly eventId: string;
  /** The record sets of any event of the installation (the same sets, for this one), made once per event. */
  forEvent(eventId: string): DurableRecords;
  /** The events of the installation. */
  readonly events: EventRecords;
  readonly log: DurableLog;
  /**
   * The log of another event of the installation, for a live store of its own (several events live
   * at once); made once per event, committed and closed with the store. This event's is `log`.
   */
  logOf(eventId: string): DurableLog;
  readonly stations: StationRecords;
  readonly attendees: AttendeeRecords;
  readonly kiosks: KioskRecords;
  readonly users: UserRecords;
  readonly sessions: SessionRecords;
  readonly audit: AuditRecords;
  readonly secrets: EventSecrets;
  readonly reports: ReportRecords;
  readonly programme: ProgrammeRecords;
  readonly consents: ConsentRecords;
  /** Commits what waits, then closes the connections. */
  close(): Promise<void>;
}

/** The record sets of a store, apart from its log. */
export type DurableRecords = Pick<DurableStore, 'stations' | 'attendees' | 'kiosks' | 'users' | 'sessions' | 'audit' | 'secrets' | 'reports' | 'programme' | 'consents'>;

/** One dialect's makers of the record sets (a module exporting one per name), from what it connects with. */
export type RecordMakers<C> = { [K in keyof DurableRecords]: (connection: C) => DurableRecords[K] };

/** Every record set of a store, made by one dialect's makers. */
export function makeRecords<C>(connection: C, makers: RecordMakers<C>): DurableRecords {
  return {
    stations: makers.stations(connection),
    attendees: makers.attendees(connection),
    kiosks: makers.kiosks(connection),
    users: makers.users(connection),
    sessions: makers.sessions(connection),
    audit: makers.audit(connection),
    secrets: makers.secrets(connection),
    reports: makers.reports(connection),
    programme: makers.programme(connection),
    consents: makers.consents(connection),
  };
}

/**
 * `forEvent` of a store whose own event's record sets are `own`: another event's are made from a
 * connection `connect(eventId)` gives, once each.
 */
export function recordsByEvent<C extends { eventId: string }>(
  own: DurableRecords,
  connection: C,
  makers: RecordMakers<C>,
): (eventId: string) => DurableRecords {
  const made = new Map<string, DurableRecords>([[connection.eventId, own]]);
  return (eventId) => {
    let records = made.get(eventId);
    if (!records) made.set(eventId, (records = makeRecords({ ...connection, eventId }, makers)));
    return records;
  };
}

/**
 * The scan log (scans, station actions, settling) and the visits its entries open and close. Live
 * state is rebuilt from it (server/live/rebuild.ts). Every write is idempotent (scan id, action id,
 * visit scan id): an entry written twice (an archiver batch delivered again) changes nothing.
 */
export interface DurableLog {
  /**
   * Resolves once the entry is committed. The entries appended in one turn of the event loop are
   * committed together (group commit). When a commit fails, the `undo` of its entries, and of
   * every entry appended after them (they were decided on top of them), runs before any of them
   * hears of it, the last appended first; then each rejects with a `StorageFailure`.
   */
  append(entry: LogEntry, undo?: () => void): Promise<void>;
  /** Writes entries at once, in one transaction, in order (archiving, settling at start). */
  write(entries: LogEntry[]): Promise<void>;
  /** The answer a committed scan got, by its id; null when no scan of that id is committed. */
  answerOf(id: string): Promise<ScanAnswer | null>;
  /** The visits open at some moment from `from` to `to` (the board's trend of the last hour). */
  visitsDuring(from: number, to: number): Promise<VisitSpan[]>;
  /** What live state is rebuilt from: the attendees with their badge in force, and the log in order. */
  read(): Promise<LogContents>;
  /**
   * The log after a snapshot's place in it (`after`): the scans and actions after its last ones
   * (in time order, then the order written), whether rows were written into its past since
   * (`misplaced`), and every scan's id with its answer (`answers`), its id alone (`ids`), or none;
   * `{ latest }`: the answers of that many scans, the last in the order their ids sort (a scan
   * id starts with its kiosk's time), in that order from the last.
   * With `most`, at most that many scans: when that many come, the actions come only up to the
   * last one's time, and the log after it is read by asking again from the place they replay to.
   */
  readAfter(after: LogPlace, answers: AnswersRead, most?: number): Promise<LogContents>;
  /** The event's stored snapshot of the live state (server/live/snapshot.ts): its format and body; null when none. */
  readSnapshot(): Promise<{ format: number; body: string } | null>;
  /** Keeps the event's snapshot in place of the one before. */
  writeSnapshot(format: number, body: string, now: number): Promise<void>;
  /** Why the last group commit failed, while no commit has succeeded since. */
  readonly failure: StorageFailure | null;
  /** Calls `listener` when a group commit fails after one succeeded (with the failure), and when one succeeds after a failure (with null). */
  onChange(listener: (failure: StorageFailure | null) => void): void;
}

/** A visit's station and when it began and ended (null: still open). */
export interface VisitSpan {
  stationId: string;
  inAt: number;
  outAt: number | null;
}

/** Which scans' answers `readAfter` reads. */
export type AnswersRead = 'answers' | 'ids' | 'none' | { latest: number };

/** The log as rebuilding reads it. */
export interface LogContents {
  /** Every attendee, with the serial of their badge in force (null when all are revoked). */
  people: Array<{ no: number; firstName: string; serial: string | null }>;
  /** Every scan, in time order, then in the order written. */
  scans: LoggedScan[];
  /** Every station action, in time order, then in the order written. */
  actions: LoggedAction[];
  /** Every scan's id and answer (JSON as written; null when `readAfter` read ids alone). */
  answers: Array<[id: string, answer: string | null]>;
  /** `readAfter`: a scan or action the place given does not cover lies at or before it (written into its past since). */
  misplaced?: boolean;
}

/** A scan's or an action's place in the log: its time, then the order written (`seq`). */
export interface LogPoint {
  at: number;
  seq: number;
}

/** A place in the log: the last scan and the last action replayed up to it, and how many of each. */
export interface LogPlace {
  scan: LogPoint;
  action: LogPoint;
  scans: number;
  actions: number;
}

export interface LoggedScan {
  id: string;
  /** The order written (SQLite's rowid, PostgreSQL's seq). */
  seq: number;
  kioskId: string;
  stationId: string;
  badgeNo: number | null;
  badgeSerial: string | null;
  at: number;
  answer: ScanAnswer;
}

export interface LoggedAction {
  id: string;
  seq: number;
  stationId: string;
  at: number;
  action: string;
  value: string | null;
}

export interface StationRecords {
  /** Writes the event file's stations in (new ones added, known ones updated). */
  save(defs: readonly StationDef[]): Promise<void>;
  /** How many stations are written. */
  count(): Promise<number>;
}

/** An attendee's fields as registration gives them; omitted ones take their defaults. */
export interface AttendeeFields {
  firstName: string;
  lastName?: string;
  category?: string;
  institution?: string;
  grade?: string;
  phone?: string | null;
  email?: string | null;
  language?: string;
  consent?: boolean;
  externalRef?: string | null;
  /** The person they are when they came to another event of the installation before (that attendee's `personId`); left out: a person of their own. */
  personId?: string | null;
}

/** An attendee as stored. */
export interface AttendeeRecord {
  id: string;
  badgeNo: number;
  firstName: string;
  lastName: string;
  category: string;
  institution: string;
  grade: string;
  phone: string | null;
  email: string | null;
  language: string;
  consent: boolean;
  externalRef: string | null;
  createdAt: number;
  searchKey: string | null;
}

/**
 * What the desk searches attendees by: everyone (newest first); a number (the badge, exact first
 * then as typed so far, or the phone's digits; by badge number); name words, each the start of a
 * word of the search key (by search key, then badge number).
 */
export type AttendeeQuery = { all: true } | { digits: string; phone: string } | { words: string[] };

/** How someone of another event of the installation is found again: their whole phone (`+7XXXXXXXXXX`), or name words (each the start of a word of the search key). */
export type ReturningQuery = { phone: string } | { words: string[] };

/** An attendee of another event of the installation, with that event's id and the person they are. */
export interface AttendeeElsewhere extends AttendeeRecord {
  eventId: string;
  /** The same at every event the person was registered at: the id of their first registration. */
  personId: string;
}

/** One registration of a person: at which event, with which badge number there. */
export interface PersonAt {
  personId: string;
  eventId: string;
  badgeNo: number;
}

/** What an import writes, decided on every attendee as stored, and what it reports. */
export interface AttendeeImport<T> {
  creates: Array<{ id: string; badgeNo: number; fields: AttendeeFields; searchKey: string }>;
  updates: Array<{ id: string; fields: AttendeeFields; searchKey: string }>;
  result: T;
}

/**
 * A person registered at an event already (one registration of a person at an event: the unique
 * index on attendees' event and person), with their badge number there.
 */
export class AlreadyRegistered extends Error {
  constructor(readonly badgeNo: number) {
    super(`Registered at this event already, badge ${badgeNo}`);
  }
}

/** First badge number of an event: always four digits, short enough to say aloud and type by hand. */
export const FIRST_BADGE_NO = 1001;

export interface AttendeeRecords {
  /**
   * Adds an attendee with the next free badge number (FIRST_BADGE_NO at least); returns it. Safe when
   * servers register at once; a person (`personId`) registered here already throws AlreadyRegistered.
   */
  register(id: string, fields: AttendeeFields, searchKey: string, now: number): Promise<number>;
  /** Sets an attendee's fields (all of them: omitted ones take their defaults, as at registration; the external reference is kept) and search key; false when there is none of that id. */
  update(id: string, fields: AttendeeFields, searchKey: string): Promise<boolean>;
  byId(id: string): Promise<AttendeeRecord | null>;
  byBadgeNo(no: number): Promise<AttendeeRecord | null>;
  count(): Promise<number>;
  /** Revokes the attendee's badges in force and adds one with `serial`, in one transaction. */
  issueBadge(attendeeId: string, badgeNo: number, serial: string, now: number): Promise<void>;
  /** Revokes the attendee's badges in force. */
  revokeBadges(attendeeId: string, now: number): Promise<void>;
  /** The serial of the attendee's badge in force, or null. */
  badgeInForce(attendeeId: string): Promise<string | null>;
  /**
   * Reads every attendee and the next free badge number, lets `decide` plan, and writes the plan
   * (new ones made at `now`), in one transaction that no registration interleaves; with `write`
   * false it only decides. Resolves with the plan's result.
   */
  importing<T>(decide: (existing: AttendeeRecord[], nextBadgeNo: number) => AttendeeImport<T>, write: boolean, now: number): Promise<T>;
  /** A page of the attendees a query finds, and how many it finds in all. */
  search(query: AttendeeQuery, limit: number, offset: number): Promise<{ total: number; rows: AttendeeRecord[] }>;
  /**
   * The attendees of the installation's other events a query finds, in one query: the latest event
   * first (by its first day), in each by search key or badge number; `limit` at most.
   */
  elsewhere(query: ReturningQuery, limit: number): Promise<AttendeeElsewhere[]>;
  /** The person an attendee of this event is (see `AttendeeElsewhere.personId`); null when there is no attendee of that id here. */
  personOf(id: string): Promise<string | null>;
  /** The people registered both at this event and at `otherEventId`, and those of them who came to both (seen at the gate or a station). */
  sharedWith(otherEventId: string): Promise<{ registered: number; arrived: number }>;
  /** Every registration of these people at any event of the installation (this one's too), the latest event first. */
  registrationsOf(personIds: readonly string[]): Promise<PersonAt[]>;
  /** The attendees of these ids, by badge number. */
  byIds(ids: readonly string[]): Promise<AttendeeRecord[]>;
  /** The attendees whose badge numbers are from `from` to `to`, by badge number, `limit` at most. */
  byBadgeRange(from: number, to: number, limit: number): Promise<AttendeeRecord[]>;
  /** The serials of the badges in force of these attendees, by attendee id (those with none left out). */
  badgesInForce(attendeeIds: readonly string[]): Promise<Map<string, string>>;
  /** Which of these attendees were ever given a badge (revoked ones too). */
  everBadged(attendeeIds: readonly string[]): Promise<Set<string>>;
}

/** A kiosk as stored. */
export interface KioskRecord {
  id: string;
  stationId: string;
  label: string;
  tokenHash: string;
  createdAt: number;
  revokedAt: number | null;
  pairingCodeHash: string | null;
  pairingExpiresAt: number | null;
  lastSeenAt: number | null;
  appVersion: string | null;
  pending: number;
  camera: string | null;
  batteryLevel: number | null;
  batteryCharging: boolean | null;
}

/** A kiosk as its bearer token finds it: the event it scans for comes with it. */
export type KioskOfToken = Pick<KioskRecord, 'id' | 'stationId' | 'revokedAt'> & { eventId: string };

/** What a kiosk's heartbeat writes. */
export interface KioskBeat {
  appVersion: string;
  pending: number;
  camera: string | null;
  battery: { level: number; charging: boolean } | null;
}

export interface KioskRecords {
  create(k: Pick<KioskRecord, 'id' | 'stationId' | 'label' | 'tokenHash' | 'createdAt' | 'pairingCodeHash' | 'pairingExpiresAt'>): Promise<void>;
  byId(id: string): Promise<KioskRecord | null>;
  /** The kiosk a bearer token's hash names, of whichever event, with its event (revoked ones too: the caller tells them apart). */
  byTokenHash(tokenHash: string): Promise<KioskOfToken | null>;
  /** Every kiosk, revoked ones too, oldest first. */
  list(): Promise<KioskRecord[]>;
  /** A new pairing code for a kiosk in service; false when there is none of that id. */
  openPairing(id: string, pairingCodeHash: string, expiresAt: number): Promise<boolean>;
  /**
   * A device pairs: the kiosk in service whose unexpired code has this hash gets the new token's
   * hash, and its code stops working. Null when no kiosk has such a code (used, expired, unknown);
   * of two devices pairing with one code at once, one gets the kiosk.
   */
  pair(pairingCodeHash: string, tokenHash: string, now: number): Promise<{ id: string; stationId: string } | null>;
  /** Revokes a kiosk; false when there is none of that id. */
  revoke(id: string, now: number): Promise<boolean>;
  beat(id: string, beat: KioskBeat, now: number): Promise<void>;
}

/** A staff account as stored, with its role at the event of the record set. */
export interface UserRecord {
  id: string;
  username: string;
  displayName: string;
  /** organiser | desk at this event; empty when the account has no role here (`create` grants it here). */
  role: string;
  passwordHash: string;
  createdAt: number;
  disabledAt: number | null;
}

/** A staff account's role at one event. */
export interface StaffRoleRecord {
  eventId: string;
  role: string;
}

/**
 * Staff accounts: the installation's, each read with its role at this record set's event. An
 * account without a role at an event cannot sign in to it, nor act there.
 */
export interface UserRecords {
  /** Adds an account with its role at this event; false when its username is taken. */
  create(u: UserRecord): Promise<boolean>;
  byId(id: string): Promise<UserRecord | null>;
  byUsername(username: string): Promise<UserRecord | null>;
  /** Every account of the installation, by username (those without a role here too, role empty). */
  list(): Promise<UserRecord[]>;
  /** Changes an account; `role` is its role at this event (empty: none here any more). */
  update(id: string, changes: Partial<Pick<UserRecord, 'displayName' | 'role' | 'passwordHash' | 'disabledAt'>>): Promise<void>;
  /** The account's role at every event where it has one. */
  rolesOf(id: string): Promise<StaffRoleRecord[]>;
}

/** A signed-in staff member as a session finds them. */
export interface SessionStaff {
  userId: string;
  /** organiser | desk at the record set's event; empty when the account has no role there. */
  role: string;
}

export interface SessionRecords {
  create(tokenHash: string, userId: string, now: number, expiresAt: number): Promise<void>;
  /** The staff member of an unexpired session whose account is not disabled, with their role at this event (empty: none here); null otherwise. */
  find(tokenHash: string, now: number): Promise<SessionStaff | null>;
  remove(tokenHash: string): Promise<void>;
  removeAllOf(userId: string): Promise<void>;
  removeExpired(now: number): Promise<void>;
}

/** One audit log entry as written. */
export interface AuditEntry {
  at: number;
  role: string;
  userId: string | null;
  kioskId: string | null;
  action: string;
  target: string | null;
  /** JSON text. */
  detail: string | null;
  address: string | null;
}

/** An audit log entry as read, with the names of who acted. */
export interface AuditRow extends AuditEntry {
  id: number;
  username: string | null;
  displayName: string | null;
  kioskLabel: string | null;
  kioskStation: string | null;
}

/** Which audit entries to read: all when nothing is given. */
export interface AuditFilter {
  action?: string;
  userId?: string;
  /** Entries before this id (paging). */
  before?: number;
  limit?: number;
}

export interface AuditRecords {
  /** Writes entries in one transaction. */
  write(entries: AuditEntry[]): Promise<void>;
  /** Entries newest first. */
  list(filter: AuditFilter): Promise<AuditRow[]>;
}

/**
 * The names of the event's shared secrets; `https-ca-key` and `https-ca-cert` are the event's
 * HTTPS certificate authority (`npm run certificate`), which signs each server's own certificate;
 * `attendee-key` makes badge PINs and signs attendees' phone sessions (server/me/attendee-keys.ts).
 */
export type SecretName = 'badge-signing-key' | 'pairing-secret' | 'admin-token-hash' | 'https-ca-key' | 'https-ca-cert' | 'attendee-key';

export interface EventSecrets {
  /**
   * The secret of that name; when there is none yet, `make()`'s value is kept and returned. When
   * servers start at once, the first one kept is the one all get.
   */
  getOrCreate(name: SecretName, make: () => string): Promise<string>;
}

/** A station as reports name it. */
export interface ReportedStation {
  id: string;
  nameKk: string;
  nameRu: string;
  nameEn: string;
  group: string;
  host: string;
  capacity: number;
  mode: string;
}

/** A visit as reports read it: station, badge number, in, out (null: still inside), why it ended. Arrays: SQLite builds them faster than objects. */
export type ReportedVisit = [stationId: string, badgeNo: number, inAt: number, outAt: number | null, outReason: string | null];

/** What the scan log says about queues and refusals, per station. */
export interface ScanCounts {
  /** Refused scans by station and reason. */
  refused: Array<[stationId: string, reason: string | null, count: number]>;
  /** Camera re-reads by station. */
  rereads: Array<[stationId: string, count: number]>;
  /** Every queued scan but re-reads: its station, time and queue position. */
  queued: Array<[stationId: string, at: number, queuePosition: number | null]>;
}

/** One attendee as the event report counts them. */
export interface AttendeeVisits {
  category: string;
  institution: string;
  /** 1 when seen anywhere (the gate or a station), else 0. */
  arrived: number;
  /** Visits at stations other than the gate. */
  visits: number;
  /** 1 when they visited an employer, else 0. */
  employer: number;
}

/** Which scans the scan log gives: all when nothing is given. */
export interface ScanLogFilter {
  stationId?: string;
  /** From this time (ms, included). */
  from?: number;
  /** Until this time (ms, excluded). */
  to?: number;
  outcome?: string;
  /** Page size; every row when absent. */
  limit?: number;
  offset?: number;
}

/**
 * What the reports (server/reports/) read: rows the figures are worked out from, the same in
 * either dialect (the known-day report test runs on both). A JSON answer's queue position and
 * re-read flag are read in SQL, each dialect its own way.
 */
export interface ReportRecords {
  /** Stations in event order (the order they were first written); only `stationId` when given. */
  stations(stationId?: string): Promise<ReportedStation[]>;
  /** The first and last time a visit began (the gate's included); nulls when there is none. */
  visitSpan(): Promise<{ from: number | null; to: number | null }>;
  /** Every visit, or one station's. */
  visits(stationId?: string): Promise<ReportedVisit[]>;
  /** One attendee's visits (the gate's too), the earliest first: their phone's passport of the day. */
  visitsOf(badgeNo: number): Promise<Array<{ stationId: string; inAt: number; outAt: number | null }>>;
  /** Refusals, re-reads and queued scans, of every station or one. */
  scanCounts(stationId?: string): Promise<ScanCounts>;
  /** Every registered attendee, with what they visited. */
  attendeeVisits(): Promise<AttendeeVisits[]>;
  /** Visits and distinct visitors per attendee category and station, the gate left out. */
  stationVisitsByCategory(): Promise<Array<{ category: string; stationId: string; visits: number; people: number }>>;
  /** Visits begun per station and local clock hour (hours since the epoch, local time `utcOffsetMinutes` from UTC). */
  visitsByHour(utcOffsetMinutes: number): Promise<Array<[stationId: string, hour: number, visits: number]>>;
  /** A station's visitors who consented to be contacted, earliest first visit first. */
  leads(stationId: string): Promise<Lead[]>;
  /** A tour's departures the guide started, earliest first: when, and the action row's value (its record, server/flow/tour.ts DepartureRecord). */
  departures(stationId: string): Promise<Array<[at: number, value: string | null]>>;
  /** How many people visited a station, consenting or not. */
  visitorCount(stationId: string): Promise<number>;
  /** A page of the scan log in time order, then the order written, and how many scans the filter finds. */
  scanLog(filter: ScanLogFilter): Promise<ScanLog>;
}

/** A programme item's time as an organiser shifted it (`HH:MM` on the event's clock). */
export interface ProgrammeTime {
  itemId: string;
  start: string;
  end: string;
  changedAt: number;
}

/** An attendee's own choice about one station's host contacting them (the phone's "my consent"). */
export interface ConsentChoice {
  stationId: string;
  given: boolean;
  changedAt: number;
}

/**
 * Consent per employer, chosen by attendees on their phones. A choice for a station stands in for
 * the consent given at registration in that station's lead list; without one, registration's holds.
 */
export interface ConsentRecords {
  /** The attendee's choices, by station id. */
  of(badgeNo: number): Promise<ConsentChoice[]>;
  /** Keeps a choice in place of the one before. */
  set(badgeNo: number, choice: ConsentChoice): Promise<void>;
}

/** The programme times shifted on the day; the event file's times stand for the rest. */
export interface ProgrammeRecords {
  /** Every shifted item's time, by item id. */
  times(): Promise<ProgrammeTime[]>;
  /** Keeps an item's time in place of the one before. */
  setTime(time: ProgrammeTime): Promise<void>;
}
