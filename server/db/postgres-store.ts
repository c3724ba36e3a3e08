import type pg from 'pg';
import { makeRecords, type DurableStore } from './durable-store.ts';
import { openPostgres, type PoolLog } from './postgres-client.ts';
import { PostgresLog } from './postgres-log.ts';
import * as records from './postgres-records.ts';

/** The durable store in PostgreSQL: its pool is there to read. */
export interface PostgresStore extends DurableStore {
  readonly dialect: 'postgres';
  readonly pool: pg.Pool;
  readonly log: PostgresLog;
}

/**
 * The durable store in PostgreSQL (DATABASE_URL), shared by every server of the event, with the
 * same contract as SQLite's (tests/db/durable-contract.test.ts); the records are in
 * server/db/postgres-records.ts. The event's secrets live in the `event_secrets` table rather
 * than in DATA_DIR. Connects to `url` and migrates the database first; throws
 * `DatabaseUnavailable` when it does not answer.
 */
export async function openPostgresStore(url: string, log: PoolLog, connections?: number): Promise<PostgresStore> {
  const pool = await openPostgres(url, log, connections);
  const journal = new PostgresLog(pool);
  return {
    dialect: 'postgres',
    pool,
    log: journal,
    ...makeRecords(pool, records),
    close: async () => {
      await journal.close();
      await pool.end();
    },
  };
}
