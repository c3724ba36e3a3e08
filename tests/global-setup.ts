import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Browser tests load the built pages; build them once per run when a page source is present. */
export default function setup(): void {
  if (existsSync('kiosk/vite.config.ts')) execFileSync('npm', ['run', 'build'], { stdio: 'inherit' });
}
