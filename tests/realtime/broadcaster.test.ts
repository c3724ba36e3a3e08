import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
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

describe('the coalescing broadcaster, on a fake clock', () => {
  beforeEach(() => void vi.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => void vi.useRealTimers());

  const make = () => {
    const sends: Array<{ at: number; ids: string[] }> = [];
    const b = new Broadcaster({ intervalMs: 250, onError: () => {}, send: async (ids) => void sends.push({ at: Date.now() - 1_000_000, ids: ids.sort() }) });
    return { b, sends };
  };

  it('sends a station at most once per interval, and its last change always', async () => {
    const { b, sends } = make();
    for (let t = 0; t < 1000; t += 10) {
      b.mark(['a']);
      await vi.advanceTimersByTimeAsync(10);
    }
    await vi.advanceTimersByTimeAsync(500);
    expect(sends.map((s) => s.at)).toEqual([0, 250, 500, 750, 1000]);
  });

  it('sends a change at once when that station was quiet, whatever the others do', async () => {
    const { b, sends } = make();
    b.mark(['a']);
    await vi.advanceTimersByTimeAsync(50);
    b.mark(['a', 'b']); // a just went out: it waits; b was quiet: it goes now
    await vi.advanceTimersByTimeAsync(0);
    expect(sends).toEqual([
      { at: 0, ids: ['a'] },
      { at: 50, ids: ['b'] },
    ]);
    await vi.advanceTimersByTimeAsync(300);
    expect(sends[2]).toEqual({ at: 250, ids: ['a'] });
    b.close();
  });
});
