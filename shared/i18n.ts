/** The languages of every page: Kazakh, Russian, English. */
export const LANGUAGES = ['kk', 'ru', 'en'] as const;
export type Lang = (typeof LANGUAGES)[number];

/** Text of one page in every language; a page's strings type-check only when all three are complete. */
export type Strings<T> = Record<Lang, T>;

/**
 * The language a page starts in: a choice the person made on this device, else the first of the
 * browser's languages we have, else Kazakh.
 */
export function pickLanguage(stored: string | null, browser: readonly string[]): Lang {
  if (stored && (LANGUAGES as readonly string[]).includes(stored)) return stored as Lang;
  for (const tag of browser) {
    const base = tag.toLowerCase().split('-')[0];
    if ((LANGUAGES as readonly string[]).includes(base)) return base as Lang;
  }
  return 'kk';
}

/** Names of the languages in themselves, for the switcher. */
export const LANGUAGE_NAMES: Record<Lang, string> = { kk: 'Қазақша', ru: 'Русский', en: 'English' };

/**
 * The locale numbers and numeric dates are written in. Kazakh writes them as Russian does (CLDR:
 * 4 812, 2,5, 05.12.2026, 06:30), and browsers' locale data often lack Kazakh's: Chromium writes
 * 4,812, 2.5 and 2026-12-05 for `kk`. So Kazakh pages format with Russian's rules.
 */
export const NUMBER_LOCALES: Record<Lang, string> = { kk: 'ru-RU', ru: 'ru-RU', en: 'en-GB' };
