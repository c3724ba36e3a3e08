import { PassThrough } from 'node:stream';
import type ExcelJS from 'exceljs';
import { loadExcel } from '../excel.ts';
import type { Cell, Column, Table } from './tables.ts';
import { localTime } from './stats.ts';

export interface ExportOptions {
  /** Times are written as the event's local wall-clock time. */
  utcOffsetMinutes: number;
  /** CSV field separator (csvSeparator); a comma when not given. */
  separator?: CsvSeparator;
}

export type CsvSeparator = ',' | ';';

/**
 * The separator Excel expects for a language: its list separator is `;` where the decimal mark
 * is a comma (Russian and Kazakh settings), `,` in English. Files opened by double-click in
 * Excel otherwise land in one column.
 */
export function csvSeparator(lang: 'kk' | 'ru' | 'en', asked?: CsvSeparator): CsvSeparator {
  return asked ?? (lang === 'en' ? ',' : ';');
}

export const CSV_TYPE = 'text/csv; charset=utf-8';
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const BOM = '\uFEFF';
const MINUTE = 60_000;

const minutes = (ms: number): number => Math.round(ms / (MINUTE / 10)) / 10;

const NEEDS_QUOTES = /[",;\r\n]/;

// Where some spreadsheet may start a cell: the start of the text, and after any character a
// reading may split on — `,` and `;` (Excel takes the list separator of its locale, `;` in
// Russian and Kazakh, whatever the file uses, and ignores quotes that do not open a field), tab,
// and line breaks — past any spaces and quotes. A cell starting there with `=`, `@`, tab or CR, or with `+`
// or `-` not followed by a plain number (a phone number stays a number), would run as a formula.
const SPLIT = '[,;\\t\\r\\n]';
const FORMULA_START = new RegExp(`(?<=(?:^|${SPLIT})[ "]*)(?=[=@\\t\\r]|[+-](?![\\d\\s().-]*(?:${SPLIT}|$)))`, 'g');
const MAYBE_FORMULA = /[=@+\-\t\r]/;

/**
 * Makes a text safe in any spreadsheet: an apostrophe before everything that could start a
 * formula in any reading of the file. Lead lists carry what attendees typed, and employers open
 * them in Excel.
 */
export function neutraliseFormulas(text: string): string {
  return MAYBE_FORMULA.test(text) ? text.replace(FORMULA_START, "'") : text;
}

/** RFC 4180: a field holding a separator, quote or line break goes in quotes, its quotes doubled; formulas neutralised. */
function csvField(raw: string): string {
  const text = neutraliseFormulas(raw);
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** How one column's cells become CSV fields. */
function csvFormatter(column: Column, options: ExportOptions): (value: Cell | undefined) => string {
  switch (column.type) {
    case 'time':
      return (v) => (v === null || v === undefined ? '' : typeof v === 'number' ? localTime(v, options.utcOffsetMinutes) : csvField(String(v)));
    case 'minutes':
      return (v) => (v === null || v === undefined ? '' : typeof v === 'number' ? String(minutes(v)) : csvField(String(v)));
    case 'number':
      return (v) => (v === null || v === undefined ? '' : typeof v === 'number' ? String(v) : csvField(String(v)));
    default:
      return (v) => (v === null || v === undefined ? '' : csvField(String(v)));
  }
}

/**
 * CSV in UTF-8 with a byte-order mark (so Excel reads Kazakh and Russian right), separated by
 * `options.separator`, CRLF line ends. Several tables follow one another, each under its title
 * line, a blank line apart.
 */
export function toCsv(tables: readonly Table[], options: ExportOptions): Buffer {
  const sep = options.separator ?? ',';
  const lines: string[] = [];
  tables.forEach((table, i) => {
    if (tables.length > 1) {
      if (i > 0) lines.push('');
      lines.push(csvField(table.title));
    }
    lines.push(table.columns.map((c) => csvField(c.title)).join(sep));
    const keys = table.columns.map((c) => c.key);
    const formats = table.columns.map((c) => csvFormatter(c, options));
    const n = keys.length;
    for (const row of table.rows) {
      let line = formats[0](row[keys[0]]);
      for (let j = 1; j < n; j++) line += sep + formats[j](row[keys[j]]);
      lines.push(line);
    }
  });
  return Buffer.from(BOM + lines.join('\r\n') + '\r\n', 'utf8');
}

// XML 1.0 cannot hold these; a stray one would make the whole workbook unreadable.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const XML_ILLEGAL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

function xlsxValue(value: Cell, column: Column, options: ExportOptions): ExcelJS.CellValue {
  if (value === null || value === undefined) return null;
  switch (column.type) {
    case 'time':
      // Excel has no time zones: a Date shifted by the offset shows the local wall-clock time.
      return typeof value === 'number' ? new Date(value + options.utcOffsetMinutes * MINUTE) : String(value);
    case 'minutes':
      return typeof value === 'number' ? minutes(value) : String(value);
    case 'number':
      return typeof value === 'number' ? value : Number(value);
    default:
      return String(value).replace(XML_ILLEGAL, '');
  }
}

const NUM_FMT: Partial<Record<NonNullable<Column['type']>, string>> = {
  time: 'yyyy-mm-dd hh:mm:ss',
  minutes: '0.0',
};

/** Sheet names: at most 31 characters, none of `[]:*?/\`, unique within the workbook. */
function sheetName(title: string, taken: Set<string>): string {
  const base = title.replace(/[[\]:*?/\\]/g, ' ').trim().slice(0, 31) || 'Sheet';
  let nameTry = base;
  for (let i = 2; taken.has(nameTry.toLowerCase()); i++) nameTry = `${base.slice(0, 31 - String(i).length - 1)} ${i}`;
  taken.add(nameTry.toLowerCase());
  return nameTry;
}

/** An .xlsx workbook, one sheet per table, written row by row (the scan log can be 100,000 rows). */
export async function toXlsx(tables: readonly Table[], options: ExportOptions): Promise<Buffer> {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  const finished = new Promise<void>((resolve, reject) => {
    stream.on('end', resolve);
    stream.on('error', reject);
  });
  const ExcelJS = await loadExcel();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  workbook.creator = 'Kezek';
  const taken = new Set<string>();
  for (const table of tables) {
    const sheet = workbook.addWorksheet(sheetName(table.title, taken), {
      views: [{ state: 'frozen', ySplit: 1 }],
    });
    sheet.columns = table.columns.map((c) => ({
      header: c.title.replace(XML_ILLEGAL, ''),
      key: c.key,
      width: c.type === 'time' ? 20 : Math.min(40, Math.max(10, c.title.length + 2)),
      ...(c.type && NUM_FMT[c.type] ? { style: { numFmt: NUM_FMT[c.type] } } : {}),
    }));
    sheet.getRow(1).font = { bold: true };
    for (const row of table.rows) {
      const values: Record<string, ExcelJS.CellValue> = {};
      for (const c of table.columns) values[c.key] = xlsxValue(row[c.key], c, options);
      sheet.addRow(values).commit();
    }
    sheet.commit();
  }
  await workbook.commit();
  await finished;
  return Buffer.concat(chunks);
}
