import {
  ATTENDEE_LIMITS,
  attendeeIdentityKeys,
  foldKey,
  parseAttendeeInput,
  type AttendeeFieldErrorCode,
  type AttendeeFields,
} from '../../shared/attendee.ts';

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
  | 'duplicate_in_file';

export type CsvRowError = { line: number; reason: string; code: CsvErrorCode };

export type ParsedAttendeeCsv = {
  rows: ParsedRow[];
  errors: CsvRowError[];
  /** The separator read from the header line. */
  separator: ',' | ';';
  /** Header cells that name no attendee field; their values are not imported. */
  ignoredColumns: string[];
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
  externalRef: ['id', 'ref', 'external ref', 'external id', 'registration id', 'reg id', '№', 'no', 'номер', 'нөмір'],
};
const COLUMN_BY_HEADER = new Map<string, Column>();
for (const [column, words] of Object.entries(HEADER_WORDS) as [Column, string[]][])
  for (const word of words) COLUMN_BY_HEADER.set(foldKey(word), column);

/** Reads the header cell's field, or null for a column we do not import. */
export function columnForHeader(header: string): Column | null {
  return COLUMN_BY_HEADER.get(foldKey(header)) ?? null;
}

type CsvRecord = { line: number; cells: string[] };

/** Picks the separator from the header line: whichever of `;` and `,` occurs more outside quotes. */
function detectSeparator(text: string): ',' | ';' {
  let commas = 0;
  let semicolons = 0;
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) {
      if (commas + semicolons > 0) break;
    } else if (!quoted && ch === ',') commas++;
    else if (!quoted && ch === ';') semicolons++;
  }
  return semicolons > commas ? ';' : ',';
}

/**
 * Splits CSV text into records (RFC 4180: quoted cells with `""` and line breaks inside; CRLF, LF
 * or CR line ends). A quote inside an unquoted cell is kept as text, as spreadsheets write it.
 */
function readRecords(text: string, separator: string): { records: CsvRecord[]; unterminatedAt: number | null } {
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let cell = '';
  let line = 1;
  let recordLine = 1;
  let quoted = false;
  let cellStarted = false;
  const endRecord = (): void => {
    cells.push(cell);
    records.push({ line: recordLine, cells });
    cells = [];
    cell = '';
    cellStarted = false;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === '\n' || (ch === '\r' && text[i + 1] !== '\n')) line++;
        cell += ch;
      }
      continue;
    }
    if (ch === '"' && !cellStarted) {
      quoted = true;
      cellStarted = true;
    } else if (ch === separator) {
      cells.push(cell);
      cell = '';
      cellStarted = false;
    } else if (ch === '\r' || ch === '\n') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
      recordLine = line;
    } else {
      cell += ch;
      // White space before an opening quote does not make the cell unquoted.
      if (ch !== ' ' && ch !== '\t') cellStarted = true;
    }
  }
  if (quoted) return { records, unterminatedAt: recordLine };
  if (cell !== '' || cells.length > 0) endRecord();
  return { records, unterminatedAt: null };
}

const isBlank = (cells: string[]): boolean => cells.every((c) => c.trim() === '');

/**
 * Reads a pre-registration CSV (UTF-8, BOM optional, `,` or `;` separated, header in English,
 * Russian or Kazakh). Good rows come back normalised; every bad row is reported with its line and
 * a reason code, and so is every later row repeating an earlier one.
 */
export function parseAttendeeCsv(text: string): ParsedAttendeeCsv {
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const separator = detectSeparator(source);
  const result: ParsedAttendeeCsv = { rows: [], errors: [], separator, ignoredColumns: [] };
  const { records, unterminatedAt } = readRecords(source, separator);

  const headerIndex = records.findIndex((r) => !isBlank(r.cells));
  if (headerIndex < 0) {
    result.errors.push({ line: 1, code: 'empty_file', reason: 'the file has no header line' });
    return result;
  }
  const header = records[headerIndex];
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

  const firstLineOfRef = new Map<string, number>();
  const firstLineOfKey = new Map<string, number>();
  for (const record of records.slice(headerIndex + 1)) {
    if (isBlank(record.cells)) continue;
    const line = record.line;
    const rowErrors: CsvRowError[] = [];
    const draft: Partial<Record<Column, string>> = {};
    record.cells.forEach((value, i) => {
      const column = columns[i];
      if (column) draft[column] = value;
      else if (i >= columns.length && value.trim() !== '')
        rowErrors.push({
          line,
          code: 'too_many_fields',
          reason: `${record.cells.length} cells but ${columns.length} columns (an unquoted "${separator}" inside a cell?)`,
        });
    });
    if (record.cells.some((c) => c.includes('\uFFFD')))
      rowErrors.push({ line, code: 'bad_encoding', reason: 'unreadable characters: save the file as CSV UTF-8' });

    const parsed = parseAttendeeInput(draft);
    if (!parsed.ok) for (const e of parsed.errors) rowErrors.push({ line, code: e.code, reason: e.message });

    const externalRef = (draft.externalRef ?? '').trim() || null;
    if (externalRef !== null && externalRef.length > ATTENDEE_LIMITS.externalRef)
      rowErrors.push({ line, code: 'field_too_long', reason: `id is longer than ${ATTENDEE_LIMITS.externalRef} characters` });

    // A repeated row is an error, not a silent merge: which of the two is right is the organiser's call.
    if (externalRef !== null) {
      const earlier = firstLineOfRef.get(externalRef);
      if (earlier !== undefined)
        rowErrors.push({ line, code: 'duplicate_in_file', reason: `id "${externalRef}" is already on line ${earlier}` });
      else firstLineOfRef.set(externalRef, line);
    } else if (parsed.ok) {
      const keys = attendeeIdentityKeys(parsed.value);
      const earlier = keys.map((k) => firstLineOfKey.get(k)).find((l) => l !== undefined);
      if (earlier !== undefined)
        rowErrors.push({ line, code: 'duplicate_in_file', reason: `same person (name and phone or e-mail) as line ${earlier}` });
      else for (const k of keys) firstLineOfKey.set(k, line);
    }

    if (rowErrors.length > 0 || !parsed.ok) result.errors.push(...rowErrors);
    else result.rows.push({ ...parsed.value, line, externalRef });
  }
  if (unterminatedAt !== null)
    result.errors.push({
      line: unterminatedAt,
      code: 'unterminated_quote',
      reason: 'a quoted cell starting on this line never ends: the rest of the file was not read',
    });
  return result;
}
