import type { HourSlot } from '../../shared/reports.ts';

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
export function peakOccupancy(stays: Iterable<Stay>): { peak: number; at: number | null } {
  // Each arrival or departure is one number, time × 2 plus 1 for an arrival: a plain numeric sort
  // puts them in time order with departures first at equal times (times stay far below 2^52).
  const events: number[] = [];
  for (const s of stays) {
    events.push(s.inAt * 2 + 1);
    if (s.outAt !== null) events.push(s.outAt * 2);
  }
  const sorted = Float64Array.from(events).sort();
  let inside = 0;
  let peak = 0;
  let at: number | null = null;
  for (const e of sorted) {
    if (e % 2 === 1) {
      inside += 1;
      if (inside > peak) {
        peak = inside;
        at = (e - 1) / 2;
      }
    } else inside -= 1;
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

const DAY = 86_400_000;
let cachedDay = NaN;
let cachedDate = '';
const two = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** Local wall-clock time of `t` as `YYYY-MM-DD HH:mm:ss` (the date part cached: exports call this 200,000 times). */
export function localTime(t: number, utcOffsetMinutes: number): string {
  const local = t + utcOffsetMinutes * 60_000;
  const day = Math.floor(local / DAY);
  if (day !== cachedDay) {
    cachedDay = day;
    cachedDate = new Date(day * DAY).toISOString().slice(0, 10);
  }
  const s = Math.floor((local - day * DAY) / 1000);
  return `${cachedDate} ${two(Math.floor(s / 3600))}:${two(Math.floor(s / 60) % 60)}:${two(s % 60)}`;
}
