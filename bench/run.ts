/**
 * `npm run bench [-- <name>...] [-- --profile]`: the scan benchmark (bench/scan-throughput.ts, then
 * its PostgreSQL modes in bench/scans-several.ts),
 * then each other benchmark that exists (bench/station-size.ts, bench/realtime.ts, bench/phones.ts, bench/kiosk.ts, bench/reports.ts,
 * bench/scan-ids.ts, bench/restart.ts, bench/search.ts),
 * each in its own child process with its output passed through. Names pick a subset:
 * `npm run bench -- scans`, `npm run bench -- realtime reports`.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runScanThroughput } from './scan-throughput.ts';
import { runSeveralServers, type SeveralMode } from './scans-several.ts';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const ROOT = join(HERE, '..');
const OTHERS = ['station-size', 'realtime', 'phones', 'kiosk', 'reports', 'scan-ids', 'restart', 'search'];
const ALL = ['scans', ...OTHERS];

const args = process.argv.slice(2);
const names = args.filter((a) => !a.startsWith('-'));
const flags = args.filter((a) => a.startsWith('-'));
const unknown = names.filter((n) => !ALL.includes(n));
if (unknown.length > 0) {
  console.error(`unknown benchmark ${unknown.join(', ')}; known: ${ALL.join(', ')}`);
  process.exit(2);
}
const wanted = names.length > 0 ? names : ALL;

function runChild(name: string): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn('npx', ['tsx', join('bench', `${name}.ts`), ...flags], { cwd: ROOT, stdio: 'inherit' });
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    child.once('error', (err) => {
      console.error(`bench ${name}: ${err.message}`);
      resolve(1);
    });
  });
}

let failed = 0;
for (const name of wanted) {
  console.log(`\n## ${name}\n`);
  if (name === 'scans') {
    try {
      // BENCH_MODES='' skips the SQLite modes; BENCH_SEVERAL_MODES='' the PostgreSQL ones.
      if (process.env.BENCH_MODES !== '') await runScanThroughput({ profile: flags.includes('--profile') });
      if (process.env.BENCH_SEVERAL_MODES !== '') await runSeveralServers(process.env.BENCH_SEVERAL_MODES?.split(',') as SeveralMode[] | undefined);
    } catch (err) {
      console.error(`bench scans failed: ${(err as Error).stack ?? String(err)}`);
      failed++;
    }
    continue;
  }
  if (!existsSync(join(HERE, `${name}.ts`))) {
    console.log(`(bench/${name}.ts does not exist yet; skipped)`);
    continue;
  }
  const code = await runChild(name);
  if (code !== 0) {
    console.error(`bench ${name} exited with ${code}`);
    failed++;
  }
}
process.exit(failed > 0 ? 1 : 0);
