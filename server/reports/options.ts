import { eventUtcOffset, type EventDef } from '../../shared/event.ts';

/** Kazakhstan keeps one time zone, UTC+5, since March 2024; hours in reports are local hours. */
export const DEFAULT_UTC_OFFSET_MINUTES = 300;

export interface ReportOptions {
  /** Offset of the event's local time from UTC, for hour buckets and exported times. */
  utcOffsetMinutes?: number;
}

export function offsetOf(options: ReportOptions | undefined): number {
  return options?.utcOffsetMinutes ?? DEFAULT_UTC_OFFSET_MINUTES;
}

/** The clock a file's hours and times are on: the one asked for (`?utcOffset=`), else the event's, else Kazakhstan's. */
export function clockOf(asked: number | undefined, event: EventDef): number {
  return asked ?? eventUtcOffset(event) ?? DEFAULT_UTC_OFFSET_MINUTES;
}
