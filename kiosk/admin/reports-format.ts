import { NUMBER_LOCALES as LOCALES, type Lang } from '../../shared/i18n.ts';
import type { ReportText } from './reports-strings.ts';
import { clockTimeAt } from '../../shared/event-clock.ts';

/** The locale the page formats numbers and dates in. */
export function localeOf(lang: Lang): string {
  return LOCALES[lang];
}

/** A count with the language's digit grouping. */
export function count(n: number, lang: Lang): string {
  return n.toLocaleString(LOCALES[lang]);
}

/**
 * `HH:MM` on the event's clock. The reports give times in UTC ms with the offset they were
 * counted in; the browser's own time zone plays no part, so the page agrees with the files.
 */
export function clockTime(ms: number | null, utcOffsetMinutes: number): string {
  return ms === null ? '—' : clockTimeAt(ms, utcOffsetMinutes);
}

/** "UTC+5", "UTC+5:30", "UTC−3". */
export function utcLabel(utcOffsetMinutes: number): string {
  const sign = utcOffsetMinutes < 0 ? '−' : '+';
  const abs = Math.abs(utcOffsetMinutes);
  const m = abs % 60;
  return `UTC${sign}${Math.floor(abs / 60)}${m ? `:${String(m).padStart(2, '0')}` : ''}`;
}

/** A stay in minutes (seconds when under one), or a dash when there is none. */
export function stay(ms: number | null, lang: Lang, r: ReportText): string {
  if (ms === null) return '—';
  if (ms < 60_000) return `${Math.round(ms / 1000)} ${r.units.s}`;
  const minutes = ms / 60_000;
  const digits = minutes < 10 ? 1 : 0;
  return `${minutes.toLocaleString(LOCALES[lang], { maximumFractionDigits: digits, minimumFractionDigits: digits })} ${r.units.min}`;
}

/** A share in whole per cent (one decimal under 10 %). */
export function percent(part: number, whole: number, lang: Lang): string {
  if (whole === 0) return '—';
  const p = (100 * part) / whole;
  return `${p.toLocaleString(LOCALES[lang], { maximumFractionDigits: p < 10 && p > 0 ? 1 : 0 })} %`;
}
