// REDIS_SENTINELS: the live store reaches Redis through Sentinel and follows a failover. The
// master (AOF) is killed; Sentinel promotes its replica and scans go on there without a restart.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.ts';
import { kiosk, register, tempDir, testApp } from '../support/app.ts';
import { startRedis, type TestRedis } from '../support/redis-server.ts';
import { freePort } from '../support/server-process.ts';

/** A Sentinel of the test's own watching `master` as `kezek`, quick to fail over. */
async function startSentinel(master: TestRedis): Promise<{ port: number; stop: () => Promise<void> }> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'kezek-sentinel-'));
  const conf = join(dir, 'sentinel.conf');
  writeFileSync(
    conf,
    [
      `port ${port}`,
      'bind 127.0.0.1',
      `dir ${dir}`,
      `sentinel monitor kezek 127.0.0.1 ${master.port} 1`,
      'sentinel down-after-milliseconds kezek 1000',
      'sentinel failover-timeout kezek 5000',
      'sentinel parallel-syncs kezek 1',
    ].join('\n'),
  );
  const child: ChildProcess = spawn('redis-server', [conf, '--sentinel'], { stdio: 'ignore' });
  const probe = new Redis(port, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  probe.on('error', () => undefined);
  for (let i = 0; i < 100; i++) {
    try {
      await probe.connect();
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  probe.disconnect();
  return {
    port,
    stop: async () => {
      if (child.exitCode === null) await new Promise((r) => child.once('exit', r).kill('SIGKILL'));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

describe('Redis through Sentinel (REDIS_SENTINELS)', () => {
  const dir = tempDir();
  let app: FastifyInstance | undefined;
  const stops: Array<() => Promise<void>> = [];
  afterAll(async () => {
    await app?.close();
    for (const stop of stops.reverse()) await stop();
    dir.remove();
  });

  it('is checked at start: host:port pairs, and only with REDIS_URL', () => {
    expect(loadConfig({ REDIS_URL: 'redis://:pw@x:6379', REDIS_SENTINELS: '10.0.0.5:26379, [::1]:26380' })).toMatchObject({
      redisSentinels: [
        { host: '10.0.0.5', port: 26379 },
        { host: '::1', port: 26380 },
      ],
      redisSentinelName: 'kezek',
    });
    expect(() => loadConfig({ REDIS_SENTINELS: '10.0.0.5:26379' })).toThrow('REDIS_SENTINELS needs REDIS_URL too');
    expect(() => loadConfig({ REDIS_URL: 'redis://x', REDIS_SENTINELS: '10.0.0.5' })).toThrow('REDIS_SENTINELS must be host:port pairs separated by commas, such as 10.0.0.5:26379, got "10.0.0.5"');
  });

  it('keeps scanning after Sentinel promotes the replica of a killed master', async () => {
    const master = await startRedis('aof');
    stops.push(() => master.remove());
    const replica = await startRedis('aof', ['--replicaof', '127.0.0.1', String(master.port)]);
    stops.push(() => replica.remove());
    const sentinel = await startSentinel(master);
    stops.push(() => sentinel.stop());

    // REDIS_URL's host is not where Redis is: the Sentinel names the master.
    app = await testApp(dir.dir, { env: { REDIS_URL: 'redis://127.0.0.1:1', REDIS_SENTINELS: `127.0.0.1:${sentinel.port}`, REDIS_PREFIX: 'sentinel-test', REDIS_DURABILITY: 'aof' } });
    const k = await kiosk(app, 'kazzinc');
    const people = [await register(app, 'Арман'), await register(app, 'Бота')];
    const scan = (badge: string, id = randomUUID()) => app!.inject({ method: 'POST', url: '/api/scans', headers: k.headers, payload: { id, badge } });
    expect((await scan(people[0].badge)).json().outcome).toBe('entered');

    // The replica has everything the master acknowledged before the master dies.
    const onMaster = new Redis(master.port, '127.0.0.1');
    const onReplica = new Redis(replica.port, '127.0.0.1');
    for (const r of [onMaster, onReplica]) r.on('error', () => undefined);
    try {
      const offset = async (r: Redis) => Number(/master_repl_offset:(\d+)/.exec(await r.info('replication'))?.[1]);
      await expect.poll(async () => (await offset(onReplica)) >= (await offset(onMaster)), { timeout: 10_000 }).toBe(true);
      // Sentinel learns of replicas from the master's INFO, every 10 s: a master killed before
      // then has no replica to promote.
      const onSentinel = new Redis(sentinel.port, '127.0.0.1');
      onSentinel.on('error', () => undefined);
      try {
        const knownReplicas = async () => ((await onSentinel.call('SENTINEL', 'REPLICAS', 'kezek')) as string[][]).filter((fields) => fields[fields.indexOf('flags') + 1] === 'slave').length;
        await expect.poll(knownReplicas, { timeout: 25_000, interval: 250 }).toBe(1);
      } finally {
        onSentinel.disconnect();
      }
      await master.stop('SIGKILL');
      const id = randomUUID();
      await expect.poll(async () => (await scan(people[1].badge, id)).statusCode, { timeout: 30_000, interval: 250 }).toBe(200);
      expect(await onReplica.info('replication')).toMatch(/role:master/);
    } finally {
      onMaster.disconnect();
      onReplica.disconnect();
    }
    const stations = (await app.inject({ method: 'GET', url: '/api/stations' })).json() as Array<{ id: string; occupancy: number }>;
    expect(stations.find((s) => s.id === 'kazzinc')!.occupancy).toBe(2);
  }, 90_000);
});
