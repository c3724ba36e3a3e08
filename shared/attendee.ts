import { Type, type Static } from '@sinclair/typebox';
import { cleanText, textErrorMessage, TEXT_ERRORS } from './text.ts';

// Shared by the server and the browser (walk-in form, import preview): no Node imports here.

/** Attendee categories, in the order the desk shows them. */
export const ATTENDEE_CATEGORIES = ['school', 'college', 'university', 'other'] as const;
export type AttendeeCategory = (typeof ATTENDEE_CATEGORIES)[number];

/** Languages an attendee can prefer; the first is the default. */
export const ATTENDEE_LANGUAGES = ['kk', 'ru', 'en'] as const;
export type AttendeeLanguage = (typeof ATTENDEE_LANGUAGES)[number];

/** Limits on the stored text, in characters after trimming. */
export const ATTENDEE_LIMITS = {
  name: 80,
  institution: 200,
  grade: 40,
  email: 254,
  externalRef: 100,
} as const;

/** Display names of the categories, for badges and pages. */
export const CATEGORY_LABELS: Record<AttendeeCategory, Record<AttendeeLanguage, string>> = {
  school: { kk: 'Мектеп түлегі', ru: 'Выпускник школы', en: 'School graduate' },
  college: { kk: 'Колледж студенті', ru: 'Студент колледжа', en: 'College student' },
  university: { kk: 'Университет студенті', ru: 'Студент вуза', en: 'University student' },
  other: { kk: 'Қонақ', ru: 'Гость', en: 'Guest' },
};

// A trimmed single line: no leading/trailing white space, no line breaks.
const TRIMMED_LINE = '^\\S(?:.*\\S)?$';
/** E.164: Kazakhstan (and Russia) as +7 and ten digits; other countries only with their own + prefix. */
const E164 = '^\\+[1-9][0-9]{7,14}$';

/** An attendee as registered or edited at the desk, already normalised (see `parseAttendeeInput`). */
export const AttendeeInput = Type.Object(
  {
    firstName: Type.String({ minLength: 1, maxLength: ATTENDEE_LIMITS.name, pattern: TRIMMED_LINE }),
    lastName: Type.String({ minLength: 1, maxLength: ATTENDEE_LIMITS.name, pattern: TRIMMED_LINE }),
    category: Type.Union(ATTENDEE_CATEGORIES.map((c) => Type.Literal(c))),
    institution: Type.Optional(Type.String({ maxLength: ATTENDEE_LIMITS.institution, default: '' })),
    grade: Type.Optional(Type.String({ maxLength: ATTENDEE_LIMITS.grade, default: '' })),
    phone: Type.Optional(Type.String({ pattern: E164 })),
    email: Type.Optional(Type.String({ maxLength: ATTENDEE_LIMITS.email, pattern: '^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$' })),
    language: Type.Optional(Type.Union(ATTENDEE_LANGUAGES.map((l) => Type.Literal(l)), { default: 'kk' })),
    consent: Type.Optional(Type.Boolean({ default: false })),
  },
  { additionalProperties: false },
);
export type AttendeeInput = Static<typeof AttendeeInput>;

/** An attendee with every field filled in: what `parseAttendeeInput` returns and the database stores. */
export type AttendeeFields = {
  firstName: string;
  lastName: string;
  category: AttendeeCategory;
  institution: string;
  grade: string;
  phone: string | null;
  email: string | null;
  language: AttendeeLanguage;
  consent: boolean;
};

/** Why a field was refused; the desk shows each in the staff member's language. */
export const ATTENDEE_FIELD_ERRORS = [
  'missing_first_name',
  'missing_last_name',
  'name_too_long',
  'missing_category',
  'bad_category',
  'field_too_long',
  'bad_phone',
  'bad_email',
  'bad_language',
  'bad_consent',
  ...TEXT_ERRORS,
] as const;
export type AttendeeFieldErrorCode = (typeof ATTENDEE_FIELD_ERRORS)[number];
export type AttendeeFieldError = { field: keyof AttendeeFields; code: AttendeeFieldErrorCode; message: string };

/** Trims, collapses inner white space (incl. no-break spaces) and composes accents (NFC). */
export function normaliseText(raw: string): string {
  return raw.normalize('NFC').replace(/\s+/gu, ' ').trim();
}

/**
 * Normalises a phone number: Kazakhstan numbers (+7 / 8 / 7 and ten digits, or ten digits starting
 * with 7) become `+7XXXXXXXXXX`; other countries are kept only when written with their `+` code.
 * Spaces, dashes, dots and brackets are ignored. Returns null when it is not a phone number.
 */
export function normalisePhone(raw: string): string | null {
  const text = raw.trim();
  if (!/^\+?[0-9\s\-().]+$/u.test(text)) return null;
  const digits = text.replace(/\D/gu, '');
  if (text.startsWith('+')) {
    if (digits.startsWith('7')) return digits.length === 11 ? `+${digits}` : null;
    return digits.length >= 8 && digits.length <= 15 && !digits.startsWith('0') ? `+${digits}` : null;
  }
  if (digits.length === 11 && (digits.startsWith('8') || digits.startsWith('7'))) return `+7${digits.slice(1)}`;
  // Written without the trunk prefix: every Kazakhstan number (mobile 7xx, city 7xxx) starts with 7.
  if (digits.length === 10 && digits.startsWith('7')) return `+7${digits}`;
  return null;
}

// Local part without spaces or the characters that need quoting; a domain of letter/digit labels
// (Cyrillic allowed: .қаз and .рф exist) with a top-level domain of two letters or more.
const EMAIL = /^[^\s@"(),:;<>[\]\\]{1,64}@(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?\.)+\p{L}{2,63}$/u;

/** Normalises an e-mail address (trimmed, lower case); null when it is not a plausible address. */
export function normaliseEmail(raw: string): string | null {
  const email = raw.trim().normalize('NFC').toLowerCase();
  if (email.length > ATTENDEE_LIMITS.email || !EMAIL.test(email) || email.includes('..')) return null;
  return email;
}

/** A lookup key: lower case, `ё` as `е`, punctuation as single spaces. */
export function foldKey(raw: string): string {
  return raw
    .normalize('NFC')
    .toLowerCase()
    .replace(/ё/gu, 'е')
    .replace(/[^\p{L}\p{N}№]+/gu, ' ')
    .trim();
}

const CATEGORY_WORDS: Record<AttendeeCategory, string[]> = {
  school: [
    'school', 'school graduate', 'school student', 'pupil', 'schoolchild',
    'школа', 'школьник', 'школьница', 'ученик', 'ученица', 'выпускник', 'выпускница',
    'выпускник школы', 'выпускница школы', 'учащийся школы', 'ученик школы',
    'мектеп', 'мектеп түлегі', 'мектеп оқушысы', 'оқушы', 'түлек',
  ],
  college: [
    'college', 'college student',
    'колледж', 'студент колледжа', 'студентка колледжа',
    'колледж студенті',
  ],
  university: [
    'university', 'university student',
    'вуз', 'университет', 'студент вуза', 'студентка вуза', 'студент университета', 'студентка университета',
    'университет студенті', 'жоо', 'жоо студенті',
  ],
  other: ['other', 'guest', 'другое', 'прочее', 'другой', 'гость', 'басқа', 'қонақ'],
};
const CATEGORY_BY_WORD = new Map<string, AttendeeCategory>();
for (const category of ATTENDEE_CATEGORIES) {
  CATEGORY_BY_WORD.set(category, category);
  for (const word of CATEGORY_WORDS[category]) CATEGORY_BY_WORD.set(foldKey(word), category);
  for (const label of Object.values(CATEGORY_LABELS[category])) CATEGORY_BY_WORD.set(foldKey(label), category);
}

/**
 * Reads a category written as a code or in Kazakh, Russian or English ("выпускник школы",
 * "колледж студенті", "University student"). A bare "student" is refused: college or university?
 */
export function normaliseCategory(raw: string): AttendeeCategory | null {
  return CATEGORY_BY_WORD.get(foldKey(raw)) ?? null;
}

const LANGUAGE_WORDS: Record<AttendeeLanguage, string[]> = {
  kk: ['kk', 'kz', 'kaz', 'kazakh', 'қаз', 'қазақ', 'қазақша', 'қазақ тілі', 'каз', 'казахский', 'казахский язык'],
  ru: ['ru', 'rus', 'russian', 'рус', 'русский', 'русский язык', 'орыс', 'орысша', 'орыс тілі'],
  en: ['en', 'eng', 'english', 'англ', 'английский', 'английский язык', 'ағылшын', 'ағылшынша', 'ағылшын тілі'],
};
const LANGUAGE_BY_WORD = new Map<string, AttendeeLanguage>();
for (const language of ATTENDEE_LANGUAGES) for (const word of LANGUAGE_WORDS[language]) LANGUAGE_BY_WORD.set(foldKey(word), language);

/** Reads a language as a code or a name in kk/ru/en; empty means the default, Kazakh. */
export function normaliseLanguage(raw: string): AttendeeLanguage | null {
  const key = foldKey(raw);
  if (key === '') return 'kk';
  return LANGUAGE_BY_WORD.get(key) ?? null;
}

const CONSENT_YES = ['yes', 'y', 'true', '1', '+', '✓', '✔', 'x', 'да', 'д', 'согласен', 'согласна', 'иә', 'ия', 'иа', 'келісемін'];
const CONSENT_NO = ['', 'no', 'n', 'false', '0', '-', 'нет', 'н', 'не согласен', 'не согласна', 'жоқ', 'жок', 'келіспеймін'];

/** Reads consent: yes/да/иә/1/true and their negatives; empty means no. Null when unreadable. */
export function normaliseConsent(raw: string | boolean): boolean | null {
  if (typeof raw === 'boolean') return raw;
  // Symbols like "+" and "✓" would vanish in foldKey, so compare the trimmed lower-case text.
  const text = normaliseText(raw).toLowerCase();
  if (CONSENT_YES.includes(text)) return true;
  if (CONSENT_NO.includes(text)) return false;
  return null;
}

/** Raw attendee fields as typed into a form or read from a file; every field may be missing. */
export type AttendeeDraft = { [K in keyof AttendeeFields]?: string | boolean | null };

/**
 * Normalises and validates an attendee from a form or a file row. Returns every field error at
 * once so the desk can fix them together.
 */
export function parseAttendeeInput(
  draft: AttendeeDraft,
): { ok: true; value: AttendeeFields } | { ok: false; errors: AttendeeFieldError[] } {
  const errors: AttendeeFieldError[] = [];
  const text = (v: string | boolean | null | undefined): string => (typeof v === 'string' ? normaliseText(v) : '');
  const fail = (field: keyof AttendeeFields, code: AttendeeFieldErrorCode, message: string): void => {
    errors.push({ field, code, message });
  };

  /** A free-text field: cleaned (shared/text.ts), then checked for being empty (names) and too long. */
  const freeText = (field: 'firstName' | 'lastName' | 'institution' | 'grade', label: string, limit: number, missing?: AttendeeFieldErrorCode): string => {
    const v = draft[field];
    // Names must hold a letter: a name of a zero-width space, dots or digits is no name.
    const r = cleanText(typeof v === 'string' ? v : '', { letter: missing !== undefined });
    if (!r.ok) fail(field, r.code, textErrorMessage('en', r.code, label));
    else if (r.value === '' && missing) fail(field, missing, `${label} is empty`);
    else if (r.value.length > limit) fail(field, missing ? 'name_too_long' : 'field_too_long', `${label} is longer than ${limit} characters`);
    return r.ok ? r.value : '';
  };
  const firstName = freeText('firstName', 'first name', ATTENDEE_LIMITS.name, 'missing_first_name');
  const lastName = freeText('lastName', 'last name', ATTENDEE_LIMITS.name, 'missing_last_name');

  const categoryText = text(draft.category);
  const category = categoryText === '' ? null : normaliseCategory(categoryText);
  if (categoryText === '') fail('category', 'missing_category', 'category is empty');
  else if (category === null)
    fail('category', 'bad_category', `unknown category "${categoryText}" (school, college, university or other)`);

  const institution = freeText('institution', 'institution', ATTENDEE_LIMITS.institution);
  const grade = freeText('grade', 'grade', ATTENDEE_LIMITS.grade);

  const phoneText = text(draft.phone);
  const phone = phoneText === '' ? null : normalisePhone(phoneText);
  if (phoneText !== '' && phone === null) fail('phone', 'bad_phone', `"${phoneText}" is not a phone number (+7 XXX XXX XX XX)`);
  const emailText = text(draft.email);
  const email = emailText === '' ? null : normaliseEmail(emailText);
  if (emailText !== '' && email === null) fail('email', 'bad_email', `"${emailText}" is not an e-mail address`);

  const languageText = text(draft.language);
  const language = normaliseLanguage(languageText);
  if (language === null) fail('language', 'bad_language', `unknown language "${languageText}" (kk, ru or en)`);

  const consent = normaliseConsent(typeof draft.consent === 'boolean' ? draft.consent : text(draft.consent));
  if (consent === null) fail('consent', 'bad_consent', `consent "${text(draft.consent)}" is neither yes nor no`);

  if (errors.length > 0 || category === null || language === null || consent === null) return { ok: false, errors };
  return { ok: true, value: { firstName, lastName, category, institution, grade, phone, email, language, consent } };
}
