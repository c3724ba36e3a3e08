import type Database from 'better-sqlite3';
import type pg from 'pg';
import type { EventDef, EventStatus, LocalText } from '../../shared/event.ts';
import { writeTransaction } from './connection.ts';
import { inTransaction } from './postgres-connection.ts';

/**
 * The tables whose rows belong to an event (`event_id`). Stations come first: a kiosk's key names
 * its station of an event, and changing a station's event carries its kiosks along (ON UPDATE
 * CASCADE). Staff accounts and their sessions belong to the installation; their roles, to an event.
 */
const EVENT_TABLES = ['stations', 'attendees', 'badges', 'scans', 'visits', 'station_actions', 'audit_log', 'staff_roles'] as const;

/** An event file as an `events` row: names, venue (JSON), first and last day, the file itself (JSON). */
function eventRow(def: EventDef, now: number): unknown[] {
  return [def.id, def.name.kk, def.name.ru, def.name.en, JSON.stringify(def.venue), def.date, def.date, JSON.stringify(def), now];
}

const INSERT_EVENT = (p: (n: number) => string) =>
  `INSERT INTO events (id, name_kk, name_ru, name_en, venue, starts_on, ends_on, definition, created_at, current)
   VALUES (${[1, 2, 3, 4, 5, 6, 7, 8, 9].map(p).join(', ')}, NOT EXISTS (SELECT 1 FROM events WHERE current))
   ON CONFLICT (id) DO NOTHING`;

/**
 * Writes the event of EVENT_FILE in when the installation does not hold it yet: the current event
 * when no other is. Rows written before events existed (an older data folder or database, their
 * `event_id` empty) become that event's, so an installation keeps its day when it is upgraded.
 * Returns the id of the current event. One transaction; idempotent.
 */
export function seedSqliteEvent(sqlite: Database.Database, def: EventDef, now = Date.now()): string {
  const adopt = EVENT_TABLES.map((t) => sqlite.prepare(`UPDATE ${t} SET event_id = ? WHERE event_id = ''`));
  const insert = sqlite.prepare(INSERT_EVENT(() => '?'));
  return writeTransaction(sqlite, () => {
    if (insert.run(...eventRow(def, now)).changes > 0) for (const a of adopt) a.run(def.id);
    return currentSqliteEvent(sqlite);
  })();
}

/** The id of the current event; empty before one is seeded (rows written then are the seeded event's once it is). */
export function currentSqliteEvent(sqlite: Database.Database): string {
  return sqlite.prepare<[], string>('SELECT id FROM events WHERE current').pluck().get() ?? '';
}

/** `seedSqliteEvent` in PostgreSQL. */
export function seedPostgresEvent(pool: pg.Pool, def: EventDef, now = Date.now()): Promise<string> {
  return inTransaction(pool, async (c) => {
    // Servers of one installation starting together seed once: the second waits for the first.
    await c.query('LOCK TABLE events IN SHARE ROW EXCLUSIVE MODE');
    const inserted = await c.query(INSERT_EVENT((n) => `$${n}`), eventRow(def, now));
    if ((inserted.rowCount ?? 0) > 0) for (const t of EVENT_TABLES) await c.query(`UPDATE ${t} SET event_id = $1 WHERE event_id = ''`, [def.id]);
    return (await c.query<{ id: string }>('SELECT id FROM events WHERE current')).rows[0]?.id ?? '';
  });
}

/** `currentSqliteEvent` in PostgreSQL. */
export async function currentPostgresEvent(pool: pg.Pool): Promise<string> {
  return (await pool.query<{ id: string }>('SELECT id FROM events WHERE current')).rows[0]?.id ?? '';
}

/** An event of the installation as stored. */
export interface EventRecord {
  id: string;
  name: LocalText;
  venue: string | LocalText;
  /** First and last day, `YYYY-MM-DD`. */
  startsOn: string;
  endsOn: string;
  status: EventStatus;
  /** Served on today's paths (one event is). */
  current: boolean;
  createdAt: number;
  /** The event file it was made from: stations, queue limits. */
  definition: EventDef;
}

/** What an organiser may change of an event. */
export type EventChanges = Partial<Pick<EventRecord, 'startsOn' | 'endsOn' | 'status'>>;

/** The events of the installation: installation-wide, as staff accounts are. */
export interface EventRecords {
  /** Every event, the latest first day first. */
  list(): Promise<EventRecord[]>;
  byId(id: string): Promise<EventRecord | null>;
  /** Adds an event made from an event file (open, not current); false when its id is taken. */
  create(def: EventDef, startsOn: string, endsOn: string, now: number): Promise<boolean>;
  /** Changes an event's dates or status; false when there is no such event. */
  update(id: string, changes: EventChanges): Promise<boolean>;
  /** Makes an event the current one (and no other); false when there is no such event. */
  makeCurrent(id: string): Promise<boolean>;
}

const EVENT_COLUMNS = `id, name_kk AS "nameKk", name_ru AS "nameRu", name_en AS "nameEn", venue, starts_on AS "startsOn", ends_on AS "endsOn",
  status, definition, current, created_at AS "createdAt"`;

interface EventRow {
  id: string;
  nameKk: string;
  nameRu: string;
  nameEn: string;
  venue: string;
  startsOn: string;
  endsOn: string;
  status: string;
  definition: string;
  current: number | boolean;
  createdAt: number;
}

function eventOf(row: EventRow | undefined): EventRecord | null {
  if (!row) return null;
  return {
    id: row.id,
    name: { kk: row.nameKk, ru: row.nameRu, en: row.nameEn },
    venue: JSON.parse(row.venue) as string | LocalText,
    startsOn: row.startsOn,
    endsOn: row.endsOn,
    status: row.status as EventStatus,
    current: row.current === true || row.current === 1,
    createdAt: Number(row.createdAt),
    definition: JSON.parse(row.definition) as EventDef,
  };
}

/** The columns an event update may set, by property. */
const EVENT_CHANGES = { startsOn: 'starts_on', endsOn: 'ends_on', status: 'status' } as const;

/** The SET list of an update and its values; `p(n)` writes the dialect's n-th parameter. */
function eventSet(changes: EventChanges, p: (n: number) => string): { set: string; values: string[] } {
  const keys = (Object.keys(EVENT_CHANGES) as Array<keyof EventChanges>).filter((k) => changes[k] !== undefined);
  return { set: keys.map((k, i) => `${EVENT_CHANGES[k]} = ${p(i + 1)}`).join(', '), values: keys.map((k) => changes[k]!) };
}

const CREATE_EVENT = (p: (n: number) => string) =>
  `INSERT INTO events (id, name_kk, name_ru, name_en, venue, starts_on, ends_on, definition, created_at)
   VALUES (${[1, 2, 3, 4, 5, 6, 7, 8, 9].map(p).join(', ')}) ON CONFLICT (id) DO NOTHING`;

const createRow = (def: EventDef, startsOn: string, endsOn: string, now: number) => [
  def.id, def.name.kk, def.name.ru, def.name.en, JSON.stringify(def.venue), startsOn, endsOn, JSON.stringify(def), now,
];

/** Attendees of several events in both dialects' order of events: the latest first (by its first day, then the one made last). */
export const LATEST_EVENT_FIRST = `(SELECT starts_on FROM events WHERE events.id = attendees.event_id) DESC,
  (SELECT created_at FROM events WHERE events.id = attendees.event_id) DESC, event_id`;

/** The events in SQLite. */
export function sqliteEvents(sqlite: Database.Database): EventRecords {
  const all = sqlite.prepare(`SELECT ${EVENT_COLUMNS} FROM events ORDER BY starts_on DESC, created_at DESC`);
  const byId = sqlite.prepare(`SELECT ${EVENT_COLUMNS} FROM events WHERE id = ?`);
  const insert = sqlite.prepare(CREATE_EVENT(() => '?'));
  const clear = sqlite.prepare('UPDATE events SET current = 0 WHERE current AND id <> ?');
  const pick = sqlite.prepare('UPDATE events SET current = 1 WHERE id = ?');
  const makeCurrent = writeTransaction(sqlite, (id: string) => {
    if (pick.run(id).changes === 0) return false;
    clear.run(id);
    return true;
  });
  return {
    list: async () => (all.all() as EventRow[]).map((r) => eventOf(r)!),
    byId: async (id) => eventOf(byId.get(id) as EventRow | undefined),
    create: async (def, startsOn, endsOn, now) => insert.run(...createRow(def, startsOn, endsOn, now)).changes > 0,
    update: async (id, changes) => {
      const { set, values } = eventSet(changes, () => '?');
      if (!set) return byId.get(id) !== undefined;
      return sqlite.prepare(`UPDATE events SET ${set} WHERE id = ?`).run(...values, id).changes > 0;
    },
    makeCurrent: async (id) => makeCurrent(id),
  };
}

/** The events in PostgreSQL. */
export function postgresEvents(pool: pg.Pool): EventRecords {
  const byId = async (id: string) => eventOf((await pool.query<EventRow>(`SELECT ${EVENT_COLUMNS} FROM events WHERE id = $1`, [id])).rows[0]);
  return {
    list: async () =>
      (await pool.query<EventRow>(`SELECT ${EVENT_COLUMNS} FROM events ORDER BY starts_on DESC, created_at DESC`)).rows.map((r) => eventOf(r)!),
    byId,
    create: async (def, startsOn, endsOn, now) => ((await pool.query(CREATE_EVENT((n) => `$${n}`), createRow(def, startsOn, endsOn, now))).rowCount ?? 0) > 0,
    update: async (id, changes) => {
      const { set, values } = eventSet(changes, (n) => `$${n}`);
      if (!set) return (await byId(id)) !== null;
      return ((await pool.query(`UPDATE events SET ${set} WHERE id = $${values.length + 1}`, [...values, id])).rowCount ?? 0) > 0;
    },
    makeCurrent: (id) =>
      inTransaction(pool, async (c) => {
        if (((await c.query('UPDATE events SET current = true WHERE id = $1', [id])).rowCount ?? 0) === 0) return false;
        await c.query('UPDATE events SET current = false WHERE current AND id <> $1', [id]);
        return true;
      }),
  };
}
