import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { logFailures, slowFailedReads } from '../../server/realtime/redis-adapter.ts';
import { REDIS_URL } from '../support/app.ts';

describe('commands the Socket.IO adapter sends without handling a failure', () => {
  it('a SUBSCRIBE still waiting for its connection when the client closes is logged, not left unhandled', async () => {
    const client = new Redis(REDIS_URL);
    client.on('error', () => undefined);
    const logged: unknown[] = [];
    logFailures(client, 'subscribe', (err) => logged.push(err));
    // As the adapter does: the promise is dropped. Sent before the client has connected, it waits in the offline queue.
    void client.subscribe('kezek-test-channel');
    client.disconnect();
    await new Promise((r) => setTimeout(r, 50));
    expect(logged).toHaveLength(1);
    expect(String(logged[0])).toContain('Connection is closed');
  });

  it('a command that succeeds gives its callers the same answer and logs nothing', async () => {
    const client = new Redis(REDIS_URL);
    const logged: unknown[] = [];
    logFailures(client, 'publish', (err) => logged.push(err));
    try {
      expect(await client.publish('kezek-test-channel', 'hello')).toBe(0);
      expect(logged).toEqual([]);
    } finally {
      await client.quit();
    }
  });

  it("a closed client's failed stream reads come a read's time apart, so the adapter's loop of reads leaves the event loop free", async () => {
    const client = new Redis(REDIS_URL);
    client.on('error', () => undefined);
    slowFailedReads(client, 200);
    client.disconnect();
    // As the adapter polls: read, and on a failure read again at once, until it is closed.
    let reads = 0;
    let polling = true;
    const poll = async (): Promise<void> => {
      // Bounded, so that without the delay the test fails rather than hangs.
      while (polling && reads < 1_000) {
        reads += 1;
        await client.xread('BLOCK', 200, 'STREAMS', 'kezek-test-stream', '$').catch(() => undefined);
      }
    };
    const loop = poll();
    // A timer still runs (without the delay, this loop of promises would never let it).
    await new Promise((r) => setTimeout(r, 500));
    polling = false;
    await loop;
    expect(reads).toBeGreaterThanOrEqual(2);
    expect(reads).toBeLessThanOrEqual(4);
  });
});
