import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { toCsv, toXlsx } from '../../server/reports/export.ts';
import { eventTables, scanTables, stationTables, type Table } from '../../server/reports/tables.ts';
import { eventReport, scanLog, stationReport } from '../../server/reports/queries.ts';
import { knownDay, MIN, t } from './known-day.ts';

const options = { utcOffsetMinutes: 300 };

const awkward: Table = {
  name: 'people',
  title: 'Адамдар',
  columns: [
    { key: 'name', title: 'Аты-жөні' },
    { key: 'note', title: 'Note, "quoted"' },
    { key: 'at', title: 'Время', type: 'time' },
    { key: 'stay', title: 'Stay, min', type: 'minutes' },
    { key: 'n', title: 'N', type: 'number' },
  ],
  rows: [
    { name: 'Әлихан Нұрғалиұлы', note: 'says "hi", twice', at: t(9, 30), stay: 12.5 * MIN, n: 3 },
    { name: 'Щёлкова Юлия', note: 'line one\nline two\r\nthree', at: null, stay: null, n: 0 },
    { name: '=HYPERLINK("http://evil")', note: '+77011112233', at: t(23, 59, 59), stay: 61_000, n: -1 },
    { name: '-2+3', note: '@SUM(A1)', at: t(0, 0), stay: 0, n: 1.5 },
  ],
};

/** A small RFC 4180 reader, to check that what was written reads back the same. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  return rows;
}

describe('CSV', () => {
  it('starts with the UTF-8 byte-order mark and keeps Kazakh and Russian text', () => {
    const buf = toCsv([awkward], options);
    expect([...buf.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = buf.toString('utf8');
    expect(text).toContain('Әлихан Нұрғалиұлы');
    expect(text).toContain('Щёлкова Юлия');
  });

  it('quotes commas, quotes and line breaks (RFC 4180) and reads back the same', () => {
    const text = toCsv([awkward], options).toString('utf8').slice(1);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text).toContain('"says ""hi"", twice"');
    expect(parseCsv(text)).toEqual([
      ['Аты-жөні', 'Note, "quoted"', 'Время', 'Stay, min', 'N'],
      ['Әлихан Нұрғалиұлы', 'says "hi", twice', '2026-12-05 09:30:00', '12.5', '3'],
      ['Щёлкова Юлия', 'line one\nline two\r\nthree', '', '', '0'],
      ["'=HYPERLINK(\"http://evil\")", '+77011112233', '2026-12-05 23:59:59', '1', '-1'],
      ["'-2+3", "'@SUM(A1)", '2026-12-05 00:00:00', '0', '1.5'],
    ]);
  });

  it('writes several tables one after another, each under its title', async () => {
    const report = (await stationReport(knownDay().reports, 'kazzinc'))!;
    const text = toCsv(stationTables(report, 'ru'), options).toString('utf8').slice(1);
    const rows = parseCsv(text);
    const titles = rows.filter((r) => r.length === 1 && r[0] !== '').map((r) => r[0]);
    expect(titles).toEqual([report.station.name.ru, 'Посещения по часам', 'Отклонённые сканирования']);
    expect(rows[0]).toEqual([report.station.name.ru]);
    expect(rows.filter((r) => r.length === 1 && r[0] === '')).toHaveLength(2);
    expect(rows).toContainEqual(['09:00', '2026-12-05 09:00:00', '4']);
    expect(rows).toContainEqual(['Неизвестный бейдж', 'badge_unknown', '1']);
  });
});

describe('xlsx', () => {
  it('opens with exceljs and has the rows, local times as dates, minutes as numbers', async () => {
    const buf = await toXlsx([awkward], options);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('Адамдар')!;
    expect(sheet.rowCount).toBe(5);
    expect(sheet.getRow(1).values).toEqual([undefined, 'Аты-жөні', 'Note, "quoted"', 'Время', 'Stay, min', 'N']);
    expect(sheet.getCell('A2').value).toBe('Әлихан Нұрғалиұлы');
    // XML keeps line breaks as LF.
    expect(sheet.getCell('B3').value).toBe('line one\nline two\nthree');
    // Shown as 09:30 local: the date carries the wall-clock time as if it were UTC.
    expect((sheet.getCell('C2').value as Date).toISOString()).toBe('2026-12-05T09:30:00.000Z');
    expect(sheet.getCell('D2').value).toBe(12.5);
    expect(sheet.getCell('C3').value).toBeNull();
    // A formula-looking text stays text in a workbook.
    expect(sheet.getCell('A4').value).toBe('=HYPERLINK("http://evil")');
    expect(sheet.getCell('E5').value).toBe(1.5);
  });

  it('writes each table of a report as its own sheet', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await toXlsx(eventTables(await eventReport(knownDay().reports), 'en'), options)) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Funnel', 'By category', 'By institution', 'Top stations', 'Station × hour', 'Programme places']);
    const funnel = wb.getWorksheet('Funnel')!;
    expect([2, 3, 4, 5].map((r) => funnel.getRow(r).getCell(2).value)).toEqual([9, 8, 7, 6]);
    expect(funnel.getRow(3).getCell(3).value).toBe(88.9);
    const heat = wb.getWorksheet('Station × hour')!;
    expect(heat.getRow(1).values).toEqual([undefined, 'ID', 'Station', '09:00', '10:00', '11:00', '12:00']);
    expect(heat.rowCount).toBe(29);
  });

  it('holds the whole scan log', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await toXlsx(scanTables(await scanLog(knownDay().reports), 'kk'), options)) as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0];
    expect(sheet.name).toBe('Сканерлеу журналы');
    expect(sheet.rowCount).toBe(49);
  });
});
