// A wait estimate as pages show it: rounded, so it does not promise a precision it has not got.
import type { Lang } from './i18n.ts';

const UNITS: Record<Lang, { min: string; hour: string }> = {
  kk: { min: 'мин', hour: 'сағ' },
  ru: { min: 'мин', hour: 'ч' },
  en: { min: 'min', hour: 'h' },
};

/**
 * "≈ 5 min" below 8 minutes, then a band ("10–15 min": 5-minute steps up to half an hour,
 * 10-minute steps up to an hour), then "> 1 h". Minutes at or below 0 read as "≈ 1 min".
 */
export function waitText(minutes: number, lang: Lang): string {
  const u = UNITS[lang];
  const m = Math.max(1, Math.ceil(minutes));
  if (m < 8) return `≈ ${m} ${u.min}`;
  if (m >= 60) return `> 1 ${u.hour}`;
  const step = m < 30 ? 5 : 10;
  const from = Math.floor(m / step) * step;
  return `${from}–${from + step} ${u.min}`;
}
