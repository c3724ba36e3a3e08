/**
 * A commit of the log that failed (the disk full, an I/O error, the database gone): nothing of
 * its group was written. `full` when the database found no room: SQLite's SQLITE_FULL, or its WAL
 * index (`-shm`) that could not grow (SQLITE_IOERR_SHMSIZE, what a full disk gives once the WAL
 * has grown past its index); PostgreSQL's disk_full (53100).
 */
export class StorageFailure extends Error {
  readonly full: boolean;

  constructor(readonly cause: unknown) {
    const code = (cause as { code?: unknown }).code;
    super(`the log could not be committed: ${(cause as Error).message}`);
    this.name = 'StorageFailure';
    this.full = code === 'SQLITE_FULL' || code === 'SQLITE_IOERR_SHMSIZE' || code === '53100';
  }
}
