/** What is wrong with the storage when a read or write failed because of it. */
export type StorageFault = 'full' | 'unavailable';

/** SQLite's codes for a database it cannot use now (full, I/O, locked, read-only, unopenable, damaged). */
const SQLITE_CODES = /^SQLITE_(FULL|IOERR|BUSY|LOCKED|READONLY|CANTOPEN|PROTOCOL|CORRUPT|NOTADB|NOLFS)/;

/**
 * PostgreSQL's SQLSTATEs for a database it cannot use now: connection exceptions (class 08),
 * insufficient resources (class 53: disk full, out of memory, too many connections), a server
 * shutting down, crashed or starting (57P01–57P03), a database that is gone (3D000), a read-only
 * standby (25006), an I/O error (58030), and lock conflicts it gave up on (40001, 40P01, 55P03).
 */
const POSTGRES_CODES = /^(08[0-9A-Z]{3}|53[0-9A-Z]{3}|57P0[1-3]|3D000|25006|58030|40001|40P01|55P03)$/;

/** A connection to PostgreSQL that broke or never opened: the socket's error codes… */
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
/** …and node-postgres's own messages, which carry no code. */
const CONNECTION_MESSAGES = /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed and is not queryable)/;

/**
 * node-postgres's error class, known once server/db/postgres-client.ts has loaded node-postgres
 * (which a server without DATABASE_URL never does: no PostgreSQL error can exist before).
 */
let PostgresError: abstract new (...args: never[]) => Error = class NoPostgres extends Error {};

/** Tells `storageFault` node-postgres's error class (`pg.DatabaseError`). */
export function knowPostgresErrors(errorClass: abstract new (...args: never[]) => Error): void {
  PostgresError = errorClass;
}

/** What is wrong with the storage when `err` (or its cause, as drizzle wraps it) says so; null for any other error. */
export function storageFault(err: unknown): StorageFault | null {
  for (let e = err as { code?: unknown; cause?: unknown; message?: unknown } | undefined, depth = 0; e && depth < 3; e = e.cause as typeof e, depth++) {
    if (e instanceof StorageFailure) return e.full ? 'full' : 'unavailable';
    const code = typeof e.code === 'string' ? e.code : null;
    if (code !== null && SQLITE_CODES.test(code)) return code === 'SQLITE_FULL' || code === 'SQLITE_IOERR_SHMSIZE' ? 'full' : 'unavailable';
    if (e instanceof PostgresError && code !== null && POSTGRES_CODES.test(code)) return code === '53100' ? 'full' : 'unavailable';
    if (code !== null && CONNECTION_CODES.has(code)) return 'unavailable';
    if (e instanceof Error && code === null && CONNECTION_MESSAGES.test(e.message)) return 'unavailable';
  }
  return null;
}

/**
 * A commit of the log that failed (the disk full, an I/O error, the database gone): nothing of
 * its group was written. `full` when the database found no room: SQLite's SQLITE_FULL, or its WAL
 * index (`-shm`) that could not grow (SQLITE_IOERR_SHMSIZE, what a full disk gives once the WAL
 * has grown past its index); PostgreSQL's disk_full (53100).
 */
export class StorageFailure extends Error {
  readonly full: boolean;

  constructor(readonly cause: unknown) {
    super(`the log could not be committed: ${(cause as Error).message}`);
    this.name = 'StorageFailure';
    this.full = storageFault(cause) === 'full';
  }
}
