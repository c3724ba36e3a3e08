// Redis keeps nothing on disk. When it stops, scans get a typed 503 (kiosks keep them and send
// them again); when it comes back empty, the server seeds it again from the SQLite log.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { kiosk, register, tempDir, testApp } from '../support/app.ts';
import { freePort } from '../support/server-process.ts';

function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + 10_000;
    const probe = async () => {
      try {
        const { Redis } = await import('ioredis');
        const r = new Redis(port, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
        r.on('error', () => undefined);
        await r.connect();
        await r.ping();
        r.disconnect();
        resolve(child);
      } catch {
        if (Date.now() > deadline) reject(new Error('redis-server did not start'));
        else setTimeout(probe, 100);
      }
    };
    void probe();
  });
}

describe('when Redis goes away', () => {
  const dir = tempDir();
  let app: FastifyInstance;
  let redis: ChildProcess;
  afterAll(async () => {
    await app?.close();
    redis?.kill('SIGKILL');
    dir.remove();
  });

  it('answers scans with a typed 503, and after Redis comes back empty rebuilds live state from the log', async () => {
    const port = await freePort();
    redis = await startRedis(port);
    app = await testApp(dir.dir, { env: { REDIS_URL: `redis://127.0.0.1:${port}`, REDIS_PREFIX: 'restart-test' } });
    const k = await kiosk(app, 'kazzinc');
    const a = await register(app, 'Aruzhan');
    const b = await register(app, 'Bolat');
    const scan = (badge: string, id = randomUUID()) => app.inject({ method: 'POST', url: '/api/scans', headers: k.headers, payload: { id, badge } });
    expect((await scan(a.badge)).json().outcome).toBe('entered');
    // Let the archiver put that scan into SQLite.
    await expect.poll(() => app.sqlite.prepare('SELECT count(*) AS n FROM scans').get(), { timeout: 5000 }).toEqual({ n: 1 });

    redis.kill('SIGKILL');
    await new Promise((r) => redis.once('exit', r));
    const down = await scan(b.badge);
    expect(down.statusCode).toBe(503);
    expect(down.json().code).toBe('live_store_unavailable');
    expect((await app.inject({ method: 'GET', url: '/health' })).statusCode).toBeGreaterThanOrEqual(500);

    redis = await startRedis(port);
    const again = await scan(b.badge);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ outcome: 'entered', station: { id: 'kazzinc', occupancy: 2 } });
  }, 60_000);
});
