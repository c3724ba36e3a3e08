/**
 * Scan throughput: `POST /api/scans` against a plain Fastify hello route in a process of its own
 * (bench/hello-server.ts: no hooks, no plugins) and against a bare JSON route of the app, in both
 * live-store modes and two scan mixes:
 *  - `current`: the bundled event, badges and kiosks rotating (bench's nthScan); its stations are
 *    small, so most scans join a queue;
 *  - `move`: the same rotation at the event's stations but the gate, each with room for everyone
 *    (bench/scan-server.ts, BENCH_MIX=move): every scan moves its attendee from one station to
 *    another, no queue joins.
 * Goals: on the move mix, scans ≥ 0.3 of hello in-process and ≥ 0.2 with Redis; on the current
 * mix, scans ≥ 0.5 of the bare route in-process, ≥ 0.4 with Redis; p99 < 10 ms at 1,000 scans/s.
 *
 * The servers run in child processes (bench/scan-server.ts, compiled with the server first, and
 * bench/hello-server.ts); this process only generates load:
 *  0. hello  — autocannon, 50 connections, GET / of the hello server;
 *  1. bare   — autocannon, 50 connections, POST /bench/bare with a scan-shaped unique body;
 *  2. scans  — autocannon, 50 connections, POST /api/scans, a fresh uuid per request, badges and
 *              kiosks (so stations) rotating;
 *  3. 1k/s   — autocannon `overallRate: 1000`. Its limiter sends each connection's quota for the
 *              second back to back and then waits for the next second, so this is a burst of
 *              1,000 scans at the start of every second: its p99 is close to the saturated one;
 *  4. paced  — our own open-loop generator (bench/open-loop.ts): one scan every millisecond on
 *              a keep-alive pool, latency measured from the planned send time (no coordinated
 *              omission). This is the figure for "p99 at 1,000 scans/s";
 *  5. paced bare — the same open loop on the bare route, taking turns with 4 each second (a
 *              second of scans, a second of bare, ...): the tail the machine itself adds at
 *              the same moments (the bare route shares the server's pauses, garbage
 *              collection included). Over both, the event-loop delay of the server's main
 *              thread and of this load generator is sampled every millisecond: a stall of
 *              either shows in the tail.
 * Each mode and mix gets its own server process, its bare run included, so the ratio is like for
 * like; the hello server is one for the whole run. The saturated runs 0, 1 and 2 take turns in
 * short windows (BENCH_ROUNDS rounds, each in another order), so a change in the machine's speed
 * during the run (on a shared host it moves by tens of percent within a minute) falls on all alike;
 * the ratios are of their totals, and each round's own scans ÷ hello is reported beside them.
 * "CPU stolen" is the share of the machine's CPU time the hypervisor gave to other guests
 * (/proc/stat steal) during the saturated runs and during the paced ones: on a shared host the
 * open loop's tail grows with it whatever runs (the same code's p99 at 1,000/s went from 9 to
 * 16 ms with 10–20 % stolen), so a run with several percent stolen measures the host.
 * Badge refusals are 4xx by design; only 5xx, socket errors and timeouts count as failures.
 * The outcome mix comes from the server's own `kezek_scans_total` counter.
 *
 * Options (env or argv): BENCH_DURATION (s of each saturated run, default 40), BENCH_ROUNDS
 * (windows it is cut into, default 20), BENCH_PACED_DURATION (s of each run at 1,000/s, default
 * 10), BENCH_WARMUP (s, default 2),
 * BENCH_MODES=memory,redis, BENCH_MIXES=current,move, BENCH_REDIS_URL (default redis://127.0.0.1:6379), `--profile`
 * (CPU profile of the server during the saturated scan run, summarised by bench/scan-profile.ts).
 */
import autocannon from 'autocannon';
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createInterface, type Interface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import pkg from '../package.json' with { type: 'json' };
import { newScanId } from '../shared/scan-id.ts';
import { openLoop, type MakeRequest, type Target } from './open-loop.ts';
import { summariseProfile } from './scan-profile.ts';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const ROOT = join(HERE, '..');
const CONNECTIONS = 50;
/** The Node flags `npm start` gives the server (package.json), so benches run it the same way. */
export const SERVER_NODE_FLAGS = pkg.scripts.start.split(' ').filter((word) => word.startsWith('--'));
const FIXED_RATE = 1000;

/**
 * The bench server compiled with the server it runs (tsconfig.bench.json), as `npm start` runs
 * compiled JavaScript: no TypeScript loader in its memory (~45 MiB: a thread of its own) or its profile.
 */
export const SCAN_SERVER = join(ROOT, 'build', 'bench', 'scan-server.js');

/** Compiles the bench server and the server (incrementally: a few seconds when nothing changed). */
export function buildScanServer(): void {
  const run = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(ROOT, 'tsconfig.bench.json')], { cwd: ROOT, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`compiling the bench server failed: ${run.stdout}${run.stderr}`);
}

type Mode = 'memory' | 'redis';
/** The scans sent: the bundled event's rotation (mostly queue joins), or every scan a move between stations. */
type Mix = 'current' | 'move';

interface ServerInfo {
  port: number;
  store: string;
  badges: string[];
  kiosks: { station: string; token: string }[];
  /** Bytes the heap holds per attendee registered. */
  heapPerAttendee: number;
}

interface Server {
  info: ServerInfo;
  child: ChildProcessWithoutNullStreams;
  lines: Interface;
  next: () => Promise<string>;
}

interface RunResult {
  rps: number;
  total: number;
  /** Every response's latency (ms), to merge windows. */
  times: number[];
  p50: number;
  p99: number;
  /** Open-loop runs only. */
  p95?: number;
  p999?: number;
  /** autocannon's own p99 (integer ms, corrected for coordinated omission when rate limited). */
  acP99: number;
  status: Record<string, number>;
  errors: number;
  timeouts: number;
}

interface ModeResult {
  mode: Mode;
  mix: Mix;
  /** The plain Fastify hello server, in turns with the others. */
  hello: RunResult;
  bare: RunResult;
  scans: RunResult;
  rate: RunResult;
  paced: RunResult;
  /** The bare route on the same open loop: how much of the scans' tail is the machine's. */
  pacedBare: RunResult;
  /** Each round's scans/hello ratio, in order. */
  rounds: number[];
  outcomes: Record<string, number>;
  profile?: string;
  /** Over the saturated scan windows: counters summed, the rest as the last window left it. */
  stats: ServerStats;
  /** CPU time per request (µs) in the saturated runs: the server's threads, Redis, this load generator. */
  cpu: { bare: CpuPerRequest; scans: CpuPerRequest };
  /** Redis mode: how long after the saturated run the archive caught up, and the server CPU that took per scan of the run. */
  catchUp: { ms: number; serverUs: number; backlog: number } | null;
  /**
   * Memory: bytes the heap holds per attendee registered and per scan of the saturated runs (after
   * a full garbage collection, before and after them), and the RSS after them.
   */
  memory: { perAttendee: number; perScan: number; rssMiB: number; rssParts: Record<string, number> };
  /** 1-minute load average before and after: other work on the machine skews every figure. */
  load: [number, number];
  /** Share of the machine's CPU time the hypervisor gave to others (steal), over the saturated runs and over the paced runs. */
  steal: { saturated: number; paced: number };
  /**
   * Event-loop delay over the paced runs (ms): the server's main thread and this load generator's.
   * Either one stalling shows in the paced tail: a late generator sends late or reads answers late.
   */
  lag: { server: Lag & { gc: { young: Pauses; full: Pauses }; scanInServer: { p99: number; p999: number; max: number } }; generator: Lag };
}

interface Lag {
  p99: number;
  max: number;
}

/** Garbage collections of the server's main thread (bench/scan-server.ts). */
interface Pauses {
  count: number;
  totalMs: number;
  maxMs: number;
}

/** The machine's CPU time so far, all of it and what the hypervisor gave to others (Linux /proc/stat; zeros elsewhere). */
function cpuClock(): { steal: number; total: number } {
  try {
    // user nice system idle iowait irq softirq steal (guest time is inside user)
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1, 9).map(Number);
    return { steal: f[7] ?? 0, total: f.reduce((a, b) => a + b, 0) };
  } catch {
    return { steal: 0, total: 0 };
  }
}

function stealSince(from: { steal: number; total: number }): number {
  const to = cpuClock();
  return to.total > from.total ? (to.steal - from.steal) / (to.total - from.total) : 0;
}

interface CpuPerRequest {
  server: number;
  /** The server's main thread: busy time of its event loop. */
  main: number;
  redis: number;
  load: number;
}

interface ServerStats {
  cpuUs: number;
  mainActiveUs: number;
  redisCpuUs: number;
  reads: number;
  commits: number;
  conflicts: number;
  readBytes: number;
  commitBytes: number;
  stationJsonBytes: { mean: number; max: number };
  queued: number;
  /** Group commits not yet archived (Redis mode). */
  archiveBacklog: number;
  rssMiB: number;
}

/** What one window used: the server's counters over it, and this process's CPU (the load generator). */
interface Used {
  server: ServerStats;
  loadUs: number;
}

/** CPU time per request (µs) over windows: the server process, Redis, and this process (the load generator). */
function cpuPerRequest(windows: Used[], requests: number): CpuPerRequest {
  const per = (f: (u: Used) => number) => windows.reduce((n, u) => n + f(u), 0) / Math.max(1, requests);
  return {
    server: per((u) => u.server.cpuUs),
    main: per((u) => u.server.mainActiveUs),
    redis: per((u) => u.server.redisCpuUs),
    load: per((u) => u.loadUs),
  };
}

async function serverHeap(server: Server): Promise<{ heapUsed: number; rss: number; rssParts: Record<string, number> }> {
  server.child.stdin.write('heap\n');
  return JSON.parse(await server.next()) as { heapUsed: number; rss: number; rssParts: Record<string, number> };
}

async function serverStats(server: Server): Promise<ServerStats> {
  server.child.stdin.write('stats\n');
  return JSON.parse(await server.next()) as ServerStats;
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function latencies(values: number[]): { p50: number; p95: number; p99: number; p999: number } {
  const sorted = Float64Array.from(values).sort();
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), p999: percentile(sorted, 99.9) };
}

/** Windows of one saturated run as one run: rates from totals, latencies over every response. */
function merge(windows: RunResult[], seconds: number): RunResult {
  const times = windows.flatMap((w) => w.times);
  const status: Record<string, number> = {};
  for (const w of windows) for (const [code, c] of Object.entries(w.status)) status[code] = (status[code] ?? 0) + c;
  const { p50, p99 } = latencies(times);
  return {
    rps: times.length / seconds,
    total: times.length,
    times,
    p50,
    p99,
    acP99: Math.max(...windows.map((w) => w.acP99)),
    status,
    errors: windows.reduce((n, w) => n + w.errors, 0),
    timeouts: windows.reduce((n, w) => n + w.timeouts, 0),
  };
}

/** The server's counters (the other stats are states: the later reading's are kept). */
const COUNTERS = ['cpuUs', 'mainActiveUs', 'redisCpuUs', 'reads', 'commits', 'conflicts', 'readBytes', 'commitBytes'] as const;

/** `b`'s counters plus (`sign` 1) or minus (-1) `a`'s, with `b`'s states: a window's change, or windows summed. */
function combine(a: ServerStats, b: ServerStats, sign: 1 | -1): ServerStats {
  const out = { ...b };
  for (const k of COUNTERS) out[k] = b[k] + sign * a[k];
  return out;
}

/** The hello server (bench/hello-server.ts): its port; closing its stdin ends it. */
async function startHello(): Promise<{ port: number; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(HERE, 'hello-server.ts')], { cwd: ROOT, env: { ...process.env, NODE_ENV: 'production' }, stdio: ['pipe', 'pipe', 'inherit'] });
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`hello server exited early (code ${code})`)));
  });
  const { port } = JSON.parse(line) as { port: number };
  return {
    port,
    stop: async () => {
      child.stdin.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await gone;
      clearTimeout(timer);
    },
  };
}

async function startServer(mode: Mode, mix: Mix, redisPrefix: string | null, redisUrl: string): Promise<Server> {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production', BENCH_MIX: mix };
  delete env.BENCH_REDIS_PREFIX;
  if (mode === 'redis') Object.assign(env, { BENCH_REDIS_PREFIX: redisPrefix!, BENCH_REDIS_URL: redisUrl });
  const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, '--expose-gc', SCAN_SERVER], { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
  child.stderr.on('data', (chunk: Buffer) => process.stderr.write(`[scan-server] ${chunk.toString()}`));
  const lines = createInterface({ input: child.stdout });
  const queue: string[] = [];
  const waiting: ((line: string) => void)[] = [];
  lines.on('line', (line) => {
    const w = waiting.shift();
    if (w) w(line);
    else queue.push(line);
  });
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code, signal) => reject(new Error(`scan-server exited early (code ${code}, signal ${signal})`))),
  );
  exited.catch(() => undefined);
  const next = () => Promise.race([new Promise<string>((resolve) => (queue.length > 0 ? resolve(queue.shift()!) : waiting.push(resolve))), exited]);
  const info = JSON.parse(await next()) as ServerInfo;
  if (info.store !== mode) throw new Error(`asked for ${mode}, the server runs ${info.store}`);
  return { info, child, lines, next };
}

async function stopServer(server: Server): Promise<void> {
  const gone = new Promise<void>((resolve) => server.child.once('exit', () => resolve()));
  server.child.stdin.end('quit\n');
  const timer = setTimeout(() => server.child.kill('SIGKILL'), 15_000);
  await gone;
  clearTimeout(timer);
}

async function deleteKeys(redisUrl: string, prefix: string): Promise<number> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  let deleted = 0;
  try {
    let cursor = '0';
    do {
      const [nextCursor, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = nextCursor;
      if (keys.length > 0) deleted += await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return deleted;
}

/**
 * The benches' n-th scan: badges in turn, and the kiosk (station) one further for each round of
 * the badges, so that every scan moves its attendee to the next station.
 */
export function nthScan<K>(n: number, badges: readonly string[], kiosks: readonly K[]): { badge: string; kiosk: K } {
  const b = n % badges.length;
  return { badge: badges[b], kiosk: kiosks[(b + Math.floor(n / badges.length)) % kiosks.length] };
}

/** A scan-shaped body per request; for scans the kiosk (station) rotates with the badge. */
function scanRequests(info: ServerInfo, withKiosk: boolean): MakeRequest {
  let n = 0;
  return () => {
    const { badge, kiosk } = nthScan(n++, info.badges, info.kiosks);
    const body = `{"id":"${newScanId()}","badge":"${badge}"}`;
    if (!withKiosk) return { body };
    return { body, authorization: `Bearer ${kiosk.token}` };
  };
}

/** Saturates (or, with `rate`, paces) `path` for `seconds`: POSTs of `make`'s bodies, or GETs when `make` is null. */
async function cannon(port: number, path: string, make: MakeRequest | null, seconds: number, rate?: number): Promise<RunResult> {
  const times: number[] = [];
  let finished!: (r: autocannon.Result) => void;
  let failed!: (err: Error) => void;
  const done = new Promise<autocannon.Result>((resolve, reject) => {
    finished = resolve;
    failed = reject;
  });
  const options: autocannon.Options = {
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    duration: seconds,
    ...(rate ? { overallRate: rate } : {}),
    requests: [
      make
        ? {
            method: 'POST',
            path,
            headers: { 'content-type': 'application/json' },
            setupRequest: (req) => {
              const { body, authorization } = make();
              return { ...req, body, headers: authorization ? { 'content-type': 'application/json', authorization } : req.headers };
            },
          }
        : { method: 'GET', path },
    ],
  };
  const instance = autocannon(options, (err, result) => (err ? failed(err as Error) : finished(result)));
  instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => {
    times.push(responseTime);
  });
  const result = await done;
  const status: Record<string, number> = {};
  for (const [code, s] of Object.entries(result.statusCodeStats ?? {})) status[code] = (s as { count: number }).count;
  const { p50, p99 } = latencies(times);
  return {
    rps: result.requests.average,
    total: times.length,
    times,
    p50,
    p99,
    acP99: result.latency.p99,
    status,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

/**
 * Scans and the bare route on one open loop at `rate` per second, taking turns in windows of a
 * second (bench/open-loop.ts): latency from the planned send time, the same moments for both.
 */
async function paced(port: number, scans: Target, bare: Target, seconds: number, rate: number): Promise<[RunResult, RunResult]> {
  const results = await openLoop([scans, bare], { port, rate, seconds, connections: CONNECTIONS });
  const [s, b] = results.map((r) => {
    const { p50, p95, p99, p999 } = latencies(r.times);
    return { rps: r.times.length / r.seconds, total: r.times.length, times: r.times, p50, p95, p99, p999, acP99: NaN, status: r.status, errors: r.errors, timeouts: r.timeouts };
  });
  return [s, b];
}

async function scanCounts(port: number): Promise<Record<string, number>> {
  const res = await fetch(`http://127.0.0.1:${port}/metrics`);
  const text = await res.text();
  const counts: Record<string, number> = {};
  for (const line of text.split('\n')) {
    const m = /^kezek_scans_total\{([^}]*)\}\s+(\d+)/.exec(line);
    if (!m) continue;
    const labels = Object.fromEntries([...m[1].matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
    const key = labels.reason ? `${labels.outcome}:${labels.reason}` : labels.outcome;
    counts[key] = (counts[key] ?? 0) + Number(m[2]);
  }
  return counts;
}

function diff(after: Record<string, number>, before: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(after)) if (v - (before[k] ?? 0) > 0) out[k] = v - (before[k] ?? 0);
  return out;
}

function log(text: string): void {
  process.stderr.write(`${text}\n`);
}

/**
 * Waits (60 s at most) until the archiver has written every scan of the saturated run into SQLite:
 * it runs at a lower priority than answering, so under saturation it falls behind and catches up
 * after. Its CPU then is part of what the run's scans cost.
 */
async function archiveCatchUp(server: Server, after: ServerStats, scans: number): Promise<{ ms: number; serverUs: number }> {
  const started = Date.now();
  let now = after;
  while (now.archiveBacklog > 0 && Date.now() - started < 60_000) {
    await new Promise((r) => setTimeout(r, 100));
    now = await serverStats(server);
  }
  if (now.archiveBacklog > 0) throw new Error(`the archive was still ${now.archiveBacklog} commits behind 60 s after the run`);
  return { ms: Date.now() - started, serverUs: (now.cpuUs - after.cpuUs) / Math.max(1, scans) };
}

/** The orders the saturated runs take turns in, one a round. */
const ORDERS = [
  ['hello', 'bare', 'scans'],
  ['scans', 'bare', 'hello'],
  ['bare', 'scans', 'hello'],
  ['hello', 'scans', 'bare'],
  ['scans', 'hello', 'bare'],
  ['bare', 'hello', 'scans'],
] as const;

async function runMode(mode: Mode, mix: Mix, helloPort: number, opts: { duration: number; rounds: number; pacedDuration: number; warmup: number; redisUrl: string; profile: boolean }): Promise<ModeResult> {
  const prefix = mode === 'redis' ? `kzb-${randomUUID().slice(0, 8)}` : null;
  const name = `${mode}, ${mix} mix`;
  log(`[scans] ${name}: starting the server (registering attendees and kiosks)…`);
  const loadBefore = loadavg()[0];
  const server = await startServer(mode, mix, prefix, opts.redisUrl);
  const { port } = server.info;
  try {
    log(`[scans] ${name}: ${server.info.badges.length} badges, ${server.info.kiosks.length} kiosks, port ${port}`);
    const bareMake = scanRequests(server.info, false);
    const scanMake = scanRequests(server.info, true);
    log(`[scans] ${name}: warm-up, hello, bare route then scans`);
    await cannon(helloPort, '/', null, opts.warmup);
    await cannon(port, '/bench/bare', bareMake, opts.warmup);
    await cannon(port, '/api/scans', scanMake, opts.warmup);
    const before = await scanCounts(port);
    const heapBefore = await serverHeap(server);
    const saturatedClock = cpuClock();
    const window = opts.duration / opts.rounds;
    const runs = { hello: [] as RunResult[], bare: [] as RunResult[], scans: [] as RunResult[] };
    const used = { hello: [] as Used[], bare: [] as Used[], scans: [] as Used[] };
    const archived = { ms: 0, serverUs: 0, backlog: 0 };
    const rounds: number[] = [];
    let profile: string | undefined;
    const run = async (kind: 'hello' | 'bare' | 'scans', round: number) => {
      const from = { server: await serverStats(server), load: process.cpuUsage() };
      const profiling = opts.profile && kind === 'scans' && round === 0;
      if (profiling) {
        profile = join(mkdtempSync(join(tmpdir(), 'kezek-scan-profile-')), `${mode}-${mix}.cpuprofile`);
        server.child.stdin.write('profile:start\n');
        await server.next();
      }
      const r =
        kind === 'hello' ? await cannon(helloPort, '/', null, window) : kind === 'bare' ? await cannon(port, '/bench/bare', bareMake, window) : await cannon(port, '/api/scans', scanMake, window);
      if (profiling) {
        server.child.stdin.write(`profile:stop ${profile}\n`);
        await server.next();
      }
      const to = { server: await serverStats(server), load: process.cpuUsage() };
      const d = combine(from.server, to.server, -1);
      used[kind].push({ server: d, loadUs: to.load.user + to.load.system - from.load.user - from.load.system });
      runs[kind].push(r);
      if (kind === 'scans') {
        // The archiver yields to answering: what it has left is archived before the bare route runs again.
        if (mode === 'redis') {
          const c = await archiveCatchUp(server, to.server, r.total);
          archived.ms += c.ms;
          archived.backlog = Math.max(archived.backlog, to.server.archiveBacklog);
          archived.serverUs += c.serverUs * r.total;
        }
      }
    };
    for (let i = 0; i < opts.rounds; i++) {
      log(`[scans] ${name}: saturated, round ${i + 1} of ${opts.rounds}`);
      for (const kind of ORDERS[i % ORDERS.length]) await run(kind, i);
      rounds.push(runs.scans[i].total / runs.hello[i].total);
    }
    const stealSaturated = stealSince(saturatedClock);
    const hello = merge(runs.hello, opts.duration);
    const bare = merge(runs.bare, opts.duration);
    const scans = merge(runs.scans, opts.duration);
    const bareCpu = cpuPerRequest(used.bare, bare.total);
    const scansCpu = cpuPerRequest(used.scans, scans.total);
    const catchUp = mode === 'redis' ? { ...archived, serverUs: archived.serverUs / Math.max(1, scans.total) } : null;
    const outcomes = diff(await scanCounts(port), before);
    const heapAfter = await serverHeap(server);
    const scanned = Object.values(outcomes).reduce((a, b) => a + b, 0);
    const memory = { perAttendee: server.info.heapPerAttendee, perScan: (heapAfter.heapUsed - heapBefore.heapUsed) / Math.max(1, scanned), rssMiB: heapAfter.rss / 2 ** 20, rssParts: heapAfter.rssParts };
    log(`[scans] ${name}: scans at ${FIXED_RATE}/s (autocannon overallRate)`);
    const rate = await cannon(port, '/api/scans', scanMake, opts.pacedDuration, FIXED_RATE);
    log(`[scans] ${name}: scans and the bare route at ${FIXED_RATE}/s (paced, open loop, taking turns each second)`);
    const pacedClock = cpuClock();
    server.child.stdin.write('lag:start\n');
    await server.next();
    const generatorLag = monitorEventLoopDelay({ resolution: 1 });
    generatorLag.enable();
    const [pacedRun, pacedBare] = await paced(port, { path: '/api/scans', make: scanMake }, { path: '/bench/bare', make: bareMake }, opts.pacedDuration, FIXED_RATE);
    generatorLag.disable();
    server.child.stdin.write('lag:stop\n');
    const lag = { server: JSON.parse(await server.next()) as ModeResult['lag']['server'], generator: { p99: generatorLag.percentile(99) / 1e6, max: generatorLag.max / 1e6 } };
    const stealPaced = stealSince(pacedClock);
    return { mode, mix, hello, bare, scans, rate, memory, paced: pacedRun, pacedBare, rounds, outcomes, profile, stats: used.scans.map((u) => u.server).reduce((sum, d) => combine(sum, d, 1)), cpu: { bare: bareCpu, scans: scansCpu }, catchUp, load: [loadBefore, loadavg()[0]], steal: { saturated: stealSaturated, paced: stealPaced }, lag };
  } finally {
    await stopServer(server);
    if (prefix) {
      const n = await deleteKeys(opts.redisUrl, prefix);
      log(`[scans] ${mode}: deleted ${n} Redis keys under ${prefix}:*`);
    }
  }
}

const ms = (v: number) => (Number.isFinite(v) ? `${v.toFixed(2)} ms` : '–');
const gcPauses = (p: Pauses) => `${p.count} (${ms(p.totalMs)} in all, longest ${ms(p.maxMs)})`;
const count = (v: number) => Math.round(v).toLocaleString('en-US');
const pct = (share: number) => `${(100 * share).toFixed(1)} %`;

function failures(r: RunResult): number {
  return Object.entries(r.status).reduce((n, [code, c]) => n + (code.startsWith('5') ? c : 0), 0) + r.errors + r.timeouts;
}

function statusMix(r: RunResult): string {
  return Object.entries(r.status)
    .sort()
    .map(([code, c]) => `${code}×${count(c)}`)
    .join(' ');
}

export function machine(): string {
  const cpu = cpus();
  return `${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${process.platform}`;
}

function table(results: ModeResult[], opts: { duration: number; rounds: number }): string {
  const out: string[] = [];
  out.push(`Scan throughput — ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC — ${machine()}`);
  out.push(
    `autocannon ${CONNECTIONS} connections; servers in child processes; load generator on the same machine; hello (plain Fastify, a process of its own), bare route and scans in turns, ${opts.rounds} rounds of ${(opts.duration / opts.rounds).toFixed(1)} s each.`,
  );
  out.push('');
  out.push('| mode | mix | hello req/s | bare req/s | scans req/s | scans ÷ hello | goal | ÷ hello per round | scans ÷ bare | goal | scans p50 | scans p99 | p99 @1,000/s paced | bare p99 @1,000/s paced | p99 @1,000/s autocannon | CPU stolen: saturated / paced | 5xx + errors | scan statuses |');
  out.push('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|');
  const check = (ratio: number, goal: number | null) => (goal === null ? '–' : `${ratio >= goal ? '✅' : '❌'} ≥ ${goal}`);
  for (const r of results) {
    const ofHello = r.scans.rps / r.hello.rps;
    const ofBare = r.scans.rps / r.bare.rps;
    const helloGoal = r.mix === 'move' ? (r.mode === 'memory' ? 0.3 : 0.2) : null;
    const bareGoal = r.mix === 'current' ? (r.mode === 'memory' ? 0.5 : 0.4) : null;
    const fails = failures(r.scans) + failures(r.rate) + failures(r.paced) + failures(r.bare) + failures(r.pacedBare);
    out.push(
      `| ${r.mode} | ${r.mix} | ${count(r.hello.rps)} | ${count(r.bare.rps)} | ${count(r.scans.rps)} | ${ofHello.toFixed(2)} | ${check(ofHello, helloGoal)} | ${Math.min(...r.rounds).toFixed(2)}–${Math.max(...r.rounds).toFixed(2)} | ${ofBare.toFixed(2)} | ${check(ofBare, bareGoal)} | ${ms(r.scans.p50)} | ${ms(r.scans.p99)} | ${ms(r.paced.p99)} ${r.paced.p99 < 10 ? '✅' : '❌'} | ${ms(r.pacedBare.p99)} | ${ms(r.rate.p99)} | ${pct(r.steal.saturated)} / ${pct(r.steal.paced)} | ${fails} | ${statusMix(r.scans)} |`,
    );
  }
  out.push('');
  out.push('Details:');
  for (const r of results) {
    const total = Object.values(r.outcomes).reduce((a, b) => a + b, 0);
    const mix = Object.entries(r.outcomes)
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => `${k} ${((100 * v) / total).toFixed(1)}%`)
      .join(', ');
    out.push(`- ${r.mode}, ${r.mix} mix: load average ${r.load[0].toFixed(2)} before, ${r.load[1].toFixed(2)} after; scans ÷ hello per round ${r.rounds.map((x) => x.toFixed(2)).join(', ')}; hello p50 ${ms(r.hello.p50)} / p99 ${ms(r.hello.p99)}; bare p50 ${ms(r.bare.p50)} / p99 ${ms(r.bare.p99)}; saturated-scan outcomes (server counter, ${count(total)} scans): ${mix}`);
    out.push(
      `  - at 1,000/s: paced open loop ${count(r.paced.rps)}/s achieved, p50 / p95 / p99 / p99.9 ${ms(r.paced.p50)} / ${ms(r.paced.p95!)} / ${ms(r.paced.p99)} / ${ms(r.paced.p999!)} (${statusMix(r.paced)}); ` +
        `bare route paced p50 / p95 / p99 / p99.9 ${ms(r.pacedBare.p50)} / ${ms(r.pacedBare.p95!)} / ${ms(r.pacedBare.p99)} / ${ms(r.pacedBare.p999!)}; ` +
        `event-loop delay over the paced runs p99 / longest: server ${ms(r.lag.server.p99)} / ${ms(r.lag.server.max)}, load generator ${ms(r.lag.generator.p99)} / ${ms(r.lag.generator.max)}; ` +
        `server's garbage collections over them: ${gcPauses(r.lag.server.gc.young)} young, ${gcPauses(r.lag.server.gc.full)} full; ` +
        `a scan's time in the server (arrival to answer) p99 / p99.9 / longest ${ms(r.lag.server.scanInServer.p99)} / ${ms(r.lag.server.scanInServer.p999)} / ${ms(r.lag.server.scanInServer.max)}; ` +
        `autocannon overallRate ${count(r.rate.rps)}/s, p50 ${ms(r.rate.p50)}, p99 ${ms(r.rate.p99)} (its own CO-corrected p99 ${r.rate.acP99} ms; bursty limiter, see header of bench/scan-throughput.ts)`,
    );
    const fails = (['hello', 'bare', 'scans', 'rate', 'paced', 'pacedBare'] as const).map((k) => `${k} 5xx/errors/timeouts ${failures(r[k])}`).join(', ');
    out.push(`  - failures: ${fails}`);
    const cpu = (c: CpuPerRequest) => `server ${c.server.toFixed(1)} µs (main thread busy ${c.main.toFixed(1)} µs)${r.mode === 'redis' ? `, Redis ${c.redis.toFixed(1)} µs` : ''}, load generator ${c.load.toFixed(1)} µs`;
    out.push(`  - CPU time per request, saturated: bare route ${cpu(r.cpu.bare)}; scans ${cpu(r.cpu.scans)}`);
    const after = r.stats;
    const scansDone = Object.values(r.outcomes).reduce((a, b) => a + b, 0);
    const redis = r.mode === 'redis'
      ? `; Redis per scan: ${(after.reads / scansDone).toFixed(2)} reads, ${(after.commits / scansDone).toFixed(2)} commits, ${(after.conflicts / scansDone).toFixed(2)} conflicts, ${count(after.readBytes / scansDone)} B read + ${count(after.commitBytes / scansDone)} B sent`
      : '';
    const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
    out.push(
      `  - memory: RSS ${Math.round(r.memory.rssMiB)} MiB after the saturated runs${r.mode === 'memory' ? ` ${r.memory.rssMiB <= 300 ? '✅' : '❌'} ≤ 300` : ''}; the heap holds ${mib(r.memory.perAttendee * 10_000)} per 10,000 attendees and ${mib(r.memory.perScan * 100_000)} per 100,000 scans (after a full garbage collection); the RSS in MiB: ${Object.entries(r.memory.rssParts).map(([k, v]) => `${k} ${v}`).join(', ')}`,
    );
    out.push(`  - server state after the saturated run: station JSON mean ${count(after.stationJsonBytes.mean)} B (max ${count(after.stationJsonBytes.max)} B), ${after.queued} queued, RSS ${after.rssMiB} MiB${redis}`);
    if (r.catchUp) {
      out.push(
        `  - archive: up to ${count(r.catchUp.backlog)} group commits not yet in SQLite at the end of a saturated window, all archived before the next (${(r.catchUp.ms / 1000).toFixed(1)} s of waiting in all); server CPU of that catching up: ${r.catchUp.serverUs.toFixed(1)} µs per scan of the run (so ${(r.cpu.scans.server + r.catchUp.serverUs).toFixed(1)} µs in all)`,
      );
    }
  }
  return out.join('\n');
}

export interface ScanBenchOptions {
  duration?: number;
  rounds?: number;
  /** Seconds of each run at 1,000 scans/s. */
  pacedDuration?: number;
  warmup?: number;
  modes?: Mode[];
  mixes?: Mix[];
  redisUrl?: string;
  profile?: boolean;
}

/** Runs the scan benchmark and returns the markdown report (also printed). */
export async function runScanThroughput(options: ScanBenchOptions = {}): Promise<string> {
  const opts = {
    duration: options.duration ?? Number(process.env.BENCH_DURATION ?? 40),
    rounds: options.rounds ?? Number(process.env.BENCH_ROUNDS ?? 20),
    pacedDuration: options.pacedDuration ?? Number(process.env.BENCH_PACED_DURATION ?? 10),
    warmup: options.warmup ?? Number(process.env.BENCH_WARMUP ?? 2),
    redisUrl: options.redisUrl ?? process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379',
    profile: options.profile ?? (process.argv.includes('--profile') || process.env.BENCH_PROFILE === '1'),
  };
  const modes = options.modes ?? ((process.env.BENCH_MODES?.split(',') ?? ['memory', 'redis']) as Mode[]);
  const mixes = options.mixes ?? ((process.env.BENCH_MIXES?.split(',') ?? ['current', 'move']) as Mix[]);
  const results: ModeResult[] = [];
  buildScanServer();
  const hello = await startHello();
  try {
    for (const mode of modes) for (const mix of mixes) results.push(await runMode(mode, mix, hello.port, opts));
  } finally {
    await hello.stop();
  }
  let report = table(results, opts);
  for (const r of results) {
    if (r.profile) report += `\n\n### CPU profile of the server, ${r.mode}, ${r.mix} mix, saturated scans (${r.profile})\n\n${summariseProfile(r.profile, ROOT)}`;
  }
  console.log(report);
  return report;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await runScanThroughput();
}
