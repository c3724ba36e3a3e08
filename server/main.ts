import closeWithGrace from 'close-with-grace';
import { networkInterfaces } from 'node:os';
import { buildApp } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';

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

const app = await buildApp({ config });
await app.listen({ port: config.port, host: config.host });

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
