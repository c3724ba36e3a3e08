/**
 * `npm run bench -- realtime`: latency from a scan's answer to the change arriving at a screen,
 * with 2,000 sockets connected to /public, first while scans flow at 500/s for 20 s, then while
 * each station changes once a second (the leading edge of its coalescing sends each change at
 * once), and server memory per socket. The server runs in a child process (memory store); this
 * process is the load.
 *
 * Matching a scan to the update that carries it is exact: every scan is a new attendee entering
 * a station whose capacity was raised out of reach, so a station's occupancy after scan k is k,
 * and scan k has arrived at a socket with the first update showing occupancy >= k.
 */
import { spawn } from 'node:child_process';
import { newScanId } from '../shared/scan-id.ts';
import { SERVER_NODE_FLAGS } from './scan-throughput.ts';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../shared/realtime.ts';
import type { StationView } from '../shared/station.ts';
import { RAISED_LIMITS } from '../tests/support/app.ts';

const SOCKETS = Number(process.env.BENCH_SOCKETS ?? 2000);
const RATE = Number(process.env.BENCH_RATE ?? 500);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
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

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'kezek-bench-rt-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, '--import', 'tsx', 'server/main.ts'], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dir, ADMIN_TOKEN: TOKEN, LOG_LEVEL: 'warn', ...RAISED_LIMITS, MAX_CONNECTIONS: '100000', MAX_CONNECTIONS_PER_ADDRESS: '100000', REDIS_URL: '', LIVE_UPDATE_MS: process.env.LIVE_UPDATE_MS ?? '250' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const stop = () => {
    child.kill('SIGTERM');
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
    // Per socket: for each station, the (occupancy, arrival ms) of every update.
    const seen: Array<Array<number[]>> = [];
    const sockets: Array<Socket<ServerToClientEvents, ClientToServerEvents>> = [];
    let ready = 0;
    for (let i = 0; i < SOCKETS; i++) {
      const mine: number[][] = ids.map(() => []);
      seen.push(mine);
      const s: Socket<ServerToClientEvents, ClientToServerEvents> = io(`${base}/public`, { transports: ['websocket'], forceNew: true, reconnection: false });
      s.once('stations:snapshot', () => (ready += 1));
      s.on('stations:update', (u) => {
        const now = performance.now();
        for (const st of u.stations) mine[ids.indexOf(st.id)].push(st.occupancy, now);
      });
      sockets.push(s);
      if (i % 100 === 99) await sleep(50);
    }
    // Sockets that cannot connect on a saturated machine are left out (and counted), not waited for.
    for (const deadline = Date.now() + 120_000; ready < SOCKETS && Date.now() < deadline; ) await sleep(100);
    if (ready < SOCKETS) process.stderr.write(`only ${ready} of ${SOCKETS} sockets connected\n`);
    await sleep(3_000);
    const rssAfter = rssKb(child.pid!);

    /**
     * Sends `count` scans at `rate` per second, station after station (each a new attendee
     * entering), and measures every (scan, socket) pair: from the scan's answer to the first
     * update at that socket showing it.
     */
    const phase = async (rate: number, count: number, first: number) => {
      for (const perSocket of seen) for (const u of perSocket) u.length = 0;
      const answered: Array<Map<number, number>> = ids.map(() => new Map());
      let failed = 0;
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
              const at = performance.now();
              const body = (await r.json()) as { outcome?: string; station?: { occupancy: number } };
              if (body.outcome === 'entered' && body.station) answered[k].set(body.station.occupancy, at);
              else failed += 1;
            },
            () => void (failed += 1),
          ),
        );
      }
      await Promise.all(inFlight);
      const sent = (performance.now() - began) / 1000;
      await sleep(2_000);

      // Latency of every (scan, socket) pair, in a 1 ms histogram.
      const hist = new Uint32Array(10_001);
      let pairs = 0;
      let missing = 0;
      for (let k = 0; k < ids.length; k++) {
        const scans = [...answered[k].entries()].sort((a, b) => a[0] - b[0]);
        for (const perSocket of seen) {
          const u = perSocket[k];
          let j = 0;
          for (const [occ, at] of scans) {
            while (j < u.length && u[j] < occ) j += 2;
            if (j >= u.length) {
              missing += 1;
              continue;
            }
            hist[Math.min(10_000, Math.max(0, Math.round(u[j + 1] - at)))] += 1;
            pairs += 1;
          }
        }
      }
      const pct = (p: number) => {
        let acc = 0;
        for (let i = 0; i < hist.length; i++) if ((acc += hist[i]) >= pairs * p) return i;
        return hist.length - 1;
      };
      const updates = seen[0].reduce((n, u) => n + u.length / 2, 0);
      return { accepted: count - failed, sent, pairs, missing, updates, p50: pct(0.5), p90: pct(0.9), p99: pct(0.99), max: pct(1) };
    };

    const rush = await phase(RATE, RATE * SECONDS, 0);
    // Each station changing at most once a second: the leading edge sends every change at once.
    const calm = await phase(ids.length, ids.length * SECONDS, RATE * SECONDS);
    for (const s of sockets) s.disconnect();

    const row = (label: string, goal: string, r: typeof rush) =>
      `| ${label} | ${r.accepted} in ${r.sent.toFixed(1)} s | ${r.p50} | ${r.p90} | ${r.p99} | ${r.max} | ${goal} | ${r.pairs} / ${r.missing} | ${(r.updates / r.sent / ids.length).toFixed(2)} |`;
    console.log('\n### Live updates (bench/realtime.ts)\n');
    console.log(`LIVE_UPDATE_MS ${process.env.LIVE_UPDATE_MS ?? '250'}, ${ready} sockets on /public, ${ids.length} stations; latency from a scan's answer to the update at each socket (ms).\n`);
    console.log('| load | scans accepted | p50 | p90 | p99 | max | p99 goal | (scan, socket) pairs / never seen | updates per station per s at one socket |');
    console.log('|---|---|---|---|---|---|---|---|---|');
    console.log(row(`${RATE} scans/s`, '≤ 300', rush));
    console.log(row('each station once a second', '≤ 100', calm));
    console.log(`\nServer RSS before / after the sockets: ${(rssBefore / 1024).toFixed(0)} MB / ${(rssAfter / 1024).toFixed(0)} MB (${((rssAfter - rssBefore) / SOCKETS).toFixed(1)} KB per socket).`);
  } finally {
    stop();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
