import { Value } from '@sinclair/typebox/value';
import { describe, expect, it } from 'vitest';
import {
  AttendeeInput,
  normaliseCategory,
  normaliseConsent,
  foldKey,
  normaliseEmail,
  normaliseLanguage,
  normalisePhone,
  parseAttendeeInput,
} from '../../shared/attendee.ts';

describe('attendee normalisers', () => {
  it.each([
    ['8 705 123 45 67', '+77051234567'],
    [' 87051234567 ', '+77051234567'],
    [' +49 30 1234 ', '+49301234'],
    ['77051234567', '+77051234567'],
    ['87051234567', '+77051234567'],
    ['+7 (705) 123-45-67', '+77051234567'],
    ['7 705 123 4567', '+77051234567'],
    ['705.123.45.67', '+77051234567'],
    ['8 (7232) 54-00-00', '+77232540000'],
    ['+998 90 123 45 67', '+998901234567'],
    ['+49 30 1234', '+49301234'], // the shortest foreign number: 8 digits
    ['+49 151 2345 6789 01', '+491512345678901'], // the longest: 15 digits (E.164)
  ])('phone %s → %s', (raw, phone) => expect(normalisePhone(raw)).toBe(phone));

  it.each(['705 123 4', '98051234567', '8051234567', '++77051234567', '+7705123456', '8 705 123 45 67 доб', '12345', '8 705 123 45 6', '+7 705 123 45 678', '8-800-КЗ', '905 123 45 67', '+0 123 456 789', '+49 30 123', '+49 151 2345 6789 012'])(
    'refuses phone %s',
    (raw) => expect(normalisePhone(raw)).toBeNull(),
  );

  it('validates e-mail addresses, lower-casing them', () => {
    expect(normaliseEmail(' Aigerim@Mail.KZ ')).toBe('aigerim@mail.kz');
    expect(normaliseEmail('info@мектеп.қаз')).toBe('info@мектеп.қаз');
    for (const bad of ['aigerim@mail,kz', 'aigerim@mailkz', 'a@@mail.kz', 'a b@mail.kz', 'a@mail..kz', '@mail.kz', 'a@mail.k'])
      expect(normaliseEmail(bad)).toBeNull();
    // At most 64 characters before the @ and 254 in all; hyphens inside a domain's labels only; no quoting characters.
    expect(normaliseEmail(`${'a'.repeat(64)}@mail.kz`)).toBe(`${'a'.repeat(64)}@mail.kz`);
    expect(normaliseEmail(`${'a'.repeat(65)}@mail.kz`)).toBeNull();
    const longest = `a@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}.${'e'.repeat(57)}.kz`;
    expect(normaliseEmail(longest)).toBe(longest);
    expect(normaliseEmail(longest.replace('@', '@f'))).toBeNull();
    expect(normaliseEmail(longest.replace('.kz', '.f.kz'))).toBeNull();
    expect(normaliseEmail('a.b@my-school.kz')).toBe('a.b@my-school.kz');
    for (const bad of ['a@-school.kz', 'a@school-.kz', 'a"b@mail.kz', 'a<b@mail.kz', 'a\\b@mail.kz']) expect(normaliseEmail(bad), bad).toBeNull();
  });

  it('reads categories and consent in three languages, refusing the ambiguous', () => {
    expect(normaliseCategory('  Выпускница  школы ')).toBe('school');
    expect(normaliseCategory('ЖОО студенті')).toBe('university');
    expect(normaliseCategory('студент')).toBeNull();
    expect(['да', 'Иә', 'YES', '1', 'true', '+'].map((v) => normaliseConsent(v))).toEqual([true, true, true, true, true, true]);
    expect(['нет', 'жоқ', 'no', '0', ''].map((v) => normaliseConsent(v))).toEqual([false, false, false, false, false]);
    expect(normaliseConsent('может быть')).toBeNull();
    expect([true, false, ' Не  согласна ', '✓'].map((v) => normaliseConsent(v))).toEqual([true, false, false, true]);
    expect(normaliseCategory('Студентка ВУЗа')).toBe('university');
    expect([normaliseCategory('Guest'), normaliseCategory('Қонақ'), normaliseCategory('other')]).toEqual(['other', 'other', 'other']);
  });

  it('reads languages as codes or names in three languages, empty as Kazakh', () => {
    expect([' Қазақ тілі ', '', 'Орыс-тілі', 'ENG', 'kz'].map((v) => normaliseLanguage(v))).toEqual(['kk', 'kk', 'ru', 'en', 'kk']);
    expect(normaliseLanguage('deutsch')).toBeNull();
  });

  it('folds lookup keys: lower case, ё as е, punctuation as one space, № kept', () => {
    expect(foldKey(' Учащийся  школы — 11 «А» №5 Ёлка ')).toBe('учащийся школы 11 а №5 елка');
  });

  it('parses a walk-in form into values the shared schema accepts, with defaults', () => {
    const parsed = parseAttendeeInput({
      firstName: '  Әйгерім ',
      lastName: 'Сейітқали',
      category: 'school',
      phone: '8 705 123 45 67',
    });
    expect(parsed).toEqual({
      ok: true,
      value: {
        firstName: 'Әйгерім',
        lastName: 'Сейітқали',
        category: 'school',
        institution: '',
        grade: '',
        phone: '+77051234567',
        email: null,
        language: 'kk',
        consent: false,
      },
    });
    if (parsed.ok) expect(Value.Check(AttendeeInput, { ...parsed.value, phone: parsed.value.phone ?? undefined, email: undefined })).toBe(true);
    // The schema itself refuses untrimmed and unnormalised values.
    expect(Value.Check(AttendeeInput, { firstName: ' Әйгерім', lastName: 'С', category: 'school' })).toBe(false);
    expect(Value.Check(AttendeeInput, { firstName: 'Ә', lastName: 'С', category: 'school', phone: '8 705 123 45 67' })).toBe(false);
    expect(Value.Check(AttendeeInput, { firstName: 'Ә', lastName: 'С', category: 'pupil' })).toBe(false);
  });

  it('names each refused field with what was typed', () => {
    const parsed = parseAttendeeInput({ firstName: 'Ә', lastName: 'С', category: '', institution: 'x'.repeat(201), grade: 'y'.repeat(41), phone: '123', language: 'de', consent: 'может' });
    expect(parsed.ok ? [] : parsed.errors).toEqual([
      { field: 'category', code: 'missing_category', message: 'category is empty' },
      { field: 'institution', code: 'field_too_long', message: 'institution is longer than 200 characters' },
      { field: 'grade', code: 'field_too_long', message: 'grade is longer than 40 characters' },
      { field: 'phone', code: 'bad_phone', message: '"123" is not a phone number (+7 XXX XXX XX XX)' },
      { field: 'language', code: 'bad_language', message: 'unknown language "de" (kk, ru or en)' },
      { field: 'consent', code: 'bad_consent', message: 'consent "может" is neither yes nor no' },
    ]);
    const names = parseAttendeeInput({ firstName: 'x'.repeat(81), lastName: '', category: 'студент колледжа', email: 'a@b' });
    expect(names.ok ? [] : names.errors).toEqual([
      { field: 'firstName', code: 'name_too_long', message: 'first name is longer than 80 characters' },
      { field: 'lastName', code: 'missing_last_name', message: 'last name is empty' },
      { field: 'email', code: 'bad_email', message: '"a@b" is not an e-mail address' },
    ]);
    // A field refused alone refuses the attendee.
    for (const only of [{ language: 'klingon' }, { consent: 'maybe' }, { category: 'студент' }]) {
      expect(parseAttendeeInput({ firstName: 'Ә', lastName: 'С', category: 'guest', ...only }).ok, JSON.stringify(only)).toBe(false);
    }
  });

  it('keeps fields at their limits, cleaned, and takes non-text values as empty', () => {
    const parsed = parseAttendeeInput({ firstName: 'x'.repeat(80), lastName: 'С', category: 'гость', institution: 'i'.repeat(200), grade: ' 11  «А» ', email: ' A@B.KZ ', phone: null, language: 'ru', consent: 'да' });
    expect(parsed).toEqual({
      ok: true,
      value: { firstName: 'x'.repeat(80), lastName: 'С', category: 'other', institution: 'i'.repeat(200), grade: '11 «А»', phone: null, email: 'a@b.kz', language: 'ru', consent: true },
    });
    const odd = parseAttendeeInput({ firstName: 'Ә', lastName: 'С', category: 'other', institution: true, email: false, consent: true });
    expect(odd).toMatchObject({ ok: true, value: { institution: '', email: null, consent: true } });
  });

  it('returns every field error at once', () => {
    const parsed = parseAttendeeInput({ firstName: ' ', lastName: 'x'.repeat(81), category: 'студент', email: 'a@b', consent: true });
    expect(parsed.ok ? [] : parsed.errors.map((e) => [e.field, e.code])).toEqual([
      ['firstName', 'missing_first_name'],
      ['lastName', 'name_too_long'],
      ['category', 'bad_category'],
      ['email', 'bad_email'],
    ]);
  });
});
