import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle as sqliteDrizzle } from 'drizzle-orm/better-sqlite3';
import { migrate as sqliteMigrate } from 'drizzle-orm/better-sqlite3/migrator';
import { drizzle as pgDrizzle } from 'drizzle-orm/node-postgres';
import { migrate as pgMigrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/client.ts';
import { seedPostgresEvent, seedSqliteEvent } from '../../server/db/events.ts';
import { Journal } from '../../server/db/journal.ts';
import { openPostgresStore } from '../../server/db/postgres-store.ts';
import { sqliteStore } from '../../server/db/sqlite-store.ts';
import { PG_MIGRATIONS_DIR, SQLITE_MIGRATIONS_DIR } from '../../server/paths.ts';
import type { EventDef } from '../../shared/event.ts';
import { event, log } from '../live/stores.ts';
import { testDatabase, type TestDatabase } from '../support/postgres.ts';

// Events in the durable store: an installation from before events keeps its day (every row becomes
// the seeded event's), and what is unique per event (station ids, badge numbers) is only that.

/** Every table whose rows belong to an event. */
const EVENT_TABLES = ['stations', 'attendees', 'badges', 'kiosks', 'scans', 'visits', 'station_actions', 'audit_log'];

/** A copy of the migrations as they were before events, in a folder of their own. */
function migrationsBeforeEvents(from: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'kezek-old-migrations-'));
  cpSync(from, dir, { recursive: true, filter: (src) => !src.includes('_events') });
  const journalFile = join(dir, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: Array<{ tag: string }> };
  const at = journal.entries.findIndex((e) => e.tag.endsWith('_events'));
  expect(at).toBeGreaterThan(0);
  journal.entries = journal.entries.slice(0, at);
  writeFileSync(journalFile, JSON.stringify(journal));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A day's worth of rows as an installation from before events wrote them (no `event_id`); `$n` or `?` parameters. */
function oldRows(param: (n: number) => string): Array<[string, unknown[]]> {
  const p = (count: number) => Array.from({ length: count }, (_, i) => param(i + 1)).join(', ');
  return [
    [`INSERT INTO stations (id, name_kk, name_ru, name_en, "group", host, capacity, mode, session_minutes, max_stay_minutes) VALUES (${p(10)})`,
      ['kazzinc', 'Қазмырыш', 'Казцинк', 'KazZinc', 'employer', 'KazZinc LLP', 20, 'continuous', 10, 60]],
    [`INSERT INTO attendees (id, badge_no, first_name, created_at) VALUES (${p(4)})`, ['a1', 1001, 'Aigerim', 1]],
    [`INSERT INTO badges (serial, attendee_id, badge_no, issued_at) VALUES (${p(4)})`, ['s1', 'a1', 1001, 1]],
    [`INSERT INTO kiosks (id, station_id, token_hash, created_at) VALUES (${p(4)})`, ['k1', 'kazzinc', 'hash', 1]],
    [`INSERT INTO scans (id, kiosk_id, station_id, badge_no, at, outcome, answer) VALUES (${p(7)})`, ['scan1', 'k1', 'kazzinc', 1001, 2, 'entered', '{}']],
    [`INSERT INTO visits (badge_no, station_id, in_at, scan_id) VALUES (${p(4)})`, [1001, 'kazzinc', 2, 'scan1']],
    [`INSERT INTO station_actions (id, station_id, at, action) VALUES (${p(4)})`, ['act1', 'kazzinc', 3, 'pause']],
    [`INSERT INTO audit_log (at, role, action) VALUES (${p(3)})`, [3, 'organiser', 'station.pause']],
  ];
}

/** The bundled event under another id, as a second event of the installation. */
const other: EventDef = { ...event, id: 'autumn-open-day', date: '2027-04-10' };

describe('events in SQLite', () => {
  const cleanup: Array<() => void> = [];
  afterEach(() => {
    for (const c of cleanup.splice(0)) c();
  });

  function oldDatabase(): { file: string } {
    const dir = mkdtempSync(join(tmpdir(), 'kezek-events-'));
    const migrations = migrationsBeforeEvents(SQLITE_MIGRATIONS_DIR);
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }), migrations.remove);
    const file = join(dir, 'event.sqlite');
    const sqlite = new Database(file);
    sqlite.pragma('foreign_keys = ON');
    sqliteMigrate(sqliteDrizzle(sqlite), { migrationsFolder: migrations.dir });
    for (const [text, values] of oldRows(() => '?')) sqlite.prepare(text).run(...values);
    sqlite.close();
    return { file };
  }

  it('gives every row of a data folder from before events to the event seeded from EVENT_FILE', async () => {
    const { file } = oldDatabase();
    const { sqlite } = openDatabase(file);
    cleanup.push(() => sqlite.close());
    expect(seedSqliteEvent(sqlite, event)).toBe(event.id);
    for (const table of EVENT_TABLES) {
      expect(sqlite.prepare(`SELECT DISTINCT event_id FROM ${table}`).pluck().all(), table).toEqual([event.id]);
    }
    expect(sqlite.pragma('foreign_key_check')).toEqual([]);
    const row = sqlite.prepare('SELECT id, name_en AS nameEn, starts_on AS startsOn, status, current, definition FROM events').get() as Record<string, unknown>;
    expect(row).toMatchObject({ id: event.id, nameEn: event.name.en, startsOn: event.date, status: 'open', current: 1 });
    expect(JSON.parse(row.definition as string)).toEqual(event);
    // Seeding again (every start) changes nothing; a second event file is written in beside it, not current.
    expect(seedSqliteEvent(sqlite, event)).toBe(event.id);
    expect(seedSqliteEvent(sqlite, other)).toBe(event.id);
    expect(sqlite.prepare('SELECT id, current FROM events ORDER BY created_at, id').raw().all()).toEqual(expect.arrayContaining([[event.id, 1], [other.id, 0]]));
  });

  it('writes what the store keeps as the current event\'s, and keeps station ids and badge numbers unique per event only', async () => {
    const { file } = oldDatabase();
    const { sqlite } = openDatabase(file);
    cleanup.push(() => sqlite.close());
    seedSqliteEvent(sqlite, event);
    const store = sqliteStore(sqlite, new Journal(sqlite), tmpdir());
    await store.stations.save(event.stations);
    const no = await store.attendees.register('a2', { firstName: 'Dana' }, 'dana', 10);
    expect(no).toBe(1002);
    expect(sqlite.prepare('SELECT DISTINCT event_id FROM stations').pluck().all()).toEqual([event.id]);
    // Another event's rows under the same station id and badge number.
    sqlite.prepare('INSERT INTO events (id, name_kk, name_ru, name_en, venue, starts_on, ends_on, definition, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(other.id, 'a', 'b', 'c', '"x"', other.date, other.date, JSON.stringify(other), 5);
    sqlite.prepare(`INSERT INTO stations (event_id, id, name_kk, name_ru, name_en, "group", host, capacity, mode, session_minutes, max_stay_minutes)
      SELECT ?, id, name_kk, name_ru, name_en, "group", host, capacity, mode, session_minutes, max_stay_minutes FROM stations WHERE event_id = ?`).run(other.id, event.id);
    sqlite.prepare('INSERT INTO attendees (event_id, id, badge_no, first_name, created_at) VALUES (?, ?, ?, ?, ?)').run(other.id, 'b1', 1001, 'Bota', 6);
    expect(() => sqlite.prepare('INSERT INTO attendees (event_id, id, badge_no, first_name, created_at) VALUES (?, ?, ?, ?, ?)').run(other.id, 'b2', 1001, 'Bota', 6))
      .toThrow(/UNIQUE/);
    // The current event's numbers go on from its own, and a kiosk pairs with a station of its own event only.
    expect((await store.attendees.byBadgeNo(1001))?.firstName).toBe('Aigerim');
    expect(await store.attendees.register('a3', { firstName: 'Erlan' }, 'erlan', 11)).toBe(1003);
    expect(() => sqlite.prepare('INSERT INTO kiosks (event_id, id, station_id, token_hash, created_at) VALUES (?, ?, ?, ?, ?)').run(other.id, 'k2', 'no-such', 'h', 1))
      .toThrow(/FOREIGN KEY/);
  });
});

describe('events in PostgreSQL', () => {
  const cleanup: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c();
  });

  async function oldDatabase(): Promise<TestDatabase> {
    const database = await testDatabase();
    const migrations = migrationsBeforeEvents(PG_MIGRATIONS_DIR);
    cleanup.push(() => database.drop(), async () => migrations.remove());
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      await pgMigrate(pgDrizzle({ client }), { migrationsFolder: migrations.dir });
      for (const [text, values] of oldRows((n) => `$${n}`)) await client.query(text, values);
    } finally {
      await client.end();
    }
    return database;
  }

  it('gives every row of a database from before events to the event seeded from EVENT_FILE, and keeps keys unique per event only', async () => {
    const database = await oldDatabase();
    const store = await openPostgresStore(database.url, log, 2, event);
    cleanup.push(() => store.close());
    for (const table of EVENT_TABLES) {
      expect((await store.pool.query(`SELECT DISTINCT event_id AS id FROM ${table}`)).rows, table).toEqual([{ id: event.id }]);
    }
    expect(await seedPostgresEvent(store.pool, other)).toBe(event.id);
    const events = (await store.pool.query('SELECT id, current, starts_on AS "startsOn" FROM events ORDER BY id')).rows;
    expect(events).toEqual([
      { id: other.id, current: false, startsOn: other.date },
      { id: event.id, current: true, startsOn: event.date },
    ]);
    await store.stations.save(event.stations);
    expect(await store.attendees.register('a2', { firstName: 'Dana' }, 'dana', 10)).toBe(1002);
    await store.pool.query(`INSERT INTO stations (event_id, id, name_kk, name_ru, name_en, "group", host, capacity, mode, session_minutes, max_stay_minutes)
      SELECT $1, id, name_kk, name_ru, name_en, "group", host, capacity, mode, session_minutes, max_stay_minutes FROM stations WHERE event_id = $2`, [other.id, event.id]);
    await store.pool.query('INSERT INTO attendees (event_id, id, badge_no, first_name, created_at) VALUES ($1, $2, $3, $4, $5)', [other.id, 'b1', 1001, 'Bota', 6]);
    expect((await store.attendees.byBadgeNo(1001))?.firstName).toBe('Aigerim');
    await expect(store.pool.query('INSERT INTO kiosks (event_id, id, station_id, token_hash, created_at) VALUES ($1, $2, $3, $4, $5)', [other.id, 'k2', 'no-such', 'h', 1]))
      .rejects.toThrow(/foreign key/);
  });
});
