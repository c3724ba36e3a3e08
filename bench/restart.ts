/**
 * Restart benchmark: how long a server takes from its start to answering when the event's log
 * already holds many scans (after a crash or a restart mid-event), and its memory meanwhile.
 *
 *   npx tsx bench/restart.ts        (BENCH_SCANS=100000 scans by default, BENCH_STARTS=3)
 *
 * Records BENCH_SCANS scans through the real scan route (2,000 attendees, a kiosk per station,
 * every scan moving its attendee to the next station), closes the app (which takes a snapshot of
 * the live state), then starts the compiled server (`npm run build:server` first) BENCH_STARTS
 * times in a child process (bench/restart-child.mjs) with the Node flags `npm start` uses:
 * in-process (the live state from the snapshot and the log after it), with Redis emptied (as
 * after Redis restarted: it is seeded from the same), and in-process with no snapshot (the whole
 * log replayed, as a data folder from before snapshots). A child reports the time from its
 * process start to `app.ready()` and the CPU time it took (on a shared machine the steadier figure). BENCH_DATA=dir starts on a copy of a data folder recorded
 * before (BENCH_KEEP=dir keeps the one recorded).
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { newScanId } from '../shared/scan-id.ts';
import { BUNDLED_EVENT, loadEvent } from '../server/config.ts';
import { deleteRedisKeys, kiosk, register, tempDir, testApp } from '../tests/support/app.ts';
import { nthScan, SERVER_NODE_FLAGS } from './scan-throughput.ts';

const SCANS = Number(process.env.BENCH_SCANS ?? 100_000);
const STARTS = Number(process.env.BENCH_STARTS ?? 3);
const ATTENDEES = 2000;
const EVENT_ID = loadEvent(BUNDLED_EVENT).id;

interface Start {
  /** From the process's start to the app ready to answer. */
  readyMs: number;
  /** Building the app alone (opening the database, rebuilding or seeding the live state). */
  buildMs: number;
  /** CPU time of the process up to ready, every thread: what a start costs whatever else the machine runs. */
  cpuMs: number;
  peakRssMiB: number;
}

/** Records the scans of the bench in a fresh data directory. */
async function record(dir: string): Promise<number> {
  const app = await testApp(dir, { env: { LOG_LEVEL: 'warn' } });
  const badges: string[] = [];
  for (let i = 0; i < ATTENDEES; i += 50) {
    const batch = await Promise.all(Array.from({ length: 50 }, () => register(app, 'Әлия')));
    badges.push(...batch.map((a) => a.badge));
  }
  const kiosks = await Promise.all(app.config.event.stations.map((s) => kiosk(app, s.id)));
  const t = performance.now();
  for (let i = 0; i < SCANS; i += 100) {
    await Promise.all(
      Array.from({ length: Math.min(100, SCANS - i) }, async (_, j) => {
        const { badge, kiosk } = nthScan(i + j, badges, kiosks);
        const r = await app.inject({ method: 'POST', url: '/api/scans', headers: kiosk.headers, payload: { id: newScanId(), badge } });
        if (r.statusCode !== 200) throw new Error(`scan: ${r.statusCode} ${r.body}`);
      }),
    );
  }
  const ms = performance.now() - t;
  await app.close();
  return ms;
}

/** Removes the stored snapshots of the live state. */
function dropSnapshots(dir: string, eventId: string): void {
  const sqlite = new Database(join(dir, `${eventId}.sqlite`));
  sqlite.exec('DELETE FROM live_snapshots');
  sqlite.close();
}

function startOnce(dir: string, prefix?: string): Start {
  const run = spawnSync(process.execPath, [...SERVER_NODE_FLAGS, fileURLToPath(new URL('restart-child.mjs', import.meta.url)), dir, ...(prefix ? [prefix] : [])], {
    encoding: 'utf8',
    timeout: 300_000,
  });
  if (run.status !== 0) throw new Error(`start failed (${run.status}): ${run.stderr}`);
  return JSON.parse(run.stdout.trim().split('\n').pop()!) as Start;
}

async function main(): Promise<void> {
  const build = spawnSync('npm', ['run', 'build:server'], { cwd: fileURLToPath(new URL('..', import.meta.url)), encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`npm run build:server failed: ${build.stdout}${build.stderr}`);
  const tmp = tempDir();
  try {
    const recordMs = process.env.BENCH_DATA ? (cpSync(process.env.BENCH_DATA, tmp.dir, { recursive: true }), NaN) : await record(tmp.dir);
    if (process.env.BENCH_KEEP) cpSync(tmp.dir, process.env.BENCH_KEEP, { recursive: true });
    const rows: string[] = [];
    for (const mode of ['in-process', 'Redis, emptied first', 'in-process, no snapshot (whole log)'] as const) {
      const starts: Start[] = [];
      for (let i = 0; i < STARTS; i++) {
        const prefix = mode === 'Redis, emptied first' ? `kezek-bench-${randomUUID()}` : undefined;
        if (mode.includes('no snapshot')) dropSnapshots(tmp.dir, EVENT_ID);
        try {
          starts.push(startOnce(tmp.dir, prefix));
        } finally {
          if (prefix) await deleteRedisKeys(prefix);
        }
      }
      const median = (f: (s: Start) => number) => starts.map(f).sort((a, b) => a - b)[Math.floor(starts.length / 2)];
      const each = (f: (s: Start) => number) => starts.map((s) => (f(s) / 1000).toFixed(2)).join(', ');
      rows.push(
        `| ${mode} | ${(median((s) => s.readyMs) / 1000).toFixed(2)} s (${each((s) => s.readyMs)}) | ${(median((s) => s.buildMs) / 1000).toFixed(2)} s | ${(median((s) => s.cpuMs) / 1000).toFixed(2)} s | ${Math.round(median((s) => s.peakRssMiB))} MiB |`,
      );
    }
    console.log(`${cpus().length} × ${cpus()[0].model}, Node ${process.version}, load ${loadavg()[0].toFixed(2)}, ${new Date().toISOString()}`);
    console.log(`${SCANS.toLocaleString('en')} scans in the log (recorded in ${(recordMs / 1000).toFixed(1)} s through the scan route), ${ATTENDEES.toLocaleString('en')} attendees; ${STARTS} starts of each\n`);
    console.log('| live store | start to ready, median (each) | building the app, median | CPU time to ready, median | peak memory (RSS), median |');
    console.log('|---|---|---:|---:|---:|');
    for (const row of rows) console.log(row);
  } finally {
    tmp.remove();
  }
}

await main();
process.exit(0);
