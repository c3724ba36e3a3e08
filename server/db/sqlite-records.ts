// SQLite's record sets of the durable store (server/db/durable-store.ts), one maker each.
import type Database from 'better-sqlite3';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StationDef } from '../../shared/event.ts';
import { writeTransaction } from './connection.ts';
import {
  AlreadyRegistered,
  FIRST_BADGE_NO,
  type AttendeeElsewhere,
  type PersonAt,
  type AttendeeFields,
  type AttendeeQuery,
  type AttendeeRecord,
  type AttendeeRecords,
  type AuditEntry,
  type AuditRecords,
  type AuditRow,
  type ConsentRecords,
  type EventSecrets,
  type KioskBeat,
  type KioskOfToken,
  type KioskRecord,
  type KioskRecords,
  type ProgrammeRecords,
  type ProgrammeTime,
  type SecretName,
  type SessionRecords,
  type SessionStaff,
  type StaffRoleRecord,
  type StationRecords,
  type UserRecord,
  type UserRecords,
} from './durable-store.ts';
import { AUDIT_SELECT, auditWhere } from './audit-query.ts';
import { LATEST_EVENT_FIRST } from './events.ts';

export { reports } from './sqlite-reports.ts';

/** The files in DATA_DIR that hold the event's secrets in SQLite mode (the names they always had). */
const SECRET_FILES: Record<SecretName, string> = {
  'badge-signing-key': 'badge-signing-key.pem',
  'pairing-secret': 'pairing-secret',
  'admin-token-hash': 'admin-token.sha256',
  'https-ca-key': 'https-ca-key.pem',
  'https-ca-cert': 'https-ca.pem',
  'attendee-key': 'attendee-key',
};

const ATTENDEE_COLUMNS = `id, badge_no AS badgeNo, first_name AS firstName, last_name AS lastName, category, institution, grade,
  phone, email, language, consent, external_ref AS externalRef, created_at AS createdAt, search_key AS searchKey`;

/** The person an attendee is: the one they were registered again as, else their own. */
const PERSON = 'COALESCE(person_id, id)';

const KIOSK_COLUMNS = `id, station_id AS stationId, label, token_hash AS tokenHash, created_at AS createdAt, revoked_at AS revokedAt,
  pairing_code_hash AS pairingCodeHash, pairing_expires_at AS pairingExpiresAt, last_seen_at AS lastSeenAt,
  app_version AS appVersion, pending, camera, battery_level AS batteryLevel, battery_charging AS batteryCharging`;

type Row<T, Booleans extends keyof T> = Omit<T, Booleans> & { [K in Booleans]: T[K] extends boolean ? number : number | null };

function attendeeOf(row: Row<AttendeeRecord, 'consent'> | undefined): AttendeeRecord | null {
  return row ? { ...row, consent: row.consent === 1 } : null;
}

/** A search as SQLite runs it (after the event's test): names through the full-text index of search keys (FTS5 prefix queries). */
function sqliteSearch(query: AttendeeQuery): { where: string; order: string; args: unknown[]; orderArgs: unknown[] } {
  if ('all' in query) return { where: '', order: 'badge_no DESC', args: [], orderArgs: [] };
  if ('digits' in query) {
    const no = Number(query.digits);
    return {
      where: 'AND (badge_no = ? OR cast(badge_no AS text) LIKE ? OR phone LIKE ?)',
      order: 'badge_no = ? DESC, badge_no',
      args: [no, `${query.digits}%`, `%${query.phone}%`],
      orderArgs: [no],
    };
  }
  return {
    where: 'AND rowid IN (SELECT rowid FROM attendees_search WHERE attendees_search MATCH ?)',
    order: 'search_key, badge_no',
    args: [query.words.map((w) => `"${w}"*`).join(' ')],
    orderArgs: [],
  };
}

function kioskOf(row: Row<KioskRecord, 'batteryCharging'>): KioskRecord {
  return { ...row, batteryCharging: row.batteryCharging === null ? null : row.batteryCharging === 1 };
}

/** What SQLite's record sets are made from. */
export interface SqliteConnection {
  sqlite: Database.Database;
  /** Where the event's secrets are kept, as files. */
  dataDir: string;
  /** The event rows are written for (server/db/events.ts). */
  eventId: string;
}

export function stations({ sqlite, eventId }: SqliteConnection): StationRecords {
  const upsert = sqlite.prepare(
    `INSERT INTO stations (event_id, id, name_kk, name_ru, name_en, "group", host, capacity, mode, session_minutes, max_stay_minutes)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (event_id, id) DO UPDATE SET name_kk = excluded.name_kk, name_ru = excluded.name_ru, name_en = excluded.name_en,
       "group" = excluded."group", host = excluded.host, capacity = excluded.capacity, mode = excluded.mode,
       session_minutes = excluded.session_minutes, max_stay_minutes = excluded.max_stay_minutes`,
  );
  const saveAll = writeTransaction(sqlite, (defs: readonly StationDef[]) => {
    for (const s of defs) upsert.run(eventId, s.id, s.name.kk, s.name.ru, s.name.en, s.group, s.host, s.capacity, s.mode, s.sessionMinutes, s.maxStayMinutes);
  });
  const count = sqlite.prepare<[string], number>('SELECT count(*) FROM stations WHERE event_id = ?').pluck();
  return {
    save: async (defs) => saveAll(defs),
    count: async () => count.get(eventId)!,
  };
}

/** Finding attendees by name, phone or badge number: in this event a page at a time, or in the installation's other events. */
function attendeeSearches(
  sqlite: SqliteConnection['sqlite'],
  eventId: string,
  rows: (list: unknown[]) => AttendeeRecord[],
): Pick<AttendeeRecords, 'search' | 'elsewhere' | 'registrationsOf'> {
  const registrations = sqlite.prepare(
    `SELECT ${PERSON} AS personId, event_id AS eventId, badge_no AS badgeNo FROM attendees
     WHERE ${PERSON} IN (SELECT value FROM json_each(?)) ORDER BY ${LATEST_EVENT_FIRST}, badge_no`,
  );
  return {
    search: async (query, limit, offset) => {
      const { where, order, args, orderArgs } = sqliteSearch(query);
      const scoped = `WHERE event_id = ? ${where}`;
      const total = sqlite.prepare<unknown[], number>(`SELECT count(*) FROM attendees ${scoped}`).pluck().get(eventId, ...args)!;
      const page = sqlite
        .prepare(`SELECT ${ATTENDEE_COLUMNS} FROM attendees ${scoped} ORDER BY ${order} LIMIT ? OFFSET ?`)
        .all(eventId, ...args, ...orderArgs, limit, offset);
      return { total, rows: rows(page) };
    },
    elsewhere: async (query, limit) => {
      const { where, order, args } = 'phone' in query ? { where: 'AND phone = ?', order: 'badge_no', args: [query.phone] } : sqliteSearch(query);
      const found = sqlite
        .prepare(`SELECT event_id AS eventId, ${PERSON} AS personId, ${ATTENDEE_COLUMNS} FROM attendees WHERE event_id <> ? ${where} ORDER BY ${LATEST_EVENT_FIRST}, ${order} LIMIT ?`)
        .all(eventId, ...args, limit) as Array<Row<AttendeeElsewhere, 'consent'>>;
      return found.map((r) => ({ ...r, consent: r.consent === 1 }));
    },
    registrationsOf: async (personIds) => (personIds.length === 0 ? [] : (registrations.all(JSON.stringify(personIds)) as PersonAt[])),
  };
}

/** Who an attendee is across the installation's events: their person, and the people two events share. */
function attendeePeople(sqlite: SqliteConnection['sqlite'], eventId: string): Pick<AttendeeRecords, 'personOf' | 'sharedWith'> {
  const personOf = sqlite.prepare<[string, string], string>(`SELECT ${PERSON} FROM attendees WHERE id = ? AND event_id = ?`).pluck();
  const shared = sqlite.prepare<[string, string], { registered: number; arrived: number | null }>(
    `SELECT COUNT(*) AS registered,
       SUM(EXISTS (SELECT 1 FROM visits v WHERE v.event_id = a.event_id AND v.badge_no = a.badge_no)
           AND EXISTS (SELECT 1 FROM visits v WHERE v.event_id = b.event_id AND v.badge_no = b.badge_no)) AS arrived
     FROM attendees a JOIN attendees b ON COALESCE(b.person_id, b.id) = COALESCE(a.person_id, a.id)
     WHERE a.event_id = ? AND b.event_id = ?`,
  );
  return {
    personOf: async (id) => personOf.get(id, eventId) ?? null,
    sharedWith: async (other) => {
      const { registered, arrived } = shared.get(eventId, other)!;
      return { registered, arrived: arrived ?? 0 };
    },
  };
}

export function attendees({ sqlite, eventId }: SqliteConnection): AttendeeRecords {
  const maxNo = sqlite.prepare<[string], number | null>('SELECT max(badge_no) FROM attendees WHERE event_id = ?').pluck();
  const insert = sqlite.prepare(
    `INSERT INTO attendees (event_id, id, badge_no, first_name, last_name, category, institution, grade, phone, email, language, consent, external_ref, created_at, search_key, person_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const add = (id: string, no: number, f: AttendeeFields, searchKey: string, now: number) =>
    insert.run(eventId, id, no, f.firstName, f.lastName ?? '', f.category ?? 'other', f.institution ?? '', f.grade ?? '', f.phone ?? null, f.email ?? null,
      f.language ?? 'kk', f.consent ? 1 : 0, f.externalRef ?? null, now, searchKey, f.personId ?? null);
  const nextNo = () => Math.max(FIRST_BADGE_NO, (maxNo.get(eventId) ?? 0) + 1);
  const personHere = sqlite.prepare<[string, string], number>('SELECT badge_no FROM attendees WHERE event_id = ? AND person_id = ?').pluck();
  const register = writeTransaction(sqlite, (id: string, f: AttendeeFields, searchKey: string, now: number) => {
    // Read inside the write transaction: a second desk registering the same person waits for the first.
    const twice = f.personId ? personHere.get(eventId, f.personId) : undefined;
    if (twice !== undefined) throw new AlreadyRegistered(twice);
    const no = nextNo();
    add(id, no, f, searchKey, now);
    return no;
  });
  const everyone = sqlite.prepare(`SELECT ${ATTENDEE_COLUMNS} FROM attendees WHERE event_id = ?`);
  const update = sqlite.prepare(
    `UPDATE attendees SET first_name = ?, last_name = ?, category = ?, institution = ?, grade = ?, phone = ?, email = ?, language = ?, consent = ?, search_key = ?
     WHERE id = ? AND event_id = ?`,
  );
  const byId = sqlite.prepare(`SELECT ${ATTENDEE_COLUMNS} FROM attendees WHERE id = ? AND event_id = ?`);
  const byNo = sqlite.prepare(`SELECT ${ATTENDEE_COLUMNS} FROM attendees WHERE event_id = ? AND badge_no = ?`);
  const count = sqlite.prepare<[string], number>('SELECT count(*) FROM attendees WHERE event_id = ?').pluck();
  const revoke = sqlite.prepare('UPDATE badges SET revoked_at = ? WHERE attendee_id = ? AND event_id = ? AND revoked_at IS NULL');
  const insertBadge = sqlite.prepare('INSERT INTO badges (event_id, serial, attendee_id, badge_no, issued_at) VALUES (?, ?, ?, ?, ?)');
  const issue = writeTransaction(sqlite, (attendeeId: string, badgeNo: number, serial: string, now: number) => {
    revoke.run(now, attendeeId, eventId);
    insertBadge.run(eventId, serial, attendeeId, badgeNo, now);
  });
  const inForce = sqlite
    .prepare<[string, string], string>('SELECT serial FROM badges WHERE attendee_id = ? AND event_id = ? AND revoked_at IS NULL ORDER BY issued_at DESC LIMIT 1')
    .pluck();
  const inIds = 'IN (SELECT value FROM json_each(?))';
  const byIds = sqlite.prepare(`SELECT ${ATTENDEE_COLUMNS} FROM attendees WHERE id ${inIds} AND event_id = ? ORDER BY badge_no`);
  const byRange = sqlite.prepare(`SELECT ${ATTENDEE_COLUMNS} FROM attendees WHERE event_id = ? AND badge_no BETWEEN ? AND ? ORDER BY badge_no LIMIT ?`);
  const inForceOf = sqlite.prepare(
    `SELECT attendee_id AS id, serial FROM badges WHERE attendee_id ${inIds} AND event_id = ? AND revoked_at IS NULL ORDER BY issued_at`,
  );
  const ever = sqlite.prepare<[string, string], string>(`SELECT DISTINCT attendee_id FROM badges WHERE attendee_id ${inIds} AND event_id = ?`).pluck();
  const rows = (list: unknown[]) => (list as Array<Row<AttendeeRecord, 'consent'>>).map((r) => attendeeOf(r)!);
  const change = (id: string, f: AttendeeFields, searchKey: string) =>
    update.run(f.firstName, f.lastName ?? '', f.category ?? 'other', f.institution ?? '', f.grade ?? '', f.phone ?? null, f.email ?? null,
      f.language ?? 'kk', f.consent ? 1 : 0, searchKey, id, eventId).changes > 0;
  return {
    importing: async (decide, write, now) => {
      const run = () => {
        const plan = decide(rows(everyone.all(eventId)), nextNo());
        if (!write) return plan.result;
        for (const c of plan.creates) add(c.id, c.badgeNo, c.fields, c.searchKey, now);
        for (const u of plan.updates) change(u.id, u.fields, u.searchKey);
        return plan.result;
      };
      // The write lock is taken before reading, so the badge numbers and matches cannot go stale.
      return write ? writeTransaction(sqlite, run)() : run();
    },
    ...attendeeSearches(sqlite, eventId, rows),
    ...attendeePeople(sqlite, eventId),
    byIds: async (ids) => rows(byIds.all(JSON.stringify(ids), eventId)),
    byBadgeRange: async (from, to, limit) => rows(byRange.all(eventId, from, to, limit)),
    badgesInForce: async (ids) =>
      new Map((inForceOf.all(JSON.stringify(ids), eventId) as Array<{ id: string; serial: string }>).map((b) => [b.id, b.serial])),
    everBadged: async (ids) => new Set(ever.all(JSON.stringify(ids), eventId)),
    register: async (id, fields, searchKey, now) => register(id, fields, searchKey, now),
    update: async (id, f, searchKey) => change(id, f, searchKey),
    byId: async (id) => attendeeOf(byId.get(id, eventId) as Row<AttendeeRecord, 'consent'> | undefined),
    byBadgeNo: async (no) => attendeeOf(byNo.get(eventId, no) as Row<AttendeeRecord, 'consent'> | undefined),
    count: async () => count.get(eventId)!,
    issueBadge: async (attendeeId, badgeNo, serial, now) => issue(attendeeId, badgeNo, serial, now),
    revokeBadges: async (attendeeId, now) => void revoke.run(now, attendeeId, eventId),
    badgeInForce: async (attendeeId) => inForce.get(attendeeId, eventId) ?? null,
  };
}

export function kiosks({ sqlite, eventId }: SqliteConnection): KioskRecords {
  const insert = sqlite.prepare(
    `INSERT INTO kiosks (event_id, id, station_id, label, token_hash, created_at, pairing_code_hash, pairing_expires_at)
     VALUES (@eventId, @id, @stationId, @label, @tokenHash, @createdAt, @pairingCodeHash, @pairingExpiresAt)`,
  );
  const byId = sqlite.prepare(`SELECT ${KIOSK_COLUMNS} FROM kiosks WHERE id = ? AND event_id = ?`);
  // Installation-wide: a kiosk's token names its event, whichever event is asked.
  const byToken = sqlite.prepare('SELECT id, station_id AS stationId, event_id AS eventId, revoked_at AS revokedAt FROM kiosks WHERE token_hash = ?');
  const all = sqlite.prepare(`SELECT ${KIOSK_COLUMNS} FROM kiosks WHERE event_id = ? ORDER BY created_at, rowid`);
  const open = sqlite.prepare('UPDATE kiosks SET pairing_code_hash = ?, pairing_expires_at = ? WHERE id = ? AND event_id = ? AND revoked_at IS NULL');
  const findCode = sqlite.prepare(
    'SELECT id, station_id AS stationId FROM kiosks WHERE pairing_code_hash = ? AND pairing_expires_at > ? AND event_id = ? AND revoked_at IS NULL',
  );
  const take = sqlite.prepare(
    'UPDATE kiosks SET token_hash = ?, pairing_code_hash = NULL, pairing_expires_at = NULL, last_seen_at = ? WHERE id = ? AND pairing_code_hash = ?',
  );
  const pair = writeTransaction(sqlite, (codeHash: string, tokenHash: string, now: number) => {
    const match = findCode.get(codeHash, now, eventId) as { id: string; stationId: string } | undefined;
    if (!match || take.run(tokenHash, now, match.id, codeHash).changes === 0) return null;
    return match;
  });
  const revoke = sqlite.prepare('UPDATE kiosks SET revoked_at = ? WHERE id = ? AND event_id = ?');
  const beat = sqlite.prepare(
    'UPDATE kiosks SET last_seen_at = ?, app_version = ?, pending = ?, camera = ?, battery_level = ?, battery_charging = ? WHERE id = ? AND event_id = ?',
  );
  return {
    create: async (k) => void insert.run({ ...k, eventId }),
    byId: async (id) => {
      const row = byId.get(id, eventId) as Row<KioskRecord, 'batteryCharging'> | undefined;
      return row ? kioskOf(row) : null;
    },
    byTokenHash: async (hash) => (byToken.get(hash) as KioskOfToken | undefined) ?? null,
    list: async () => (all.all(eventId) as Array<Row<KioskRecord, 'batteryCharging'>>).map(kioskOf),
    openPairing: async (id, codeHash, expiresAt) => open.run(codeHash, expiresAt, id, eventId).changes > 0,
    pair: async (codeHash, tokenHash, now) => pair(codeHash, tokenHash, now),
    revoke: async (id, now) => revoke.run(now, id, eventId).changes > 0,
    beat: async (id, b: KioskBeat, now) => {
      const battery = b.battery;
      beat.run(now, b.appVersion, b.pending, b.camera, battery?.level ?? null, battery === null ? null : Number(battery.charging), id, eventId);
    },
  };
}

/** An account with its role at the event (empty when it has none there); `?` is the event. */
const USER_SELECT = `SELECT u.id, u.username, u.display_name AS displayName, COALESCE(r.role, '') AS role, u.password_hash AS passwordHash,
    u.created_at AS createdAt, u.disabled_at AS disabledAt
  FROM users u LEFT JOIN staff_roles r ON r.user_id = u.id AND r.event_id = ?`;

/** The columns of `users` an update may set, by property (the role is the event's, in `staff_roles`). */
const USER_CHANGES = { displayName: 'display_name', passwordHash: 'password_hash', disabledAt: 'disabled_at' } as const;

export function users({ sqlite, eventId }: SqliteConnection): UserRecords {
  const insert = sqlite.prepare(
    `INSERT INTO users (id, username, display_name, role, password_hash, created_at, disabled_at)
     VALUES (@id, @username, @displayName, @role, @passwordHash, @createdAt, @disabledAt) ON CONFLICT (username) DO NOTHING`,
  );
  const grant = sqlite.prepare(
    'INSERT INTO staff_roles (user_id, event_id, role) VALUES (?, ?, ?) ON CONFLICT (user_id, event_id) DO UPDATE SET role = excluded.role',
  );
  const ungrant = sqlite.prepare('DELETE FROM staff_roles WHERE user_id = ? AND event_id = ?');
  const byId = sqlite.prepare(`${USER_SELECT} WHERE u.id = ?`);
  const byName = sqlite.prepare(`${USER_SELECT} WHERE u.username = ?`);
  const all = sqlite.prepare(`${USER_SELECT} ORDER BY u.username`);
  const rolesOf = sqlite.prepare('SELECT event_id AS eventId, role FROM staff_roles WHERE user_id = ? ORDER BY event_id');
  const create = writeTransaction(sqlite, (u: UserRecord) => {
    if (insert.run(u).changes === 0) return false;
    grant.run(u.id, eventId, u.role);
    return true;
  });
  const update = writeTransaction(sqlite, (id: string, changes: Parameters<UserRecords['update']>[1]) => {
    const keys = (Object.keys(changes) as Array<keyof typeof USER_CHANGES>).filter((k) => k in USER_CHANGES && changes[k] !== undefined);
    if (keys.length > 0) sqlite.prepare(`UPDATE users SET ${keys.map((k) => `${USER_CHANGES[k]} = ?`).join(', ')} WHERE id = ?`).run(...keys.map((k) => changes[k]), id);
    if (changes.role) grant.run(id, eventId, changes.role);
    else if (changes.role === '') ungrant.run(id, eventId);
  });
  return {
    create: async (u) => create(u),
    byId: async (id) => (byId.get(eventId, id) as UserRecord | undefined) ?? null,
    byUsername: async (name) => (byName.get(eventId, name) as UserRecord | undefined) ?? null,
    list: async () => all.all(eventId) as UserRecord[],
    update: async (id, changes) => update(id, changes),
    rolesOf: async (id) => rolesOf.all(id) as StaffRoleRecord[],
  };
}

export function sessions({ sqlite, eventId }: SqliteConnection): SessionRecords {
  const insert = sqlite.prepare('INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)');
  const find = sqlite.prepare(
    `SELECT u.id AS userId, COALESCE(r.role, '') AS role FROM sessions s JOIN users u ON u.id = s.user_id
       LEFT JOIN staff_roles r ON r.user_id = u.id AND r.event_id = ?
     WHERE s.token_hash = ? AND s.expires_at > ? AND u.disabled_at IS NULL`,
  );
  const remove = sqlite.prepare('DELETE FROM sessions WHERE token_hash = ?');
  const removeUser = sqlite.prepare('DELETE FROM sessions WHERE user_id = ?');
  const removeExpired = sqlite.prepare('DELETE FROM sessions WHERE expires_at <= ?');
  return {
    create: async (tokenHash, userId, now, expiresAt) => void insert.run(tokenHash, userId, now, expiresAt),
    find: async (tokenHash, now) => (find.get(eventId, tokenHash, now) as SessionStaff | undefined) ?? null,
    remove: async (tokenHash) => void remove.run(tokenHash),
    removeAllOf: async (userId) => void removeUser.run(userId),
    removeExpired: async (now) => void removeExpired.run(now),
  };
}

export function audit({ sqlite, eventId }: SqliteConnection): AuditRecords {
  const insert = sqlite.prepare(
    'INSERT INTO audit_log (event_id, at, role, user_id, kiosk_id, action, target, detail, address) VALUES (@eventId, @at, @role, @userId, @kioskId, @action, @target, @detail, @address)',
  );
  const writeAll = writeTransaction(sqlite, (entries: AuditEntry[]) => {
    for (const e of entries) insert.run({ ...e, eventId });
  });
  return {
    write: async (entries) => writeAll(entries),
    list: async (filter) => {
      const { where, args } = auditWhere(filter, eventId, () => '?');
      const limit = filter.limit === undefined ? '' : `LIMIT ${Number(filter.limit)}`;
      return sqlite.prepare(`${AUDIT_SELECT} ${where} ORDER BY a.id DESC ${limit}`).all(...args) as AuditRow[];
    },
  };
}

export function secrets({ dataDir }: SqliteConnection): EventSecrets {
  return fileSecrets(dataDir);
}

/** Secrets as files in `dataDir`, readable by their owner only; 'wx': of processes starting at once, the first file written is the one all read. */
export function fileSecrets(dataDir: string): EventSecrets {
  return {
    async getOrCreate(name, make) {
      const file = join(dataDir, SECRET_FILES[name]);
      try {
        return readFileSync(file, 'utf8').trim();
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
      try {
        writeFileSync(file, make(), { mode: 0o600, flag: 'wx' });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      return readFileSync(file, 'utf8').trim();
    },
  };
}

export function programme({ sqlite, eventId }: SqliteConnection): ProgrammeRecords {
  const all = sqlite.prepare<[string], ProgrammeTime>(
    'SELECT item_id AS itemId, start, "end", changed_at AS changedAt FROM programme_times WHERE event_id = ? ORDER BY item_id',
  );
  const upsert = sqlite.prepare(
    `INSERT INTO programme_times (event_id, item_id, start, "end", changed_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (event_id, item_id) DO UPDATE SET start = excluded.start, "end" = excluded."end", changed_at = excluded.changed_at`,
  );
  return {
    times: async () => all.all(eventId),
    setTime: async (t) => void upsert.run(eventId, t.itemId, t.start, t.end, t.changedAt),
  };
}

export function consents({ sqlite, eventId }: SqliteConnection): ConsentRecords {
  const of = sqlite.prepare<[string, number], { stationId: string; given: number; changedAt: number }>(
    'SELECT station_id AS stationId, given, changed_at AS changedAt FROM attendee_consents WHERE event_id = ? AND badge_no = ? ORDER BY station_id',
  );
  const upsert = sqlite.prepare(
    `INSERT INTO attendee_consents (event_id, badge_no, station_id, given, changed_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (event_id, badge_no, station_id) DO UPDATE SET given = excluded.given, changed_at = excluded.changed_at`,
  );
  return {
    of: async (badgeNo) => of.all(eventId, badgeNo).map((c) => ({ ...c, given: c.given === 1 })),
    set: async (badgeNo, c) => void upsert.run(eventId, badgeNo, c.stationId, c.given ? 1 : 0, c.changedAt),
  };
}
