import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema.ts';
import { attendeeSearchKey } from '../../shared/name-search.ts';
import { SQLITE_MIGRATIONS_DIR } from '../paths.ts';

export type Db = BetterSQLite3Database<typeof schema>;

const migrationsFolder = SQLITE_MIGRATIONS_DIR;

/** A connection to the event database with Kezek's settings; every thread that writes opens its own. */
export function connect(file: string): Database.Database {
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  // NORMAL is durable in WAL mode against process crashes (the scan log survives SIGKILL).
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  // Checkpoints run in a thread of their own (server/db/checkpointer.cjs), so commits do not wait
  // for one. Under a steady rush of commits that thread's checkpoints never catch the WAL's end,
  // and the WAL starts over only after a checkpoint by a writer: a writing connection makes one
  // when the WAL reaches ~64 MB (a few milliseconds, most pages being copied already), every few
  // seconds at 1,000 scans/s.
  sqlite.pragma('wal_autocheckpoint = 16000');
  return sqlite;
}

/**
 * `fn` as a transaction that takes the write lock when it begins (IMMEDIATE). Other threads write
 * the same file (the archiver, in Redis mode): a deferred transaction that reads before it writes
 * fails (SQLITE_BUSY_SNAPSHOT) when one of them commits in between, where this one waits for the
 * lock (busy_timeout) and then reads what is current. Every write transaction of Kezek is one.
 */
export function writeTransaction<A extends unknown[], T>(sqlite: Database.Database, fn: (...args: A) => T): (...args: A) => T {
  const transaction = sqlite.transaction(fn);
  return (...args) => transaction.immediate(...args);
}

/** Opens (or creates) the event database in WAL mode and applies every migration in `drizzle/`. */
export function openDatabase(file: string): { db: Db; sqlite: Database.Database } {
  const sqlite = connect(file);
  const db = drizzle(sqlite, { schema });
  // A migration that rebuilds a table others refer to (SQLite changes a key no other way) runs with
  // foreign keys off, as SQLite's own procedure for it says, and checks them all before they are on again.
  sqlite.pragma('foreign_keys = OFF');
  try {
    migrate(db, { migrationsFolder });
    const broken = sqlite.pragma('foreign_key_check') as unknown[];
    if (broken.length > 0) throw new Error(`the migrated database breaks ${broken.length} foreign keys: ${JSON.stringify(broken.slice(0, 3))}`);
  } finally {
    sqlite.pragma('foreign_keys = ON');
  }
  fillSearchKeys(sqlite);
  return { db, sqlite };
}

/** Gives attendees written before search keys existed (or by hand) theirs; the triggers index them. */
function fillSearchKeys(sqlite: Database.Database): void {
  const missing = sqlite.prepare('SELECT id, first_name AS firstName, last_name AS lastName FROM attendees WHERE search_key IS NULL').all() as
    { id: string; firstName: string; lastName: string }[];
  if (missing.length === 0) return;
  const set = sqlite.prepare('UPDATE attendees SET search_key = ? WHERE id = ?');
  writeTransaction(sqlite, () => {
    for (const a of missing) set.run(attendeeSearchKey(a), a.id);
  })();
}
