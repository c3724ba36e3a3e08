/** Kazakhstan keeps one time zone, UTC+5, since March 2024; hours in reports are local hours. */
export const DEFAULT_UTC_OFFSET_MINUTES = 300;

export interface ReportOptions {
  /** Offset of the event's local time from UTC, for hour buckets and exported times. */
  utcOffsetMinutes?: number;
}

export function offsetOf(options: ReportOptions | undefined): number {
  return options?.utcOffsetMinutes ?? DEFAULT_UTC_OFFSET_MINUTES;
}
