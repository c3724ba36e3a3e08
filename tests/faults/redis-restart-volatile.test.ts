// A Redis stated volatile (REDIS_DURABILITY=volatile) keeps nothing on disk. When it stops,
// scans get a typed 503 (kiosks keep them and send them again); when it comes back empty, the
// server seeds it again from the SQLite log.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { kiosk, register, tempDir, testApp } from '../support/app.ts';
import { startRedis, type TestRedis } from '../support/redis-server.ts';

describe('when a volatile Redis goes away', () => {
  const dir = tempDir();
  let app: FastifyInstance;
  let redis: TestRedis;
  afterAll(async () => {
    await app?.close();
    await redis?.remove();
    dir.remove();
  });

  it('answers scans with a typed 503, and after Redis comes back empty rebuilds live state from the log', async () => {
    redis = await startRedis('none');
    app = await testApp(dir.dir, { env: { REDIS_URL: redis.url, REDIS_PREFIX: 'restart-test', REDIS_DURABILITY: 'volatile' } });
    expect((await app.inject({ method: 'GET', url: '/health' })).json()).toMatchObject({ status: 'ok', store: 'redis', durability: 'volatile' });
    const k = await kiosk(app, 'kazzinc');
    const a = await register(app, 'Aruzhan');
    const b = await register(app, 'Bolat');
    const scan = (badge: string, id = randomUUID()) => app.inject({ method: 'POST', url: '/api/scans', headers: k.headers, payload: { id, badge } });
    expect((await scan(a.badge)).json().outcome).toBe('entered');
    // Let the archiver put that scan into SQLite.
    await expect.poll(() => app.sqlite.prepare('SELECT count(*) AS n FROM scans').get(), { timeout: 5000 }).toEqual({ n: 1 });

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
