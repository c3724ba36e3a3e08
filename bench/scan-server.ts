/**
 * The server side of the scan benchmark, run as a child process of bench/scan-throughput.ts so the
 * load generator does not share its event loop.
 *
 * Builds the full Kezek app on a temporary DATA_DIR (Redis mode when BENCH_REDIS_PREFIX is set:
 * the live state goes under that prefix, which the parent deletes afterwards; PostgreSQL as the
 * durable store when BENCH_DATABASE_URL is set), registers
 * BENCH_ATTENDEES attendees (default 2,000, with Kazakh and Russian first names as the event's)
 * and one kiosk per station (BENCH_MIX=move: the event's stations but the gate, with room for
 * everyone, so that every scan of the bench's rotation is a move between two stations), adds a bare comparison
 * route `POST /bench/bare`, listens on 127.0.0.1:0 and prints one JSON line to stdout:
 * `{ port, store, badges: string[], kiosks: { station, token }[] }`.
 *
 * stdin commands, one per line: `profile:start`, `profile:stop <file>` (writes a .cpuprofile of
 * the span between them, via node:inspector), `stats` (one JSON line: Redis read/commit/conflict
 * counts, station state sizes, RSS, CPU time of the server's threads and of Redis, busy time of
 * the main thread), `lag:start` and `lag:stop` (one JSON line: the main thread's event-loop delay
 * in between, p99 and longest, ms, its garbage collections: count, total and longest pause of
 * young and of full ones, and each scan's time in the server: p99, p99.9 and longest), `heap`
 * (one JSON line: the heap in use after a full garbage collection and the RSS, bytes, and where
 * the RSS is, MiB: `rssParts`), `quit`.
 * The first line also says what the heap holds per attendee registered (`heapPerAttendee`, bytes).
 * SIGTERM, SIGINT and stdin closing also quit.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { constants, createHistogram, monitorEventLoopDelay, performance, PerformanceObserver } from 'node:perf_hooks';
import { randomBytes } from 'node:crypto';
import { getHeapSpaceStatistics, getHeapStatistics } from 'node:v8';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../server/app.ts';
import { BUNDLED_EVENT, loadConfig, loadEvent } from '../server/config.ts';
import { RAISED_LIMITS } from '../tests/support/limits.ts';
import { RedisStore } from '../server/live/redis-store.ts';
import { ATTENDEE_CATEGORIES } from '../shared/attendee.ts';

const attendees = Number(process.env.BENCH_ATTENDEES ?? 2000);
const redisPrefix = process.env.BENCH_REDIS_PREFIX || undefined;
const redisUrl = process.env.BENCH_REDIS_URL || 'redis://127.0.0.1:6379';
/** PostgreSQL as the durable store (bench/scans-several.ts): each server process still has a data folder of its own. */
const databaseUrl = process.env.BENCH_DATABASE_URL || undefined;
const adminToken = randomBytes(24).toString('base64url');
const ADMIN = { authorization: `Bearer ${adminToken}` };

const data = { dir: mkdtempSync(join(tmpdir(), 'kezek-bench-')) };
/**
 * BENCH_MIX=move: every scan a real move between two stations, never a queue join. The event's
 * stations (the entrance gate left out) all take people as they come, with room for everyone (a tour
 * point too: without its departures).
 */
const moveMix = process.env.BENCH_MIX === 'move';
const eventFile = join(data.dir, 'bench-event.json');
if (moveMix) {
  const event = loadEvent(BUNDLED_EVENT);
  const stations = event.stations.map((s) => (s.mode === 'gate' ? s : { ...s, mode: 'continuous' as const, capacity: attendees, departures: undefined }));
  writeFileSync(eventFile, JSON.stringify({ ...event, stations }));
}
const config = loadConfig({
  DATA_DIR: data.dir,
  ...(moveMix ? { EVENT_FILE: eventFile } : {}),
  ADMIN_TOKEN: adminToken,
  HOST: '127.0.0.1',
  LOG_LEVEL: 'warn',
  // 2,000 attendees registered at once, thousands of scans a second from each kiosk.
  ...RAISED_LIMITS,
  // The Redis the benchmarks use need not keep an append-only file (BENCH_REDIS_DURABILITY=aof checks it does).
  ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  ...(redisPrefix ? { REDIS_URL: redisUrl, REDIS_PREFIX: redisPrefix, REDIS_DURABILITY: process.env.BENCH_REDIS_DURABILITY || 'volatile' } : {}),
});
const app = await buildApp({ config, logger: false });

/** Names as the event's attendees have them: answers and live state then carry text that is not ASCII. */
const FIRST_NAMES = ['Әлия', 'Нұрлан', 'Айгерім', 'Дмитрий', 'Ерасыл', 'Анастасия', 'Қанат', 'Мария'];

async function register(app: FastifyInstance, n: number): Promise<{ badge: string }> {
  const payload = { firstName: FIRST_NAMES[n % FIRST_NAMES.length], lastName: 'Сканов', category: ATTENDEE_CATEGORIES[n % ATTENDEE_CATEGORIES.length] };
  const r = await app.inject({ method: 'POST', url: '/api/attendees', headers: ADMIN, payload });
  if (r.statusCode !== 201) throw new Error(`register: ${r.statusCode} ${r.body}`);
  return r.json();
}

async function kiosk(app: FastifyInstance, station: string): Promise<{ token: string }> {
  const r = await app.inject({ method: 'POST', url: '/api/kiosks', headers: ADMIN, payload: { station } });
  if (r.statusCode !== 201) throw new Error(`kiosk ${station}: ${r.statusCode} ${r.body}`);
  return r.json();
}

// The comparison route: a JSON body through the same app (hooks and all), nothing else.
app.post('/bench/bare', { config: { access: ['public'] } }, async () => ({ ok: true }));

/**
 * Each scan's time in this server between `lag:start` and `lag:stop`: from its request reaching
 * the server to its answer written. Beside the load generator's latency it tells a wait in the
 * server from one outside it (the machine's network stack, a core the hypervisor took). Taken on
 * the HTTP server's own events, not by Fastify hooks: an onResponse hook would make the app set up
 * its response listeners on every request of every run, which the app has none of.
 */
const inServer = createHistogram();
let timing = false;
app.server.prependListener('request', (req: IncomingMessage, res: ServerResponse) => {
  if (!timing || req.url !== '/api/scans') return;
  const at = process.hrtime.bigint();
  res.once('finish', () => inServer.record(Number(process.hrtime.bigint() - at)));
});
await app.ready();

/** The heap in use after a full garbage collection (the parent starts this process with --expose-gc). */
function heapUsed(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return getHeapStatistics().used_heap_size;
}
/**
 * Where the RSS is, in MiB: V8's heap as committed (`heapTotal`: the young generation's
 * semi-spaces at their grown size, and the old generation), memory outside it that V8 counts
 * (`external`, buffers), and the kernel's split of the RSS into anonymous memory (heaps, malloc:
 * SQLite's page cache, the threads' own heaps) and file pages mapped (code, the database's `-shm`).
 */
function rssParts(): Record<string, number> {
  const m = process.memoryUsage();
  const mib = (n: number) => Math.round(n / 2 ** 20);
  const parts: Record<string, number> = { heapTotal: mib(m.heapTotal), external: mib(m.external) };
  // The heap's spaces as committed: the young generation (`new_space`) keeps its grown size.
  for (const space of getHeapSpaceStatistics()) if (space.space_size >= 2 ** 20) parts[space.space_name] = mib(space.space_size);
  try {
    for (const line of readFileSync('/proc/self/status', 'utf8').split('\n')) {
      const x = /^(RssAnon|RssFile|RssShmem):\s+(\d+) kB/.exec(line);
      if (x) parts[x[1]] = Math.round(Number(x[2]) / 1024);
    }
  } catch {
    // Not Linux: V8's figures only.
  }
  return parts;
}
const badges: string[] = [];
/** The heap after the first batch: the code registering runs is compiled by then. */
let heapBeforeAttendees = 0;
for (let i = 0; i < attendees; i += 50) {
  const batch = await Promise.all(
    Array.from({ length: Math.min(50, attendees - i) }, (_, j) => register(app, i + j)),
  );
  for (const a of batch) badges.push(a.badge);
  if (i === 0) heapBeforeAttendees = heapUsed();
}
/** What the heap holds per attendee registered after the first batch (live state, caches), bytes. */
const heapPerAttendee = (heapUsed() - heapBeforeAttendees) / Math.max(1, attendees - 50);
const kiosks: { station: string; token: string }[] = [];
for (const s of app.config.event.stations) {
  if (moveMix && s.mode === 'gate') continue;
  const k = await kiosk(app, s.id);
  kiosks.push({ station: s.id, token: k.token });
}

// Diagnostics (read only, no server code changed): Redis commit attempts and conflicts, state sizes.
const counters = { reads: 0, commits: 0, conflicts: 0, readBytes: 0, commitBytes: 0 };
if (app.live.kind === 'redis') {
  // Counted where commands leave the client, so ioredis auto-pipelining is not disturbed.
  // kzRead is EVALSHA with 4 keys and 11 arguments; kzCommit has more arguments.
  type Sent = { name: string; args: unknown[]; promise: Promise<unknown> };
  const redis = (app.live as unknown as { redis: { sendCommand: (c: Sent) => unknown } }).redis;
  const send = redis.sendCommand.bind(redis);
  const bytes = (v: unknown): number => (typeof v === 'string' ? v.length : Array.isArray(v) ? v.reduce((n: number, x) => n + bytes(x), 0) : 0);
  redis.sendCommand = (command: Sent) => {
    if (command.name === 'evalsha' || command.name === 'eval') {
      const read = Number(command.args[1]) === 4 && command.args.length === 11;
      if (!read) counters.commitBytes += bytes(command.args);
      command.promise.then(
        (reply) => {
          if (read) {
            counters.reads++;
            counters.readBytes += bytes(reply);
          } else if (Array.isArray(reply) && ['ok', 'conflict', 'replayed'].includes(reply[0] as string)) {
            counters.commits++;
            if (reply[0] === 'conflict') counters.conflicts++;
          }
        },
        () => undefined,
      );
    }
    return send(command);
  };
}
/** Redis's own CPU time so far (µs), from INFO: it shares the machine's cores with the server. */
async function redisCpuUs(): Promise<number> {
  if (!(app.live instanceof RedisStore)) return 0;
  const info = await app.live.redis.info('cpu');
  const field = (name: string) => Number(new RegExp(`^${name}:([0-9.]+)`, 'm').exec(info)?.[1] ?? 0);
  return Math.round((field('used_cpu_sys') + field('used_cpu_user')) * 1e6);
}

async function stats(): Promise<object> {
  const stations = await app.live.stations();
  const sizes = stations.map((s) => JSON.stringify(s).length);
  const cpu = process.cpuUsage();
  return {
    ...counters,
    cpuUs: cpu.user + cpu.system,
    mainActiveUs: Math.round(performance.eventLoopUtilization().active * 1000),
    redisCpuUs: await redisCpuUs(),
    stationJsonBytes: { mean: Math.round(sizes.reduce((a, b) => a + b, 0) / sizes.length), max: Math.max(...sizes) },
    queued: stations.reduce((n, s) => n + s.queue.length, 0),
    // Redis mode: group commits in the log stream not yet archived into SQLite.
    archiveBacklog: app.live instanceof RedisStore ? await app.live.redis.xlen(app.live.streamKey) : 0,
    rssMiB: Math.round(process.memoryUsage().rss / 2 ** 20),
  };
}

await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
if (!address || typeof address === 'string') throw new Error('no TCP address');
process.stdout.write(`${JSON.stringify({ port: address.port, store: app.live.kind, badges, kiosks, heapPerAttendee })}\n`);

let session: Session | null = null;
const post = (method: string, params?: object) =>
  new Promise<unknown>((resolve, reject) => {
    session!.post(method, params ?? {}, (err, result) => (err ? reject(err) : resolve(result)));
  });

/** The main thread's event-loop delay, sampled every millisecond between `lag:start` and `lag:stop`. */
const lag = monitorEventLoopDelay({ resolution: 1 });

/**
 * Garbage collections of the main thread between `lag:start` and `lag:stop`: young (scavenges) and
 * full (mark-compact). Node reports a full collection as two pauses, the end of its incremental
 * marking and then its own: both count in its time, it counts once.
 */
interface Pauses {
  count: number;
  totalMs: number;
  maxMs: number;
}
const pauses = (): Pauses => ({ count: 0, totalMs: 0, maxMs: 0 });
let gc = { young: pauses(), full: pauses() };
const gcObserver = new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    const gcKind = (e as unknown as { detail: { kind: number } }).detail.kind;
    const kind = gcKind === constants.NODE_PERFORMANCE_GC_MINOR ? gc.young : gc.full;
    if (gcKind === constants.NODE_PERFORMANCE_GC_MINOR || gcKind === constants.NODE_PERFORMANCE_GC_MAJOR) kind.count += 1;
    kind.totalMs += e.duration;
    kind.maxMs = Math.max(kind.maxMs, e.duration);
  }
});

let quitting = false;
async function quit(): Promise<void> {
  if (quitting) return;
  quitting = true;
  try {
    await app.close();
  } finally {
    rmSync(data.dir, { recursive: true, force: true });
    process.exit(0);
  }
}

const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  const [command, arg] = line.trim().split(/\s+/, 2);
  void (async () => {
    if (command === 'profile:start') {
      session = new Session();
      session.connect();
      await post('Profiler.enable');
      await post('Profiler.setSamplingInterval', { interval: 200 });
      await post('Profiler.start');
      process.stdout.write('profiling\n');
    } else if (command === 'profile:stop' && session) {
      const { profile } = (await post('Profiler.stop')) as { profile: object };
      writeFileSync(arg, JSON.stringify(profile));
      session.disconnect();
      session = null;
      process.stdout.write('profiled\n');
    } else if (command === 'lag:start') {
      inServer.reset();
      timing = true;
      lag.reset();
      lag.enable();
      gc = { young: pauses(), full: pauses() };
      gcObserver.observe({ entryTypes: ['gc'] });
      process.stdout.write('lagging\n');
    } else if (command === 'lag:stop') {
      lag.disable();
      gcObserver.disconnect();
      timing = false;
      const scanInServer = { p99: inServer.percentile(99) / 1e6, p999: inServer.percentile(99.9) / 1e6, max: inServer.max / 1e6 };
      process.stdout.write(`${JSON.stringify({ p99: lag.percentile(99) / 1e6, max: lag.max / 1e6, gc, scanInServer })}\n`);
    } else if (command === 'heap') {
      process.stdout.write(`${JSON.stringify({ heapUsed: heapUsed(), rss: process.memoryUsage().rss, rssParts: rssParts() })}\n`);
    } else if (command === 'stats') {
      process.stdout.write(`${JSON.stringify(await stats())}\n`);
    } else if (command === 'quit') await quit();
  })().catch((err: unknown) => {
    process.stderr.write(`scan-server: ${String(err)}\n`);
  });
});
lines.on('close', () => void quit());
process.on('SIGTERM', () => void quit());
process.on('SIGINT', () => void quit());
