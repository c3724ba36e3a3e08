import type ExcelJS from 'exceljs';
import { loadExcel } from '../excel.ts';
import { parse } from 'csv-parse/sync';

/** One record of a file: the 1-based line (CSV) or row (spreadsheet) it starts on, and its cells. */
export type SheetRecord = { line: number; cells: string[] };

/** A file's records, or why it could not be read at all. */
export type SheetRead = {
  records: SheetRecord[];
  /** The CSV separator; null for a spreadsheet. */
  separator: ',' | ';' | null;
  /** Why the file could not be read to its end (the records before it are kept). */
  failure?: { line: number; code: 'unterminated_quote' | 'bad_spreadsheet' | 'empty_file'; reason: string };
};

/** The two kinds of file an import takes. */
export type SheetKind = 'csv' | 'xlsx';

type CsvOptions = { delimiter: string; bom: true; relax_column_count: true; relax_quotes: true; skip_empty_lines: false };
const csvOptions = (delimiter: string): CsvOptions => ({ delimiter, bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: false });

type CsvRead = { records: SheetRecord[]; unterminatedAt: number | null };

/** Reads records with csv-parse, each with the line it starts on; an open quote ends the reading there. */
function readRecords(text: string, delimiter: ',' | ';', to?: number): CsvRead {
  const records: SheetRecord[] = [];
  let lastLine = 0;
  try {
    parse(text, {
      ...csvOptions(delimiter),
      ...(to ? { to } : {}),
      on_record: (cells: string[], context: { lines: number }) => {
        // csv-parse counts the line a record ends on; it starts after the record before it.
        records.push({ line: lastLine + 1, cells });
        lastLine = context.lines;
        return null;
      },
    });
  } catch (err) {
    if ((err as { code?: string }).code !== 'CSV_QUOTE_NOT_CLOSED') throw err;
    return { records, unterminatedAt: lastLine + 1 };
  }
  return { records, unterminatedAt: null };
}

/**
 * Picks `,` or `;`: the one that splits the header (the first record with text, read as CSV, so a
 * quoted separator is not counted) into the more cells `score` likes, then into more cells.
 */
function detectSeparator(text: string, score: (header: string[]) => number): ',' | ';' {
  const rank = (d: ',' | ';'): [number, number] => {
    const header = readRecords(text, d, 20).records.find((r) => r.cells.some((c) => c.trim() !== ''));
    return header ? [score(header.cells), header.cells.length] : [0, 0];
  };
  const [comma, semicolon] = [rank(','), rank(';')];
  return semicolon[0] > comma[0] || (semicolon[0] === comma[0] && semicolon[1] > comma[1]) ? ';' : ',';
}

/**
 * Reads CSV text with csv-parse: BOM, `,` or `;`, quoted separators and line breaks; each record
 * with the line it starts on. A quote left open stops the reading at the line its record starts on.
 */
export function readCsv(text: string, score: (header: string[]) => number): SheetRead {
  const separator = detectSeparator(text.startsWith('\uFEFF') ? text.slice(1) : text, score);
  const { records, unterminatedAt } = readRecords(text, separator);
  if (unterminatedAt === null) return { records, separator };
  const reason = 'a quoted cell starting on this line never ends: the rest of the file was not read';
  return { records, separator, failure: { line: unterminatedAt, code: 'unterminated_quote', reason } };
}

/** A spreadsheet cell as the text it shows (numbers as written, hyperlinks as their text). */
function cellText(cell: ExcelJS.Cell): string {
  const v = cell.value;
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return String(v);
  return cell.text ?? '';
}

/** Reads the first sheet of an .xlsx workbook; each row with its row number as the line. */
export async function readXlsx(data: Buffer): Promise<SheetRead> {
  const ExcelJS = await loadExcel();
  const workbook = new ExcelJS.Workbook();
  try {
    // ExcelJS types its input as an ArrayBuffer: a copy of the file's bytes in one of their own.
    await workbook.xlsx.load(new Uint8Array(data).buffer);
  } catch {
    const reason = 'not an .xlsx workbook (save it as Excel Workbook or CSV UTF-8)';
    return { records: [], separator: null, failure: { line: 1, code: 'bad_spreadsheet', reason } };
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return { records: [], separator: null, failure: { line: 1, code: 'empty_file', reason: 'the workbook has no sheet' } };
  const records: SheetRecord[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, line) => {
    const cells: string[] = [];
    for (let c = 1; c <= row.cellCount; c++) cells.push(cellText(row.getCell(c)));
    records.push({ line, cells });
  });
  return { records, separator: null };
}

/** Tells an .xlsx (a zip: "PK") from CSV text by its first bytes. */
export function sheetKind(data: Buffer): SheetKind {
  return data.length >= 4 && data[0] === 0x50 && data[1] === 0x4b && data[2] === 0x03 && data[3] === 0x04 ? 'xlsx' : 'csv';
}
