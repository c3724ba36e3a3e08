// The in-process store remembers the id of every scan answered (replays are told by it). Adds
// 1,048,576 scan ids (UUID v7, as kiosks make them) to one Set and to ScanIds, and reports the
// longest single add of each: the answering thread holds every scan for that long.
// Run: npx tsx bench/scan-ids.ts [runs]. Prints a markdown table.
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { ScanIds } from '../server/live/scan-ids.ts';
import { newScanId } from '../shared/scan-id.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const IDS = 1 << 20;
const RUNS = Number(process.argv[2] ?? 5);

interface Run {
  longestMs: number;
  /** Adds over 10 ms. */
  over10: number;
  totalMs: number;
}

function time(ids: string[], set: { add(id: string): void }): Run {
  const run: Run = { longestMs: 0, over10: 0, totalMs: 0 };
  const start = performance.now();
  for (const id of ids) {
    const t = performance.now();
    set.add(id);
    const ms = performance.now() - t;
    if (ms > run.longestMs) run.longestMs = ms;
    if (ms > 10) run.over10++;
  }
  run.totalMs = performance.now() - start;
  return run;
}

const start = Date.now();
const ids = Array.from({ length: IDS }, (_, i) => newScanId(start + i));
const kinds = [
  ['one Set', () => new Set<string>()],
  ['ScanIds (256 parts)', () => new ScanIds()],
] as const;
const runs = new Map<string, Run[]>(kinds.map(([name]) => [name, []]));
for (let r = 0; r < RUNS; r++) {
  for (const [name, make] of kinds) {
    gc(); // the previous run's set is garbage: collected here, not in the middle of this run
    runs.get(name)!.push(time(ids, make()));
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x: number) => `${x.toFixed(1)} ms`;
console.log(`${cpus().length} × ${cpus()[0].model}, Node ${process.version}, load ${loadavg()[0].toFixed(2)}, ${new Date().toISOString()}`);
console.log(`${IDS.toLocaleString('en')} scan ids added one by one, ${RUNS} runs of each, a full collection before each run. An`);
console.log("add's time includes any garbage collection it started or met; a slow add in one run only is more likely the machine.\n");
console.log('| kept in | longest add, median (each run) | adds over 10 ms, median | all adds, median |');
console.log('|---|---|---:|---:|');
for (const [name, rs] of runs) {
  const longest = rs.map((r) => r.longestMs);
  console.log(
    `| ${name} | ${ms(median(longest))} (${longest.map((x) => x.toFixed(1)).join(', ')}) | ${median(rs.map((r) => r.over10))} | ${(median(rs.map((r) => r.totalMs)) / 1000).toFixed(2)} s |`,
  );
}
