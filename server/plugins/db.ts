import fp from 'fastify-plugin';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { EventDef } from '../../shared/event.ts';
import type Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { openDatabase, type Db } from '../db/client.ts';
import { Journal } from '../db/journal.ts';
import { seedSqliteEvent } from '../db/events.ts';
import { StorageWatch } from '../db/storage-watch.ts';
import type { DurableStore } from '../db/durable-store.ts';
import { sqliteStore as openSqliteStore } from '../db/sqlite-store.ts';
import { withoutPassword } from '../db/postgres-connection.ts';
import { CHECKPOINTER } from '../paths.ts';

declare module 'fastify' {
  interface FastifyInstance {
    db: Db;
    sqlite: Database.Database;
    /** The database file, for threads that open connections of their own (named, never opened, with DATABASE_URL). */
    sqliteFile: string;
    journal: Journal;
    /** The durable store every record goes through (server/db/durable-store.ts). */
    store: DurableStore;
    /** Free space and failed commits: `/health` and the board's alerts read it. */
    storage: StorageWatch;
  }
}

/**
 * The event today's paths serve: the installation's current one. That is EVENT_FILE's until an
 * organiser picks another (/api/events); then the event file kept with that event.
 */
async function servedEvent(store: DurableStore, file: EventDef): Promise<EventDef> {
  if (store.eventId === file.id || store.eventId === '') return file;
  return (await store.events.byId(store.eventId))?.definition ?? file;
}

/** PostgreSQL (DATABASE_URL) as the durable store, migrated, the event seeded, the served event's stations written in. */
async function openPostgres(url: string, app: FastifyInstance, log: FastifyBaseLogger): Promise<DurableStore> {
  // node-postgres is loaded only with DATABASE_URL.
  const { openPostgresStore } = await import('../db/postgres-store.js');
  const store = await openPostgresStore(url, log, undefined, app.config.event);
  try {
    app.config.event = await servedEvent(store, app.config.event);
    await store.stations.save(app.config.event.stations);
  } catch (err) {
    await store.close();
    throw err;
  }
  log.info({ database: withoutPassword(url) }, 'durable store: PostgreSQL');
  return store;
}

/** Stands for what is only there in SQLite mode: with DATABASE_URL the SQLite file is never opened. */
function sqliteOnly(name: string): { getter(): never } {
  return {
    getter() {
      throw new Error(`app.${name} is SQLite's: with DATABASE_URL the SQLite file is not opened; go through app.store`);
    },
  };
}

/** SQLite's database (the event seeded before anything writes), journal and store, with the thread that checkpoints its WAL. */
async function openSqlite(app: FastifyInstance, file: string): Promise<{ store: DurableStore; shrinkWal: () => void; close: () => Promise<void> }> {
  const { dataDir } = app.config;
  const { db, sqlite } = openDatabase(file);
  seedSqliteEvent(sqlite, app.config.event);
  const journal = new Journal(sqlite);
  const store = openSqliteStore(sqlite, journal, dataDir);
  app.config.event = await servedEvent(store, app.config.event);
  await store.stations.save(app.config.event.stations);
  app.decorate('db', db);
  app.decorate('sqlite', sqlite);
  app.decorate('journal', journal);
  // WAL checkpoints run in a thread of their own (see `connect` in server/db/client.ts).
  const checkpointer = new Worker(CHECKPOINTER, { workerData: { file, everyMs: 250 } });
  checkpointer.on('message', (m: { warning: string } | { truncated: true }) => {
    if ('warning' in m) app.log.warn({ message: m.warning }, 'WAL checkpoint');
    else app.log.debug('WAL checkpointed down to nothing');
  });
  checkpointer.on('error', (err) => app.log.error({ err }, 'checkpointer thread failed'));
  checkpointer.unref();
  return {
    store,
    shrinkWal: () => checkpointer.postMessage('truncate'),
    close: async () => {
      await store.close();
      journal.close();
      await new Promise((stopped) => {
        checkpointer.once('exit', stopped);
        // Held while it finishes: otherwise, with nothing else left open, the process would end first.
        checkpointer.ref();
        checkpointer.postMessage('close');
      });
      sqlite.close();
    },
  };
}

/**
 * The event database: migrated at start, the event's stations written in, closed on shutdown.
 * With DATABASE_URL it is PostgreSQL alone: the SQLite file is not opened (nor made), so nothing
 * another server of the event needs is in this one's DATA_DIR.
 */
export default fp(
  async (app) => {
    const { dataDir, event, databaseUrl } = app.config;
    mkdirSync(dataDir, { recursive: true });
    const file = join(dataDir, `${event.id}.sqlite`);
    let opened: { store: DurableStore; shrinkWal: () => void; close: () => Promise<void> };
    if (databaseUrl) {
      const store = await openPostgres(databaseUrl, app, app.log);
      opened = { store, shrinkWal: () => undefined, close: () => store.close() };
      for (const name of ['db', 'sqlite', 'journal'] as const) app.decorate(name, sqliteOnly(name));
    } else {
      opened = await openSqlite(app, file);
    }
    const { store } = opened;
    if (app.config.event.id !== event.id) app.log.info({ event: app.config.event.id, eventFile: event.id }, 'serving the current event of the installation, not EVENT_FILE\'s');
    app.log.debug({ stations: await store.stations.count() }, 'database ready');
    app.decorate('sqliteFile', file);
    app.decorate('store', store);
    const storage = new StorageWatch(dataDir, app.config.minFreeMb, store.log, opened.shrinkWal, app.log);
    await storage.start();
    app.decorate('storage', storage);
    app.addHook('onClose', async () => {
      storage.stop();
      await opened.close();
    });
  },
  { name: 'db', dependencies: ['config'] },
);
