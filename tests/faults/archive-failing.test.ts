// Redis mode: the archiver copies the log from Redis into SQLite. When it cannot (here another
// process holds SQLite's write lock, as a full or failing disk would refuse its writes), scans
// are still answered and kept in Redis, and /health and the board say that reports fall behind;
// once it can again, what waited is archived and the warning goes.
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import type { FastifyInstance } from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { currentAlerts } from '../../server/realtime/alerts.ts';
import { kiosk, register, tempDir, testApp } from '../support/app.ts';
import { startRedis, type TestRedis } from '../support/redis-server.ts';

describe('when the archiver cannot write into SQLite', () => {
  const dir = tempDir();
  let app: FastifyInstance;
  let redis: TestRedis;
  let locker: Database.Database | null = null;
  afterAll(async () => {
    locker?.close();
    await app?.close();
    await redis?.remove();
    dir.remove();
  });

  it('keeps answering, says archive_failing in /health and on the board, and catches up once it can', async () => {
    redis = await startRedis('none');
    app = await testApp(dir.dir, { env: { REDIS_URL: redis.url, REDIS_PREFIX: 'archive-failing', REDIS_DURABILITY: 'volatile' } });
    const k = await kiosk(app, 'kazzinc');
    const people = [await register(app, 'Aruzhan'), await register(app, 'Bolat'), await register(app, 'Dana')];
    const scanned = () => app.sqlite.prepare('SELECT count(*) AS n FROM scans').pluck().get() as number;
    const health = async () => (await app.inject({ method: 'GET', url: '/health' })).json() as { status: string; reasons: string[] };

    // Another process takes SQLite's write lock and keeps it.
    locker = new Database(app.sqliteFile);
    locker.exec('BEGIN IMMEDIATE');
    for (const p of people) {
      const r = await app.inject({ method: 'POST', url: '/api/scans', headers: k.headers, payload: { id: randomUUID(), badge: p.badge } });
      expect(r.statusCode).toBe(200);
    }
    // The archiver's write waits for the lock (busy_timeout, 5 s), then fails and says so.
    await expect.poll(async () => (await health()).reasons, { timeout: 15_000, interval: 200 }).toContain('archive_failing');
    const degraded = await app.inject({ method: 'GET', url: '/health' });
    expect(degraded.statusCode).toBe(200);
    expect(degraded.json()).toMatchObject({ status: 'degraded' });
    const alerts = currentAlerts([], [], { queueAlert: 100, silentMs: 60_000 }, Date.now(), [], app.storage.report());
    expect(alerts.map((a) => a.kind)).toContain('archive_failing');
    expect(scanned()).toBe(0);

    locker.exec('ROLLBACK');
    await expect.poll(scanned, { timeout: 15_000, interval: 200 }).toBe(people.length);
    await expect.poll(async () => (await health()).reasons, { timeout: 5_000 }).not.toContain('archive_failing');
    expect((await health()).status).toBe('ok');
  }, 60_000);
});
