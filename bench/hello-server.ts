/**
 * The yardstick of the scan benchmark: a plain Fastify hello route (`GET /` answering
 * `{"hello":"world"}`), no hooks, no plugins, no logger, in a process of its own. It listens on
 * 127.0.0.1:0, prints its port as one JSON line (`{ "port": n }`) and quits when stdin closes.
 */
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/', async () => ({ hello: 'world' }));
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
if (!address || typeof address === 'string') throw new Error('no TCP address');
process.stdout.write(`${JSON.stringify({ port: address.port })}\n`);
const quit = () => void app.close().finally(() => process.exit(0));
process.stdin.on('end', quit);
process.stdin.resume();
process.on('SIGTERM', quit);
