import { Value } from '@sinclair/typebox/value';
import { describe, expect, it } from 'vitest';
import {
  AttendeeInput,
  normaliseCategory,
  normaliseConsent,
  normaliseEmail,
  normalisePhone,
  parseAttendeeInput,
} from '../../shared/attendee.ts';

describe('attendee normalisers', () => {
  it.each([
    ['8 705 123 45 67', '+77051234567'],
    ['87051234567', '+77051234567'],
    ['+7 (705) 123-45-67', '+77051234567'],
    ['7 705 123 4567', '+77051234567'],
    ['705.123.45.67', '+77051234567'],
    ['8 (7232) 54-00-00', '+77232540000'],
    ['+998 90 123 45 67', '+998901234567'],
    ['+49 30 1234', '+49301234'], // the shortest foreign number: 8 digits
    ['+49 151 2345 6789 01', '+491512345678901'], // the longest: 15 digits (E.164)
  ])('phone %s → %s', (raw, phone) => expect(normalisePhone(raw)).toBe(phone));

  it.each(['12345', '8 705 123 45 6', '+7 705 123 45 678', '8-800-КЗ', '905 123 45 67', '+0 123 456 789', '+49 30 123', '+49 151 2345 6789 012'])(
    'refuses phone %s',
    (raw) => expect(normalisePhone(raw)).toBeNull(),
  );

  it('validates e-mail addresses, lower-casing them', () => {
    expect(normaliseEmail(' Aigerim@Mail.KZ ')).toBe('aigerim@mail.kz');
    expect(normaliseEmail('info@мектеп.қаз')).toBe('info@мектеп.қаз');
    for (const bad of ['aigerim@mail,kz', 'aigerim@mailkz', 'a@@mail.kz', 'a b@mail.kz', 'a@mail..kz', '@mail.kz', 'a@mail.k'])
      expect(normaliseEmail(bad)).toBeNull();
  });

  it('reads categories and consent in three languages, refusing the ambiguous', () => {
    expect(normaliseCategory('  Выпускница  школы ')).toBe('school');
    expect(normaliseCategory('ЖОО студенті')).toBe('university');
    expect(normaliseCategory('студент')).toBeNull();
    expect(['да', 'Иә', 'YES', '1', 'true', '+'].map((v) => normaliseConsent(v))).toEqual([true, true, true, true, true, true]);
    expect(['нет', 'жоқ', 'no', '0', ''].map((v) => normaliseConsent(v))).toEqual([false, false, false, false, false]);
    expect(normaliseConsent('может быть')).toBeNull();
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
