// Text is clean before it is stored: NFC; control characters, bidi overrides and isolates refused
// with an error naming the field; a name holds at least one letter. The same function serves the
// API (attendees, users, kiosks), the CSV import and the admin forms.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAttendeeInput } from '../../shared/attendee.ts';
import { LANGUAGES } from '../../shared/i18n.ts';
import { cleanText, isTextError, TEXT_ERRORS, textErrorMessage } from '../../shared/text.ts';
import { ADMIN, register, tempDir, testApp } from '../support/app.ts';
import { createStaff } from '../support/staff.ts';

/** Each kind of character the issue found stored, and its neighbours. */
const HOSTILE: Record<string, string> = {
  nul: 'Ali\u0000ya',
  escape: '\u001b[31mAliya',
  del: 'Ali\u007fya',
  c1: 'Ali\u0085ya',
  backspace: 'Ali\u0008ya',
  'right-to-left override': '\u202Eayila',
  'left-to-right embedding': 'Ali\u202Aya',
  'first-strong isolate': 'Ali\u2068ya\u2069',
  'pop directional isolate': 'Aliya\u2069',
};

describe('cleanText', () => {
  it('composes accents (NFC), trims and collapses white space, tabs and line breaks included', () => {
    expect(cleanText('Колледж\r\n корпус\t2')).toEqual({ ok: true, value: 'Колледж корпус 2' });
    expect(cleanText('  Ay\u0306gerim \u00a0 Серикқызы ')).toEqual({ ok: true, value: 'Ay\u0306gerim Серикқызы'.normalize('NFC') });
    expect(cleanText('e\u0301')).toEqual({ ok: true, value: '\u00e9' });
    expect(cleanText('Әлихан', { letter: true })).toEqual({ ok: true, value: 'Әлихан' });
  });

  it('refuses control and text-direction characters', () => {
    for (const [what, text] of Object.entries(HOSTILE)) expect(cleanText(text), what).toEqual({ ok: false, code: 'control_characters' });
  });

  it('refuses a name without a letter: a zero-width space, digits, dots', () => {
    for (const name of ['\u200b', '\u200b\u200c\u2060', '123', '...']) expect(cleanText(name, { letter: true }), JSON.stringify(name)).toEqual({ ok: false, code: 'no_letter' });
    expect(cleanText('12', { letter: false })).toEqual({ ok: true, value: '12' });
  });

  it('names the field in Kazakh, Russian and English', () => {
    expect(textErrorMessage('kk', 'no_letter', 'Аты')).toContain('Аты');
    expect(textErrorMessage('ru', 'control_characters', 'Имя')).toContain('Имя');
    expect(textErrorMessage('en', 'no_letter', 'First name')).toBe('First name must contain at least one letter');
    // Every language has its own sentence for each refusal, naming the field.
    const messages = LANGUAGES.flatMap((lang) => TEXT_ERRORS.map((code) => textErrorMessage(lang, code, 'Ф')));
    expect(new Set(messages).size).toBe(LANGUAGES.length * TEXT_ERRORS.length);
    for (const m of messages) expect(m.replace('Ф', '').length, m).toBeGreaterThan(20);
    expect(messages.every((m) => m.includes('Ф'))).toBe(true);
  });

  it('tells its error codes from other fields\' codes', () => {
    expect(TEXT_ERRORS.every((code) => isTextError(code))).toBe(true);
    expect(['bad_phone', 'missing_first_name', ''].some((code) => isTextError(code))).toBe(false);
  });

  it('is what the walk-in form and the import check with', () => {
    const r = parseAttendeeInput({ firstName: '\u200b', lastName: 'Ок\u202Eов', category: 'school', institution: 'School\u0007' });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors.map((e) => [e.field, e.code])).toEqual([
        ['firstName', 'no_letter'],
        ['lastName', 'control_characters'],
        ['institution', 'control_characters'],
      ]);
      expect(r.errors[0].message).toBe('first name must contain at least one letter');
    }
  });
});

describe('every staff field refuses them', () => {
  const data = tempDir();
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await testApp(data.dir);
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    data.remove();
  });

  const fieldErrors = (r: { json(): unknown }) => (r.json() as { errors: Array<{ field: string; code: string }> }).errors.map((e) => [e.field, e.code]);

  it('attendees: create and edit', async () => {
    for (const [what, text] of Object.entries(HOSTILE)) {
      const r = await app.inject({ method: 'POST', url: '/api/attendees', headers: ADMIN, payload: { firstName: text, lastName: 'Testova', category: 'school' } });
      expect(r.statusCode, what).toBe(400);
      expect(r.json().code).toBe('invalid_attendee');
      expect(fieldErrors(r)).toEqual([['firstName', 'control_characters']]);
    }
    const zw = await app.inject({ method: 'POST', url: '/api/attendees', headers: ADMIN, payload: { firstName: '\u200b', lastName: 'Testova', category: 'school' } });
    expect(fieldErrors(zw)).toEqual([['firstName', 'no_letter']]);

    const person = await register(app, 'Zhanar');
    for (const payload of [{ lastName: '\u202Eavotset' }, { institution: 'KazNU\u0000' }, { grade: '\u001b9' }]) {
      const r = await app.inject({ method: 'PATCH', url: `/api/attendees/${person.id}`, headers: ADMIN, payload });
      expect(r.statusCode, JSON.stringify(payload)).toBe(400);
      expect(fieldErrors(r)).toEqual([[Object.keys(payload)[0], 'control_characters']]);
    }
    // A decomposed name is stored composed.
    const ok = await app.inject({ method: 'PATCH', url: `/api/attendees/${person.id}`, headers: ADMIN, payload: { firstName: 'Zhane\u0301' } });
    expect(ok.json().firstName).toBe('Zhan\u00e9');
    const stored = app.sqlite.prepare('SELECT first_name AS n FROM attendees WHERE id = ?').get(person.id) as { n: string };
    expect(stored.n.length).toBe(5);
  });

  it('the CSV import, row by row', async () => {
    const csv = ['Фамилия;Имя;Категория', 'Иванова;Анна\u0000;школа', '\u202Eавонави;Мария;школа', 'Петрова;\u200b;школа', 'Сидорова;Ольга;школа'].join('\r\n');
    const r = await app.inject({ method: 'POST', url: '/api/attendees/import?dryRun=1', headers: { ...ADMIN, 'content-type': 'text/csv' }, payload: csv });
    expect(r.statusCode).toBe(422);
    expect(r.json().errors.map((e: { line: number; code: string }) => [e.line, e.code])).toEqual([
      [2, 'control_characters'],
      [3, 'control_characters'],
      [4, 'no_letter'],
    ]);
  });

  it('staff accounts: display names', async () => {
    const created = await app.inject({ method: 'POST', url: '/api/users', headers: ADMIN, payload: { username: 'bidi-user', password: 'correct horse battery', role: 'desk', displayName: 'Desk \u202E1' } });
    expect(created.statusCode).toBe(400);
    expect(created.json().code).toBe('invalid_user');
    expect(fieldErrors(created)).toEqual([['displayName', 'control_characters']]);
    const id = await createStaff(app, 'clean-user', 'desk');
    const zw = await app.inject({ method: 'PATCH', url: `/api/users/${id}`, headers: ADMIN, payload: { displayName: '\u200b' } });
    expect(fieldErrors(zw)).toEqual([['displayName', 'no_letter']]);
    const nfc = await app.inject({ method: 'PATCH', url: `/api/users/${id}`, headers: ADMIN, payload: { displayName: ' A\u0301sel  Desk ' } });
    expect(nfc.json().displayName).toBe('\u00c1sel Desk');
  });

  it('kiosk labels', async () => {
    const r = await app.inject({ method: 'POST', url: '/api/kiosks', headers: ADMIN, payload: { station: 'umz', label: '\u001b[2JTablet' } });
    expect(r.statusCode).toBe(400);
    expect(r.json().code).toBe('invalid_kiosk');
    expect(fieldErrors(r)).toEqual([['label', 'control_characters']]);
    const ok = await app.inject({ method: 'POST', url: '/api/kiosks', headers: ADMIN, payload: { station: 'umz', label: ' Tablet   2 ' } });
    expect(ok.statusCode).toBe(201);
    const list = (await app.inject({ method: 'GET', url: '/api/kiosks', headers: ADMIN })).json() as Array<{ id: string; label: string }>;
    expect(list.find((k) => k.id === ok.json().id)?.label).toBe('Tablet 2');
  });
});
