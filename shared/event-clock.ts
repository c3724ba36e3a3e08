// The event's clock. Programme times and departures ("11:30") are on the venue's clock, which the
// event file names as `utcOffsetMinutes` east of UTC; the server and the pages turn them into
// instants and back with these alone, so that neither the server's time zone nor a screen's
// decides when the 11:30 tour leaves or what is on now. A page reads "now" from the server's
// clock (PageClock), so that a device whose clock or zone is wrong still shows the day right.
import { clockTime, minuteOf } from './programme-rules.ts';

const MINUTE = 60_000;
const DAY_MINUTES = 1440;

/**
 * Minutes east of UTC of the clock `utcOffsetMinutes` names, at instant `at`: that offset, or this
 * machine's own time zone's at that instant when it is null (an event file that names no clock).
 */
export function offsetAt(at: number, utcOffsetMinutes: number | null): number {
  return utcOffsetMinutes ?? -new Date(at).getTimezoneOffset();
}

/** The minute of the day (0–1439) of instant `at` (ms) on the clock `utcOffsetMinutes` east of UTC; null: this machine's own. */
export function minuteOfDay(at: number, utcOffsetMinutes: number | null): number {
  const minute = Math.floor(at / MINUTE) + offsetAt(at, utcOffsetMinutes);
  return ((minute % DAY_MINUTES) + DAY_MINUTES) % DAY_MINUTES;
}

/** The `HH:MM` of instant `at` (ms) on the clock `utcOffsetMinutes` east of UTC; null: this machine's own. */
export function clockTimeAt(at: number, utcOffsetMinutes: number | null): string {
  return clockTime(minuteOfDay(at, utcOffsetMinutes));
}

/** The instant (ms) of clock time `time` (`HH:MM`) on `date` (`YYYY-MM-DD`), on the clock `utcOffsetMinutes` east of UTC; null: this machine's own. */
export function instantOf(date: string, time: string, utcOffsetMinutes: number | null): number {
  if (utcOffsetMinutes === null) return new Date(`${date}T${time}`).getTime();
  return Date.parse(`${date}T00:00:00Z`) + (minuteOf(time) - utcOffsetMinutes) * MINUTE;
}

/**
 * The server's clock as a page reads it: the device's clock plus how far ahead the server's was
 * at its last message that carried the time (a snapshot, an update). The device's own clock until
 * one came. Kept afresh from every message, so it follows a rehearsal's server whose day runs fast.
 */
export class PageClock {
  private ahead = 0;

  constructor(private readonly device: () => number = () => Date.now()) {}

  /** The server said its clock read `serverAt` (ms) as it sent. */
  see(serverAt: number): void {
    this.ahead = serverAt - this.device();
  }

  /** The server's clock now (ms). */
  now(): number {
    return this.device() + this.ahead;
  }
}
