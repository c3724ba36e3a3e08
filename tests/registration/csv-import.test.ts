import { Value } from '@sinclair/typebox/value';
import { describe, expect, it } from 'vitest';
import { parseAttendeeCsv, parseAttendeeFile, type CsvRowError } from '../../server/registration/csv-import.ts';
import { AttendeeInput } from '../../shared/attendee.ts';

const codes = (errors: CsvRowError[]): [number, string][] => errors.map((e) => [e.line, e.code]);

describe('parseAttendeeCsv', () => {
  it('reads a semicolon file with a BOM, CRLF, Russian headers and Kazakh names', () => {
    const csv =
      '\uFEFF№;Фамилия;Имя;Категория;Учебное заведение;Класс/Курс;Телефон;E-mail;Язык;Согласие\r\n' +
      'A-1;Сейітқали;Әйгерім;выпускник школы;"Школа-гимназия №1; Өскемен";11;8 (705) 123-45-67;Aigerim@Mail.kz;қаз;да\r\n' +
      'A-2;Иванов;Пётр;студент вуза;ВКТУ;2 курс;+7 701 000 00 00;;ru;нет\r\n';
    const { rows, errors, separator } = parseAttendeeCsv(csv);
    expect(errors).toEqual([]);
    expect(separator).toBe(';');
    expect(rows).toEqual([
      {
        line: 2,
        externalRef: 'A-1',
        firstName: 'Әйгерім',
        lastName: 'Сейітқали',
        category: 'school',
        institution: 'Школа-гимназия №1; Өскемен',
        grade: '11',
        phone: '+77051234567',
        email: 'aigerim@mail.kz',
        language: 'kk',
        consent: true,
      },
      {
        line: 3,
        externalRef: 'A-2',
        firstName: 'Пётр',
        lastName: 'Иванов',
        category: 'university',
        institution: 'ВКТУ',
        grade: '2 курс',
        phone: '+77010000000',
        email: null,
        language: 'ru',
        consent: false,
      },
    ]);
    for (const row of rows) {
      const { firstName, lastName, category, institution, grade, language, consent, phone, email } = row;
      const input = { firstName, lastName, category, institution, grade, language, consent };
      expect(Value.Check(AttendeeInput, { ...input, ...(phone ? { phone } : {}), ...(email ? { email } : {}) })).toBe(true);
    }
  });

  it('reads a comma file with English headers, quoted commas, "" escapes and a newline inside quotes', () => {
    const csv = [
      'first_name,last_name,category,institution,grade,phone,email,language,consent,id',
      'Ұлжан,Өмірбекова,college,"College of Arts, Ust-Kamenogorsk","2nd year",,ulzhan@example.kz,en,yes,7',
      '"Іңкәр","Һасенова","колледж студенті","Колледж ""Болашақ""\nкорпус 2",1,+7-777-111-22-33,,kk,иә,8',
      'Ғалым,Үсенов,университет студенті,ШҚТУ,,,,,,9',
    ].join('\n');
    const { rows, errors, separator } = parseAttendeeCsv(csv);
    expect(errors).toEqual([]);
    expect(separator).toBe(',');
    expect(rows.map((r) => [r.line, r.externalRef, r.firstName, r.category, r.institution, r.consent, r.language])).toEqual([
      [2, '7', 'Ұлжан', 'college', 'College of Arts, Ust-Kamenogorsk', true, 'en'],
      [3, '8', 'Іңкәр', 'college', 'Колледж "Болашақ" корпус 2', true, 'kk'],
      // The quoted line break above makes this row start on line 5.
      [5, '9', 'Ғалым', 'university', 'ШҚТУ', false, 'kk'],
    ]);
    expect(rows[1].phone).toBe('+77771112233');
  });

  it('accepts Kazakh headers and ignores columns it does not know', () => {
    const csv = 'Тегі;Аты;Әкесінің аты;Санат;Оқу орны;Сынып;Телефон;Эл. пошта;Тіл;Келісім\n' +
      'Нұрланова;Аружан;Ерланқызы;мектеп түлегі;№ 45 мектеп;11;87051112233;aru@mail.ru;орыс;иә\n';
    const { rows, errors, ignoredColumns } = parseAttendeeCsv(csv);
    expect(errors).toEqual([]);
    expect(ignoredColumns).toEqual(['Әкесінің аты']);
    expect(rows[0]).toMatchObject({
      firstName: 'Аружан',
      lastName: 'Нұрланова',
      category: 'school',
      institution: '№ 45 мектеп',
      grade: '11',
      phone: '+77051112233',
      email: 'aru@mail.ru',
      language: 'ru',
      consent: true,
      externalRef: null,
    });
  });

  it('detects the separator from the header line even when data rows hold the other one', () => {
    const csv = 'Имя,Фамилия,Категория,Учебное заведение\nАнна,Ли,другое,"Школа; гимназия"\n';
    expect(parseAttendeeCsv(csv).separator).toBe(',');
    const semi = 'Имя;Фамилия;Категория;Учебное заведение\nАнна;Ли;другое;Школа, гимназия\n';
    const parsed = parseAttendeeCsv(semi);
    expect(parsed.separator).toBe(';');
    expect(parsed.rows[0].institution).toBe('Школа, гимназия');
  });

  it('does not count separators inside a quoted header cell', () => {
    // Split naively, the commas in the first cell would give three known columns (Email, Телефон, Язык).
    const csv = '"Контакты, Email, Телефон, Язык, по желанию";Имя;Фамилия;Категория\n"звонить вечером";Анна;Ли;другое\n';
    const parsed = parseAttendeeCsv(csv);
    expect(parsed.separator).toBe(';');
    expect(parsed.rows).toHaveLength(1);
    expect(parsed.rows[0]).toMatchObject({ firstName: 'Анна', lastName: 'Ли' });
  });

  it('reads categories written in three languages', () => {
    const values: [string, string][] = [
      ['школьник', 'school'],
      ['Выпускник школы', 'school'],
      ['мектеп түлегі', 'school'],
      ['School graduate', 'school'],
      ['студент колледжа', 'college'],
      ['Колледж студенті', 'college'],
      ['студент вуза', 'university'],
      ['университет студенті', 'university'],
      ['University student', 'university'],
      ['гость', 'other'],
      ['OTHER', 'other'],
    ];
    const csv = ['first_name;last_name;category', ...values.map(([v], i) => `Имя${i};Фамилия${i};${v}`)].join('\n');
    const { rows, errors } = parseAttendeeCsv(csv);
    expect(errors).toEqual([]);
    expect(rows.map((r) => r.category)).toEqual(values.map(([, c]) => c));
  });

  it('skips blank lines and rows of empty cells but keeps counting lines', () => {
    const csv = '\nИмя;Фамилия;Категория\n\nАнна;Ли;другое\n;;\n\nБорис;Ким;школьник\n';
    const { rows, errors } = parseAttendeeCsv(csv);
    expect(errors).toEqual([]);
    expect(rows.map((r) => [r.line, r.firstName])).toEqual([
      [4, 'Анна'],
      [7, 'Борис'],
    ]);
  });

  it('reports every bad row with its file line and a reason code', () => {
    const csv = [
      'id;Фамилия;Имя;Категория;Класс;Телефон;E-mail;Язык;Согласие', // 1
      '1;Сейітқали;Әйгерім;выпускник школы;11;8 705 123 45 67;a@mail.kz;kk;да', // 2 good
      '2;Иванов;;студент вуза;;;;;', // 3 missing_first_name
      '3;;Пётр;студент вуза;;;;;', // 4 missing_last_name
      '4;Ким;Анна;студент;;;;;', // 5 bad_category (college or university?)
      '5;Ли;Борис;;;;;;', // 6 missing_category
      '6;Ахметов;Ерлан;школьник;;12345;;;', // 7 bad_phone
      '7;Омаров;Данияр;школьник;;;danik@mail,ru;;', // 8 bad_email
      '8;Смагулова;Дана;школьник;;;;de;', // 9 bad_language
      '9;Жуков;Иван;школьник;;;;;может быть', // 10 bad_consent
      '', // 11 blank
      `10;${'Я'.repeat(81)};Ая;школьник;;;;;`, // 12 name_too_long
      `11;Ли;Ая;школьник;${'1'.repeat(41)};;;;`, // 13 field_too_long
      '12;Ли;Мира;школьник;;;;;;лишнее', // 14 too_many_fields
      '13;Ли;\uFFFDира;школьник;;;;;', // 15 bad_encoding
      '14;Ли;;гость;;;bad;;', // 16 two problems at once
    ].join('\n');
    const { rows, errors } = parseAttendeeCsv(csv);
    expect(rows.map((r) => r.line)).toEqual([2]);
    expect(codes(errors)).toEqual([
      [3, 'missing_first_name'],
      [4, 'missing_last_name'],
      [5, 'bad_category'],
      [6, 'missing_category'],
      [7, 'bad_phone'],
      [8, 'bad_email'],
      [9, 'bad_language'],
      [10, 'bad_consent'],
      [12, 'name_too_long'],
      [13, 'field_too_long'],
      [14, 'too_many_fields'],
      [15, 'bad_encoding'],
      [16, 'missing_first_name'],
      [16, 'bad_email'],
    ]);
    for (const e of errors) expect(e.reason.length).toBeGreaterThan(5);
  });

  it('reports an unterminated quote at the line where it opens, keeping the rows before it', () => {
    const csv = 'Имя;Фамилия;Категория\nАнна;Ли;гость\nБорис;"Ким;школьник\nВера;Пак;гость\n';
    const { rows, errors } = parseAttendeeCsv(csv);
    expect(rows.map((r) => r.firstName)).toEqual(['Анна']);
    expect(codes(errors)).toEqual([[3, 'unterminated_quote']]);
  });

  it('refuses a file without the name or category columns, or with a column twice', () => {
    expect(codes(parseAttendeeCsv('Фамилия;Категория\nЛи;гость\n').errors)).toEqual([[1, 'missing_column']]);
    expect(parseAttendeeCsv('Name;Фамилия\nАнна;Ли\n').errors.map((e) => e.code)).toEqual(['missing_column']);
    expect(codes(parseAttendeeCsv('Имя;Аты;Фамилия;Категория\nА;Б;В;гость\n').errors)).toEqual([[1, 'duplicate_column']]);
    expect(codes(parseAttendeeCsv('').errors)).toEqual([[1, 'empty_file']]);
    expect(codes(parseAttendeeCsv('\uFEFF\r\n\r\n').errors)).toEqual([[1, 'empty_file']]);
  });

  it('says in words what it refused at the header, and lists the columns it ignores', () => {
    expect(parseAttendeeCsv('Имя;First name;Фамилия;Категория\nА;Б;В;гость').errors).toEqual([
      { line: 1, code: 'duplicate_column', reason: 'columns "Имя" and "First name" both give firstName' },
    ]);
    const missing = parseAttendeeCsv('Имя;x\nА;Б');
    expect(missing.errors).toEqual([
      { line: 1, code: 'missing_column', reason: 'no lastName column (expected last_name / Фамилия / Тегі)' },
      { line: 1, code: 'missing_column', reason: 'no category column (expected category / Категория / Санат)' },
    ]);
    expect(missing.ignoredColumns).toEqual(['x']);
    expect(parseAttendeeCsv('x;Фамилия;Категория\nА;Б;гость').errors).toEqual([{ line: 1, code: 'missing_column', reason: 'no firstName column (expected first_name / Имя / Аты)' }]);
    const empty = parseAttendeeCsv('');
    expect([empty.errors, empty.header]).toEqual([[{ line: 1, code: 'empty_file', reason: 'the file has no header line' }], []]);
    // Header names are read trimmed; an empty header cell is no column to ignore.
    const spaced = parseAttendeeCsv(' Имя ; Фамилия ;Категория; Заметки ;\nА;Б;гость;;');
    expect([spaced.errors, spaced.ignoredColumns, spaced.rows.length]).toEqual([[], ['Заметки'], 1]);
  });

  it('takes the separator that gives more known columns over one that gives more cells', () => {
    const parsed = parseAttendeeCsv('Имя,Фамилия,Категория;x;y;z\nДана,Ким,гость;1;2;3');
    expect(parsed.separator).toBe(',');
    // Read by commas, the third header cell holds the rest of the line: no category column.
    expect(codes(parsed.errors)).toEqual([[1, 'missing_column']]);
  });

  it('skips a row of cells holding only spaces, and reads CSV bytes as UTF-8 text', async () => {
    const spaces = parseAttendeeCsv('Имя;Фамилия;Категория\n  ;  ;  \nА;Б;гость');
    expect([spaces.errors, spaces.rows.map((r) => r.line)]).toEqual([[], [3]]);
    const bytes = await parseAttendeeFile(Buffer.from('Имя;Фамилия;Категория\nДана;Ким;гость'));
    expect([bytes.separator, bytes.errors, bytes.rows.map((r) => r.firstName)]).toEqual([';', [], ['Дана']]);
  });

  it('keeps an id of up to 100 characters, a blank one as none, and refuses a longer one', () => {
    const parsed = parseAttendeeCsv(`id;Имя;Фамилия;Категория\n${'r'.repeat(100)};А;Б;гость\n${'r'.repeat(101)};А;Б;гость\n  ;В;Г;гость`);
    expect(parsed.rows.map((r) => [r.line, r.externalRef])).toEqual([[2, 'r'.repeat(100)], [4, null]]);
    expect(parsed.errors).toEqual([{ line: 3, code: 'field_too_long', reason: 'id is longer than 100 characters' }]);
  });

  it('takes blank cells past the last column, and names the separator a value there suggests', () => {
    const parsed = parseAttendeeCsv('Имя;Фамилия;Категория\nА;Б;гость;  \nВ;Г;гость;лишнее');
    expect(parsed.rows.map((r) => r.line)).toEqual([2]);
    expect(parsed.errors).toEqual([{ line: 3, code: 'too_many_fields', reason: '4 cells but 3 columns (an unquoted ";" inside a cell?)' }]);
  });
});
