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
  it('a refresh goes out but does not hold back a change right after it; a change waiting when the refresh comes still counts', async () => {
    const { b, sends } = make();
    b.mark(['a', 'b'], { refresh: true });
    await vi.advanceTimersByTimeAsync(10);
    b.mark(['a']); // the refresh did not use a's interval: a goes at once
    await vi.advanceTimersByTimeAsync(0);
    expect(sends).toEqual([
      { at: 0, ids: ['a', 'b'] },
      { at: 10, ids: ['a'] },
    ]);
    b.mark(['b']); // b was sent by a refresh only: at once too
    b.mark(['a']); // a was sent for a change: held back to 260
    b.mark(['a'], { refresh: true }); // rides along with that change, which still counts
    await vi.advanceTimersByTimeAsync(0);
    expect(sends[2]).toEqual({ at: 10, ids: ['b'] });
    await vi.advanceTimersByTimeAsync(300);
    expect(sends[3]).toEqual({ at: 260, ids: ['a'] });
    b.mark(['a']); // a's send at 260 counted: held back to 510
    await vi.advanceTimersByTimeAsync(100);
    expect(sends.slice(4)).toEqual([]);
    await vi.advanceTimersByTimeAsync(200);
    expect(sends[4]).toEqual({ at: 510, ids: ['a'] });
    b.close();
  });
});

describe('the coalescing broadcaster in a rush, on a fake clock', () => {
  beforeEach(() => void vi.useFakeTimers({ now: 0 }));
  afterEach(() => void vi.useRealTimers());

  /** A fixed pseudo-random sequence, so the test sees the same day every time. */
  const random = (seed: number) => () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };

  type Event = { kind: 'mark' | 'send'; at: number; ids: string[] };

  /** Marks each station at the given times (ms), then lets everything go out; returns what happened, in order. */
  const play = async (marks: Array<{ at: number; id: string }>) => {
    const events: Event[] = [];
    const b = new Broadcaster({ intervalMs: 250, onError: () => {}, send: async (ids) => void events.push({ kind: 'send', at: Date.now(), ids: [...ids] }) });
    for (const m of [...marks].sort((x, y) => x.at - y.at)) {
      await vi.advanceTimersByTimeAsync(m.at - Date.now());
      b.mark([m.id]);
      events.push({ kind: 'mark', at: Date.now(), ids: [m.id] });
    }
    await vi.advanceTimersByTimeAsync(1_000);
    b.close();
    return events;
  };

  /** The broadcaster's rules, checked on every station: spacing, every change out within an interval, leading edge at once. */
  const expectRules = (events: Event[]) => {
    const last = new Map<string, number>();
    const waitingSince = new Map<string, { at: number; leading: boolean }>();
    for (const e of events) {
      for (const id of e.ids) {
        if (e.kind === 'mark') {
          if (waitingSince.has(id)) continue;
          waitingSince.set(id, { at: e.at, leading: e.at >= (last.get(id) ?? -Infinity) + 250 });
          continue;
        }
        const prev = last.get(id);
        if (prev !== undefined) expect(e.at - prev, `station ${id} sent twice within an interval`).toBeGreaterThanOrEqual(250);
        const w = waitingSince.get(id);
        expect(w, `station ${id} sent with no change`).toBeDefined();
        expect(e.at - w!.at, `a change of ${id} waited longer than an interval`).toBeLessThanOrEqual(250);
        if (w!.leading) expect(e.at, `a change of quiet station ${id} did not go at once`).toBe(w!.at);
        last.set(id, e.at);
        waitingSince.delete(id);
      }
    }
    expect([...waitingSince.keys()], 'changes never sent').toEqual([]);
  };

  const stations = Array.from({ length: 22 }, (_, i) => `s${i}`);

  it.each([22, 5, 2026])('gathers busy stations onto one send per interval, within each station\'s rules (day %i)', async (seed) => {
    const next = random(seed);
    const marks: Array<{ at: number; id: string }> = [];
    // 500 scans a second over 22 stations for 6 s: each station changes about 23 times a second, at random.
    for (const id of stations) for (let t = next() * 100; t < 6_000; t += -Math.log(1 - next()) * 44) marks.push({ at: Math.round(t), id });
    const events = await play(marks);
    expectRules(events);
    const sends = events.filter((e) => e.kind === 'send');
    // After a few intervals to gather. Each station on its own clock would make 176 sends in these 2 s (22 × 8); on
    // the beat, 8 carry nearly all stations, and a station that fell off it (quiet for an interval, then sent at once)
    // goes alone for a few intervals while it moves back onto the beat.
    const settled = sends.filter((e) => e.at >= 4_000 && e.at < 6_000);
    expect(settled.length).toBeLessThanOrEqual(24);
    expect(settled.filter((e) => e.ids.length >= stations.length - 3).length).toBeGreaterThanOrEqual(7);
  });

  it('still sends a quiet station\'s change at once while the others ride the beat, and a calm day change by change', async () => {
    const next = random(7);
    const marks: Array<{ at: number; id: string }> = [];
    for (const id of stations.slice(1)) for (let t = next() * 50; t < 3_000; t += 20 + next() * 40) marks.push({ at: Math.round(t), id });
    // s0 changes once a second during the rush; then every station does, for 3 s.
    for (let t = 333; t < 3_000; t += 1_000) marks.push({ at: t, id: 's0' });
    for (const id of stations) for (let t = 3_100 + next() * 1_000; t < 6_000; t += 1_000) marks.push({ at: Math.round(t), id });
    const events = await play(marks);
    expectRules(events);
    const s0 = events.filter((e) => e.kind === 'send' && e.ids.includes('s0')).map((e) => e.at);
    expect(s0.slice(0, 3)).toEqual([333, 1_333, 2_333]);
  });

});
