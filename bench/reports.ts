// Times every report over 5,000 attendees and 100,000 scans (with their visits) in a SQLite file.
// Run: npx tsx bench/reports.ts [runs]. Prints a markdown table of median and max milliseconds.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Fastify from 'fastify';
import { openDatabase } from '../server/db/client.ts';
import { Journal } from '../server/db/journal.ts';
import { sqliteStore } from '../server/db/sqlite-store.ts';
import type { EventDef } from '../shared/event.ts';
import {
  eventReport,
  leadList,
  leadLists,
  scanLog,
  stationReport,
  stationsReport,
} from '../server/reports/queries.ts';
import { eventTables, leadTables, scanTables, stationsTables } from '../server/reports/tables.ts';
import { toCsv, toXlsx } from '../server/reports/export.ts';
import errorsPlugin from '../server/plugins/errors.ts';
import { useStrictValidation } from '../server/plugins/validation.ts';
import reportRoutes from '../server/routes/reports.ts';

const ATTENDEES = 5_000;
const SCANS = 100_000;
const RUNS = Number(process.argv[2] ?? 7);
const MIN = 60_000;
const DAY = Date.UTC(2026, 11, 5, 4, 0); // 09:00 local (UTC+5)
const CATEGORIES = ['school', 'college', 'university', 'other'];
const REASONS = ['badge_invalid', 'badge_revoked', 'badge_unknown', 'station_paused', 'station_closed', 'queue_full'];

/** mulberry32: the same day on every run. */
function random(seed: number): () => number {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let r = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

function buildDay(file: string): { sqlite: ReturnType<typeof openDatabase>['sqlite']; visits: number } {
  const { db, sqlite } = openDatabase(file);
  const event = JSON.parse(readFileSync(new URL('../server/event/my-profession-my-pride.json', import.meta.url), 'utf8')) as EventDef;
  const rnd = random(42);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)];
  const between = (a: number, b: number): number => a + Math.floor(rnd() * (b - a + 1));

  const insertStation = sqlite.prepare(
    `INSERT INTO stations (id, name_kk, name_ru, name_en, "group", host, capacity, mode, session_minutes, max_stay_minutes)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertAttendee = sqlite.prepare(
    `INSERT INTO attendees (id, badge_no, first_name, last_name, category, institution, grade, phone, email, language, consent, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertScan = sqlite.prepare(
    `INSERT INTO scans (id, kiosk_id, station_id, badge_no, badge_serial, at, client_at, outcome, reason, left_station, answer)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertVisit = sqlite.prepare(
    'INSERT INTO visits (badge_no, station_id, in_at, out_at, out_reason, scan_id) VALUES (?, ?, ?, ?, ?, ?)',
  );
  let scans = 0;
  let visits = 0;
  const scan = (stationId: string, no: number | null, at: number, outcome: string, extra: Record<string, unknown> = {}): string => {
    const id = `scan-${String(++scans).padStart(6, '0')}`;
    const answer = JSON.stringify({ outcome, station: { id: stationId, occupancy: 0, capacity: 10, queue: 0 }, ...extra });
    insertScan.run(id, `k-${stationId}`, stationId, no, no === null ? null : `s${no}`, at, at - 500, outcome,
      (extra.reason as string | undefined) ?? null, (extra.leftStation as string | undefined) ?? null, answer);
    return id;
  };
  const visit = (no: number, stationId: string, inAt: number, outAt: number | null, reason: string | null, scanId: string): void => {
    insertVisit.run(no, stationId, inAt, outAt, reason, scanId);
    visits += 1;
  };

  sqlite.transaction(() => {
    for (const s of event.stations) {
      insertStation.run(s.id, s.name.kk, s.name.ru, s.name.en, s.group, s.host, s.capacity, s.mode, s.sessionMinutes, s.maxStayMinutes);
    }
    const institutions = Array.from({ length: 60 }, (_, i) => `School №${i + 1}`);
    for (let no = 1; no <= ATTENDEES; no++) {
      insertAttendee.run(`a${no}`, no, `Name${no}`, `Фамилия${no}`, pick(CATEGORIES), pick(institutions), String(between(9, 11)),
        `+7701${String(no).padStart(7, '0')}`, `p${no}@example.kz`, pick(['kk', 'ru', 'en']), rnd() < 0.5 ? 1 : 0, DAY);
    }
    const stations = event.stations.filter((s) => s.group !== 'entrance');
    const perAttendee = SCANS / ATTENDEES;
    for (let no = 1; no <= ATTENDEES && scans < SCANS; no++) {
      const budget = Math.min(SCANS - scans, perAttendee);
      const stop = scans + budget;
      let t = DAY + between(0, 180) * MIN;
      const arrival = t;
      const gateScan = scan('entrance', no, t, 'entered');
      let previous: string | null = null;
      t += between(1, 5) * MIN;
      // Leave two scans for the gate exit.
      while (scans < stop - 3) {
        const s = pick(stations);
        const r = rnd();
        if (r < 0.04) {
          scan(s.id, rnd() < 0.2 ? null : no, t, 'rejected', { reason: pick(REASONS) });
          t += MIN;
          continue;
        }
        if (r < 0.14) {
          scan(s.id, no, t, 'queued', { queuePosition: between(1, 30) });
          t += between(1, 10) * MIN;
        }
        const entry = scan(s.id, no, t, 'entered', previous ? { leftStation: previous } : {});
        if (rnd() < 0.05 && scans < stop - 3) scan(s.id, no, t + 2_000, 'entered', { reread: true });
        const stay = between(3, s.maxStayMinutes) * MIN;
        const end = rnd();
        const outAt = t + stay;
        previous = null;
        if (end < 0.6 && scans < stop - 3) {
          visit(no, s.id, t, outAt, 'scan', entry);
          scan(s.id, no, outAt, 'exited');
        } else if (end < 0.8) {
          visit(no, s.id, t, outAt, 'moved', entry);
          previous = s.id;
        } else if (end < 0.9) visit(no, s.id, t, t + s.maxStayMinutes * MIN, 'max_stay', entry);
        else visit(no, s.id, t, outAt, 'session_end', entry);
        t = outAt + (previous ? 0 : between(1, 10) * MIN);
      }
      while (scans < stop - 1) scan(pick(stations).id, no, (t += MIN), 'rejected', { reason: pick(REASONS) });
      visit(no, 'entrance', arrival, t + MIN, 'scan', gateScan);
      scan('entrance', no, t + MIN, 'exited');
    }
  })();
  if (scans !== SCANS) throw new Error(`built ${scans} scans, wanted ${SCANS}`);
  void db;
  return { sqlite, visits };
}

async function time(label: string, fn: () => unknown): Promise<{ label: string; min: number; median: number; max: number }> {
  await fn(); // warm-up: statement preparation, page cache
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await fn();
    ms.push(performance.now() - start);
  }
  ms.sort((a, b) => a - b);
  return { label, min: ms[0], median: ms[Math.floor(ms.length / 2)], max: ms[ms.length - 1] };
}

const dir = mkdtempSync(join(tmpdir(), 'kezek-bench-'));
try {
  const file = join(dir, 'bench.sqlite');
  const built = performance.now();
  const { sqlite, visits } = buildDay(file);
  sqlite.close();
  const buildMs = performance.now() - built;
  const loadBefore = loadavg()[0];
  const opened = openDatabase(file);
  const store = sqliteStore(opened.sqlite, new Journal(opened.sqlite), dir);
  const db = store.reports;
  const opts = { utcOffsetMinutes: 300 };
  const app = Fastify({ logger: false });
  useStrictValidation(app);
  await app.register(errorsPlugin);
  app.decorate('store', store);
  await app.register(reportRoutes);
  await app.ready();
  const http = (url: string) => async () => {
    const r = await app.inject({ method: 'GET', url });
    if (r.statusCode !== 200) throw new Error(`${url}: ${r.statusCode} ${r.body.slice(0, 200)}`);
  };

  const rows = [
    await time('stationsReport (all 22 stations)', () => stationsReport(db, opts)),
    await time('stationReport (kazzinc)', () => stationReport(db, 'kazzinc', opts)),
    await time('eventReport (funnel, categories, institutions, top, heat map)', () => eventReport(db, opts)),
    await time('leadList (kazzinc)', () => leadList(db, 'kazzinc')),
    await time('leadLists (all 7 employers)', () => leadLists(db)),
    await time('scanLog (first 1,000)', () => scanLog(db, { limit: 1000 })),
    await time('scanLog (all 100,000)', () => scanLog(db)),
    await time('CSV: stations', async () => toCsv(stationsTables(await stationsReport(db, opts), 'ru'), opts)),
    await time('CSV: event', async () => toCsv(eventTables(await eventReport(db, opts), 'ru'), opts)),
    await time('CSV: all lead lists', async () => toCsv(leadTables(await leadLists(db), 'ru'), opts)),
    await time('CSV: full scan log (100,000 rows)', async () => toCsv(scanTables(await scanLog(db), 'ru'), opts)),
    await time('xlsx: event', async () => toXlsx(eventTables(await eventReport(db, opts), 'ru'), opts)),
    await time('xlsx: all lead lists', async () => toXlsx(leadTables(await leadLists(db), 'ru'), opts)),
    await time('xlsx: full scan log (100,000 rows)', async () => toXlsx(scanTables(await scanLog(db), 'ru'), opts)),
    await time('HTTP GET /api/reports/stations', http('/api/reports/stations')),
    await time('HTTP GET /api/reports/stations/kazzinc', http('/api/reports/stations/kazzinc')),
    await time('HTTP GET /api/reports/event', http('/api/reports/event')),
    await time('HTTP GET /api/reports/leads/kazzinc?format=xlsx', http('/api/reports/leads/kazzinc?format=xlsx')),
    await time('HTTP GET /api/reports/scans (JSON page)', http('/api/reports/scans')),
    await time('HTTP GET /api/reports/scans?format=csv', http('/api/reports/scans?format=csv')),
  ];
  await app.close();
  console.log(
    `Reports over ${ATTENDEES.toLocaleString('en')} attendees, ${SCANS.toLocaleString('en')} scans, ` +
      `${visits.toLocaleString('en')} visits (SQLite file, WAL; built in ${Math.round(buildMs)} ms). ` +
      `${RUNS} runs after one warm-up; Node ${process.version}; ${cpus().length} CPUs, ` +
      `load average ${loadBefore.toFixed(1)} before and ${loadavg()[0].toFixed(1)} after (other work on the machine inflates max).\n`,
  );
  console.log('| report | min ms | median ms | max ms | median under 500 ms |');
  console.log('|---|---:|---:|---:|:---:|');
  for (const r of rows) {
    console.log(`| ${r.label} | ${r.min.toFixed(1)} | ${r.median.toFixed(1)} | ${r.max.toFixed(1)} | ${r.median < 500 ? 'yes' : 'no'} |`);
  }
} finally {
  if (!process.env.KEEP_BENCH_DB) rmSync(dir, { recursive: true, force: true });
}
