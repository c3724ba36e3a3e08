import { asc, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tmpdir } from 'node:os';
import { openDatabase, type Db } from '../../server/db/client.ts';
import { Journal } from '../../server/db/journal.ts';
import { sqliteStore } from '../../server/db/sqlite-store.ts';
import { attendees } from '../../server/db/schema.ts';
import { parseAttendeeCsv } from '../../server/registration/csv-import.ts';
import { importAttendees, type ImportReport } from '../../server/registration/import-attendees.ts';
import type Database from 'better-sqlite3';

const FILE = [
  '№;Фамилия;Имя;Категория;Учебное заведение;Класс/Курс;Телефон;E-mail;Язык;Согласие',
  'R1;Сейітқали;Әйгерім;выпускник школы;Школа-гимназия №1;11;8 705 123 45 67;;kk;да',
  'R2;Иванов;Пётр;студент вуза;ВКТУ;2 курс;;petr@mail.ru;ru;нет',
  'R3;Өмірбекова;Ұлжан;колледж студенті;Колледж искусств;1;;;;иә',
].join('\n');

// The same people exported without an id column (a second form, or the organiser deleted it).
const NO_IDS = [
  'Имя;Фамилия;Категория;Телефон;E-mail',
  'Алёна;Петрова;школьник;8 701 111 22 33;',
  'Дана;Ким;гость;;dana@mail.kz',
  'Ерлан;Ахметов;студент колледжа;;',
].join('\n');

let db: Db;
let sqlite: Database.Database;
beforeEach(() => {
  ({ db, sqlite } = openDatabase(':memory:'));
});
afterEach(() => sqlite.close());

const all = () => db.select().from(attendees).orderBy(asc(attendees.badgeNo)).all();
function ok(result: Awaited<ReturnType<typeof importAttendees>>): ImportReport {
  if (!result.ok) throw new Error(`import refused: ${JSON.stringify(result.errors)}`);
  return result;
}

describe('importAttendees', () => {
  it('dry run reports what would be created and writes nothing', async () => {
    const report = ok(await importAttendees(sqliteStore(sqlite, new Journal(sqlite), tmpdir()).attendees, parseAttendeeCsv(FILE), { dryRun: true }));
    expect(report.dryRun).toBe(true);
    expect(report.created.map((c) => [c.line, c.badgeNo, c.firstName, c.id])).toEqual([
      [2, 1001, 'Әйгерім', null],
      [3, 1002, 'Пётр', null],
      [4, 1003, 'Ұлжан', null],
    ]);
    expect(report.updated).toEqual([]);
    expect(report.createdIds).toEqual([]);
    expect(all()).toEqual([]);
  });

  it('imports every row with badge numbers from 1001 and returns the new ids', async () => {
    const report = ok(await importAttendees(sqliteStore(sqlite, new Journal(sqlite), tmpdir()).attendees, parseAttendeeCsv(FILE), { dryRun: false, now: 1_700_000_000_000 }));
    const rows = all();
    expect(rows.map((r) => [r.badgeNo, r.externalRef, r.firstName, r.lastName, r.category, r.phone, r.email, r.language, r.consent])).toEqual([
      [1001, 'R1', 'Әйгерім', 'Сейітқали', 'school', '+77051234567', null, 'kk', true],
      [1002, 'R2', 'Пётр', 'Иванов', 'university', null, 'petr@mail.ru', 'ru', false],
      [1003, 'R3', 'Ұлжан', 'Өмірбекова', 'college', null, null, 'kk', true],
    ]);
    expect(report.createdIds).toEqual(rows.map((r) => r.id));
    expect(rows.every((r) => r.createdAt === 1_700_000_000_000)).toBe(true);
  });

  it('continues badge numbers after the highest one in use', async () => {
    db.insert(attendees).values({ id: 'walk-in', badgeNo: 1500, firstName: 'Гүлнар', lastName: 'Әлиева', createdAt: 1 }).run();
    ok(await importAttendees(sqliteStore(sqlite, new Journal(sqlite), tmpdir()).attendees, parseAttendeeCsv(FILE), { dryRun: false }));
    expect(all().map((r) => r.badgeNo)).toEqual([1500, 1501, 1502, 1503]);
  });

  it('re-importing the same file creates nobody and reports every row unchanged', async () => {
    const first = ok(await importAttendees(sqliteStore(sqlite, new Journal(sqlite), tmpdir()).attendees, parseAttendeeCsv(FILE), { dryRun: false }));
    const before = all();
    const again = ok(await importAttendees(sqliteStore(sqlite, new Journal(sqlite), tmpdir()).attendees, parseAttendeeCsv(FILE), { dryRun: false }));
    expect(again.created).toEqual([]);
    expect(again.updated).toEqual([]);
    expect(again.unchanged.map((u) => [u.line, u.badgeNo])).toEqual([
      [2, 1001],
      [3, 1002],
      [4, 1003],
    ]);
    expect(all()).toEqual(before);
    expect(first.createdIds).toHaveLength(3);
  });

  it('re-importing a file without ids matches people on phone or e-mail with the first name, and rows equal in every field', async () => {
    ok(await importAttendees(sqliteStore(sqlite, new Journal(sqlite), tmpdir()).attendees, parseAttendeeCsv(NO_IDS), { dryRun: false }));
    // Same people, written differently: case, ё/е, phone format, e-mail case; Ерлан has no contacts but is the same in every field.
    const rewritten = [
      'First name;Last name;Category;Phone;Email',
      'алена;ПЕТРОВА;school;+7 (701) 111-22-33;',
      'Дана;Ким;other;;Dana@Mail.kz',
      'Ерлан;Ахметов;college;;',
      'Асель;Нурланова;university;;',
    ].join('\n');
    const dry = ok(await importAttendees(sqliteStore(sqlite, new Journal(sqlite), tmpdir()).attendees, parseAttendeeCsv(rewritten), { dryRun: true }));
    // An update needs the dry run that showed it.
    expect(await importAttendees(sqliteStore(sqlite, new Journal(sqlite), tmpdir()).attendees, parseAttendeeCsv(rewritten), { dryRun: false })).toMatchObject({ ok: false, code: 'updates_not_confirmed' });
    const report = ok(await importAttendees(sqliteStore(sqlite, new Journal(sqlite), tmpdir()).attendees, parseAttendeeCsv(rewritten), { dryRun: false, confirm: dry.fingerprint }));
    expect(report.created.map((c) => c.firstName)).toEqual(['Асель']);
    // The spelling in the latest file wins; nobody is added twice.
    expect(report.updated.map((u) => [u.line, u.badgeNo, u.changes.map((c) => c.field)])).toEqual([[2, 1001, ['firstName', 'lastName']]]);
    expect(report.unchanged.map((u) => u.badgeNo)).toEqual([1002, 1003]);
    expect(all()).toHaveLength(4);
  });

  it('updates a matched attendee only as the dry run showed, keeping id and badge number', async () => {
    ok(await importAttendees(sqliteStore(sqlite, new Journal(sqlite), tmpdir()).attendees, parseAttendeeCsv(FILE), { dryRun: false }));
    const [before] = all();
    const edited = FILE.replace('8 705 123 45 67;;kk;да', '8 705 123 45 67;aigerim@mail.kz;ru;нет');
    const dry = ok(await importAttendees(sqliteStore(sqlite, new Journal(sqlite), tmpdir()).attendees, parseAttendeeCsv(edited), { dryRun: true }));
    expect(dry.updated).toEqual([
      {
        line: 2,
        id: before.id,
        badgeNo: 1001,
        firstName: 'Әйгерім',
        lastName: 'Сейітқали',
        changes: [
          { field: 'email', from: null, to: 'aigerim@mail.kz' },
          { field: 'language', from: 'kk', to: 'ru' },
          { field: 'consent', from: true, to: false },
        ],
      },
    ]);
    expect(all()[0]).toEqual(before);
    // Someone edits her at the desk after the dry run: the import would now change other things, so it refuses.
    db.update(attendees).set({ language: 'en' }).where(eq(attendees.id, before.id)).run();
    expect(await importAttendees(sqliteStore(sqlite, new Journal(sqlite), tmpdir()).attendees, parseAttendeeCsv(edited), { dryRun: false, confirm: dry.fingerprint })).toMatchObject({ ok: false, code: 'updates_not_confirmed' });
    expect(all()[0]).toEqual({ ...before, language: 'en' });
    const again = ok(await importAttendees(sqliteStore(sqlite, new Journal(sqlite), tmpdir()).attendees, parseAttendeeCsv(edited), { dryRun: true }));
    expect(again.fingerprint).not.toBe(dry.fingerprint);
    ok(await importAttendees(sqliteStore(sqlite, new Journal(sqlite), tmpdir()).attendees, parseAttendeeCsv(edited), { dryRun: false, confirm: again.fingerprint }));
    expect(all()[0]).toEqual({ ...before, email: 'aigerim@mail.kz', language: 'ru', consent: false });
  });

  it('never merges, updates or refuses namesakes: they are new people, listed with whom they share the name', async () => {
    db.insert(attendees).values({ id: 'x', badgeNo: 1001, firstName: 'Дмитрий', lastName: 'Иванов', institution: 'Школа № 1', grade: '11', category: 'school', createdAt: 1 }).run();
    const file = [
      'Фамилия;Имя;Категория;Учебное заведение;Класс',
      'Иванов;Дмитрий;выпускник школы;Школа № 5;10',
      'ИВАНОВ;дмитрий;студент колледжа;ВКПК;1 курс',
      'Нұрланқызы;Әлия;выпускник школы;Гимназия № 3;11',
      'Нурланкызы;Алия;выпускник школы;Лицей № 2;11',
      'Ким;Дана;гость;;',
    ].join('\n');
    const report = ok(await importAttendees(sqliteStore(sqlite, new Journal(sqlite), tmpdir()).attendees, parseAttendeeCsv(file), { dryRun: false }));
    expect(report.created.map((c) => c.line)).toEqual([2, 3, 4, 5, 6]);
    expect(report.updated).toEqual([]);
    expect(report.refused).toEqual([]);
    expect(report.namesakes.map((n) => [n.line, n.kind, n.others.map((o) => o.line ?? `№ ${o.badgeNo}`)])).toEqual([
      [2, 'namesake', ['№ 1001']],
      [3, 'namesake', [2, '№ 1001']],
      [5, 'namesake', [4]],
    ]);
    expect(report.namesakes[0]).toMatchObject({ institution: 'Школа № 5', grade: '10', others: [{ institution: 'Школа № 1', grade: '11' }] });
    expect(all()[0]).toMatchObject({ id: 'x', institution: 'Школа № 1', grade: '11', category: 'school' });
    expect(all()).toHaveLength(6);
  });

  it('treats one phone or e-mail under two first names as two people, and one person twice in a file as a duplicate', async () => {
    const file = [
      'id;Фамилия;Имя;Категория;Телефон;E-mail',
      'A1;Ахметова;Алёна;школьник;8 701 111 22 33;',
      'A2;Ахметов;Ерлан;школьник;+7 701 111-22-33;',
      'A3;Ахметова;алена;школьник;87011112233;',
      'A4;Ким;Дана;гость;;dana@mail.kz',
      'A5;Ким;Дана;гость;;DANA@mail.kz',
      'A1;Ли;Анна;гость;;',
    ].join('\n');
    const report = ok(await importAttendees(sqliteStore(sqlite, new Journal(sqlite), tmpdir()).attendees, parseAttendeeCsv(file), { dryRun: true, skipInvalid: true }));
    expect(report.created.map((c) => c.line)).toEqual([2, 3, 5]);
    expect(report.refused.map((e) => [e.line, e.code])).toEqual([
      [4, 'duplicate_in_file'],
      [6, 'duplicate_in_file'],
      [7, 'duplicate_in_file'],
    ]);
    expect(report.refused[0].reason).toContain('line 2');
    expect(report.namesakes.map((n) => [n.line, n.kind, n.others.map((o) => o.line)])).toEqual([[3, 'shared_contact', [2]]]);
  });

  it('with skipInvalid imports the good rows and lists the refused ones', async () => {
    const file = `${FILE}\nR4;Ким;Анна;студент;;;;;;\nR5;Пак;Вера;гость;;;;;;`;
    const report = ok(await importAttendees(sqliteStore(sqlite, new Journal(sqlite), tmpdir()).attendees, parseAttendeeCsv(file), { dryRun: false, skipInvalid: true }));
    expect(report.created.map((c) => c.line)).toEqual([2, 3, 4, 6]);
    expect(report.refused).toMatchObject([{ line: 5, code: 'bad_category' }]);
    expect(all().map((a) => a.externalRef)).toEqual(['R1', 'R2', 'R3', 'R5']);
  });

  it('refuses the whole file, changing nothing, when any row is bad', async () => {
    ok(await importAttendees(sqliteStore(sqlite, new Journal(sqlite), tmpdir()).attendees, parseAttendeeCsv(FILE), { dryRun: false }));
    const before = all();
    const bad = `${FILE.replace('ВКТУ', 'ВКТУ им. Серікбаева')}\nR4;Ким;Анна;студент;;;;;;\nR5;Пак;Вера;гость;;;;;;`;
    const parsed = parseAttendeeCsv(bad);
    expect(parsed.rows).toHaveLength(4);
    for (const dryRun of [true, false]) {
      const result = await importAttendees(sqliteStore(sqlite, new Journal(sqlite), tmpdir()).attendees, parsed, { dryRun });
      expect(result).toMatchObject({ ok: false, code: 'import_refused', errors: [{ line: 5, code: 'bad_category' }] });
    }
    expect(all()).toEqual(before);
  });

  it('checks rows handed over without the parse report, and refuses all of them if one is bad', async () => {
    const { rows } = parseAttendeeCsv(FILE);
    const tampered = [...rows, { ...rows[0], line: 9, externalRef: 'R9', phone: '12' }];
    expect(await importAttendees(sqliteStore(sqlite, new Journal(sqlite), tmpdir()).attendees, tampered, { dryRun: false })).toMatchObject({
      ok: false,
      errors: [{ line: 9, code: 'bad_phone' }],
    });
    const twice = [...rows, { ...rows[1], line: 9 }];
    expect(await importAttendees(sqliteStore(sqlite, new Journal(sqlite), tmpdir()).attendees, twice, { dryRun: false })).toMatchObject({
      ok: false,
      errors: [{ line: 9, code: 'duplicate_in_file' }],
    });
    expect(all()).toEqual([]);
  });

  it('rolls back every row when the database refuses one mid-way', async () => {
    // A trigger standing in for any failure inside the transaction (disk full, constraint).
    sqlite.exec(`CREATE TRIGGER refuse_r3 BEFORE INSERT ON attendees WHEN NEW.external_ref = 'R3'
      BEGIN SELECT RAISE(ABORT, 'refused'); END`);
    await expect(importAttendees(sqliteStore(sqlite, new Journal(sqlite), tmpdir()).attendees, parseAttendeeCsv(FILE), { dryRun: false })).rejects.toThrow(/refused/);
    expect(all()).toEqual([]);
  });

  it('refuses a row that matches two registered attendees instead of guessing', async () => {
    for (const [id, badgeNo] of [
      ['a', 1001],
      ['b', 1002],
    ] as const)
      db.insert(attendees).values({ id, badgeNo, firstName: 'Алёна', lastName: 'Петрова', phone: '+77011112233', createdAt: 1 }).run();
    expect(await importAttendees(sqliteStore(sqlite, new Journal(sqlite), tmpdir()).attendees, parseAttendeeCsv(NO_IDS), { dryRun: true })).toMatchObject({
      ok: false,
      errors: [{ line: 2, code: 'ambiguous_match', reason: expect.stringContaining('№ 1001, № 1002') }],
    });
  });

  it('refuses a file it could not read even with skipInvalid, and lists every refusal by line with its count of rows', async () => {
    const store = () => sqliteStore(sqlite, new Journal(sqlite), tmpdir()).attendees;
    expect(await importAttendees(store(), parseAttendeeCsv('Имя;x\nА;Б'), { dryRun: true, skipInvalid: true })).toMatchObject({ ok: false, code: 'import_refused', errors: [{ code: 'missing_column' }, { code: 'missing_column' }] });
    // A row the parser refused (line 4) and one the plan refused (line 3, the same id again) come in line order.
    const file = `${FILE}\nR2;Иванов;Пётр;студент вуза;ВКТУ;2 курс;;;ru;нет\nR5;Пак;Вера;студент;;;;;;`;
    const result = await importAttendees(store(), parseAttendeeCsv(file.replace('\nR2;Иванов;Пётр;студент вуза;ВКТУ;2 курс;;petr@mail.ru;ru;нет', '')), { dryRun: true });
    expect(result).toMatchObject({ ok: false, message: '1 row(s) have errors: fix them and import the whole file again; nothing was imported' });
    const both = await importAttendees(store(), parseAttendeeCsv(file), { dryRun: true });
    expect(both.ok ? [] : both.errors.map((e) => [e.line, e.code])).toEqual([[5, 'duplicate_in_file'], [6, 'bad_category']]);
    expect(both.ok ? '' : both.errors[0].reason).toBe('id "R2" is already on line 3');
    expect(both).toMatchObject({ message: '2 row(s) have errors: fix them and import the whole file again; nothing was imported' });
  });

  it('names at most five namesakes, and fingerprints updates in 22 URL-safe characters', async () => {
    const store = () => sqliteStore(sqlite, new Journal(sqlite), tmpdir()).attendees;
    const rows = Array.from({ length: 7 }, (_, i) => `Дана;Ким;гость;;dana${i}@mail.kz`).join('\n');
    const report = ok(await importAttendees(store(), parseAttendeeCsv(`Имя;Фамилия;Категория;Телефон;E-mail\n${rows}`), { dryRun: true }));
    expect(report.namesakes.filter((n) => n.kind === 'namesake').map((n) => [n.line, n.others.length])).toEqual([[3, 1], [4, 2], [5, 3], [6, 4], [7, 5], [8, 5]]);
    ok(await importAttendees(store(), parseAttendeeCsv(FILE), { dryRun: false }));
    const dry = ok(await importAttendees(store(), parseAttendeeCsv(FILE.replace('ВКТУ', 'КазНУ')), { dryRun: true }));
    expect(dry.fingerprint).toMatch(/^[\w-]{22}$/);
    const refused = await importAttendees(store(), parseAttendeeCsv(FILE.replace('ВКТУ', 'КазНУ')), { dryRun: false });
    expect(refused).toMatchObject({ ok: false, code: 'updates_not_confirmed', message: '1 registered attendee(s) would change: check the file again (dry run) and import what it shows', errors: [] });
  });

  it('reads an id handed over with spaces around it as the id', async () => {
    const store = () => sqliteStore(sqlite, new Journal(sqlite), tmpdir()).attendees;
    ok(await importAttendees(store(), parseAttendeeCsv(FILE), { dryRun: false }));
    const { rows } = parseAttendeeCsv(FILE);
    const spaced = rows.map((r) => ({ ...r, externalRef: ` ${r.externalRef} ` }));
    const report = ok(await importAttendees(store(), spaced, { dryRun: true }));
    expect([report.created, report.unchanged.length]).toEqual([[], 3]);
  });
  it('tells a first name in two words from the same letters in one: "Анна Мария" and "Аннамария" sharing a phone are two people', async () => {
    const store = () => sqliteStore(sqlite, new Journal(sqlite), tmpdir()).attendees;
    db.insert(attendees).values({ id: 'a', badgeNo: 1001, firstName: 'Анна Мария', lastName: 'Ли', phone: '+77011112233', createdAt: 1 }).run();
    const report = ok(await importAttendees(store(), parseAttendeeCsv('Имя;Фамилия;Категория;Телефон\nАннамария;Ли;гость;8 701 111 22 33\nанна-мария;Ли;гость;8 701 111 22 33'), { dryRun: true }));
    expect(report.created.map((c) => c.line)).toEqual([2]);
    expect(report.namesakes.map((n) => [n.line, n.kind, n.others.map((o) => o.badgeNo)])).toEqual([[2, 'shared_contact', [1001]]]);
    expect(report.updated.map((u) => [u.line, u.badgeNo])).toEqual([[3, 1001]]);
  });

  it('matches rows equal in every field to registered attendees one each, and not to one with another id', async () => {
    const store = () => sqliteStore(sqlite, new Journal(sqlite), tmpdir()).attendees;
    const same = { firstName: 'Ерлан', lastName: 'Ахметов', category: 'college', createdAt: 1 } as const;
    db.insert(attendees).values([
      { ...same, id: 'a', badgeNo: 1001 },
      { ...same, id: 'b', badgeNo: 1002 },
      { ...same, id: 'c', badgeNo: 1003, externalRef: 'R7' },
    ]).run();
    const rows = ok(await importAttendees(store(), parseAttendeeCsv('Имя;Фамилия;Категория\nЕрлан;Ахметов;college\nЕрлан;Ахметов;college\nЕрлан;Ахметов;college'), { dryRun: true }));
    expect([rows.unchanged.map((u) => [u.line, u.badgeNo]), rows.created, rows.refused]).toEqual([[[2, 1001], [3, 1002], [4, 1003]], [], []]);
    // A row with an id is not someone registered under another id, however alike; it is someone registered without one.
    const file = 'id;Имя;Фамилия;Категория\nR8;Ерлан;Ахметов;college\nR9;Ерлан;Ахметов;college\nR7;Ерлан;Ахметов;college';
    const ids = ok(await importAttendees(store(), parseAttendeeCsv(file), { dryRun: true }));
    expect(ids.unchanged.map((u) => [u.line, u.badgeNo])).toEqual([[2, 1001], [3, 1002], [4, 1003]]);
    const other = ok(await importAttendees(store(), parseAttendeeCsv('id;Имя;Фамилия;Категория\nR8;Ерлан;Ахметов;college\nR9;Ерлан;Ахметов;college\nR6;Ерлан;Ахметов;college'), { dryRun: true }));
    expect(other.unchanged.map((u) => [u.line, u.badgeNo])).toEqual([[2, 1001], [3, 1002]]);
    expect(other.created.map((c) => c.line)).toEqual([4]);
  });

  it('refuses a second row for a registered attendee another row already matched', async () => {
    const store = () => sqliteStore(sqlite, new Journal(sqlite), tmpdir()).attendees;
    db.insert(attendees).values({ id: 'a', badgeNo: 1001, firstName: 'Алёна', lastName: 'Петрова', phone: '+77011112233', createdAt: 1 }).run();
    const report = ok(await importAttendees(store(), parseAttendeeCsv(NO_IDS.replace('\nДана', '\nалена;Петрова;школьник;+77011112233;\nДана')), { dryRun: true, skipInvalid: true }));
    expect([...report.updated, ...report.unchanged].map((u) => [u.line, u.badgeNo])).toEqual([[2, 1001]]);
    expect(report.refused).toEqual([{ line: 3, code: 'duplicate_in_file', reason: 'same attendee (№ 1001) as line 2' }]);
  });

  it('lists at most five registered attendees a new row shares its name or a contact with', async () => {
    const store = () => sqliteStore(sqlite, new Journal(sqlite), tmpdir()).attendees;
    const names = ['Айдар', 'Болат', 'Жанар', 'Мадина', 'Нурлан', 'Самат'];
    db.insert(attendees).values(names.map((firstName, i) => ({ id: `p${i}`, badgeNo: 1001 + i, firstName, lastName: 'Ким', phone: '+77011112233', createdAt: 1 }))).run();
    db.insert(attendees).values(names.map((_, i) => ({ id: `n${i}`, badgeNo: 1101 + i, firstName: 'Дана', lastName: 'Ли', grade: String(i + 5), createdAt: 1 }))).run();
    const report = ok(await importAttendees(store(), parseAttendeeCsv('Имя;Фамилия;Категория;Телефон\nӘлия;Ким;гость;8 701 111 22 33\nДана;Ли;гость;'), { dryRun: true }));
    expect(report.namesakes.map((n) => [n.line, n.kind, n.others.map((o) => o.badgeNo)])).toEqual([
      [2, 'shared_contact', [1001, 1002, 1003, 1004, 1005]],
      [3, 'namesake', [1101, 1102, 1103, 1104, 1105]],
    ]);
  });
});
