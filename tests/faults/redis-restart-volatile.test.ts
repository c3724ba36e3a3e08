// A Redis stated volatile (REDIS_DURABILITY=volatile) keeps nothing on disk. When it stops,
// scans get a typed 503 (kiosks keep them and send them again); when it comes back empty, the
// server seeds it again from the durable log (SQLite, or PostgreSQL).
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { kiosk, register, tempDir, testApp } from '../support/app.ts';
import { startRedis, type TestRedis } from '../support/redis-server.ts';
import { DURABLE_KINDS, testDurable, type TestDurable } from '../support/archive.ts';

for (const kind of DURABLE_KINDS) describe(`when a volatile Redis goes away (${kind} durable store)`, () => {
  const dir = tempDir();
  let app: FastifyInstance;
  let redis: TestRedis;
  let durable: TestDurable;
  afterAll(async () => {
    await app?.close();
    await redis?.remove();
    await durable?.drop();
    dir.remove();
  });

  it('answers scans with a typed 503, and after Redis comes back empty rebuilds live state from the log', async () => {
    redis = await startRedis('none');
    durable = await testDurable(kind, dir.dir);
    app = await testApp(dir.dir, { env: { REDIS_URL: redis.url, REDIS_PREFIX: 'restart-test', REDIS_DURABILITY: 'volatile', ...durable.env } });
    expect((await app.inject({ method: 'GET', url: '/health' })).json()).toMatchObject({ status: 'ok', store: 'redis', durability: 'volatile' });
    const k = await kiosk(app, 'kazzinc');
    const a = await register(app, 'Aruzhan');
    const b = await register(app, 'Bolat');
    const scan = (badge: string, id = randomUUID()) => app.inject({ method: 'POST', url: '/api/scans', headers: k.headers, payload: { id, badge } });
    expect((await scan(a.badge)).json().outcome).toBe('entered');
    // Let the archiver put that scan into the durable store.
    await expect.poll(async () => (await durable.counts()).entered.n, { timeout: 5000 }).toBe(1);

    await redis.stop('SIGKILL');
    const down = await scan(b.badge);
    expect(down.statusCode).toBe(503);
    expect(down.json().code).toBe('live_store_unavailable');
    expect((await app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(503);

    await redis.restart();
    await expect.poll(async () => (await scan(b.badge)).statusCode, { timeout: 10_000 }).toBe(200);
    const stations = (await app.inject({ method: 'GET', url: '/api/stations' })).json() as Array<{ id: string; occupancy: number }>;
    expect(stations.find((s) => s.id === 'kazzinc')!.occupancy).toBe(2);
  }, 60_000);
});
