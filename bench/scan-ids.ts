// The in-process store remembers the id of every scan answered (replays are told by it). Adds
// 1,048,576 scan ids (UUID v7, as kiosks make them) to one Set and to ScanIds, and reports the
// longest single add of each: the answering thread holds every scan for that long.
// Run: npx tsx bench/scan-ids.ts [runs]. Prints a markdown table.
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { ScanIds } from '../server/live/scan-ids.ts';
import { newScanId } from '../shared/scan-id.ts';

const IDS = 1 << 20;
const RUNS = Number(process.argv[2] ?? 3);

interface Run {
  longestMs: number;
  /** Adds that took over 5 ms. */
  over5: number;
  totalMs: number;
}

function time(ids: string[], set: { add(id: string): void }): Run {
  const run: Run = { longestMs: 0, over5: 0, totalMs: 0 };
  const start = performance.now();
  for (const id of ids) {
    const t = performance.now();
    set.add(id);
    const ms = performance.now() - t;
    if (ms > run.longestMs) run.longestMs = ms;
    if (ms > 5) run.over5++;
  }
  run.totalMs = performance.now() - start;
  return run;
}

const start = Date.now();
const ids = Array.from({ length: IDS }, (_, i) => newScanId(start + i));
const rows: string[] = [];
for (let r = 0; r < RUNS; r++) {
  for (const [name, make] of [
    ['one Set', () => new Set<string>()],
    ['ScanIds (256 parts)', () => new ScanIds()],
  ] as const) {
    const run = time(ids, make());
    rows.push(`| ${r + 1} | ${name} | ${run.longestMs.toFixed(1)} ms | ${run.over5} | ${(run.totalMs / 1000).toFixed(2)} s |`);
  }
}
console.log(`${cpus().length} × ${cpus()[0].model}, Node ${process.version}, load ${loadavg()[0].toFixed(2)}, ${new Date().toISOString()}`);
console.log(`${IDS.toLocaleString('en')} scan ids added one by one (the longest add includes any garbage collection it met)\n`);
console.log('| run | kept in | longest add | adds over 5 ms | all adds |');
console.log('|---|---|---|---|---|');
for (const row of rows) console.log(row);
