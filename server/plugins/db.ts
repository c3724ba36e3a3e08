import fp from 'fastify-plugin';
import type Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { openDatabase, type Db } from '../db/client.ts';
import { Journal } from '../db/journal.ts';
import { stations } from '../db/schema.ts';

declare module 'fastify' {
  interface FastifyInstance {
    db: Db;
    sqlite: Database.Database;
    journal: Journal;
  }
}

/** The event database: migrated at start, the event's stations written in, closed on shutdown. */
export default fp(
  async (app) => {
    const { dataDir, event } = app.config;
    mkdirSync(dataDir, { recursive: true });
    const file = join(dataDir, `${event.id}.sqlite`);
    const { db, sqlite } = openDatabase(file);
    // The journal's writer thread checkpoints the WAL; this connection's writes (registrations) are rare.
    sqlite.pragma('wal_autocheckpoint = 0');
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
    const journal = new Journal(sqlite, file, (message) => app.log.warn({ message }, 'journal writer'));
    app.decorate('journal', journal);
    app.addHook('onClose', async () => {
      await journal.close();
      sqlite.close();
    });
  },
  { name: 'db', dependencies: ['config'] },
);
