import ExcelJS from 'exceljs';

/**
 * A pre-registration export the way organisers in Kazakhstan make them: UTF-8 with a BOM, `;`,
 * CRLF, Russian headers and category words, Kazakh and Russian names with many namesakes (people
 * who gave no phone or e-mail), a school whose name holds the separator, a college whose name holds
 * quotes and a line break, and `bad` genuinely bad rows.
 */
export type PreRegistration = {
  header: string[];
  rows: string[][];
  /** Indexes (into rows) of the bad rows, and the reason code each is refused with. */
  bad: Map<number, string>;
};

const LAST = [
  'Иванов', 'Ахметов', 'Сейітқали', 'Нұрланқызы', 'Өмірбекова', 'Ким', 'Петрова', 'Жақсыбеков', 'Смагулова', 'Ли',
  'Қасымова', 'Омаров', 'Серікова', 'Есенов', 'Байжанова', 'Тен', 'Кузнецов', 'Әбдірахманова', 'Мұқанов', 'Волкова',
];
const FIRST = ['Дмитрий', 'Әлия', 'Айгерім', 'Ерлан', 'Дана', 'Пётр', 'Ұлжан', 'Нұрсұлтан', 'Алина', 'Іңкәр', 'Асель', 'Максим', 'Ғалым', 'Мира', 'Ержан'];
const SCHOOLS = [
  'Школа-гимназия № 7; Өскемен', 'Школа-лицей № 38', '№ 12 мектеп-гимназия', 'Гимназия № 3', 'Средняя школа № 44',
  'ВКТУ им. Д. Серикбаева', 'Колледж "Болашақ"\nкорпус 2', 'Высший колледж ВКТУ', 'Медицинский колледж', 'ВКУ им. С. Аманжолова',
];
const CATEGORIES = ['выпускник школы', 'студент колледжа', 'студент вуза', 'мектеп түлегі', 'колледж студенті', 'гость'];
const LANGUAGES = ['kk', 'ru', 'қаз', 'рус', ''];

/** A small deterministic generator, so every run makes the same file. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

/** The bad rows: each breaks one rule, and the code it is refused with. */
const BAD: [(row: string[]) => void, string][] = [
  [(r) => (r[2] = ''), 'missing_first_name'],
  [(r) => (r[1] = ''), 'missing_last_name'],
  [(r) => (r[3] = 'студент'), 'bad_category'],
  [(r) => (r[3] = ''), 'missing_category'],
  [(r) => (r[6] = '12345'), 'bad_phone'],
  [(r) => (r[6] = '8 (705) 12'), 'bad_phone'],
  [(r) => (r[7] = 'aliya@mail,ru'), 'bad_email'],
  [(r) => (r[7] = 'нет почты'), 'bad_email'],
  [(r) => (r[8] = 'de'), 'bad_language'],
  [(r) => (r[9] = 'может быть'), 'bad_consent'],
  [(r) => (r[1] = 'Я'.repeat(81)), 'name_too_long'],
  [(r) => (r[5] = '1'.repeat(41)), 'field_too_long'],
  [(r) => (r[3] = 'аспирант'), 'bad_category'],
  [(r) => (r[6] = '+7 701'), 'bad_phone'],
  [(r) => (r[2] = ''), 'missing_first_name'],
  [(r) => (r[3] = 'студентка'), 'bad_category'],
  // The same form sent twice: the same id again, and the same person under a new id.
  [(r) => (r[0] = 'A-0002'), 'duplicate_in_file'],
  [() => undefined, 'duplicate_in_file'],
];

/** Makes the export: `count` rows, `BAD.length` (18) of them bad. */
export function preRegistration(count = 3000, seed = 7): PreRegistration {
  const rnd = random(seed);
  const pick = <T>(list: T[]): T => list[Math.floor(rnd() * list.length)];
  const header = ['№ анкеты', 'Фамилия', 'Имя', 'Категория', 'Учебное заведение', 'Класс/курс', 'Телефон', 'E-mail', 'Язык', 'Согласие'];
  const rows: string[][] = [];
  for (let i = 0; i < count; i++) {
    const id = `A-${String(i + 1).padStart(4, '0')}`;
    // Four in ten gave no contact at all: these are the namesakes that must not merge.
    const contact = rnd();
    const d = `87${700000000 + i}`;
    const phone = contact < 0.6 ? `${d[0]} (${d.slice(1, 4)}) ${d.slice(4, 7)}-${d.slice(7, 9)}-${d.slice(9)}` : '';
    const email = contact > 0.45 && contact < 0.6 ? `person${i}@mail.kz` : '';
    rows.push([id, pick(LAST), pick(FIRST), pick(CATEGORIES), pick(SCHOOLS), String(8 + Math.floor(rnd() * 4)), phone, email, pick(LANGUAGES), rnd() < 0.5 ? 'да' : 'нет']);
  }
  rows[0] = ['A-0001', 'Нұрланқызы', 'Әлия', 'мектеп түлегі', 'Гимназия № 3', '11', '', '', 'kk', 'иә'];
  const bad = new Map<number, string>();
  BAD.forEach(([spoil, code], k) => {
    const index = 100 + k * 150;
    spoil(rows[index]);
    bad.set(index, code);
  });
  // The last one repeats an earlier good row's person (same phone, same first name) under a new id.
  const twice = rows.findIndex((r, i) => r[6] !== '' && !bad.has(i));
  const last = 100 + (BAD.length - 1) * 150;
  rows[last] = [rows[last][0], rows[twice][1], rows[twice][2], rows[twice][3], rows[twice][4], rows[twice][5], rows[twice][6], '', 'ru', 'нет'];
  return { header, rows, bad };
}

const quote = (cell: string): string => (/[;"\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);

/** The export as a CSV file: BOM, `;`, CRLF. */
export function asCsv(file: Pick<PreRegistration, 'header' | 'rows'>): Buffer {
  return Buffer.from(`\uFEFF${[file.header, ...file.rows].map((r) => r.map(quote).join(';')).join('\r\n')}\r\n`);
}

/** The export as an .xlsx workbook (first sheet), phone numbers of the first rows stored as numbers, as Excel keeps them. */
export async function asXlsx(file: Pick<PreRegistration, 'header' | 'rows'>): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Ответы на форму');
  sheet.addRow(file.header);
  file.rows.forEach((r, i) => {
    const digits = r[6].replace(/\D/g, '');
    sheet.addRow(i < 50 && digits.length === 11 ? [...r.slice(0, 6), Number(digits), ...r.slice(7)] : r);
  });
  workbook.addWorksheet('Итоги').addRow(['not read']);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The file line of each row: the header is line 1, and a quoted line break makes a row two lines. */
export function csvLines(file: Pick<PreRegistration, 'rows'>): number[] {
  let line = 2;
  return file.rows.map((r) => {
    const at = line;
    line += 1 + r.join('').split('\n').length - 1;
    return at;
  });
}
