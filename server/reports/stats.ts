import type { HourSlot } from './schemas.ts';

const HOUR = 3_600_000;

/**
 * The p-quantile (0..1) of ascending `sorted` by linear interpolation between closest ranks
 * (what spreadsheet PERCENTILE.INC gives, so organisers can check a figure by hand); null when empty.
 */
export function quantile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return Math.round(sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]));
}

/** A stay from `inAt` to `outAt` (null: still inside). */
export interface Stay {
  inAt: number;
  outAt: number | null;
}

/**
 * Most people inside at once and the first moment it happened. Someone leaving at the same
 * millisecond another enters is counted out first: they were not both inside.
 */
export function peakOccupancy(stays: readonly Stay[]): { peak: number; at: number | null } {
  const events: Array<[number, number]> = [];
  for (const s of stays) {
    events.push([s.inAt, 1]);
    if (s.outAt !== null) events.push([s.outAt, -1]);
  }
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let inside = 0;
  let peak = 0;
  let at: number | null = null;
  for (const [t, d] of events) {
    inside += d;
    if (inside > peak) {
      peak = inside;
      at = t;
    }
  }
  return { peak, at };
}

/** First ms (UTC) of the local clock hour that holds `t`. */
export function hourStart(t: number, utcOffsetMinutes: number): number {
  const off = utcOffsetMinutes * 60_000;
  return Math.floor((t + off) / HOUR) * HOUR - off;
}

/** Every local clock hour from the one holding `from` to the one holding `to`, both included. */
export function hourSlots(from: number | null, to: number | null, utcOffsetMinutes: number): HourSlot[] {
  if (from === null || to === null) return [];
  const slots: HourSlot[] = [];
  const off = utcOffsetMinutes * 60_000;
  for (let h = hourStart(from, utcOffsetMinutes); h <= to; h += HOUR) {
    slots.push({ start: h, hour: `${String(new Date(h + off).getUTCHours()).padStart(2, '0')}:00` });
  }
  return slots;
}

/** Local wall-clock time of `t` as `YYYY-MM-DD HH:mm:ss`. */
export function localTime(t: number, utcOffsetMinutes: number): string {
  return new Date(t + utcOffsetMinutes * 60_000).toISOString().slice(0, 19).replace('T', ' ');
}
