import { describe, expect, it } from 'vitest';
import { Broadcaster } from '../../server/realtime/broadcaster.ts';

describe('the coalescing broadcaster', () => {
  it('sends again the stations of a send that failed (Redis away), with the changes made since', async () => {
    const sent: string[][] = [];
    const errors: unknown[] = [];
    let fail = true;
    const b = new Broadcaster({
      intervalMs: 20,
      onError: (err) => errors.push(err),
      send: async (ids) => {
        if (fail) throw new Error('live store unavailable');
        sent.push(ids.sort());
      },
    });
    b.mark(['a']);
    await expect.poll(() => errors.length).toBeGreaterThan(0);
    fail = false;
    b.mark(['b']);
    await expect.poll(() => sent).toEqual([['a', 'b']]);
    b.close();
  });
});
