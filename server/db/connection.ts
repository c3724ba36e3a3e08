// A connection to the event database, and its write transactions: apart from the schema and its
// migrations (drizzle), so that the server's threads that only write the log load no more than this.
import Database from 'better-sqlite3';

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
