import type pg from 'pg';
import { makeRecords, recordsByEvent, type DurableStore } from './durable-store.ts';
import { openPostgres, type PoolLog } from './postgres-client.ts';
import { PostgresLog } from './postgres-log.ts';
import * as records from './postgres-records.ts';
import { currentPostgresEvent, postgresEvents, seedPostgresEvent } from './events.ts';
import type { EventDef } from '../../shared/event.ts';

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
 * `DatabaseUnavailable` when it does not answer. With `seed`, that event is written in first
 * (server/db/events.ts); rows are written for the current event.
 */
export async function openPostgresStore(url: string, log: PoolLog, connections?: number, seed?: EventDef): Promise<PostgresStore> {
  const pool = await openPostgres(url, log, connections);
  let eventId: string;
  try {
    eventId = seed ? await seedPostgresEvent(pool, seed) : await currentPostgresEvent(pool);
  } catch (err) {
    await pool.end();
    throw err;
  }
  const journal = new PostgresLog(pool, eventId);
  const own = makeRecords({ pool, eventId }, records);
  const logs = new Map<string, PostgresLog>([[eventId, journal]]);
  return {
    dialect: 'postgres',
    pool,
    eventId,
    forEvent: recordsByEvent(own, { pool, eventId }, records),
    events: postgresEvents(pool),
    log: journal,
    logOf: (id) => {
      let log = logs.get(id);
      if (!log) logs.set(id, (log = new PostgresLog(pool, id)));
      return log;
    },
    ...own,
    close: async () => {
      for (const log of logs.values()) await log.close();
      await pool.end();
    },
  };
}
