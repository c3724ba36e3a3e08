// Cost of a scan by the size of its station: the in-process live store (with its SQLite journal in a
// file, commits as the server makes them) answering scans at a station holding 20, 2,000 and
// 20,000 people, and at a full station with a queue of 10 and 10,000. Every scan is a real move
// between two stations: people inside (or waiting) leave for the lobby, people from the lobby
// come in (or join the queue), so the station keeps its size. Goal: the largest case within 20 %
// of the smallest, in scans/s. Every case is set up in this one process first, as a server holds
// stations of every size at once, and the cases then take turns trial by trial, so a change in the
// machine's load falls on all of them alike.
// Run: npx tsx bench/station-size.ts [trials] (or npm run bench -- station-size). Prints a markdown table.
// STATION_SIZE_CASES='20 inside;20,000 inside' runs only the cases named (to profile one).
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { EventDef, StationDef } from '../shared/event.ts';
import { BUNDLED_EVENT, loadEvent } from '../server/config.ts';
import { openDatabase } from '../server/db/client.ts';
import { Journal } from '../server/db/journal.ts';
import { MemoryStore } from '../server/live/memory-store.ts';
import { rebuild } from '../server/live/rebuild.ts';
import { newScanId } from '../shared/scan-id.ts';

const TRIALS = Number(process.argv[2] ?? 3);
/** Scans in flight at once: as many as a busy event's kiosks send in one turn (one group commit). */
const AT_ONCE = 16;
/** Scans per trial. */
const SCANS = 16 * 1_000;
/** People in the lobby, where those leaving the station go and those coming in come from. */
const LOBBY = 4_000;

interface Case {
  name: string;
  inside: number;
  queue: number;
}

const ALL_CASES: Case[] = [
  { name: '20 inside', inside: 20, queue: 0 },
  { name: '2,000 inside', inside: 2_000, queue: 0 },
  { name: '20,000 inside', inside: 20_000, queue: 0 },
  { name: 'queue of 10', inside: 20, queue: 10 },
  { name: 'queue of 10,000', inside: 20, queue: 10_000 },
];
const picked = process.env.STATION_SIZE_CASES?.split(';').map((n) => n.trim());
const CASES = picked ? ALL_CASES.filter((c) => picked.includes(c.name)) : ALL_CASES;

function station(id: string, capacity: number): StationDef {
  return { id, name: { kk: id, ru: id, en: id }, group: 'employer', host: id, capacity, mode: 'continuous', sessionMinutes: 10, maxStayMinutes: 600 };
}

/** Picks and removes `n` distinct people from `pool` at random (swap with the last). */
function take(pool: number[], n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const j = Math.floor(Math.random() * pool.length);
    out.push(pool[j]);
    pool[j] = pool[pool.length - 1];
    pool.pop();
  }
  return out;
}

/** A case set up and warmed: `trial` times `SCANS` scans; `close` checks the station kept its size and drops the store. */
interface Running {
  trial: () => Promise<number>;
  close: () => Promise<void>;
}

async function setUp(c: Case, base: EventDef): Promise<Running> {
  // A queue needs a full station: capacity as many as are inside; otherwise room to spare.
  const capacity = c.queue > 0 ? c.inside : c.inside + 10 * AT_ONCE;
  const event: EventDef = { ...base, maxQueue: Math.max(c.queue, 1), stations: [station('hall', capacity), station('lobby', 1_000_000)] };
  const dir = mkdtempSync(join(tmpdir(), 'kezek-station-size-'));
  const { sqlite } = openDatabase(join(dir, 'event.sqlite'));
  const journal = new Journal(sqlite);
  const store = new MemoryStore(event, rebuild(journal.readNow(), event, Date.now()), journal);
  let kiosk = 0;
  const scan = (no: number, stationId: string) =>
    // A kiosk of its own for nearly every scan: none is a camera re-read.
    store.scan({ id: newScanId(Date.now()), kioskId: `k${kiosk++ % 4096}`, stationId, at: Date.now(), badge: { no, serial: `s${no}` } }, { clientAt: null });
  const people = c.inside + c.queue + LOBBY;
  for (let no = 1; no <= people; no++) await store.putAttendee({ no, firstName: `P${no}`, serial: `s${no}` });
  const fill = async (from: number, to: number, stationId: string) => {
    for (let no = from; no <= to; no += 1000) await Promise.all(Array.from({ length: Math.min(1000, to - no + 1) }, (_, k) => scan(no + k, stationId)));
  };
  await fill(1, c.inside + c.queue, 'hall');
  await fill(c.inside + c.queue + 1, people, 'lobby');
  const hall = (await store.station('hall'))!;
  if (hall.occupants.size !== c.inside || hall.queue.length !== c.queue) throw new Error(`hall has ${hall.occupants.size} inside, ${hall.queue.length} waiting`);
  // Those who move: the people inside (or, with a queue, those waiting) and the lobby.
  const movers = Array.from({ length: c.queue > 0 ? c.queue : c.inside }, (_, i) => (c.queue > 0 ? c.inside : 0) + i + 1);
  const lobby = Array.from({ length: LOBBY }, (_, i) => c.inside + c.queue + i + 1);
  const half = Math.min(AT_ONCE / 2, movers.length);
  const round = async () => {
    const out = take(movers, half);
    const incoming = take(lobby, half);
    // Those leaving are decided first, so the station never holds more than its size.
    const answers = await Promise.all([...out.map((no) => scan(no, 'lobby')), ...incoming.map((no) => scan(no, 'hall'))]);
    if (answers.some((a) => a.answer.outcome === 'rejected')) throw new Error(`a scan was refused: ${JSON.stringify(answers.find((a) => a.answer.outcome === 'rejected'))}`);
    movers.push(...incoming);
    lobby.push(...out);
    return 2 * half;
  };
  for (let n = 0; n < SCANS / 4; ) n += await round();
  return {
    trial: async () => {
      const start = performance.now();
      let n = 0;
      while (n < SCANS) n += await round();
      return n / ((performance.now() - start) / 1000);
    },
    close: async () => {
      const after = (await store.station('hall'))!;
      if (after.occupants.size !== c.inside || after.queue.length !== c.queue) throw new Error(`hall drifted: ${after.occupants.size} inside, ${after.queue.length} waiting`);
      await store.close();
      sqlite.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const base = loadEvent(BUNDLED_EVENT);
console.log(`Scans at one station by its size: in-process store, SQLite journal on disk, ${AT_ONCE} scans at once, ${SCANS.toLocaleString('en')} scans per trial, median of ${TRIALS}`);
console.log(`${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, load ${loadavg().map((l) => l.toFixed(1)).join(' ')}, Node ${process.version}\n`);
console.log('| station | inside | queue | scans/s (median) | trials | vs smallest |');
console.log('|---|---:|---:|---:|---|---:|');
// Each trial runs every case in turn, in the other order every second trial.
const running = new Map<Case, Running>();
for (const c of CASES) running.set(c, await setUp(c, base));
const rates = new Map<Case, number[]>(CASES.map((c) => [c, []]));
for (let t = 0; t < TRIALS; t++) {
  const order = t % 2 === 0 ? CASES : [...CASES].reverse();
  for (const c of order) rates.get(c)!.push(await running.get(c)!.trial());
}
const results = new Map<string, number>();
for (const c of CASES) {
  await running.get(c)!.close();
  const trials = rates.get(c)!;
  const m = median(trials);
  results.set(c.name, m);
  const smallest = results.get(c.queue > 0 ? 'queue of 10' : '20 inside') ?? m;
  console.log(`| ${c.name} | ${c.inside.toLocaleString('en')} | ${c.queue.toLocaleString('en')} | ${Math.round(m).toLocaleString('en')} | ${trials.map((r) => Math.round(r).toLocaleString('en')).join(', ')} | ${((m / smallest) * 100).toFixed(0)} % |`);
}
const inside = results.get('20,000 inside')! / results.get('20 inside')!;
const queue = results.get('queue of 10,000')! / results.get('queue of 10')!;
if (!picked) console.log(`\nGoal: the largest within 20 % of the smallest. 20,000 inside: ${(inside * 100).toFixed(0)} % of 20 (${inside >= 0.8 ? 'met' : 'not met'}); queue of 10,000: ${(queue * 100).toFixed(0)} % of 10 (${queue >= 0.8 ? 'met' : 'not met'}).`);
