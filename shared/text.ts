import type { Lang } from './i18n.ts';

// Shared by the server and the browser: every text a person types for storage passes here.

/**
 * C0 and C1 control characters (NUL, ANSI escape, …), bidi embeddings and overrides
 * (U+202A–U+202E) and isolates (U+2066–U+2069): a name holding them can hide or reorder what a
 * badge, a kiosk or a report shows. Tabs and line breaks are white space (a spreadsheet cell may
 * hold a line break): they become one space like any other.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const FORBIDDEN = /[\u0000-\u0008\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/u;
const LETTER = /\p{L}/u;

/** Why a text was refused. */
export const TEXT_ERRORS = ['control_characters', 'no_letter'] as const;
export type TextErrorCode = (typeof TEXT_ERRORS)[number];

/**
 * Cleans a text before it is stored: NFC, trimmed, inner white space collapsed to one space.
 * Refuses control and text-direction characters, and, for a name (`letter`), a text without a
 * single letter (a name made of a zero-width space, digits or dots). An empty text is returned
 * empty: whether a field may be empty is its own rule.
 */
export function cleanText(raw: string, opts: { letter?: boolean } = {}): { ok: true; value: string } | { ok: false; code: TextErrorCode } {
  const text = raw.normalize('NFC').trim();
  if (FORBIDDEN.test(text)) return { ok: false, code: 'control_characters' };
  if (opts.letter && text !== '' && !LETTER.test(text)) return { ok: false, code: 'no_letter' };
  return { ok: true, value: text.replace(/\s+/gu, ' ') };
}

const MESSAGES: Record<Lang, Record<TextErrorCode, (field: string) => string>> = {
  kk: {
    control_characters: (f) => `«${f}» өрісінде басқару немесе мәтін бағытын өзгертетін таңбалар бар`,
    no_letter: (f) => `«${f}» өрісінде кемінде бір әріп болуы керек`,
  },
  ru: {
    control_characters: (f) => `Поле «${f}» содержит управляющие символы или символы смены направления текста`,
    no_letter: (f) => `Поле «${f}» должно содержать хотя бы одну букву`,
  },
  en: {
    control_characters: (f) => `${f} contains control or text-direction characters`,
    no_letter: (f) => `${f} must contain at least one letter`,
  },
};

/** The message for a refused text, naming the field, in a page's language. */
export function textErrorMessage(lang: Lang, code: TextErrorCode, field: string): string {
  return MESSAGES[lang][code](field);
}

/** Whether an error code is one of `cleanText`'s (pages translate those with the field's name). */
export function isTextError(code: string): code is TextErrorCode {
  return (TEXT_ERRORS as readonly string[]).includes(code);
}
