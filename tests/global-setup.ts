import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

/** Browser tests load the built pages: build them once per run (KEZEK_SKIP_BUILD=1 skips it). */
export default function setup(): void {
  if (process.env.KEZEK_SKIP_BUILD === '1') return;
  if (!readdirSync('kiosk').some((f) => f.endsWith('.html'))) return;
  execFileSync('npm', ['run', 'build:pages'], { stdio: 'inherit' });
}
