import closeWithGrace from 'close-with-grace';
import { createServer } from 'node:net';
import { networkInterfaces } from 'node:os';
import { buildApp } from './app.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { LiveStoreUnavailable } from './live/live-store.ts';
import { DatabaseUnavailable } from './db/postgres-connection.ts';

let config;
try {
  config = loadConfig();
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(`Kezek cannot start: ${err.message}`);
    process.exit(1);
  }
  throw err;
}

/** What keeps the server from starting, in a sentence naming the setting to change; null for a fault of the server itself. */
function startFailure(err: unknown, config: Config): string | null {
  const e = err as { code?: string; name?: string };
  if (e.code === 'EADDRINUSE') return `port ${config.port} on ${config.host} is in use by another program; stop it or set PORT to another port`;
  if (e.code === 'EADDRNOTAVAIL') return `this machine has no address ${config.host}; set HOST to one of its addresses, or 0.0.0.0`;
  if (err instanceof ConfigError) return err.message;
  if (err instanceof DatabaseUnavailable) {
    return `${err.message}; start PostgreSQL, or leave DATABASE_URL unset to keep the event in the SQLite file in DATA_DIR`;
  }
  const { redisUrl, redisSentinels, redisSentinelName } = config;
  if (redisUrl && redisSentinels && err instanceof LiveStoreUnavailable) {
    const at = redisSentinels.map((x) => `${x.host}:${x.port}`).join(', ');
    return `the Redis master "${redisSentinelName}" cannot be reached through the Sentinels at ${at} (REDIS_SENTINELS, REDIS_SENTINEL_NAME); start them, or leave REDIS_SENTINELS unset to use REDIS_URL's host`;
  }
  if (redisUrl && err instanceof LiveStoreUnavailable) {
    return `Redis at ${redisUrl.replace(/\/\/[^@/]*@/, '//')} (REDIS_URL) cannot be reached; start Redis, or leave REDIS_URL unset to keep the live state in this process`;
  }
  return null;
}

/**
 * Binds the port for a moment before the app is built: a port in use (or an address the machine
 * does not have) is said at once, not after the database, Redis and the threads were opened for nothing.
 */
function tryPort(port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve()));
  });
}

let app;
try {
  await tryPort(config.port, config.host);
  app = await buildApp({ config });
  await app.listen({ port: config.port, host: config.host });
} catch (err) {
  const reason = startFailure(err, config);
  if (!reason) throw err;
  console.error(`Kezek cannot start: ${reason}`);
  process.exit(1);
}

const scheme = config.https ? 'https' : 'http';
const port = (app.server.address() as { port: number }).port;
const hosts = ['localhost', ...Object.values(networkInterfaces()).flat().filter((i) => i && i.family === 'IPv4' && !i.internal).map((i) => i!.address)];
const lines = [
  `Kezek is running: ${config.event.name.en} (${config.event.stations.filter((s) => s.mode !== 'gate').length} stations and the entrance), live store: ${app.live.kind}`,
  ...hosts.map((h) => `  ${scheme}://${h}:${port}/`),
  `  board: /board   screen: /screen   kiosk: /kiosk   admin: /admin   summary: /summary   API docs: /docs`,
];
if (app.issuedAdminToken) lines.push('', `Admin token (shown once; only its hash is kept): ${app.issuedAdminToken}`);
console.log(lines.join('\n'));

// A rejected promise nobody handled (a library's, when Redis is away) is logged; the venue's
// server keeps running. Uncaught exceptions and signals still close it gracefully.
process.on('unhandledRejection', (err) => app.log.error({ err }, 'unhandled rejection'));
closeWithGrace({ delay: 10_000, skip: ['unhandledRejection'] }, async ({ err }) => {
  if (err) app.log.error({ err }, 'closing after an error');
  await app.close();
});
