/**
 * `npm run bench -- realtime`: latency from a scan's answer to the change arriving at a screen,
 * with 2,000 sockets connected to /public, first while scans flow at 500/s for 20 s, then while
 * each station changes once a second (the leading edge of its coalescing sends each change at
 * once), and server memory per socket. The server runs in a child process (memory store); this
 * process sends the scans, and the sockets live in `BENCH_CLIENT_THREADS` worker threads
 * (bench/realtime-clients.ts) so that one busy client event loop does not add its queueing to
 * the figure. Each latency is also split at the server's send time (the update's `at`): the
 * wait for the coalescing window, then the delivery. CPU of the server and of this process, and
 * how busy each event loop here was, show which side a tail comes from. `BENCH_CPU_PROF=<dir>`
 * writes a CPU profile of the server there.
 *
 * Matching a scan to the update that carries it is exact: every scan is a new attendee entering
 * a station whose capacity was raised out of reach, so a station's occupancy after scan k is k,
 * and scan k has arrived at a socket with the first update showing occupancy >= k.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { newScanId } from '../shared/scan-id.ts';
import { SERVER_NODE_FLAGS } from './scan-throughput.ts';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Worker } from 'node:worker_threads';
import type { StationView } from '../shared/station.ts';
import { startThread } from '../server/threads.ts';
import { RAISED_LIMITS } from '../tests/support/app.ts';
import type { FromClients, ToClients } from './realtime-clients.ts';

const SOCKETS = Number(process.env.BENCH_SOCKETS ?? 2000);
const RATE = Number(process.env.BENCH_RATE ?? 500);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const THREADS = Number(process.env.BENCH_CLIENT_THREADS ?? 2);
const CPU_PROF = process.env.BENCH_CPU_PROF;
/** Latency histograms have 1 ms buckets up to this many ms. */
const HIST_MS = 10_000;
const TOKEN = 'bench-admin-token-0123456789';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

const rssKb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]);
/** CPU seconds (user + system) a process has used; /proc counts in ticks of 1/100 s. */
const cpuSeconds = (pid: number) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
};
/** Epoch milliseconds, comparable across threads and with the server's `Date.now()`. */
const epoch = () => performance.timeOrigin + performance.now();

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'kezek-bench-rt-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const profile = CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${resolve(CPU_PROF)}`] : [];
  const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, ...profile, '--import', 'tsx', 'server/main.ts'], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dir, ADMIN_TOKEN: TOKEN, LOG_LEVEL: 'warn', ...RAISED_LIMITS, MAX_CONNECTIONS: '100000', MAX_CONNECTIONS_PER_ADDRESS: '100000', REDIS_URL: '', LIVE_UPDATE_MS: process.env.LIVE_UPDATE_MS ?? '250' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  // The server is let finish (a CPU profile is written as it exits).
  const stop = async () => {
    const exited = child.exitCode === null ? once(child, 'exit') : Promise.resolve();
    child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(`${base}/health`)).ok) break;
      } catch {
        if (i > 1200) throw new Error('server did not start');
      }
      await sleep(100);
    }
    const api = async <T>(method: string, path: string, body?: unknown, auth = TOKEN, tries = 3): Promise<T> => {
      // The server closes idle kept-alive connections: a request that meets one closing is sent again.
      const r = await fetch(`${base}${path}`, { method, headers: { authorization: `Bearer ${auth}`, 'content-type': 'application/json' }, body: JSON.stringify(body) }).catch((err: unknown) => {
        if (tries <= 1) throw err;
        return null;
      });
      if (!r) return api<T>(method, path, body, auth, tries - 1);
      if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${await r.text()}`);
      return (await r.json()) as T;
    };
    const stations = await (await fetch(`${base}/api/stations`)).json() as StationView[];
    const ids = stations.map((s) => s.id);
    const kiosks: string[] = [];
    for (const s of stations) {
      if (s.mode !== 'gate') await api('PATCH', `/api/stations/${s.id}`, { capacity: 100000 });
      kiosks.push((await api<{ token: string }>('POST', '/api/kiosks', { station: s.id })).token);
    }
    const total = RATE * SECONDS + stations.length * SECONDS;
    process.stderr.write(`registering ${total} attendees… `);
    const badges: string[] = [];
    for (let i = 0; i < total; i += 50) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(50, total - i) }, (_, j) => api<{ badge: string }>('POST', '/api/attendees', { firstName: `B${i + j}`, lastName: 'Bench', category: 'school' })),
      );
      badges.push(...batch.map((b) => b.badge));
    }
    process.stderr.write('done\n');

    await sleep(2_000);
    const rssBefore = rssKb(child.pid!);
    const perThread = Math.ceil(SOCKETS / THREADS);
    const connected: number[] = [];
    const clients = Array.from({ length: THREADS }, (_, t) => {
      const count = Math.max(0, Math.min(perThread, SOCKETS - t * perThread));
      connected.push(0);
      const w = startThread(new URL('./realtime-clients.ts', import.meta.url), { url: base, count, stationIds: ids, first: t === 0, histMs: HIST_MS });
      w.on('message', (m: FromClients) => {
        if (m.type === 'ready') connected[t] = m.connected;
      });
      w.on('error', (err) => process.stderr.write(`client thread ${t}: ${err.stack ?? String(err)}\n`));
      return w;
    });
    const ready = () => connected.reduce((a, b) => a + b, 0);
    const ask = <T extends FromClients['type']>(w: Worker, m: ToClients, type: T) =>
      new Promise<Extract<FromClients, { type: T }>>((resolve) => {
        const on = (r: FromClients) => {
          if (r.type !== type) return;
          w.off('message', on);
          resolve(r as Extract<FromClients, { type: T }>);
        };
        w.on('message', on);
        w.postMessage(m);
      });
    // Sockets that cannot connect on a saturated machine are left out (and counted), not waited for.
    for (const deadline = Date.now() + 120_000; ready() < SOCKETS && Date.now() < deadline; ) await sleep(100);
    if (ready() < SOCKETS) process.stderr.write(`only ${ready()} of ${SOCKETS} sockets connected\n`);
    await sleep(3_000);
    const rssAfter = rssKb(child.pid!);

    /**
     * Sends `count` scans at `rate` per second, station after station (each a new attendee
     * entering), and measures every (scan, socket) pair: from the scan's answer to the first
     * update at that socket showing it; split into the wait until the server sent that update
     * and its delivery to the socket.
     */
    const phase = async (rate: number, count: number, first: number) => {
      for (const w of clients) w.postMessage({ type: 'reset' } satisfies ToClients);
      const answered: Array<Map<number, number>> = ids.map(() => new Map());
      let failed = 0;
      // Why scans were not counted: an HTTP status or outcome, or the client's error.
      const why = new Map<string, number>();
      const fail = (reason: string) => {
        failed += 1;
        why.set(reason, (why.get(reason) ?? 0) + 1);
      };
      const eluStart = performance.eventLoopUtilization();
      const cpuStart = process.cpuUsage();
      const serverCpuStart = cpuSeconds(child.pid!);
      const began = performance.now();
      const inFlight: Array<Promise<void>> = [];
      for (let n = 0; n < count; n++) {
        const due = began + (n * 1000) / rate;
        const wait = due - performance.now();
        if (wait > 1) await sleep(wait);
        const k = n % ids.length;
        inFlight.push(
          fetch(`${base}/api/scans`, {
            method: 'POST',
            headers: { authorization: `Bearer ${kiosks[k]}`, 'content-type': 'application/json' },
            body: JSON.stringify({ id: newScanId(), badge: badges[first + n] }),
          }).then(
            async (r) => {
              const at = epoch();
              const body = (await r.json()) as { outcome?: string; code?: string; station?: { occupancy: number } };
              if (body.outcome === 'entered' && body.station) answered[k].set(body.station.occupancy, at);
              else fail(`${r.status} ${body.outcome ?? body.code ?? ''}`);
            },
            (err: unknown) => fail(String((err as Error).cause ?? err)),
          ),
        );
      }
      await Promise.all(inFlight);
      const sent = (performance.now() - began) / 1000;
      const loadElu = performance.eventLoopUtilization(eluStart).utilization;
      const serverCpu = (cpuSeconds(child.pid!) - serverCpuStart) / sent;
      const cpu = process.cpuUsage(cpuStart);
      const benchCpu = (cpu.user + cpu.system) / 1e6 / sent;
      await sleep(2_000);

      const sorted = answered.map((a) => [...a.entries()].sort((x, y) => x[0] - y[0]));
      const results = await Promise.all(clients.map((w) => ask(w, { type: 'measure', answered: sorted }, 'result')));
      const sum = (key: 'total' | 'wait' | 'delivery') => {
        const h = new Uint32Array(HIST_MS + 1);
        for (const r of results) for (let i = 0; i <= HIST_MS; i++) h[i] += r[key][i];
        return h;
      };
      const pairs = results.reduce((n, r) => n + r.pairs, 0);
      const pct = (hist: Uint32Array, p: number) => {
        let acc = 0;
        for (let i = 0; i < hist.length; i++) if ((acc += hist[i]) >= pairs * p) return i;
        return hist.length - 1;
      };
      const total = sum('total');
      const waitHist = sum('wait');
      const delivery = sum('delivery');
      return {
        accepted: count - failed,
        why: [...why].map(([reason, n]) => `${n} × ${reason}`).join('; '),
        sent,
        pairs,
        missing: results.reduce((n, r) => n + r.missing, 0),
        updates: results.reduce((n, r) => n + r.updates, 0),
        p50: pct(total, 0.5),
        p90: pct(total, 0.9),
        p99: pct(total, 0.99),
        max: pct(total, 1),
        wait99: pct(waitHist, 0.99),
        delivery50: pct(delivery, 0.5),
        delivery99: pct(delivery, 0.99),
        serverCpu,
        benchCpu,
        loadElu,
        clientElu: results.map((r) => r.elu),
      };
    };

    const rush = await phase(RATE, RATE * SECONDS, 0);
    // Each station changing at most once a second: the leading edge sends every change at once.
    const calm = await phase(ids.length, ids.length * SECONDS, RATE * SECONDS);
    await Promise.all(clients.map((w) => ask(w, { type: 'close' }, 'closed')));
    await Promise.all(clients.map((w) => w.terminate()));

    const row = (label: string, goal: string, r: typeof rush) =>
      `| ${label} | ${r.accepted} in ${r.sent.toFixed(1)} s | ${r.p50} | ${r.p90} | ${r.p99} | ${r.max} | ${goal} | ${r.wait99} | ${r.delivery50} / ${r.delivery99} | ${r.pairs} / ${r.missing} | ${(r.updates / r.sent / ids.length).toFixed(2)} |`;
    const cpuRow = (label: string, r: typeof rush) =>
      `| ${label} | ${(r.serverCpu * 100).toFixed(0)} % | ${(r.benchCpu * 100).toFixed(0)} % | ${(r.loadElu * 100).toFixed(0)} % | ${r.clientElu.map((e) => `${(e * 100).toFixed(0)} %`).join(', ')} |`;
    console.log('\n### Live updates (bench/realtime.ts)\n');
    console.log(`LIVE_UPDATE_MS ${process.env.LIVE_UPDATE_MS ?? '250'}, ${ready()} sockets on /public in ${THREADS} client threads, ${ids.length} stations; latency from a scan's answer to the update at each socket (ms); load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} at the end.\n`);
    console.log('| load | scans accepted | p50 | p90 | p99 | max | p99 goal | p99 answer → server sends | delivery p50 / p99 (server sends → socket) | (scan, socket) pairs / never seen | updates per station per s at one socket |');
    console.log('|---|---|---|---|---|---|---|---|---|---|---|');
    console.log(row(`${RATE} scans/s`, '≤ 300', rush));
    console.log(row('each station once a second', '≤ 100', calm));
    console.log('\n| load | server CPU (of one core) | bench process CPU | scan-load thread busy (ELU) | client threads busy (ELU) |');
    console.log('|---|---|---|---|---|');
    console.log(cpuRow(`${RATE} scans/s`, rush));
    console.log(cpuRow('each station once a second', calm));
    for (const [label, r] of [[`${RATE} scans/s`, rush], ['each station once a second', calm]] as const) {
      if (r.why) console.log(`\nScans not counted at ${label}: ${r.why}.`);
    }
    console.log(`\nServer RSS before / after the sockets: ${(rssBefore / 1024).toFixed(0)} MB / ${(rssAfter / 1024).toFixed(0)} MB (${((rssAfter - rssBefore) / SOCKETS).toFixed(1)} KB per socket).`);
  } finally {
    await stop();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
