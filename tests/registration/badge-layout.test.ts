// Where things sit on a printed badge, read from the PDF itself (no rasterising: fast enough to run
// for every mutant): the text lines as poppler places them, and the QR and the cut lines as the
// page's drawing commands draw them.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import jsQRModule from 'jsqr';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { renderBadgesPdf, sheetGrid, type BadgeLayout, type BadgePrint } from '../../server/badges/badge-pdf.ts';

// jsqr is CommonJS: under NodeNext its default import is the module object, whose `default` is the decoder.
const jsQR = jsQRModule.default;
const MM = 72 / 25.4;
/** Line height over font size of the badge font (DejaVu Sans, regular and bold alike). */
const LINE = 1.164;
let dir: string;
let files = 0;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kezek-badge-layout-'));
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

type Line = { text: string; x0: number; y0: number; x1: number; y1: number };
type Rect = { x: number; y: number; w: number; h: number };
type Qr = { square: Rect; modules: Rect[] };
type Segment = { x0: number; y0: number; x1: number; y1: number };
type Page = { lines: Line[]; qrs: Qr[]; cuts: Segment[]; stream: string };
type Read = { pages: Page[]; title: string; creator: string };

/** The text lines of every page (top-left origin, points) and the document's title and creator. */
function textOf(file: string): { lines: Line[][]; title: string; creator: string } {
  const xml = execFileSync('pdftotext', ['-bbox-layout', file, '-'], { encoding: 'utf8' });
  const lines = xml.split('<page ').slice(1).map((page) =>
    [...page.matchAll(/<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([\s\S]*?)<\/line>/g)].map((m) => ({
      x0: Number(m[1]),
      y0: Number(m[2]),
      x1: Number(m[3]),
      y1: Number(m[4]),
      text: [...m[5].matchAll(/<word[^>]*>([^<]*)<\/word>/g)].map((w) => w[1]).join(' '),
    })),
  );
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  const field = (name: string): string => info.match(new RegExp(`^${name}:\\s*(.*)$`, 'm'))?.[1] ?? '';
  return { lines, title: field('Title'), creator: field('Creator') };
}

/** Each page's drawing commands (pdfkit writes one page's content as one compressed stream, after a flip to top-left origin). */
function pageStreams(pdf: Buffer): string[] {
  const raw = pdf.toString('latin1');
  const out: string[] = [];
  for (const m of raw.matchAll(/stream\r?\n([\s\S]*?)\r?\nendstream/g)) {
    let text: string;
    try {
      text = inflateSync(Buffer.from(m[1], 'latin1')).toString('latin1');
    } catch {
      continue;
    }
    if (/^1 0 0 -1 0 [\d.]+ cm/.test(text)) out.push(text);
  }
  return out;
}

/** The QR codes (a white square, then its dark modules) and the stroked lines a page draws. */
function shapesOf(stream: string): { qrs: Qr[]; cuts: Segment[] } {
  const qrs: Qr[] = [];
  const cuts: Segment[] = [];
  let rects: Rect[] = [];
  let white = false;
  let from: [number, number] | null = null;
  for (const op of stream.split('\n')) {
    const n = op.split(' ').map(Number);
    if (op.endsWith(' re')) rects.push({ x: n[0], y: n[1], w: n[2], h: n[3] });
    else if (op.endsWith(' scn')) white = op === '1 1 1 scn';
    else if (op.endsWith(' m')) from = [n[0], n[1]];
    else if (op.endsWith(' l') && from) cuts.push({ x0: from[0], y0: from[1], x1: n[0], y1: n[1] });
    else if (op === 'f') {
      if (white) qrs.push({ square: rects[0], modules: [] });
      else if (qrs.length > 0 && qrs[qrs.length - 1].modules.length === 0) qrs[qrs.length - 1].modules = rects;
      rects = [];
    }
  }
  return { qrs, cuts };
}

async function render(badges: BadgePrint[], layout: BadgeLayout): Promise<Read> {
  const pdf = await renderBadgesPdf(badges, layout);
  const file = join(dir, `${files++}.pdf`);
  writeFileSync(file, pdf);
  const { lines, title, creator } = textOf(file);
  const streams = pageStreams(pdf);
  expect(streams).toHaveLength(lines.length);
  return { pages: lines.map((l, i) => ({ lines: l, stream: streams[i], ...shapesOf(streams[i]) })), title, creator };
}

/** Reads a QR back from the squares drawn: a bitmap of 4 pixels a module, decoded. */
function readQr({ square, modules }: Qr): string | null {
  const m = Math.min(...modules.map((r) => r.h));
  const cells = Math.round(square.w / m);
  const px = 4;
  const size = cells * px;
  const data = new Uint8ClampedArray(size * size * 4).fill(255);
  for (const r of modules) {
    const row = Math.round((r.y - square.y) / m);
    const col = Math.round((r.x - square.x) / m);
    const run = Math.round(r.w / m);
    for (let y = row * px; y < (row + 1) * px; y++)
      for (let x = col * px; x < (col + run) * px; x++) data.fill(0, (y * size + x) * 4, (y * size + x) * 4 + 3);
  }
  return jsQR(data, size, size, { inversionAttempts: 'dontInvert' })?.data ?? null;
}

function line(page: Page, text: string): Line {
  const found = page.lines.find((l) => l.text === text);
  if (!found) throw new Error(`no line "${text}" in ${JSON.stringify(page.lines.map((l) => l.text))}`);
  return found;
}

const height = (l: Line): number => l.y1 - l.y0;
const middle = (l: { x0: number; x1: number }): number => (l.x0 + l.x1) / 2;

/** A code shaped like a signed badge's. */
const code = (no: number): string => `KZ1.${no}.ab12cd34.${'AbCdEfGh-_'.repeat(9).slice(0, 86)}`;

function badge(no: number, firstName: string, lastName: string, me?: BadgePrint['me']): BadgePrint {
  return {
    qrText: code(no),
    firstName,
    lastName,
    badgeNo: no,
    category: 'school',
    categoryLines: ['Мектеп түлегі', 'Выпускник школы'],
    eventLines: ['«Менің мамандығым»', '«Моя профессия»'],
    ...(me ? { me } : {}),
  };
}

const ME = { address: 'http://10.0.0.5:3000/me', pin: '4821' };

/** The area inside a badge's padding, in points. */
type Inner = { x0: number; y0: number; x1: number; y1: number };

function inside(page: Page, inner: Inner): void {
  for (const l of page.lines) {
    expect(l.x0, l.text).toBeGreaterThanOrEqual(inner.x0 - 0.3);
    expect(l.x1, l.text).toBeLessThanOrEqual(inner.x1 + 0.3);
    expect(l.y0, l.text).toBeGreaterThanOrEqual(inner.y0 - 0.3);
    expect(l.y1, l.text).toBeLessThanOrEqual(inner.y1 + 0.3);
  }
}

/** The QR's dark modules fill its square but for a quiet zone of 4 modules on every side, and read back as the badge's code. */
function checkQr(qr: Qr, text: string): void {
  const m = Math.min(...qr.modules.map((r) => r.h));
  const { square } = qr;
  expect(square.w).toBeCloseTo(square.h, 6);
  expect(Math.min(...qr.modules.map((r) => r.x)) - square.x).toBeCloseTo(4 * m, 3);
  expect(Math.min(...qr.modules.map((r) => r.y)) - square.y).toBeCloseTo(4 * m, 3);
  expect(square.x + square.w - Math.max(...qr.modules.map((r) => r.x + r.w))).toBeCloseTo(4 * m, 3);
  expect(square.y + square.h - Math.max(...qr.modules.map((r) => r.y + r.h))).toBeCloseTo(4 * m, 3);
  for (const r of qr.modules) expect(r.h).toBeCloseTo(m, 6);
  expect(readQr(qr)).toBe(text);
}

/** Checks a portrait badge: event, names, category, QR, number and phone line stacked and centred, scaled by `k`. */
function checkPortrait(page: Page, b: BadgePrint, inner: Inner, k: number): void {
  inside(page, inner);
  const centre = (inner.x0 + inner.x1) / 2;
  const stack = [...b.eventLines, b.firstName, b.lastName, ...b.categoryLines].map((t) => line(page, t));
  const sizes = [...b.eventLines.map(() => 7), 28, 17, ...b.categoryLines.map(() => 9)];
  const gaps = [...b.eventLines.map((_, i) => (i === b.eventLines.length - 1 ? 2 : 0)), 0, 1, ...b.categoryLines.map(() => 0)];
  expect(stack[0].y0).toBeCloseTo(inner.y0, 1);
  stack.forEach((l, i) => {
    expect(middle(l), l.text).toBeCloseTo(centre, 0);
    expect(height(l) / LINE, l.text).toBeCloseTo(sizes[i] * k, 0);
    if (i > 0) expect(l.y0 - stack[i - 1].y1, l.text).toBeCloseTo(gaps[i - 1] * k, 1);
  });
  const number = line(page, `№ ${b.badgeNo}`);
  expect(height(number) / LINE).toBeCloseTo(22 * k, 0);
  expect(middle(number)).toBeCloseTo(centre, 0);
  const [qr] = page.qrs;
  checkQr(qr, b.qrText);
  const { square } = qr;
  expect(square.x + square.w / 2).toBeCloseTo(centre, 1);
  expect(square.w).toBeLessThanOrEqual((inner.x1 - inner.x0) * 0.85 + 0.01);
  // The number right under the QR; what is left spread evenly above the QR and below the number.
  const above = square.y - stack[stack.length - 1].y1;
  expect(number.y0).toBeCloseTo(square.y + square.h, 1);
  const foot = b.me ? line(page, `PIN ${b.me.pin}`).y0 - 0.3 * 7.5 * k : inner.y1;
  expect(foot - number.y1).toBeCloseTo(above, 1);
  expect(above).toBeGreaterThanOrEqual(-0.01);
  if (above > 0.01) expect(square.w).toBeCloseTo((inner.x1 - inner.x0) * 0.85, 1);
}

/** Checks the phone line at a badge's foot: the address without `http://`, shrunk to fit, and the PIN in bold, centred together. */
function checkMeLine(page: Page, me: NonNullable<BadgePrint['me']>, inner: Inner, max: number): void {
  const address = line(page, me.address.replace(/^http:\/\//, ''));
  const pin = line(page, `PIN ${me.pin}`);
  expect(pin.y1).toBeCloseTo(inner.y1, 1);
  expect(height(pin) / LINE).toBeCloseTo(max, 1);
  // A short address at the PIN's size; a long one shrunk to fit beside it.
  if (address.x1 - address.x0 < (inner.x1 - inner.x0) / 2) expect(height(address)).toBeCloseTo(height(pin), 1);
  else expect(height(address)).toBeLessThan(height(pin));
  expect((address.y0 + address.y1) / 2).toBeCloseTo((pin.y0 + pin.y1) / 2, 1);
  expect(pin.x0 - address.x1).toBeCloseTo(max, 0);
  expect(middle({ x0: address.x0, x1: pin.x1 })).toBeCloseTo((inner.x0 + inner.x1) / 2, 0);
}

/** The portrait scale: the layout is drawn for 56 × 94 mm inside the padding, scaled between 0.6 and 2 times. */
const portraitScale = (wMm: number, hMm: number): number => Math.max(0.6, Math.min(wMm / 56, hMm / 94, 2));

function labelInner(widthMm: number, heightMm: number): { inner: Inner; k: number } {
  const p = Math.min(3.5, widthMm * 0.06);
  const inner = { x0: p * MM, y0: p * MM, x1: (widthMm - p) * MM, y1: (heightMm - p) * MM };
  return { inner, k: portraitScale(widthMm - 2 * p, heightMm - 2 * p) };
}

describe('badge layout on a label', () => {
  it.each([
    [62, 100, 'Әйгерім'],
    [30, 50, 'Аня'],
    [124, 200, 'Әйгерім'],
  ])('%i × %i mm: event, names, category, QR and number stacked top to bottom, centred, scaled to the label', async (w, h, firstName) => {
    const b = badge(1042, firstName, 'Ким');
    const { pages } = await render([b], { kind: 'label', widthMm: w, heightMm: h });
    const { inner, k } = labelInner(w, h);
    checkPortrait(pages[0], b, inner, k);
  });

  it('puts the phone page and the PIN at the foot, the number and QR above them', async () => {
    const b = badge(7, 'Ұлжан', 'Өмірбекова', ME);
    const long = badge(8, 'Пётр', 'Иванов', { address: 'http://kezek-registration-desk.college.example.kz:3000/me', pin: '0007' });
    const { pages } = await render([b, long], { kind: 'label', widthMm: 62, heightMm: 100 });
    const { inner, k } = labelInner(62, 100);
    checkPortrait(pages[0], b, inner, k);
    checkMeLine(pages[0], ME, inner, 7.5 * k);
    checkPortrait(pages[1], long, inner, k);
    checkMeLine(pages[1], long.me!, inner, 7.5 * k);
  });

  it('prints on 62 × 100 mm labels when no layout is asked for', async () => {
    const pdf = (await renderBadgesPdf([badge(1, 'Аня', 'Ли')])).toString('latin1');
    const boxes = [...pdf.matchAll(/\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/g)].map((m) => [Number(m[1]), Number(m[2])]);
    expect(boxes).toEqual([[expect.closeTo(62 * MM, 2), expect.closeTo(100 * MM, 2)]]);
  });

  it('names the document after the event and says who made it', async () => {
    const { title, creator } = await render([badge(1, 'Аня', 'Ли')], { kind: 'label', widthMm: 62, heightMm: 100 });
    expect(title).toBe('«Менің мамандығым» / «Моя профессия» — badges');
    expect(creator).toBe('Kezek');
  });

  it('accepts labels from 25 to 300 mm a side and refuses any other', async () => {
    const one = [badge(1, 'Аня', 'Ли')];
    for (const [w, h] of [[25, 100], [300, 100], [62, 25], [62, 300]]) await expect(renderBadgesPdf(one, { kind: 'label', widthMm: w, heightMm: h })).resolves.toBeInstanceOf(Buffer);
    for (const [w, h] of [[24.9, 100], [300.1, 100], [62, 24.9], [62, 300.1]])
      await expect(renderBadgesPdf(one, { kind: 'label', widthMm: w, heightMm: h })).rejects.toThrow(`label size ${w} × ${h} mm is outside 25–300 mm`);
  });
});

describe('badge names too long for one line', () => {
  it('splits at the space or hyphen nearest the middle, keeping the hyphen', async () => {
    const later = badge(1, 'Jo Alexandrovich-Maximilian', 'Ли');
    const earlier = badge(2, 'Maximilian-Alexander Jo', 'Ли');
    const space = badge(3, 'Maximilian Alexandrovich', 'Ли');
    // Two spaces as near the middle: the first.
    const tie = badge(4, 'Maximilianus Ó Aleksandrov', 'Ли');
    const { pages } = await render([later, earlier, space, tie], { kind: 'label', widthMm: 62, heightMm: 100 });
    const { inner } = labelInner(62, 100);
    const expected = [
      [pages[0], ['Jo Alexandrovich-', 'Maximilian']],
      [pages[1], ['Maximilian-', 'Alexander Jo']],
      [pages[2], ['Maximilian', 'Alexandrovich']],
      [pages[3], ['Maximilianus', 'Ó Aleksandrov']],
    ] as const;
    for (const [page, halves] of expected) {
      inside(page, inner);
      const [a, b] = halves.map((t) => line(page, t));
      expect(b.y0).toBeCloseTo(a.y1, 1);
      expect(height(a)).toBeCloseTo(height(b), 3);
      expect(middle(a)).toBeCloseTo((inner.x0 + inner.x1) / 2, 0);
    }
  });

  it('shrinks a name to fit, down to a limit, and cuts one with nowhere to split with "…"', async () => {
    const shrunk = badge(1, 'Сейітқалиева', 'Ли');
    const cut = badge(2, 'Жақсыбековәбдіқадыровтарұлы', 'Ли');
    const { pages } = await render([shrunk, cut], { kind: 'label', widthMm: 62, heightMm: 100 });
    const { inner, k } = labelInner(62, 100);
    const width = inner.x1 - inner.x0;
    const first = line(pages[0], 'Сейітқалиева');
    expect(height(first) / LINE).toBeLessThan(28 * k);
    expect(height(first) / LINE).toBeGreaterThanOrEqual(28 * k * 0.55 - 0.05);
    expect(first.x1 - first.x0).toBeGreaterThan(width - 0.1 * LINE * 28);
    inside(pages[0], inner);
    const rest = pages[1].lines.find((l) => l.text.endsWith('…'));
    expect(rest?.text.startsWith('Жақсыбеков')).toBe(true);
    expect(height(rest!) / LINE).toBeCloseTo(28 * k * 0.55, 1);
    expect(rest!.x1 - rest!.x0).toBeGreaterThan(width * 0.9);
    inside(pages[1], inner);
  });

  it('splits a name whose halves fit at less than the one-line limit, and cuts one with nowhere to split needing as little', async () => {
    // Each half fits at about half the full size, below what one line may shrink to (0.55) but above what halves may (0.45).
    const split = badge(1, 'Әбдіқадыровтарұлы Мұхаммедәлиевна', 'Ли');
    // The same size, one word: cut with "…" at the one-line limit, never two lines.
    const cut = badge(2, 'Мұхаммедәлиевна', 'Ли');
    // A hyphen at the end is no place to split.
    const trailing = badge(3, 'Мұхаммедәлиевна-', 'Ли');
    const { pages } = await render([split, cut, trailing], { kind: 'label', widthMm: 62, heightMm: 100 });
    const { inner, k } = labelInner(62, 100);
    const [a, b] = ['Әбдіқадыровтарұлы', 'Мұхаммедәлиевна'].map((t) => line(pages[0], t));
    expect(height(a)).toBeCloseTo(height(b), 3);
    expect(height(a) / LINE).toBeLessThan(28 * k * 0.55);
    expect(height(a) / LINE).toBeGreaterThanOrEqual(28 * k * 0.45 - 0.05);
    inside(pages[0], inner);
    for (const page of [pages[1], pages[2]]) {
      const names = page.lines.filter((l) => l.text.startsWith('Мұхаммед'));
      expect(names).toHaveLength(1);
      expect(names[0].text).toMatch(/^Мұхаммед.*[^ ]…$/);
      expect(height(names[0]) / LINE).toBeCloseTo(28 * k * 0.55, 1);
    }
  });

  it('keeps on one line a category that fits at exactly its least size', async () => {
    // On a 48.5 mm label this line fits at 5.04 pt, which rounds down to its least size, 5 pt.
    const text = 'Колледж, университет немесе мектеп түлегі';
    const { pages } = await render([{ ...badge(1, 'Аня', 'Ли'), categoryLines: [text] }], { kind: 'label', widthMm: 48.5, heightMm: 100 });
    expect(height(line(pages[0], text)) / LINE).toBeCloseTo(5, 1);
    inside(pages[0], labelInner(48.5, 100).inner);
  });

  it('cuts a name falling after a space with no space before "…"', async () => {
    // Words of each length cut at each label width: some cut falls right after a space.
    const names = ['Ab', 'Abc', 'Abcd', 'Abcde'].map((w) => `${w} `.repeat(40).trim());
    for (const widthMm of [40, 62, 80]) {
      const { pages } = await render(names.map((n, i) => badge(i + 1, n, 'Ли')), { kind: 'label', widthMm, heightMm: 100 });
      const cut = pages.map((p) => p.lines.find((l) => l.text.endsWith('…'))?.text);
      for (const t of cut) expect(t).toMatch(/[^ ]…$/);
    }
  });
});

describe('badge fonts', () => {
  const DEJAVU = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';
  const DEJAVU_BOLD = '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf';
  const fresh = async () => {
    vi.resetModules();
    return import('../../server/badges/badge-pdf.ts');
  };

  it('takes the font KEZEK_BADGE_FONT names (bold the same when none is named), and refuses one that is not there', async () => {
    try {
      process.env.KEZEK_BADGE_FONT = '/nonexistent/kezek-font.ttf';
      const missing = await fresh();
      expect(() => missing.loadBadgeFonts()).toThrow(missing.BadgeFontMissingError);
      // The error says what to install or set, with a code the desk's page turns into its own words.
      expect(new missing.BadgeFontMissingError()).toMatchObject({
        code: 'badge_font_missing',
        message: expect.stringMatching(/^No font with Kazakh\/Russian letters found for badges: install DejaVu Sans .* or set KEZEK_BADGE_FONT \(and KEZEK_BADGE_FONT_BOLD\) to a \.ttf file\.$/),
      });
      process.env.KEZEK_BADGE_FONT = DEJAVU;
      process.env.KEZEK_BADGE_FONT_BOLD = '/nonexistent/kezek-bold.ttf';
      const fonts = (await fresh()).loadBadgeFonts();
      expect(fonts.path).toBe(DEJAVU);
      expect(fonts.bold.equals(fonts.regular)).toBe(true);
      // A bold font named apart is taken for the bold.
      process.env.KEZEK_BADGE_FONT_BOLD = DEJAVU_BOLD;
      const both = (await fresh()).loadBadgeFonts();
      expect(both.bold.equals(readFileSync(DEJAVU_BOLD))).toBe(true);
      expect(both.regular.equals(readFileSync(DEJAVU))).toBe(true);
    } finally {
      delete process.env.KEZEK_BADGE_FONT;
      delete process.env.KEZEK_BADGE_FONT_BOLD;
      vi.resetModules();
    }
  });

  it('finds DejaVu Sans or Arial where each system keeps it, the first system first, and the regular font for a missing bold', async () => {
    const { badgeFontFiles } = await import('../../server/badges/badge-pdf.ts');
    const windows = process.env.WINDIR ?? 'C:\\Windows';
    const systems: Array<[system: string, regular: string, bold: string]> = [
      ['Debian, Ubuntu', DEJAVU, DEJAVU_BOLD],
      ['Fedora', '/usr/share/fonts/dejavu-sans-fonts/DejaVuSans.ttf', '/usr/share/fonts/dejavu-sans-fonts/DejaVuSans-Bold.ttf'],
      ['Alpine', '/usr/share/fonts/dejavu/DejaVuSans.ttf', '/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf'],
      ['Arch', '/usr/share/fonts/TTF/DejaVuSans.ttf', '/usr/share/fonts/TTF/DejaVuSans-Bold.ttf'],
      ['macOS with DejaVu', '/Library/Fonts/DejaVuSans.ttf', '/Library/Fonts/DejaVuSans-Bold.ttf'],
      ['macOS', '/System/Library/Fonts/Supplemental/Arial.ttf', '/System/Library/Fonts/Supplemental/Arial Bold.ttf'],
      ['Windows', join(windows, 'Fonts', 'arial.ttf'), join(windows, 'Fonts', 'arialbd.ttf')],
    ];
    for (const [system, regular, bold] of systems) {
      expect([system, badgeFontFiles((p) => p === regular || p === bold)]).toEqual([system, [regular, bold]]);
      expect([system, badgeFontFiles((p) => p === regular)]).toEqual([system, [regular, regular]]);
    }
    // Two systems' fonts on one machine: the first in the list is taken.
    const everything = new Set(systems.flatMap(([, regular, bold]) => [regular, bold]));
    expect(badgeFontFiles((p) => everything.has(p))).toEqual([DEJAVU, DEJAVU_BOLD]);
    expect(badgeFontFiles(() => false)).toBeNull();
  });
});

/** The landscape scale: drawn for 87 × 61 mm inside the padding, scaled between 0.6 and 1.6 times. */
const landscapeScale = (wMm: number, hMm: number): number => Math.max(0.6, Math.min(wMm / 87, hMm / 61, 1.6));

/** Checks a landscape badge: event across the top, QR on the left, names in a column level with the QR's dark modules, centred vertically. */
function checkLandscape(page: Page, b: BadgePrint, inner: Inner, k: number): void {
  inside(page, inner);
  const events = b.eventLines.map((t) => line(page, t));
  for (const e of events) {
    expect(e.x0).toBeCloseTo(inner.x0, 1);
    expect(height(e) / LINE).toBeCloseTo(7 * k, 0);
  }
  const [qr] = page.qrs;
  checkQr(qr, b.qrText);
  const { square } = qr;
  const eventHeight = events.reduce((sum, e) => sum + height(e), 0) + 1.5 * k;
  expect(square.x).toBeCloseTo(inner.x0, 1);
  expect(square.y - events[0].y0).toBeCloseTo(eventHeight, 1);
  expect(square.w).toBeLessThanOrEqual((inner.x1 - inner.x0) * 0.44 + 0.01);
  const foot = b.me ? line(page, `PIN ${b.me.pin}`).y0 - 0.3 * 7 * k : inner.y1;
  expect(events[0].y0 - inner.y0).toBeCloseTo(foot - (square.y + square.w), 1);
  expect(square.y + square.w).toBeLessThanOrEqual(foot + 0.01);
  // Each line is drawn once (measuring the event's lines draws nothing): one text object a line.
  expect(page.stream.match(/^BT$/gm)).toHaveLength(b.eventLines.length + 3 + b.categoryLines.length + (b.me ? 2 : 0));
  const first = line(page, b.firstName);
  const number = line(page, `№ ${b.badgeNo}`);
  const column = [first, line(page, b.lastName), ...b.categoryLines.map((t) => line(page, t)), number];
  for (const l of column) expect(l.x0, l.text).toBeCloseTo(square.x + square.w + 2 * MM, 1);
  column.forEach((l, i) => i > 0 && expect(l.y0, l.text).toBeGreaterThanOrEqual(column[i - 1].y1 - 0.01));
  expect(first.y0).toBeCloseTo(square.y + square.w * 0.06, 1);
  expect(number.y1).toBeCloseTo(square.y + square.w * 0.94, 1);
}

function cellInner(perPage: 8 | 10 | 12, slot: number): { inner: Inner; wMm: number; hMm: number } {
  const cell = sheetGrid(perPage).cells[slot];
  const p = 4;
  const inner = { x0: (cell.x + p) * MM, y0: (cell.y + p) * MM, x1: (cell.x + cell.width - p) * MM, y1: (cell.y + cell.height - p) * MM };
  return { inner, wMm: cell.width - 2 * p, hMm: cell.height - 2 * p };
}

describe('badge layout on an A4 sheet', () => {
  // In cells of 8 the names, category and number need more than the QR's height at full size: all shrink by a tenth.
  it.each([
    [8, 0.9],
    [10, 1],
  ] as const)('sheets of %i: each badge landscape in its cell, the QR left of the names', async (perPage, shrunk) => {
    const b = badge(1042, 'Әйгерім', 'Ким');
    const { pages } = await render([b], { kind: 'sheet', perPage });
    const { inner, wMm, hMm } = cellInner(perPage, 0);
    const k = landscapeScale(wMm, hMm);
    checkLandscape(pages[0], b, inner, k);
    const s = height(line(pages[0], b.firstName)) / LINE / 26;
    expect(s).toBeCloseTo(k * shrunk, 2);
    expect(height(line(pages[0], b.lastName)) / LINE).toBeCloseTo(16 * s, 0);
    expect(height(line(pages[0], `№ ${b.badgeNo}`)) / LINE).toBeCloseTo(24 * s, 0);
    expect(line(pages[0], b.lastName).y0 - line(pages[0], b.firstName).y1).toBeCloseTo(0, 1);
    expect(line(pages[0], b.categoryLines[0]).y0 - line(pages[0], b.lastName).y1).toBeCloseTo(2 * s, 1);
  });

  it('shrinks a long name and what goes with it until the number still fits beside the QR; keeps the phone line at the foot', async () => {
    const b = badge(5, 'Alexander-Maximilian', 'Жақсыбеков-Әбдіқадыров', ME);
    const { pages } = await render([b], { kind: 'sheet', perPage: 10 });
    const { inner, wMm, hMm } = cellInner(10, 0);
    const k = landscapeScale(wMm, hMm);
    const page = { ...pages[0], lines: pages[0].lines.filter((l) => !['Alexander-', 'Maximilian', 'Жақсыбеков-', 'Әбдіқадыров'].includes(l.text)) };
    checkMeLine(page, ME, inner, 7 * k);
    inside(pages[0], inner);
    const number = line(page, '№ 5');
    const [{ square }] = page.qrs;
    expect(number.y1).toBeCloseTo(square.y + square.w * 0.94, 1);
    expect(number.y0).toBeGreaterThanOrEqual(line(page, b.categoryLines[1]).y1 - 0.01);
    expect(line(pages[0], 'Alexander-').y0).toBeCloseTo(square.y + square.w * 0.06, 1);
  });

  it.each([
    // Low: the QR as high as the room between the event's lines and the phone line.
    [100, 50, ME, 1],
    // Wider than high by a little more than portrait allows, and narrow for its height: the width sets the scale.
    [90, 75, undefined, 0.9],
    // Small: the names, the category, the number and the gaps between them (4 points at full size) fit beside the QR a tenth smaller.
    [60, 40, undefined, 0.9],
  ])('a %i × %i mm label: landscape like a sheet\'s cell, scaled by its narrower side', async (w, h, me, shrunk) => {
    const b = badge(1042, 'Әйгерім', 'Ким', me);
    const { pages } = await render([b], { kind: 'label', widthMm: w, heightMm: h });
    const { inner } = labelInner(w, h);
    const k = landscapeScale((inner.x1 - inner.x0) / MM, (inner.y1 - inner.y0) / MM);
    checkLandscape(pages[0], b, inner, k);
    if (me) checkMeLine(pages[0], me, inner, 7 * k);
    expect(height(line(pages[0], b.firstName)) / LINE / 26).toBeCloseTo(k * shrunk, 2);
  });

  it('shrinks the text beside the QR of a tiny label to three tenths at the least, then lets it run past the QR\'s foot', async () => {
    const b = badge(5, 'Alexander-Maximilian', 'Жақсыбеков-Әбдіқадыров');
    const { pages } = await render([b], { kind: 'label', widthMm: 30, heightMm: 25 });
    // Shrunk a tenth at a time from its scale until three tenths or less: in (0.27, 0.3].
    const s = height(line(pages[0], '№ 5')) / LINE / 24;
    expect(s).toBeGreaterThan(0.27);
    expect(s).toBeLessThanOrEqual(0.3);
    const [{ square }] = pages[0].qrs;
    const number = line(pages[0], '№ 5');
    // Right under the category, 2 points at full size below it.
    expect(number.y0 - line(pages[0], b.categoryLines[1]).y1).toBeCloseTo(2 * s, 1);
    expect(number.y1).toBeGreaterThan(square.y + square.w * 0.94);
  });

  it.each([
    [8, 2, 4],
    [10, 2, 5],
    [12, 3, 4],
  ] as const)('sheets of %i: a grid of %i × %i equal cells filling the sheet inside a 10 mm margin', (perPage, columns, rows) => {
    const grid = sheetGrid(perPage);
    expect([grid.columns, grid.rows, grid.cells.length]).toEqual([columns, rows, perPage]);
    for (const [i, c] of grid.cells.entries()) {
      expect(c.width).toBeCloseTo(190 / columns, 9);
      expect(c.height).toBeCloseTo(277 / rows, 9);
      expect(c.x).toBeCloseTo(10 + (i % columns) * (190 / columns), 9);
      expect(c.y).toBeCloseTo(10 + Math.floor(i / columns) * (277 / rows), 9);
    }
  });

  it('sheets of 12: portrait cells', async () => {
    const b = badge(1042, 'Әйгерім', 'Ким');
    const { pages } = await render([b], { kind: 'sheet', perPage: 12 });
    const { inner, wMm, hMm } = cellInner(12, 0);
    checkPortrait(pages[0], b, inner, portraitScale(wMm, hMm));
  });

  it.each([8, 10, 12] as const)('sheets of %i: thin grey dashed cut lines along every cell edge, from paper edge to paper edge', async (perPage) => {
    const { pages } = await render([badge(1, 'Аня', 'Ли')], { kind: 'sheet', perPage });
    const { columns, rows, cells } = sheetGrid(perPage);
    const xs = [...new Set(cells.flatMap((c) => [c.x, c.x + c.width]).map((v) => (v * MM).toFixed(2)))].sort();
    const ys = [...new Set(cells.flatMap((c) => [c.y, c.y + c.height]).map((v) => (v * MM).toFixed(2)))].sort();
    const { cuts, stream } = pages[0];
    const vertical = cuts.filter((c) => c.x0 === c.x1);
    const horizontal = cuts.filter((c) => c.y0 === c.y1);
    expect(vertical).toHaveLength(columns + 1);
    expect(horizontal).toHaveLength(rows + 1);
    expect(vertical.map((c) => c.x0.toFixed(2)).sort()).toEqual(xs);
    expect(horizontal.map((c) => c.y0.toFixed(2)).sort()).toEqual(ys);
    for (const c of vertical) expect([c.y0, c.y1]).toEqual([0, expect.closeTo(297 * MM, 2)]);
    for (const c of horizontal) expect([c.x0, c.x1]).toEqual([0, expect.closeTo(210 * MM, 2)]);
    expect(stream).toContain('\n0.4 w\n');
    expect(stream).toContain('\n[3 3] 0 d\n');
    expect(stream).toMatch(/\n0\.6039\d* 0\.6039\d* 0\.6039\d* SCN\n/);
  });
});

describe('a long print run', () => {
  /** Counts the event loop's turns while `work` runs: each turn one `setImmediate` of its own. */
  async function turnsDuring(work: () => Promise<unknown>): Promise<number> {
    let turns = 0;
    let working = true;
    const tick = (): void => {
      turns++;
      if (working) setImmediate(tick);
    };
    setImmediate(tick);
    await work();
    working = false;
    return turns;
  }

  it('lets the event loop run between pages, labels and sheets alike: scans are answered while badges are drawn', async () => {
    const badges = Array.from({ length: 6 }, (_, i) => badge(i + 1, 'Аня', 'Ли'));
    // A turn at least between each two pages; nothing waits before the first.
    expect(await turnsDuring(() => renderBadgesPdf(badges, { kind: 'label', widthMm: 62, heightMm: 100 }))).toBeGreaterThanOrEqual(5);
    const sheets = Array.from({ length: 8 * 5 + 1 }, (_, i) => badge(i + 1, 'Аня', 'Ли'));
    expect(await turnsDuring(() => renderBadgesPdf(sheets, { kind: 'sheet', perPage: 8 }))).toBeGreaterThanOrEqual(5);
  });
});
