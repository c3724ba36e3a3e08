import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, until } from '../realtime/sockets.ts';
import { kiosk, register, tempDir, testApp } from '../support/app.ts';

/** The value of one series in Prometheus text, e.g. `kezek_sockets{namespace="/public"}`; undefined when absent. */
function value(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

async function metrics(app: FastifyInstance): Promise<string> {
  const r = await app.inject({ method: 'GET', url: '/metrics' });
  expect(r.statusCode).toBe(200);
  expect(r.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
  return r.body;
}

describe('GET /metrics', () => {
  let app: FastifyInstance;
  let dir: ReturnType<typeof tempDir>;

  beforeAll(async () => {
    dir = tempDir();
    app = await testApp(dir.dir);
    await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await app.close();
    dir.remove();
  });

  it('times scans by store and outcome, and the group commits that made them durable', async () => {
    const k = await kiosk(app, 'kazzinc');
    const { badge } = await register(app);
    const scan = () => app.inject({ method: 'POST', url: '/api/scans', headers: k.headers, payload: { id: randomUUID(), badge } });
    expect((await scan()).json().outcome).toBe('entered');
    expect((await scan()).json()).toMatchObject({ outcome: 'entered', reread: true });
    const text = await metrics(app);
    expect(value(text, 'kezek_scan_duration_seconds_count{store="memory",outcome="entered"}')).toBe(2);
    expect(value(text, 'kezek_scan_duration_seconds_bucket{le="+Inf",store="memory",outcome="entered"}')).toBe(2);
    expect(value(text, 'kezek_scan_duration_seconds_sum{store="memory",outcome="entered"}')).toBeGreaterThan(0);
    // Each scan, the re-read too, is in the log: each waited for a group commit.
    expect(value(text, 'kezek_commit_duration_seconds_count{store="memory"}')).toBe(2);
    expect(text).toContain('# TYPE kezek_scan_duration_seconds histogram');
  });

  it('keeps the names it had: scans by outcome, stations, refused connections, resident memory', async () => {
    const text = await metrics(app);
    expect(value(text, 'kezek_scans_total{outcome="entered",reason=""}')).toBe(2);
    expect(value(text, 'kezek_station_occupancy{station="kazzinc"}')).toBe(1);
    expect(value(text, 'kezek_station_queue{station="kazzinc"}')).toBe(0);
    expect(value(text, 'kezek_station_capacity{station="kazzinc"}')).toBeGreaterThan(0);
    expect(text).toContain('# TYPE kezek_connections_refused_total counter');
    expect(value(text, 'process_resident_memory_bytes')).toBeGreaterThan(10_000_000);
  });

  it('has the process’s event-loop lag, garbage collection and heap', async () => {
    const text = await metrics(app);
    expect(value(text, 'nodejs_eventloop_lag_p99_seconds')).toBeGreaterThanOrEqual(0);
    expect(text).toContain('# TYPE nodejs_gc_duration_seconds histogram');
    expect(value(text, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(1_000_000);
  });

  it('names each metric once', async () => {
    const types = (await metrics(app)).split('\n').filter((l) => l.startsWith('# TYPE '));
    expect(types.length).toBeGreaterThan(30);
    expect(new Set(types).size).toBe(types.length);
  });

  it('counts the live pages connected, by namespace', async () => {
    const { port } = app.server.address() as { port: number };
    const { socket } = connect(`http://127.0.0.1:${port}`, '/public');
    try {
      await until(() => socket.connected, 'the socket to connect');
      const text = await metrics(app);
      expect(value(text, 'kezek_sockets{namespace="/public"}')).toBe(1);
      expect(value(text, 'kezek_sockets{namespace="/staff"}')).toBe(0);
    } finally {
      socket.close();
    }
    await until(() => app.io.of('/public').sockets.size === 0, 'the socket to close');
    expect(value(await metrics(app), 'kezek_sockets{namespace="/public"}')).toBe(0);
  });

  it('counts the kiosks silent for a minute or more, as the board flags them', async () => {
    const quiet = await kiosk(app, 'tmk');
    const beat = { appVersion: 'test', pending: 0, camera: 'on' as const };
    await app.kioskHealth.beat(quiet.id, beat, Date.now());
    expect(value(await metrics(app), 'kezek_kiosks_silent')).toBe(0);
    await app.kioskHealth.beat(quiet.id, beat, Date.now() - 61_000);
    expect(value(await metrics(app), 'kezek_kiosks_silent')).toBe(1);
  });
});

describe('GET /metrics with Redis', () => {
  it('times group commits as round trips to Redis, and scans by store', async () => {
    const tmp = tempDir();
    const app = await testApp(tmp.dir, { redis: true });
    try {
      const k = await kiosk(app, 'kazzinc');
      const { badge } = await register(app);
      const r = await app.inject({ method: 'POST', url: '/api/scans', headers: k.headers, payload: { id: randomUUID(), badge } });
      expect(r.json().outcome).toBe('entered');
      const text = await metrics(app);
      expect(value(text, 'kezek_scan_duration_seconds_count{store="redis",outcome="entered"}')).toBe(1);
      expect(value(text, 'kezek_commit_duration_seconds_count{store="redis"}')).toBeGreaterThanOrEqual(1);
      expect(text).toContain('# TYPE kezek_archive_backlog gauge');
    } finally {
      await app.close();
      tmp.remove();
    }
  });
});
