// PostgreSQL (DATABASE_URL) stops answering, loses its database, or fills its disk: requests get
// the typed answers SQLite's faults get (503 storage_unavailable, 507 storage_full), never a 500,
// and work again once it is back without a restart. Two registrations of one username at once on
// two servers: one account, the other told the username is taken, as SQLite tells it.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ADMIN, tempDir, testApp } from '../support/app.ts';
import { POSTGRES_URL, testDatabase, type TestDatabase } from '../support/postgres.ts';

/** A TCP relay to PostgreSQL on a port of its own: closed, PostgreSQL stops answering (connections cut, new ones refused). */
interface Relay {
  port: number;
  open(): Promise<void>;
  close(): Promise<void>;
}

async function relayTo(host: string, port: number): Promise<Relay> {
  const sockets = new Set<net.Socket>();
  let server: net.Server | null = null;
  let listenOn = 0;
  const relay: Relay = {
    port: 0,
    open: () =>
      new Promise((resolve, reject) => {
        server = net.createServer((client) => {
          const upstream = net.connect(port, host);
          for (const s of [client, upstream]) {
            sockets.add(s);
            s.on('close', () => sockets.delete(s));
            s.on('error', () => undefined);
          }
          client.pipe(upstream).pipe(client);
          client.on('close', () => upstream.destroy());
          upstream.on('close', () => client.destroy());
        });
        server.once('error', reject);
        server.listen(listenOn, '127.0.0.1', () => {
          relay.port = listenOn = (server!.address() as net.AddressInfo).port;
          resolve();
        });
      }),
    close: async () => {
      const closing = new Promise((resolve) => server!.close(resolve));
      for (const s of sockets) s.destroy();
      await closing;
    },
  };
  await relay.open();
  return relay;
}

/** The URL of `database` reached through `relay`. */
function through(database: TestDatabase, relay: Relay): string {
  const url = new URL(database.url);
  url.host = `127.0.0.1:${relay.port}`;
  return url.toString();
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>, url = POSTGRES_URL): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const registering = (app: FastifyInstance, firstName: string) =>
  app.inject({ method: 'POST', url: '/api/attendees', headers: ADMIN, payload: { firstName, lastName: 'Testova', category: 'school' } });

describe('PostgreSQL faults get typed answers', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  const start = async (url: string) => {
    const dir = tempDir();
    cleanups.push(() => dir.remove());
    const app = await testApp(dir.dir, { env: { DATABASE_URL: url } });
    cleanups.push(() => app.close());
    return app;
  };
  const database = async () => {
    const made = await testDatabase();
    cleanups.push(() => made.drop());
    return made;
  };

  it('PostgreSQL stops answering: 503 storage_unavailable for writes and reads, then it works again', async () => {
    const db = await database();
    const relay = await relayTo('127.0.0.1', Number(new URL(POSTGRES_URL).port || 5432));
    cleanups.push(() => relay.close().catch(() => undefined));
    const app = await start(through(db, relay));
    expect((await registering(app, 'Аружан')).statusCode).toBe(201);

    await relay.close();
    for (const r of [
      await registering(app, 'Бекзат'),
      await app.inject({ method: 'GET', url: '/api/reports/stations', headers: ADMIN }),
      await app.inject({ method: 'GET', url: '/api/attendees', headers: ADMIN }),
    ]) {
      expect(r.statusCode, r.body).toBe(503);
      expect(r.json().code).toBe('storage_unavailable');
    }

    await relay.open();
    expect((await registering(app, 'Бекзат')).statusCode).toBe(201);
    const list = await app.inject({ method: 'GET', url: '/api/attendees', headers: ADMIN });
    expect(list.headers['x-total-count']).toBe('2');
  });

  it('its database is dropped under a running server: 503 storage_unavailable', async () => {
    const db = await database();
    const app = await start(db.url);
    expect((await registering(app, 'Аружан')).statusCode).toBe(201);
    await db.drop();
    const r = await registering(app, 'Бекзат');
    expect(r.statusCode, r.body).toBe(503);
    expect(r.json().code).toBe('storage_unavailable');
  });

  it('one username registered on two servers at once: one account, 409 username_taken for the other', async () => {
    const db = await database();
    const [a, b] = [await start(db.url), await start(db.url)];
    const payload = { username: 'desk1', password: 'a long enough password', role: 'desk' };
    const answers = await Promise.all([a, b].map((app) => app.inject({ method: 'POST', url: '/api/users', headers: ADMIN, payload })));
    expect(answers.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    expect(answers.find((r) => r.statusCode === 409)!.json().code).toBe('username_taken');
    expect((await a.store.users.list()).map((u) => u.username)).toContain('desk1');
  });
});

/** A small tmpfs the PostgreSQL server may write, or why this machine does not allow one. */
function postgresTmpfs(): { dir: string; skipped: string | null } {
  const dir = mkdtempSync(join(tmpdir(), 'kezek-pg-tmpfs-'));
  try {
    if (!['127.0.0.1', 'localhost'].includes(new URL(POSTGRES_URL).hostname)) throw new Error('PostgreSQL runs on another machine');
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=6m', 'tmpfs', dir], { stdio: 'pipe' });
    try {
      execFileSync('chown', ['postgres:postgres', dir], { stdio: 'pipe' });
    } catch (err) {
      execFileSync('umount', [dir]);
      throw err;
    }
    return { dir, skipped: null };
  } catch (err) {
    const said = String((err as { stderr?: Buffer }).stderr ?? (err as Error).message).trim().split('\n')[0];
    rmSync(dir, { recursive: true, force: true });
    return { dir, skipped: `a tmpfs for PostgreSQL cannot be made here (${said})` };
  }
}

const tmpfs = postgresTmpfs();

describe.skipIf(tmpfs.skipped !== null)(`PostgreSQL's disk fills (its database on a 6 MB tmpfs)${tmpfs.skipped ? ` — skipped: ${tmpfs.skipped}` : ''}`, () => {
  const space = `kezek_full_${process.pid}`;
  let app: FastifyInstance | null = null;
  let db: TestDatabase | null = null;
  const dir = tempDir();

  afterAll(async () => {
    await app?.close();
    await db?.drop();
    await admin(async (c) => {
      await c.query('CHECKPOINT');
      await c.query(`DROP TABLESPACE IF EXISTS ${space}`);
    });
    execFileSync('umount', ['-l', tmpfs.dir]);
    rmSync(tmpfs.dir, { recursive: true, force: true });
    dir.remove();
  });

  it('507 storage_full while it is full, and registering works again once space is freed', async () => {
    db = await testDatabase();
    await admin(async (c) => {
      await c.query(`CREATE TABLESPACE ${space} LOCATION '${tmpfs.dir}'`);
      // The event's tables are made there (the database's own catalogue stays where it is).
      await c.query(`ALTER DATABASE ${db!.name} SET default_tablespace = ${space}`);
    });
    app = await testApp(dir.dir, { env: { DATABASE_URL: db.url } });
    expect((await registering(app, 'Аружан')).statusCode).toBe(201);

    // Incompressible rows until PostgreSQL says the disk is full (53100).
    const filled = await admin(async (c) => {
      await c.query('CREATE TABLE filler (data bytea)');
      for (let i = 0; i < 200; i++) {
        try {
          await c.query("INSERT INTO filler SELECT decode(string_agg(md5(random()::text), ''), 'hex') FROM generate_series(1, 16000)");
        } catch (err) {
          return (err as { code?: string }).code;
        }
      }
      return 'never full';
    }, db.url);
    expect(filled).toBe('53100');

    // New people fill the pages their tables have, then need new ones: there is no room for them.
    let refused = null;
    for (let i = 0; i < 500 && !refused; i++) {
      const r = await registering(app, `Бекзат ${i}`);
      if (r.statusCode !== 201) refused = r;
    }
    expect(refused?.statusCode, refused?.body).toBe(507);
    expect(refused!.json().code).toBe('storage_full');

    await admin((c) => c.query('DROP TABLE filler'), db.url);
    expect((await registering(app, 'Дана')).statusCode).toBe(201);
  });
});
