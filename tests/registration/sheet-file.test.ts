// Pre-registration files as organisers save them from Excel: which kind a file is, and an .xlsx
// workbook read as rows of text (the CSV side is in csv-import.test.ts).
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { parseAttendeeFile } from '../../server/registration/csv-import.ts';
import { parseAttendeeCsv } from '../../server/registration/csv-import.ts';
import { readCsv, readXlsx, sheetKind } from '../../server/registration/sheet-file.ts';

const HEADER = ['Имя', 'Фамилия', 'Категория', 'Телефон', 'Класс/Курс'];

async function workbook(fill: (book: ExcelJS.Workbook) => void): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  fill(book);
  return Buffer.from(await book.xlsx.writeBuffer());
}

describe('the kind of a file', () => {
  it('is a workbook only when it starts as a zip does (PK, 3, 4)', () => {
    expect(sheetKind(Buffer.from('PK\u0003\u0004rest'))).toBe('xlsx');
    expect(sheetKind(Buffer.from('PK\u0003\u0004'))).toBe('xlsx');
    expect(sheetKind(Buffer.from('PK\u0003'))).toBe('csv');
    for (const start of ['QK\u0003\u0004', 'PL\u0003\u0004', 'PK\u0004\u0004', 'PK\u0003\u0003', 'PK\u0005\u0006']) {
      expect(sheetKind(Buffer.from(`${start}rest`))).toBe('csv');
    }
    expect(sheetKind(Buffer.from('Имя;Фамилия;Категория\n'))).toBe('csv');
    expect(sheetKind(Buffer.alloc(0))).toBe('csv');
  });
});

describe('the separator of a CSV file', () => {
  /** A header's score: how many cells name a known column (here: those spelt "name"). */
  const score = (header: string[]) => header.filter((c) => c.trim() === 'name').length;
  const separator = (text: string) => readCsv(text, score).separator;

  it('is the one splitting the header into more known columns, then into more cells; a comma when nothing tells', () => {
    expect(separator('name,x;y;z\n')).toBe(',');
    expect(separator('x;y;z\n1,2,3\n')).toBe(';');
    expect(separator('x,y,z\n1;2;3\n')).toBe(',');
    expect(separator('x\n')).toBe(',');
    expect(separator('')).toBe(',');
  });

  it('is read from the first line with text (white space is none), a header with empty cells included', () => {
    expect(separator('   \nname;;x\n')).toBe(';');
  });

  it('reads a file saved with a BOM whose cells are all quoted', () => {
    const parsed = parseAttendeeCsv('\uFEFF"Имя";"Фамилия";"Категория"\n"Дана";"Ким";"гость"\n');
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows).toMatchObject([{ line: 2, firstName: 'Дана', lastName: 'Ким', category: 'other' }]);
  });

  it('says why the reading stopped at a quote left open', () => {
    expect(readCsv('name;x\n"open;1\n2;3\n', score).failure).toEqual({ line: 2, code: 'unterminated_quote', reason: 'a quoted cell starting on this line never ends: the rest of the file was not read' });
  });
});

describe('a workbook read as rows', () => {
  it('reads the first sheet only, each row with its row number, empty rows skipped', async () => {
    const data = await workbook((book) => {
      const sheet = book.addWorksheet('Ответы');
      sheet.addRow(HEADER);
      sheet.addRow(['Әйгерім', 'Сейітқали', 'школьник']);
      sheet.getRow(4).values = ['Пётр', 'Иванов', 'студент'];
      book.addWorksheet('Итоги').addRow(['not read']);
    });
    const read = await readXlsx(data);
    expect(read.separator).toBeNull();
    expect(read.failure).toBeUndefined();
    expect(read.records.map((r) => r.line)).toEqual([1, 2, 4]);
    expect(read.records[1].cells).toEqual(['Әйгерім', 'Сейітқали', 'школьник']);
    expect(read.records[2].cells).toEqual(['Пётр', 'Иванов', 'студент']);
  });

  it('gives cells as they show: numbers as written, empty cells as empty text, links as their text', async () => {
    const data = await workbook((book) => {
      const sheet = book.addWorksheet('Ответы');
      sheet.addRow(HEADER);
      sheet.addRow(['Дана', { text: 'Ким', hyperlink: 'https://example.kz' }, 'гость', 87051234567, 11]);
      sheet.getRow(3).getCell(1).value = 'Ерлан';
      sheet.getRow(3).getCell(3).value = 'школьник';
      sheet.getRow(3).getCell(5).value = 10.5;
    });
    const { records } = await readXlsx(data);
    expect(records[1].cells).toEqual(['Дана', 'Ким', 'гость', '87051234567', '11']);
    expect(records[2].cells).toEqual(['Ерлан', '', 'школьник', '', '10.5']);
  });

  it('refuses a file that is not a workbook, and a workbook without a sheet, at line 1', async () => {
    const broken = await readXlsx(Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(100)]));
    expect(broken).toEqual({ records: [], separator: null, failure: { line: 1, code: 'bad_spreadsheet', reason: expect.stringMatching(/not an \.xlsx workbook/) } });
    const empty = await readXlsx(await workbook(() => {}));
    expect(empty).toEqual({ records: [], separator: null, failure: { line: 1, code: 'empty_file', reason: 'the workbook has no sheet' } });
  });

  it('is taken as a whole pre-registration file: rows by row number, phone numbers stored as numbers read back', async () => {
    const data = await workbook((book) => {
      const sheet = book.addWorksheet('Ответы');
      sheet.addRow(HEADER);
      sheet.addRow(['Дана', 'Ким', 'гость', 87051234567, '']);
      sheet.getRow(4).values = ['', '', 'школьник'];
      sheet.getRow(5).values = ['Ерлан', 'Ахметов', 'школьник', '', '', '', 'лишнее'];
    });
    const parsed = await parseAttendeeFile(data);
    expect(parsed.separator).toBeNull();
    expect(parsed.rows).toMatchObject([{ line: 2, firstName: 'Дана', lastName: 'Ким', category: 'other', phone: '+77051234567' }]);
    // A value past the header's columns is named by its column, not by a separator.
    expect(parsed.errors.map((e) => [e.line, e.code])).toEqual([[4, 'missing_first_name'], [4, 'missing_last_name'], [5, 'too_many_fields']]);
    expect(parsed.errors[2].reason).toBe('a value in column 7, which has no header');
  });
});
