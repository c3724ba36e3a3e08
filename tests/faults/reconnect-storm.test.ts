// A reconnect storm: 2,000 /public screens (half WebSocket, half long-polling) connect, get their
// snapshot, and drop at once. Every one is served, and once they are gone the server's heap
// after a full collection is back within 20 MB of where it was before.
import { Agent } from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import { ADMIN_TOKEN, tempDir } from '../support/app.ts';
import { heapAfterGc } from '../support/inspector.ts';
import { startServer, stopServer } from '../support/server-process.ts';

const SCREENS = 2_000;
const MB = 1024 * 1024;

/**
 * `n` screens on /public, half over WebSocket and half long-polling, as browsers on 250 addresses
 * of their own (127.0.1.x; one address for thousands of short polling connections would run out
 * of port pairs) keeping their connections alive; resolves when each has its snapshot.
 */
async function screens(url: string, n: number): Promise<Socket[]> {
  const sockets: Socket[] = [];
  const snapshots: Array<Promise<unknown>> = [];
  for (let i = 0; i < n; i++) {
    const localAddress = `127.0.1.${1 + (i % 250)}`;
    const transport = i % 2 === 0 ? { transports: ['websocket'], localAddress } : { transports: ['polling'], agent: new Agent({ keepAlive: true, localAddress }) };
    const socket = io(`${url}/public`, { ...transport, reconnection: false, forceNew: true, timeout: 60_000 } as Parameters<typeof io>[1]);
    sockets.push(socket);
    snapshots.push(new Promise((resolve, reject) => socket.once('stations:snapshot', resolve).once('connect_error', (e: Error & { description?: { message?: string } }) => reject(new Error(`screen ${i}: ${e.message} ${e.description?.message ?? ''} after ${Math.round(performance.now())}`)))));
    // In steps the server's accept queue takes, as screens come back over a few seconds.
    if (i % 100 === 99) await new Promise((r) => setTimeout(r, 50));
  }
  await Promise.all(snapshots);
  return sockets;
}

describe('a reconnect storm of 2,000 screens', () => {
  const dir = tempDir();
  let server: Awaited<ReturnType<typeof startServer>>;
  afterAll(async () => {
    if (server) await stopServer(server.child);
    dir.remove();
  });

  it('serves every screen and gives the memory back when they are gone', async () => {
    server = await startServer({ DATA_DIR: dir.dir, ADMIN_TOKEN }, ['--inspect=127.0.0.1:0']);
    // A few screens first, so that what is made once (code compiled, pools) is in the baseline.
    for (const s of await screens(server.url, 100)) s.disconnect();
    await new Promise((r) => setTimeout(r, 1_000));
    const before = await heapAfterGc(server.output());

    const start = performance.now();
    const all = await screens(server.url, SCREENS);
    const servedMs = performance.now() - start;
    for (const s of all) s.disconnect();
    // The server sees them go (WebSocket close frames, polling close packets) within a moment.
    await new Promise((r) => setTimeout(r, 3_000));
    const after = await heapAfterGc(server.output());
    console.log(
      `fault figures: ${SCREENS} screens served in ${(servedMs / 1000).toFixed(1)} s; heap after a full collection ${(before / MB).toFixed(1)} MB before, ${(after / MB).toFixed(1)} MB after they left`,
    );
    expect(after - before).toBeLessThan(20 * MB);
  }, 240_000);
});
