import type Database from 'better-sqlite3';
import { makeRecords, recordsByEvent, type DurableStore } from './durable-store.ts';
import { currentSqliteEvent, sqliteEvents } from './events.ts';
import { Journal } from './journal.ts';
import * as records from './sqlite-records.ts';

/** The durable store in SQLite: its connection and its journal are there to read. */
export interface SqliteStore extends DurableStore {
  readonly dialect: 'sqlite';
  readonly sqlite: Database.Database;
  readonly log: Journal;
}

/**
 * The durable store in the embedded SQLite file (server/db/client.ts), the default. Its log is the
 * journal (group commit at the end of each turn of the event loop); the records are prepared
 * statements, done before they resolve (server/db/sqlite-records.ts). The event's secrets are
 * files in DATA_DIR. Closing commits what waits in the journal; the connection is closed by
 * whoever opened it.
 */
export function sqliteStore(sqlite: Database.Database, journal: Journal, dataDir: string): SqliteStore {
  const connection = { sqlite, dataDir, eventId: currentSqliteEvent(sqlite) };
  const own = makeRecords(connection, records);
  const logs = new Map<string, Journal>([[connection.eventId, journal]]);
  return {
    dialect: 'sqlite',
    sqlite,
    eventId: connection.eventId,
    forEvent: recordsByEvent(own, connection, records),
    events: sqliteEvents(sqlite),
    log: journal,
    logOf: (eventId) => {
      let log = logs.get(eventId);
      if (!log) logs.set(eventId, (log = new Journal(sqlite, eventId)));
      return log;
    },
    ...own,
    close: async () => {
      for (const log of logs.values()) log.close();
    },
  };
}
