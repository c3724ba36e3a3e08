// A scan is acknowledged once Redis has it, so Redis must keep what it acknowledges through a
// crash: the server reads Redis's persistence settings at start and refuses one that would
// lose acknowledged scans, unless the operator states REDIS_DURABILITY=volatile on purpose.
import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, tempDir, testApp } from '../support/app.ts';
import { RUN_SERVER_MS, runServer, startServer, stopServer } from '../support/server-process.ts';
import { startRedis, type TestRedis } from '../support/redis-server.ts';

describe('Redis persistence checked at start', () => {
  const dir = tempDir();
  let redis: TestRedis | null = null;
  afterEach(async () => {
    await redis?.remove();
    redis = null;
  });

  it('stops with one line saying why and how to fix it when Redis keeps no append-only file', async () => {
    redis = await startRedis('none');
    const r = await runServer({ DATA_DIR: dir.dir, ADMIN_TOKEN, LOG_LEVEL: 'fatal', PORT: '0', REDIS_URL: redis.url, REDIS_DURABILITY: '' });
    expect(r.code).toBe(1);
    expect(r.output.trim().split('\n')).toEqual([
      'Kezek cannot start: Redis (REDIS_URL) keeps no append-only file (appendonly no): a Redis crash would lose the scans it acknowledged last; run Redis with appendonly yes and appendfsync always (redis-server --appendonly yes --appendfsync always), or set REDIS_DURABILITY=volatile to accept that loss',
    ]);
  }, RUN_SERVER_MS + 30_000);

  it('refuses an append-only file synced only every second', async () => {
    redis = await startRedis('aof-everysec');
    const start = testApp(dir.dir, { env: { REDIS_URL: redis.url, REDIS_PREFIX: 'durability', REDIS_DURABILITY: 'aof' } });
    await expect(start).rejects.toThrow('appendfsync everysec: a crash of its machine would lose the scans it acknowledged last');
  });

  it('runs on a Redis that keeps no file when told it is volatile on purpose, and says so in /health', async () => {
    redis = await startRedis('none');
    const app = await testApp(dir.dir, { env: { REDIS_URL: redis.url, REDIS_PREFIX: 'durability', REDIS_DURABILITY: 'volatile' } });
    try {
      expect((await app.inject({ method: 'GET', url: '/health' })).json()).toMatchObject({ status: 'ok', durability: 'volatile' });
    } finally {
      await app.close();
    }
  });

  it('warns and goes on where Redis does not let its settings be read (CONFIG disabled)', async () => {
    redis = await startRedis('none', ['--rename-command', 'CONFIG', '']);
    const server = await startServer({ DATA_DIR: dir.dir, ADMIN_TOKEN, REDIS_URL: redis.url, REDIS_DURABILITY: '' });
    try {
      expect(await (await fetch(`${server.url}/health`)).json()).toMatchObject({ status: 'ok', durability: 'unchecked' });
      expect(server.output()).toContain('Redis does not let its persistence settings be read (CONFIG is disabled)');
    } finally {
      await stopServer(server.child);
    }
  }, RUN_SERVER_MS + 30_000);
});
