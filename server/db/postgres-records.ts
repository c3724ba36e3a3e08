// PostgreSQL's record sets of the durable store (server/db/durable-store.ts), one maker each.
import type pg from 'pg';
import { AUDIT_SELECT, auditWhere } from './audit-query.ts';
import { FIRST_BADGE_NO } from './durable-store.ts';
import * as durable from './durable-store.ts';
import { inTransaction } from './postgres-connection.ts';
import { LATEST_EVENT_FIRST } from './events.ts';

export { reports } from './postgres-reports.ts';

/** Any number below 2^31 naming the lock that hands out badge numbers one at a time, across servers. */
const BADGE_NO_LOCK = 70_535_002;

const ATTENDEE_COLUMNS = `id, badge_no AS "badgeNo", first_name AS "firstName", last_name AS "lastName", category, institution, grade,
  phone, email, language, consent, external_ref AS "externalRef", created_at AS "createdAt", search_key AS "searchKey"`;

/** The person an attendee is: the one they were registered again as, else their own. */
const PERSON = 'COALESCE(person_id, id)';

const KIOSK_COLUMNS = `id, station_id AS "stationId", label, token_hash AS "tokenHash", created_at AS "createdAt", revoked_at AS "revokedAt",
  pairing_code_hash AS "pairingCodeHash", pairing_expires_at AS "pairingExpiresAt", last_seen_at AS "lastSeenAt",
  app_version AS "appVersion", pending, camera, battery_level AS "batteryLevel", battery_charging AS "batteryCharging"`;

/** An account with its role at the event (empty when it has none there); `$1` is the event. */
const USER_SELECT = `SELECT u.id, u.username, u.display_name AS "displayName", COALESCE(r.role, '') AS role, u.password_hash AS "passwordHash",
    u.created_at AS "createdAt", u.disabled_at AS "disabledAt"
  FROM users u LEFT JOIN staff_roles r ON r.user_id = u.id AND r.event_id = $1`;

/** The columns a user update may set, by property. */
const USER_CHANGES = { displayName: 'display_name', passwordHash: 'password_hash', disabledAt: 'disabled_at' } as const;

const GRANT = `INSERT INTO staff_roles (user_id, event_id, role) VALUES ($1, $2, $3)
  ON CONFLICT (user_id, event_id) DO UPDATE SET role = excluded.role`;

/** What PostgreSQL's record sets are made from: the pool, and the event rows are written for (server/db/events.ts). */
export interface PostgresConnection {
  pool: pg.Pool;
  eventId: string;
}

/** The first row of a result, or null. */
async function one<T extends pg.QueryResultRow>(pending: Promise<pg.QueryResult<T>>): Promise<T | null> {
  return (await pending).rows[0] ?? null;
}

export function stations({ pool, eventId }: PostgresConnection): durable.StationRecords {
  const upsert = `INSERT INTO stations (id, name_kk, name_ru, name_en, "group", host, capacity, mode, session_minutes, max_stay_minutes, event_id)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
    ON CONFLICT (event_id, id) DO UPDATE SET name_kk = excluded.name_kk, name_ru = excluded.name_ru, name_en = excluded.name_en,
      "group" = excluded."group", host = excluded.host, capacity = excluded.capacity, mode = excluded.mode,
      session_minutes = excluded.session_minutes, max_stay_minutes = excluded.max_stay_minutes`;
  return {
    save: (defs) =>
      inTransaction(pool, async (c) => {
        for (const s of defs) {
          await c.query(upsert, [s.id, s.name.kk, s.name.ru, s.name.en, s.group, s.host, s.capacity, s.mode, s.sessionMinutes, s.maxStayMinutes, eventId]);
        }
      }),
    count: async () => (await pool.query<{ n: number }>('SELECT count(*)::integer AS n FROM stations WHERE event_id = $1', [eventId])).rows[0].n,
  };
}

/** LIKE's own characters taken literally. */
const likeText = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * A search as PostgreSQL runs it over one event's attendees (`$1`): each name word the start of a
 * word of the search key; text ordered by code point, as SQLite does.
 */
function postgresSearch(query: durable.AttendeeQuery, eventId: string): { where: string; order: string; args: unknown[] } {
  if ('all' in query) return { where: 'WHERE event_id = $1', order: 'badge_no DESC', args: [eventId] };
  if ('digits' in query) {
    return {
      where: 'WHERE event_id = $1 AND (badge_no = $2 OR cast(badge_no AS text) LIKE $3 OR phone LIKE $4)',
      order: 'badge_no = $2 DESC, badge_no',
      args: [eventId, Number(query.digits), `${likeText(query.digits)}%`, `%${likeText(query.phone)}%`],
    };
  }
  return { where: `WHERE event_id = $1 AND ${nameWordsWhere(query.words, 2)}`, order: 'search_key COLLATE "C", badge_no', args: [eventId, ...nameWordsArgs(query.words)] };
}

/** Each name word the start of a word of the search key, the first word's pattern at parameter `$first`. */
const nameWordsWhere = (words: string[], first: number) => words.map((_, i) => `(' ' || search_key) LIKE $${i + first}`).join(' AND ');
const nameWordsArgs = (words: string[]) => words.map((w) => `% ${likeText(w)}%`);

/** The attendees of a list of ids or a range of badge numbers, and their badges. */
function attendeesByIds({ pool, eventId }: PostgresConnection): Pick<durable.AttendeeRecords, 'byIds' | 'byBadgeRange' | 'badgesInForce' | 'everBadged'> {
  return {
    byIds: async (ids) =>
      (await pool.query<durable.AttendeeRecord>(`SELECT ${ATTENDEE_COLUMNS} FROM attendees WHERE id = ANY($1::text[]) AND event_id = $2 ORDER BY badge_no`, [ids, eventId])).rows,
    byBadgeRange: async (from, to, limit) =>
      (
        await pool.query<durable.AttendeeRecord>(
          `SELECT ${ATTENDEE_COLUMNS} FROM attendees WHERE event_id = $4 AND badge_no BETWEEN $1 AND $2 ORDER BY badge_no LIMIT $3`,
          [from, to, limit, eventId],
        )
      ).rows,
    badgesInForce: async (ids) => {
      const r = await pool.query<{ id: string; serial: string }>(
        'SELECT attendee_id AS id, serial FROM badges WHERE attendee_id = ANY($1::text[]) AND event_id = $2 AND revoked_at IS NULL ORDER BY issued_at',
        [ids, eventId],
      );
      return new Map(r.rows.map((b) => [b.id, b.serial]));
    },
    everBadged: async (ids) =>
      new Set(
        (await pool.query<{ id: string }>('SELECT DISTINCT attendee_id AS id FROM badges WHERE attendee_id = ANY($1::text[]) AND event_id = $2', [ids, eventId])).rows.map(
          (b) => b.id,
        ),
      ),
  };
}

/** Finding attendees by name, phone or badge number: in this event a page at a time, or in the installation's other events. */
function attendeeSearches({ pool, eventId }: PostgresConnection): Pick<durable.AttendeeRecords, 'search' | 'elsewhere' | 'registrationsOf'> {
  return {
    search: async (query, limit, offset) => {
      const { where, order, args } = postgresSearch(query, eventId);
      const total = (await pool.query<{ n: number }>(`SELECT count(*)::integer AS n FROM attendees ${where}`, args)).rows[0].n;
      const rows = await pool.query<durable.AttendeeRecord>(
        `SELECT ${ATTENDEE_COLUMNS} FROM attendees ${where} ORDER BY ${order} LIMIT $${args.length + 1} OFFSET $${args.length + 2}`,
        [...args, limit, offset],
      );
      return { total, rows: rows.rows };
    },
    elsewhere: async (query, limit) => {
      const [where, order, args] =
        'phone' in query ? ['phone = $2', 'badge_no', [query.phone]] : [nameWordsWhere(query.words, 2), 'search_key COLLATE "C", badge_no', nameWordsArgs(query.words)];
      const found = await pool.query<durable.AttendeeElsewhere>(
        `SELECT event_id AS "eventId", ${PERSON} AS "personId", ${ATTENDEE_COLUMNS} FROM attendees WHERE event_id <> $1 AND ${where}
         ORDER BY ${LATEST_EVENT_FIRST}, ${order} LIMIT $${args.length + 2}`,
        [eventId, ...args, limit],
      );
      return found.rows;
    },
    registrationsOf: async (personIds) => {
      if (personIds.length === 0) return [];
      const found = await pool.query<durable.PersonAt>(
        `SELECT ${PERSON} AS "personId", event_id AS "eventId", badge_no AS "badgeNo" FROM attendees
         WHERE ${PERSON} = ANY($1::text[]) ORDER BY ${LATEST_EVENT_FIRST}, badge_no`,
        [personIds],
      );
      return found.rows;
    },
  };
}

export function attendees({ pool, eventId }: PostgresConnection): durable.AttendeeRecords {
  const revoke = 'UPDATE badges SET revoked_at = $1 WHERE attendee_id = $2 AND event_id = $3 AND revoked_at IS NULL';
  type Queryable = Pick<pg.PoolClient, 'query'>;
  const add = (c: Queryable, id: string, no: number, f: durable.AttendeeFields, searchKey: string, now: number) =>
    c.query(
      `INSERT INTO attendees (id, badge_no, first_name, last_name, category, institution, grade, phone, email, language, consent, external_ref, created_at, search_key, event_id, person_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
      [id, no, f.firstName, f.lastName ?? '', f.category ?? 'other', f.institution ?? '', f.grade ?? '', f.phone ?? null, f.email ?? null,
        f.language ?? 'kk', f.consent ?? false, f.externalRef ?? null, now, searchKey, eventId, f.personId ?? null],
    );
  const change = async (c: Queryable, id: string, f: durable.AttendeeFields, searchKey: string) =>
    ((
      await c.query(
        `UPDATE attendees SET first_name = $1, last_name = $2, category = $3, institution = $4, grade = $5, phone = $6, email = $7, language = $8,
           consent = $9, search_key = $10 WHERE id = $11 AND event_id = $12`,
        [f.firstName, f.lastName ?? '', f.category ?? 'other', f.institution ?? '', f.grade ?? '', f.phone ?? null, f.email ?? null,
          f.language ?? 'kk', f.consent ?? false, searchKey, id, eventId],
      )
    ).rowCount ?? 0) > 0;
  /** Badge numbers are given one registration at a time, across servers: the lock is held until the transaction ends. */
  const nextNo = async (c: Queryable) => {
    await c.query('SELECT pg_advisory_xact_lock($1)', [BADGE_NO_LOCK]);
    const { max } = (await c.query<{ max: number | null }>('SELECT max(badge_no) AS max FROM attendees WHERE event_id = $1', [eventId])).rows[0];
    return Math.max(FIRST_BADGE_NO, (max ?? 0) + 1);
  };
  return {
    register: (id, f, searchKey, now) =>
      inTransaction(pool, async (c) => {
        const no = await nextNo(c);
        // Read under the registrations' lock: a second desk registering the same person waits for the first.
        const twice = f.personId ? (await c.query<{ badgeNo: number }>('SELECT badge_no AS "badgeNo" FROM attendees WHERE event_id = $1 AND person_id = $2', [eventId, f.personId])).rows[0] : undefined;
        if (twice) throw new durable.AlreadyRegistered(twice.badgeNo);
        await add(c, id, no, f, searchKey, now);
        return no;
      }),
    update: (id, f, searchKey) => change(pool, id, f, searchKey),
    importing: (decide, write, now) =>
      inTransaction(pool, async (c) => {
        const next = await nextNo(c);
        const plan = decide((await c.query<durable.AttendeeRecord>(`SELECT ${ATTENDEE_COLUMNS} FROM attendees WHERE event_id = $1`, [eventId])).rows, next);
        if (!write) return plan.result;
        for (const n of plan.creates) await add(c, n.id, n.badgeNo, n.fields, n.searchKey, now);
        for (const u of plan.updates) await change(c, u.id, u.fields, u.searchKey);
        return plan.result;
      }),
    ...attendeeSearches({ pool, eventId }),
    ...attendeesByIds({ pool, eventId }),
    byId: (id) => one(pool.query<durable.AttendeeRecord>(`SELECT ${ATTENDEE_COLUMNS} FROM attendees WHERE id = $1 AND event_id = $2`, [id, eventId])),
    sharedWith: async (other) =>
      (
        await pool.query<{ registered: number; arrived: number }>(
          `SELECT COUNT(*)::integer AS registered,
             COUNT(*) FILTER (WHERE EXISTS (SELECT 1 FROM visits v WHERE v.event_id = a.event_id AND v.badge_no = a.badge_no)
               AND EXISTS (SELECT 1 FROM visits v WHERE v.event_id = b.event_id AND v.badge_no = b.badge_no))::integer AS arrived
           FROM attendees a JOIN attendees b ON COALESCE(b.person_id, b.id) = COALESCE(a.person_id, a.id)
           WHERE a.event_id = $1 AND b.event_id = $2`,
          [eventId, other],
        )
      ).rows[0],
    personOf: async (id) => (await pool.query<{ p: string }>(`SELECT ${PERSON} AS p FROM attendees WHERE id = $1 AND event_id = $2`, [id, eventId])).rows[0]?.p ?? null,
    byBadgeNo: (no) => one(pool.query<durable.AttendeeRecord>(`SELECT ${ATTENDEE_COLUMNS} FROM attendees WHERE event_id = $1 AND badge_no = $2`, [eventId, no])),
    count: async () => (await pool.query<{ n: number }>('SELECT count(*)::integer AS n FROM attendees WHERE event_id = $1', [eventId])).rows[0].n,
    issueBadge: (attendeeId, badgeNo, serial, now) =>
      inTransaction(pool, async (c) => {
        await c.query(revoke, [now, attendeeId, eventId]);
        await c.query('INSERT INTO badges (serial, attendee_id, badge_no, issued_at, event_id) VALUES ($1, $2, $3, $4, $5)', [serial, attendeeId, badgeNo, now, eventId]);
      }),
    revokeBadges: async (attendeeId, now) => void (await pool.query(revoke, [now, attendeeId, eventId])),
    badgeInForce: async (attendeeId) =>
      (
        await one(
          pool.query<{ serial: string }>(
            'SELECT serial FROM badges WHERE attendee_id = $1 AND event_id = $2 AND revoked_at IS NULL ORDER BY issued_at DESC LIMIT 1',
            [attendeeId, eventId],
          ),
        )
      )?.serial ?? null,
  };
}

export function kiosks({ pool, eventId }: PostgresConnection): durable.KioskRecords {
  return {
    create: async (k) =>
      void (await pool.query(
        `INSERT INTO kiosks (id, station_id, label, token_hash, created_at, pairing_code_hash, pairing_expires_at, event_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [k.id, k.stationId, k.label, k.tokenHash, k.createdAt, k.pairingCodeHash, k.pairingExpiresAt, eventId],
      )),
    byId: (id) => one(pool.query<durable.KioskRecord>(`SELECT ${KIOSK_COLUMNS} FROM kiosks WHERE id = $1 AND event_id = $2`, [id, eventId])),
    // Installation-wide: a kiosk's token names its event, whichever event is asked.
    byTokenHash: (hash) =>
      one(pool.query<durable.KioskOfToken>({
        name: 'kz_kiosk_by_token',
        text: 'SELECT id, station_id AS "stationId", event_id AS "eventId", revoked_at AS "revokedAt" FROM kiosks WHERE token_hash = $1',
        values: [hash],
      })),
    list: async () => (await pool.query<durable.KioskRecord>(`SELECT ${KIOSK_COLUMNS} FROM kiosks WHERE event_id = $1 ORDER BY created_at, id`, [eventId])).rows,
    openPairing: async (id, codeHash, expiresAt) =>
      ((
        await pool.query('UPDATE kiosks SET pairing_code_hash = $1, pairing_expires_at = $2 WHERE id = $3 AND event_id = $4 AND revoked_at IS NULL', [
          codeHash, expiresAt, id, eventId,
        ])
      ).rowCount ?? 0) > 0,
    // One statement: of two devices pairing with one code at once, the second finds the code gone
    // when PostgreSQL checks the row again after the first one's update.
    pair: (codeHash, tokenHash, now) =>
      one(pool.query<{ id: string; stationId: string }>(
        `UPDATE kiosks SET token_hash = $2, pairing_code_hash = NULL, pairing_expires_at = NULL, last_seen_at = $3
         WHERE id = (SELECT id FROM kiosks WHERE pairing_code_hash = $1 AND pairing_expires_at > $3 AND event_id = $4 AND revoked_at IS NULL LIMIT 1)
           AND pairing_code_hash = $1 AND revoked_at IS NULL
         RETURNING id, station_id AS "stationId"`,
        [codeHash, tokenHash, now, eventId],
      )),
    revoke: async (id, now) => ((await pool.query('UPDATE kiosks SET revoked_at = $1 WHERE id = $2 AND event_id = $3', [now, id, eventId])).rowCount ?? 0) > 0,
    beat: async (id, b, now) =>
      void (await pool.query({
        name: 'kz_kiosk_beat',
        text: 'UPDATE kiosks SET last_seen_at = $1, app_version = $2, pending = $3, camera = $4, battery_level = $5, battery_charging = $6 WHERE id = $7 AND event_id = $8',
        values: [now, b.appVersion, b.pending, b.camera, b.battery?.level ?? null, b.battery?.charging ?? null, id, eventId],
      })),
  };
}

export function users({ pool, eventId }: PostgresConnection): durable.UserRecords {
  return {
    create: (u) =>
      inTransaction(pool, async (c) => {
        const made = await c.query(
          `INSERT INTO users (id, username, display_name, role, password_hash, created_at, disabled_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
           ON CONFLICT (username) DO NOTHING`,
          [u.id, u.username, u.displayName, u.role, u.passwordHash, u.createdAt, u.disabledAt],
        );
        if ((made.rowCount ?? 0) === 0) return false;
        await c.query(GRANT, [u.id, eventId, u.role]);
        return true;
      }),
    byId: (id) => one(pool.query<durable.UserRecord>(`${USER_SELECT} WHERE u.id = $2`, [eventId, id])),
    byUsername: (name) => one(pool.query<durable.UserRecord>(`${USER_SELECT} WHERE u.username = $2`, [eventId, name])),
    // COLLATE "C": by code point, as SQLite sorts text.
    list: async () => (await pool.query<durable.UserRecord>(`${USER_SELECT} ORDER BY u.username COLLATE "C"`, [eventId])).rows,
    update: (id, changes) =>
      inTransaction(pool, async (c) => {
        const keys = (Object.keys(changes) as Array<keyof typeof USER_CHANGES>).filter((k) => k in USER_CHANGES && changes[k] !== undefined);
        if (keys.length > 0) {
          const set = keys.map((k, i) => `${USER_CHANGES[k]} = $${i + 1}`).join(', ');
          await c.query(`UPDATE users SET ${set} WHERE id = $${keys.length + 1}`, [...keys.map((k) => changes[k]), id]);
        }
        if (changes.role) await c.query(GRANT, [id, eventId, changes.role]);
        else if (changes.role === '') await c.query('DELETE FROM staff_roles WHERE user_id = $1 AND event_id = $2', [id, eventId]);
      }),
    rolesOf: async (id) =>
      (await pool.query<durable.StaffRoleRecord>('SELECT event_id AS "eventId", role FROM staff_roles WHERE user_id = $1 ORDER BY event_id COLLATE "C"', [id])).rows,
  };
}

export function sessions({ pool, eventId }: PostgresConnection): durable.SessionRecords {
  return {
    create: async (tokenHash, userId, now, expiresAt) =>
      void (await pool.query('INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)', [tokenHash, userId, now, expiresAt])),
    find: (tokenHash, now) =>
      one(pool.query<durable.SessionStaff>({
        name: 'kz_session_find',
        text: `SELECT u.id AS "userId", COALESCE(r.role, '') AS role FROM sessions s JOIN users u ON u.id = s.user_id
                 LEFT JOIN staff_roles r ON r.user_id = u.id AND r.event_id = $3
               WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.disabled_at IS NULL`,
        values: [tokenHash, now, eventId],
      })),
    remove: async (tokenHash) => void (await pool.query('DELETE FROM sessions WHERE token_hash = $1', [tokenHash])),
    removeAllOf: async (userId) => void (await pool.query('DELETE FROM sessions WHERE user_id = $1', [userId])),
    removeExpired: async (now) => void (await pool.query('DELETE FROM sessions WHERE expires_at <= $1', [now])),
  };
}

export function audit({ pool, eventId }: PostgresConnection): durable.AuditRecords {
  return {
    write: (entries) =>
      inTransaction(pool, async (c) => {
        for (const e of entries) {
          await c.query({
            name: 'kz_audit_insert',
            text: 'INSERT INTO audit_log (at, role, user_id, kiosk_id, action, target, detail, address, event_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)',
            values: [e.at, e.role, e.userId, e.kioskId, e.action, e.target, e.detail, e.address, eventId],
          });
        }
      }),
    list: async (filter) => {
      const { where, args } = auditWhere(filter, eventId, (n) => `$${n}`);
      const limit = filter.limit === undefined ? '' : `LIMIT ${Number(filter.limit)}`;
      return (await pool.query<durable.AuditRow>(`${AUDIT_SELECT} ${where} ORDER BY a.id DESC ${limit}`, args)).rows;
    },
  };
}

export function secrets({ pool }: PostgresConnection): durable.EventSecrets {
  return {
    async getOrCreate(name, make) {
      const kept = await one(pool.query<{ value: string }>('SELECT value FROM event_secrets WHERE name = $1', [name]));
      if (kept) return kept.value;
      await pool.query('INSERT INTO event_secrets (name, value, created_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING', [name, make(), Date.now()]);
      return (await pool.query<{ value: string }>('SELECT value FROM event_secrets WHERE name = $1', [name])).rows[0].value;
    },
  };
}

export function programme({ pool, eventId }: PostgresConnection): durable.ProgrammeRecords {
  return {
    times: async () =>
      (
        await pool.query<durable.ProgrammeTime>({
          name: 'kz_programme_times',
          text: 'SELECT item_id AS "itemId", start, "end", changed_at AS "changedAt" FROM programme_times WHERE event_id = $1 ORDER BY item_id',
          values: [eventId],
        })
      ).rows,
    setTime: async (t) =>
      void (await pool.query({
        name: 'kz_programme_set_time',
        text: `INSERT INTO programme_times (event_id, item_id, start, "end", changed_at) VALUES ($1, $2, $3, $4, $5)
          ON CONFLICT (event_id, item_id) DO UPDATE SET start = excluded.start, "end" = excluded."end", changed_at = excluded.changed_at`,
        values: [eventId, t.itemId, t.start, t.end, t.changedAt],
      })),
  };
}

export function consents({ pool, eventId }: PostgresConnection): durable.ConsentRecords {
  return {
    of: async (badgeNo) =>
      (
        await pool.query<durable.ConsentChoice>(
          'SELECT station_id AS "stationId", given, changed_at AS "changedAt" FROM attendee_consents WHERE event_id = $1 AND badge_no = $2 ORDER BY station_id',
          [eventId, badgeNo],
        )
      ).rows,
    set: async (badgeNo, c) =>
      void (await pool.query(
        `INSERT INTO attendee_consents (event_id, badge_no, station_id, given, changed_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (event_id, badge_no, station_id) DO UPDATE SET given = excluded.given, changed_at = excluded.changed_at`,
        [eventId, badgeNo, c.stationId, c.given, c.changedAt],
      )),
  };
}
