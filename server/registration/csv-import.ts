import {
  ATTENDEE_LIMITS,
  foldKey,
  parseAttendeeInput,
  type AttendeeFieldErrorCode,
  type AttendeeFields,
} from '../../shared/attendee.ts';
import { readCsv, readXlsx, sheetKind, type SheetRead } from './sheet-file.ts';

/** One good row of a pre-registration file: the attendee and where it came from. */
export type ParsedRow = AttendeeFields & {
  /** 1-based line in the file where the row starts (a quoted cell may span lines). */
  line: number;
  /** The file's own id for the row; importing the same id again updates instead of adding. */
  externalRef: string | null;
};

/** Why a row (or the whole file) was refused. */
export type CsvErrorCode =
  | AttendeeFieldErrorCode
  | 'empty_file'
  | 'missing_column'
  | 'duplicate_column'
  | 'unterminated_quote'
  | 'too_many_fields'
  | 'bad_encoding'
  | 'bad_spreadsheet'
  | 'duplicate_in_file'
  | 'ambiguous_match';

/** Problems with the file as a whole: nothing can be imported until they are fixed. */
export const FILE_ERROR_CODES: ReadonlySet<CsvErrorCode> = new Set(['empty_file', 'missing_column', 'duplicate_column', 'unterminated_quote', 'bad_spreadsheet']);

export type CsvRowError = { line: number; reason: string; code: CsvErrorCode };

export type ParsedAttendeeCsv = {
  rows: ParsedRow[];
  errors: CsvRowError[];
  /** The separator read from the header line; null for a spreadsheet. */
  separator: ',' | ';' | null;
  /** Header cells that name no attendee field; their values are not imported. */
  ignoredColumns: string[];
  /** The header as written, and each record's cells by line: the refused rows are written back in the file's own columns. */
  header: string[];
  cellsByLine: Map<number, string[]>;
};

type Column = keyof AttendeeFields | 'externalRef';

// Header names as people write them, folded with foldKey ("E-mail" → "e mail", "Эл. пошта" → "эл пошта").
const HEADER_WORDS: Record<Column, string[]> = {
  firstName: ['first name', 'firstname', 'given name', 'name', 'имя', 'аты', 'есімі', 'есім'],
  lastName: ['last name', 'lastname', 'surname', 'family name', 'фамилия', 'тегі', 'тек'],
  category: ['category', 'категория', 'санат', 'санаты'],
  institution: [
    'institution', 'school college university', 'organisation', 'organization',
    'учебное заведение', 'учреждение', 'место учебы', 'организация',
    'оқу орны', 'оқу орнының атауы', 'мекеме',
  ],
  grade: [
    'grade', 'year', 'class', 'course', 'grade year', 'класс', 'курс', 'класс курс', 'курс класс',
    'сынып', 'сынып курс', 'курс сынып',
  ],
  phone: ['phone', 'telephone', 'mobile', 'phone number', 'телефон', 'тел', 'номер телефона', 'телефон нөмірі', 'ұялы телефон'],
  email: [
    'email', 'e mail', 'mail', 'электронная почта', 'эл почта', 'почта',
    'эл пошта', 'электрондық пошта', 'пошта',
  ],
  language: ['language', 'lang', 'язык', 'тіл', 'язык общения'],
  consent: ['consent', 'согласие', 'согласие на контакт', 'келісім'],
  externalRef: [
    'id', 'ref', 'external ref', 'external id', 'registration id', 'reg id', '№', 'no', 'номер', 'нөмір',
    '№ анкеты', 'номер анкеты', 'id анкеты', 'анкета', 'сауалнама', '№ сауалнама', 'сауалнама нөмірі', 'тіркеу нөмірі', 'регистрационный номер',
  ],
};
const COLUMN_BY_HEADER = new Map<string, Column>();
for (const [column, words] of Object.entries(HEADER_WORDS) as [Column, string[]][])
  for (const word of words) COLUMN_BY_HEADER.set(foldKey(word), column);

/** Reads the header cell's field, or null for a column we do not import. */
export function columnForHeader(header: string): Column | null {
  return COLUMN_BY_HEADER.get(foldKey(header)) ?? null;
}

const isBlank = (cells: string[]): boolean => cells.every((c) => c.trim() === '');

/** How many header cells name a column we import: picks the separator of a CSV file. */
const knownColumns = (header: string[]): number => header.filter((h) => columnForHeader(h.trim()) !== null).length;

/**
 * Reads a pre-registration CSV (UTF-8, BOM optional, `,` or `;` separated, header in English,
 * Russian or Kazakh). Good rows come back normalised; every bad row is reported with its line and
 * a reason code. Whether two rows are the same person is the import's question (`importAttendees`).
 */
export function parseAttendeeCsv(text: string): ParsedAttendeeCsv {
  return parseAttendeeRecords(readCsv(text, knownColumns));
}

/** Reads a pre-registration file, CSV or .xlsx (first sheet), as `parseAttendeeCsv` does. */
export async function parseAttendeeFile(data: Buffer): Promise<ParsedAttendeeCsv> {
  if (sheetKind(data) === 'xlsx') return parseAttendeeRecords(await readXlsx(data));
  return parseAttendeeCsv(new TextDecoder('utf-8').decode(data));
}

/** Reads the header and the rows of a file read into records. */
function parseAttendeeRecords(sheet: SheetRead): ParsedAttendeeCsv {
  const { records, separator } = sheet;
  const result: ParsedAttendeeCsv = { rows: [], errors: [], separator, ignoredColumns: [], header: [], cellsByLine: new Map() };
  const headerIndex = records.findIndex((r) => !isBlank(r.cells));
  if (headerIndex < 0) {
    result.errors.push(sheet.failure ?? { line: 1, code: 'empty_file', reason: 'the file has no header line' });
    return result;
  }
  const header = records[headerIndex];
  result.header = header.cells;
  const columns: (Column | null)[] = [];
  const seen = new Map<Column, string>();
  for (const rawName of header.cells) {
    const name = rawName.trim();
    const column = columnForHeader(name);
    if (column !== null && seen.has(column)) {
      result.errors.push({
        line: header.line,
        code: 'duplicate_column',
        reason: `columns "${seen.get(column)}" and "${name}" both give ${column}`,
      });
    } else if (column !== null) seen.set(column, name);
    else if (name !== '') result.ignoredColumns.push(name);
    columns.push(column);
  }
  const required: [Column, string][] = [
    ['firstName', 'first_name / Имя / Аты'],
    ['lastName', 'last_name / Фамилия / Тегі'],
    ['category', 'category / Категория / Санат'],
  ];
  for (const [column, names] of required)
    if (!seen.has(column))
      result.errors.push({ line: header.line, code: 'missing_column', reason: `no ${column} column (expected ${names})` });
  if (result.errors.length > 0) return result;

  for (const record of records.slice(headerIndex + 1)) {
    if (isBlank(record.cells)) continue;
    const line = record.line;
    result.cellsByLine.set(line, record.cells);
    const rowErrors: CsvRowError[] = [];
    const draft: Partial<Record<Column, string>> = {};
    record.cells.forEach((value, i) => {
      const column = columns[i];
      if (column) draft[column] = value;
      else if (i >= columns.length && value.trim() !== '')
        rowErrors.push({
          line,
          code: 'too_many_fields',
          reason:
            separator === null
              ? `a value in column ${i + 1}, which has no header`
              : `${record.cells.length} cells but ${columns.length} columns (an unquoted "${separator}" inside a cell?)`,
        });
    });
    if (record.cells.some((c) => c.includes('\uFFFD')))
      rowErrors.push({ line, code: 'bad_encoding', reason: 'unreadable characters: save the file as CSV UTF-8' });

    const parsed = parseAttendeeInput(draft);
    if (!parsed.ok) for (const e of parsed.errors) rowErrors.push({ line, code: e.code, reason: e.message });

    const externalRef = (draft.externalRef ?? '').trim() || null;
    if (externalRef !== null && externalRef.length > ATTENDEE_LIMITS.externalRef)
      rowErrors.push({ line, code: 'field_too_long', reason: `id is longer than ${ATTENDEE_LIMITS.externalRef} characters` });

    if (rowErrors.length > 0 || !parsed.ok) result.errors.push(...rowErrors);
    else result.rows.push({ ...parsed.value, line, externalRef });
  }
  if (sheet.failure) result.errors.push(sheet.failure);
  return result;
}
