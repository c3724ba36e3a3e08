import { describe, expect, it } from 'vitest';
import { loadEvent, BUNDLED_EVENT } from '../../server/config.ts';
import { simulateDay, type WaitSample } from '../../bench/day-model.ts';

/** Within ±50 % or ±5 minutes of the wait the person then had. */
function close(shown: number, waited: number): boolean {
  return Math.abs(shown - waited) <= Math.max(5, waited * 0.5);
}

/**
 * A sample judged: a wait had is judged as is; someone who gave up after `gaveUpAfter` minutes
 * waited longer than that, which a shown wait far below it missed. Others cannot be judged.
 */
function judge(s: WaitSample): boolean | null {
  if (s.waited !== null) return close(s.shown, s.waited);
  if (s.gaveUpAfter !== null && Math.max(s.shown + 5, s.shown * 1.5) < s.gaveUpAfter) return false;
  return null;
}

describe('wait estimates over a simulated day', () => {
  const event = loadEvent(BUNDLED_EVENT);

  for (const [people, seed] of [[400, 1], [400, 2], [800, 3]]) {
    it(`80 % of the waits shown when people join a queue come true (${people} people, seed ${seed})`, () => {
      const day = simulateDay(event, people, seed);
      const judged = day.samples.map(judge).filter((j) => j !== null);
      // A day with queues worth judging: the popular stations draw them.
      expect(judged.length).toBeGreaterThan(50);
      const good = judged.filter(Boolean).length / judged.length;
      console.log(`seed ${seed}: ${day.scans} scans, ${day.samples.length} joined a queue, ${judged.length} judged, ${(good * 100).toFixed(1)} % within`);
      expect(good).toBeGreaterThanOrEqual(0.8);
    });
  }
});
