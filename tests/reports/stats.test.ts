import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { hourSlots, hourStart, localTime, peakOccupancy, quantile } from '../../server/reports/stats.ts';

describe('report arithmetic', () => {
  it('localTime is the ISO wall-clock time at the offset', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_102_444_800_000 }), fc.integer({ min: -720, max: 840 }), (t, off) => {
        expect(localTime(t, off)).toBe(new Date(t + off * 60_000).toISOString().slice(0, 19).replace('T', ' '));
      }),
    );
  });

  it('quantile interpolates between ranks like PERCENTILE.INC', () => {
    expect(quantile([], 0.5)).toBeNull();
    expect(quantile([7], 0.9)).toBe(7);
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(3); // 2.5 rounded to a whole ms
    expect(quantile([10, 20, 30, 40, 50, 60], 0.9)).toBe(55);
  });

  it('peak occupancy counts a departure before an arrival at the same moment', () => {
    expect(peakOccupancy([])).toEqual({ peak: 0, at: null });
    expect(peakOccupancy([{ inAt: 0, outAt: 10 }, { inAt: 10, outAt: 20 }])).toEqual({ peak: 1, at: 0 });
    expect(peakOccupancy([{ inAt: 0, outAt: null }, { inAt: 5, outAt: 6 }, { inAt: 6, outAt: null }])).toEqual({ peak: 2, at: 5 });
  });

  it('hour slots follow local hours, including half-hour offsets', () => {
    const t = Date.UTC(2026, 11, 5, 4, 50);
    expect(hourStart(t, 300)).toBe(Date.UTC(2026, 11, 5, 4, 0));
    expect(hourStart(t, 330)).toBe(Date.UTC(2026, 11, 5, 4, 30));
    expect(hourSlots(t, t + 3_600_000, 330).map((h) => h.hour)).toEqual(['10:00', '11:00']);
    expect(hourSlots(null, null, 300)).toEqual([]);
  });
});
