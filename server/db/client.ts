import type Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema.ts';
import { attendeeSearchKey } from '../../shared/name-search.ts';
import { SQLITE_MIGRATIONS_DIR } from '../paths.ts';
import { connect, writeTransaction } from './connection.ts';

export type Db = BetterSQLite3Database<typeof schema>;

const migrationsFolder = SQLITE_MIGRATIONS_DIR;

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
