import type Database from 'better-sqlite3';
import type pg from 'pg';
import type { EventDef } from '../../shared/event.ts';
import { writeTransaction } from './client.ts';
import { inTransaction } from './postgres-client.ts';

/**
 * The tables whose rows belong to an event (`event_id`). Stations come first: a kiosk's key names
 * its station of an event, and changing a station's event carries its kiosks along (ON UPDATE
 * CASCADE). Staff accounts and their sessions belong to the installation.
 */
const EVENT_TABLES = ['stations', 'attendees', 'badges', 'scans', 'visits', 'station_actions', 'audit_log'] as const;

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
