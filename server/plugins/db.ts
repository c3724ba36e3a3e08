import fp from 'fastify-plugin';
import type Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { openDatabase, type Db } from '../db/client.ts';
import { Journal } from '../db/journal.ts';
import { StorageWatch } from '../db/storage-watch.ts';
import type { DurableStore } from '../db/durable-store.ts';
import { SqliteStore } from '../db/sqlite-store.ts';

declare module 'fastify' {
  interface FastifyInstance {
    db: Db;
    sqlite: Database.Database;
    /** The database file, for threads that open connections of their own. */
    sqliteFile: string;
    journal: Journal;
    /** The durable store every record goes through (server/db/durable-store.ts). */
    store: DurableStore;
    /** Free space and failed commits: `/health` and the board's alerts read it. */
    storage: StorageWatch;
  }
}

/** The event database: migrated at start, the event's stations written in, closed on shutdown. */
export default fp(
  async (app) => {
    const { dataDir, event } = app.config;
    mkdirSync(dataDir, { recursive: true });
    const file = join(dataDir, `${event.id}.sqlite`);
    const { db, sqlite } = openDatabase(file);
    const journal = new Journal(sqlite);
    const store = new SqliteStore(sqlite, journal, dataDir);
    await store.stations.save(event.stations);
    app.log.debug({ stations: await store.stations.count() }, 'database ready');
    app.decorate('db', db);
    app.decorate('sqlite', sqlite);
    app.decorate('sqliteFile', file);
    app.decorate('journal', journal);
    app.decorate('store', store);
    // WAL checkpoints run in a thread of their own (see `connect` in server/db/client.ts).
    const checkpointer = new Worker(new URL('../db/checkpointer.cjs', import.meta.url), { workerData: { file, everyMs: 250 } });
    checkpointer.on('message', (m: { warning: string } | { truncated: true }) => {
      if ('warning' in m) app.log.warn({ message: m.warning }, 'WAL checkpoint');
      else app.log.debug('WAL checkpointed down to nothing');
    });
    checkpointer.on('error', (err) => app.log.error({ err }, 'checkpointer thread failed'));
    checkpointer.unref();
    const storage = new StorageWatch(dataDir, app.config.minFreeMb, journal, () => checkpointer.postMessage('truncate'), app.log);
    await storage.start();
    app.decorate('storage', storage);
    app.addHook('onClose', async () => {
      storage.stop();
      await store.close();
      await new Promise((stopped) => {
        checkpointer.once('exit', stopped);
        // Held while it finishes: otherwise, with nothing else left open, the process would end first.
        checkpointer.ref();
        checkpointer.postMessage('close');
      });
      sqlite.close();
    });
  },
  { name: 'db', dependencies: ['config'] },
);
