/**
 * The scan benchmark's PostgreSQL modes (run by `npm run bench -- scans` after the SQLite modes, or
 * alone: `npx tsx bench/scans-several.ts`), each on a PostgreSQL database of its own, made and
 * dropped here (BENCH_POSTGRES_URL, default postgres://postgres@127.0.0.1:5432/postgres):
 *
 * - `postgres`: one server, live state in its process, PostgreSQL as the durable store;
 * - `redis-postgres`: one server, live state in Redis, the archiver writing into PostgreSQL;
 * - `two-servers`: two server processes, each with a data folder of its own, on one Redis and one
 *   PostgreSQL, the load split between them (as two machines of one event).
 *
 * Reported per mode: saturated scans/s (autocannon, BENCH_SEVERAL_DURATION s, 50 connections in
 * all), p50/p99 at 1,000 scans/s (open loop, latency from the planned send time), and in Redis
 * modes the archive backlog (group commits in the Redis stream not yet in PostgreSQL): its peak
 * during the saturated run and how long it took to reach zero after it.
 */
import autocannon from 'autocannon';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { Redis } from 'ioredis';
import { newScanId } from '../shared/scan-id.ts';
import { openLoop } from './open-loop.ts';
import { buildScanServer, SCAN_SERVER, SERVER_NODE_FLAGS } from './scan-throughput.ts';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const ROOT = join(HERE, '..');
const CONNECTIONS = 50;
const FIXED_RATE = 1000;

export type SeveralMode = 'postgres' | 'redis-postgres' | 'two-servers';
export const SEVERAL_MODES: SeveralMode[] = ['postgres', 'redis-postgres', 'two-servers'];

interface Info {
  port: number;
  store: string;
  badges: string[];
  kiosks: { station: string; token: string }[];
}

interface Child {
  info: Info;
  child: ChildProcessWithoutNullStreams;
  next: () => Promise<string>;
}

export interface SeveralResult {
  mode: SeveralMode;
  servers: number;
  scansPerSecond: number;
  saturatedP99: number;
  pacedP50: number;
  pacedP99: number;
  /** 5xx and socket errors in both runs. */
  failures: number;
  /** Redis modes: the most group commits waiting in the stream during the saturated run, and the time to archive them all after it. */
  backlog: { peak: number; drainedMs: number } | null;
}

const log = (text: string) => process.stderr.write(`${text}\n`);

async function admin<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

function start(env: Record<string, string>): Promise<Child> {
  const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, SCAN_SERVER], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stderr.on('data', (chunk: Buffer) => process.stderr.write(`[scan-server] ${chunk.toString()}`));
  const lines = createInterface({ input: child.stdout });
  const queue: string[] = [];
  const waiting: ((line: string) => void)[] = [];
  lines.on('line', (line) => {
    const w = waiting.shift();
    if (w) w(line);
    else queue.push(line);
  });
  const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`scan-server exited early (code ${code})`))));
  exited.catch(() => undefined);
  const next = () => Promise.race([new Promise<string>((resolve) => (queue.length > 0 ? resolve(queue.shift()!) : waiting.push(resolve))), exited]);
  return next().then((line) => ({ info: JSON.parse(line) as Info, child, next }));
}

async function stop(c: Child): Promise<void> {
  const gone = new Promise<void>((resolve) => c.child.once('exit', () => resolve()));
  c.child.stdin.end('quit\n');
  const timer = setTimeout(() => c.child.kill('SIGKILL'), 15_000);
  await gone;
  clearTimeout(timer);
}

async function backlogOf(c: Child): Promise<number> {
  c.child.stdin.write('stats\n');
  return (JSON.parse(await c.next()) as { archiveBacklog: number }).archiveBacklog;
}

/**
 * The n-th scan of a run: badges in turn, the kiosk one station further each round
 * (bench/scan-throughput.ts's nthScan); a second server's scans start half the badges further on,
 * so the two do not scan the same person at once.
 */
function scans(info: Info, from = 0): () => { body: string; authorization: string } {
  let n = from;
  return () => {
    const b = n % info.badges.length;
    const kiosk = info.kiosks[(b + Math.floor(n / info.badges.length)) % info.kiosks.length];
    n += 1;
    return { body: `{"id":"${newScanId()}","badge":"${info.badges[b]}"}`, authorization: `Bearer ${kiosk.token}` };
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function saturate(port: number, make: () => { body: string; authorization: string }, seconds: number, connections: number): Promise<{ rps: number; times: number[]; failures: number }> {
  const times: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: `http://127.0.0.1:${port}`,
        connections,
        duration: seconds,
        requests: [
          {
            method: 'POST',
            path: '/api/scans',
            setupRequest: (req) => {
              const { body, authorization } = make();
              return { ...req, body, headers: { 'content-type': 'application/json', authorization } };
            },
          },
        ],
      },
      (err, r) => (err ? reject(err as Error) : resolve(r)),
    );
    instance.on('response', (_c: unknown, _s: number, _b: number, ms: number) => times.push(ms));
  });
  return { rps: result.requests.average, times, failures: result.non2xx + result.errors };
}

async function runMode(mode: SeveralMode, opts: { postgresUrl: string; redisUrl: string; seconds: number; pacedSeconds: number }): Promise<SeveralResult> {
  const name = `kezek_bench_${randomBytes(5).toString('hex')}`;
  await admin(opts.postgresUrl, (c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(opts.postgresUrl);
  url.pathname = `/${name}`;
  const prefix = mode === 'postgres' ? null : `kzb-${randomUUID().slice(0, 8)}`;
  const env = { BENCH_DATABASE_URL: url.toString(), ...(prefix ? { BENCH_REDIS_PREFIX: prefix, BENCH_REDIS_URL: opts.redisUrl } : {}) };
  const servers: Child[] = [];
  try {
    log(`[scans] ${mode}: starting the server (registering attendees and kiosks)…`);
    servers.push(await start(env));
    if (mode === 'two-servers') servers.push(await start({ ...env, BENCH_ATTENDEES: '0' }));
    const first = servers[0].info;
    const makers = servers.map((_, i) => scans(first, Math.floor((i * first.badges.length) / servers.length)));
    // Warm-up, then saturated: the connections split between the servers.
    await Promise.all(servers.map((s, i) => saturate(s.info.port, makers[i], 2, Math.ceil(CONNECTIONS / servers.length))));
    log(`[scans] ${mode}: saturated, ${opts.seconds} s`);
    let peak = 0;
    let sampling = true;
    const sampler = (async () => {
      while (sampling && prefix) {
        peak = Math.max(peak, await backlogOf(servers[0]));
        await new Promise((r) => setTimeout(r, 500));
      }
    })();
    const runs = await Promise.all(servers.map((s, i) => saturate(s.info.port, makers[i], opts.seconds, Math.ceil(CONNECTIONS / servers.length))));
    sampling = false;
    await sampler;
    let backlog: SeveralResult['backlog'] = null;
    if (prefix) {
      const ended = Date.now();
      let left = await backlogOf(servers[0]);
      peak = Math.max(peak, left);
      while (left > 0 && Date.now() - ended < 120_000) {
        await new Promise((r) => setTimeout(r, 100));
        left = await backlogOf(servers[0]);
      }
      backlog = { peak, drainedMs: left > 0 ? NaN : Date.now() - ended };
    }
    log(`[scans] ${mode}: ${FIXED_RATE} scans/s, ${opts.pacedSeconds} s (open loop)`);
    const paced = await Promise.all(
      servers.map((s, i) => openLoop([{ path: '/api/scans', make: makers[i] }], { port: s.info.port, rate: FIXED_RATE / servers.length, seconds: opts.pacedSeconds, connections: CONNECTIONS })),
    );
    const pacedTimes = paced.flatMap((r) => r[0].times).sort((x, y) => x - y);
    const saturatedTimes = runs.flatMap((r) => r.times).sort((x, y) => x - y);
    const pacedFailures = paced.reduce((n, r) => n + r[0].errors + r[0].timeouts + Object.entries(r[0].status).filter(([code]) => Number(code) >= 500).reduce((m, [, v]) => m + v, 0), 0);
    return {
      mode,
      servers: servers.length,
      scansPerSecond: runs.reduce((n, r) => n + r.rps, 0),
      saturatedP99: percentile(saturatedTimes, 99),
      pacedP50: percentile(pacedTimes, 50),
      pacedP99: percentile(pacedTimes, 99),
      failures: runs.reduce((n, r) => n + r.failures, 0) + pacedFailures,
      backlog,
    };
  } finally {
    for (const s of servers) await stop(s);
    await admin(opts.postgresUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    if (prefix) {
      const redis = new Redis(opts.redisUrl);
      const keys = await redis.keys(`${prefix}:*`);
      for (let i = 0; i < keys.length; i += 500) await redis.del(...keys.slice(i, i + 500));
      await redis.quit();
    }
  }
}

const ms = (v: number) => (Number.isFinite(v) ? `${v.toFixed(2)} ms` : '–');

/** Runs the PostgreSQL modes and returns their markdown table (also printed). */
export async function runSeveralServers(modes: SeveralMode[] = SEVERAL_MODES): Promise<string> {
  buildScanServer();
  const opts = {
    postgresUrl: process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    redisUrl: process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379',
    seconds: Number(process.env.BENCH_SEVERAL_DURATION ?? 20),
    pacedSeconds: Number(process.env.BENCH_PACED_DURATION ?? 10),
  };
  const results: SeveralResult[] = [];
  for (const mode of modes) results.push(await runMode(mode, opts));
  const out = [
    `### PostgreSQL as the durable store (${opts.seconds} s saturated, ${opts.pacedSeconds} s at ${FIXED_RATE} scans/s)`,
    '',
    '| mode | server processes | scans/s saturated | p99 saturated | p50 @1,000/s | p99 @1,000/s | archive backlog: peak, drained after the run in | 5xx + errors |',
    '|---|---|---|---|---|---|---|---|',
    ...results.map(
      (r) =>
        `| ${r.mode} | ${r.servers} | ${Math.round(r.scansPerSecond).toLocaleString('en-US')} | ${ms(r.saturatedP99)} | ${ms(r.pacedP50)} | ${ms(r.pacedP99)} | ${r.backlog ? `${r.backlog.peak} commits, ${ms(r.backlog.drainedMs)}` : '– (no Redis)'} | ${r.failures} |`,
    ),
  ].join('\n');
  console.log(out);
  return out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const modes = process.env.BENCH_SEVERAL_MODES?.split(',') as SeveralMode[] | undefined;
  await runSeveralServers(modes);
}
