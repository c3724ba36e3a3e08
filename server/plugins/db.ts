import fp from 'fastify-plugin';
import type Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { sql } from 'drizzle-orm';
import { openDatabase, type Db } from '../db/client.ts';
import { Journal } from '../db/journal.ts';
import { StorageWatch } from '../db/storage-watch.ts';
import { stations } from '../db/schema.ts';

declare module 'fastify' {
  interface FastifyInstance {
    db: Db;
    sqlite: Database.Database;
    /** The database file, for threads that open connections of their own. */
    sqliteFile: string;
    journal: Journal;
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
    for (const s of event.stations) {
      const row = {
        id: s.id,
        nameKk: s.name.kk,
        nameRu: s.name.ru,
        nameEn: s.name.en,
        group: s.group,
        host: s.host,
        capacity: s.capacity,
        mode: s.mode,
        sessionMinutes: s.sessionMinutes,
        maxStayMinutes: s.maxStayMinutes,
      };
      db.insert(stations).values(row).onConflictDoUpdate({ target: stations.id, set: row }).run();
    }
    app.log.debug({ stations: db.select({ n: sql<number>`count(*)` }).from(stations).get()?.n }, 'database ready');
    app.decorate('db', db);
    app.decorate('sqlite', sqlite);
    app.decorate('sqliteFile', file);
    const journal = new Journal(sqlite);
    app.decorate('journal', journal);
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
      journal.close();
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
