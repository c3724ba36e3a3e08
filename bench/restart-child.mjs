// One start of the compiled server (build/server, as `npm start` runs it) for bench/restart.ts:
// builds the app on the data directory given (Redis under the prefix given, if any), reports, closes.
//   node [npm start's flags] bench/restart-child.mjs DATA_DIR [REDIS_PREFIX]
import console from 'node:console';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { buildApp } from '../build/server/app.js';
import { loadConfig } from '../build/server/config.js';

const [dir, prefix] = process.argv.slice(2);
const t = performance.now();
const config = loadConfig({
  DATA_DIR: dir,
  ADMIN_TOKEN: 'test-admin-token-0123456789',
  LOG_LEVEL: 'warn',
  ...(prefix ? { REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379', REDIS_PREFIX: prefix, REDIS_DURABILITY: 'volatile' } : {}),
});
const app = await buildApp({ config, logger: false });
await app.ready();
const cpu = process.cpuUsage();
const start = { readyMs: performance.now(), buildMs: performance.now() - t, cpuMs: (cpu.user + cpu.system) / 1000, peakRssMiB: process.resourceUsage().maxRSS / 1024 };
await app.close();
console.log(JSON.stringify(start));
process.exit(0);
