import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderBadgesPdf, sheetGrid, type BadgePrint } from '../../server/badges/badge-pdf.ts';
import { CATEGORY_LABELS, type AttendeeCategory } from '../../shared/attendee.ts';

// jsqr is CommonJS: under NodeNext its default import is the module object, whose `default` is the decoder.
const jsQR = jsQRModule.default;
const DPI = 200;
const PX_PER_MM = DPI / 25.4;
let dir: string;

beforeAll(() => {
  try {
    execFileSync('pdftoppm', ['-v'], { stdio: 'ignore' });
  } catch {
    throw new Error('pdftoppm is missing: the badge tests render PDFs with it. Install poppler-utils (apt-get install poppler-utils).');
  }
  dir = mkdtempSync(join(tmpdir(), 'kezek-badges-'));
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A code shaped like a signed badge: version, badge number, serial, 86 base64url signature characters. */
function qrText(badgeNo: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  let signature = '';
  for (let i = 0; i < 86; i++) signature += alphabet[(badgeNo * 31 + i * 17) % 64];
  return `KZ1.${badgeNo}.ab12cd34.${signature}`;
}

const people: [string, string, AttendeeCategory][] = [
  ['Әйгерім', 'Сейітқали', 'school'],
  ['Нұрсұлтан', 'Жақсыбеков-Әбдіқадыров', 'college'],
  ['Пётр', 'Иванов', 'university'],
  ['Ұлжан', 'Өмірбекова', 'school'],
  ['Іңкәр', 'Һасенова', 'college'],
  ['Alexander-Maximilian', 'Smith', 'other'],
  ['Ғалым', 'Үсенов', 'university'],
  ['Ерасыл', 'Ким', 'school'],
  ['Аня', 'Ли', 'other'],
];
const badges: BadgePrint[] = people.map(([firstName, lastName, category], i) => ({
  qrText: qrText(1042 + i),
  firstName,
  lastName,
  badgeNo: 1042 + i,
  category,
  categoryLines: [CATEGORY_LABELS[category].kk, CATEGORY_LABELS[category].ru],
  eventLines: ['«Менің мамандығым – менің мақтанышым»', '«Моя профессия – моя гордость»'],
}));

/** Renders every page at 200 dpi with poppler and returns the decoded PNGs in page order. */
function rasterise(pdf: Buffer, name: string): PNG[] {
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, pdf);
  execFileSync('pdftoppm', ['-png', '-r', String(DPI), file, join(dir, name)]);
  return readdirSync(dir)
    .filter((f) => f.startsWith(`${name}-`) && f.endsWith('.png'))
    .sort((a, b) => Number(a.match(/-(\d+)\.png$/)?.[1]) - Number(b.match(/-(\d+)\.png$/)?.[1]))
    .map((f) => PNG.sync.read(readFileSync(join(dir, f))));
}

/** Decodes the one QR inside a rectangle (millimetres) of a page image. */
function decode(page: PNG, mm?: { x: number; y: number; width: number; height: number }): string | null {
  const x0 = mm ? Math.round(mm.x * PX_PER_MM) : 0;
  const y0 = mm ? Math.round(mm.y * PX_PER_MM) : 0;
  const w = mm ? Math.min(Math.round(mm.width * PX_PER_MM), page.width - x0) : page.width;
  const h = mm ? Math.min(Math.round(mm.height * PX_PER_MM), page.height - y0) : page.height;
  const data = new Uint8ClampedArray(w * h * 4);
  for (let row = 0; row < h; row++)
    data.set(page.data.subarray(((y0 + row) * page.width + x0) * 4, ((y0 + row) * page.width + x0 + w) * 4), row * w * 4);
  return jsQR(data, w, h, { inversionAttempts: 'dontInvert' })?.data ?? null;
}

function pdfText(pdf: Buffer, name: string): string {
  const file = join(dir, `${name}-text.pdf`);
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

describe('badge PDF', () => {
  it('prints one 62 × 100 mm label per badge whose QR reads back as the badge code', async () => {
    const pdf = await renderBadgesPdf(badges.slice(0, 2), { kind: 'label', widthMm: 62, heightMm: 100 });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const pages = rasterise(pdf, 'label');
    expect(pages).toHaveLength(2);
    // 62 × 100 mm at 200 dpi.
    expect(pages[0].width).toBeCloseTo(62 * PX_PER_MM, -1);
    expect(pages[0].height).toBeCloseTo(100 * PX_PER_MM, -1);
    expect(decode(pages[0])).toBe(badges[0].qrText);
    expect(decode(pages[1])).toBe(badges[1].qrText);
  });

  it('sets Kazakh and Russian names in an embedded font, with the badge number and the category in both languages', async () => {
    const pdf = await renderBadgesPdf(badges.slice(0, 5), { kind: 'label', widthMm: 62, heightMm: 100 });
    const text = pdfText(pdf, 'names');
    for (const word of ['Әйгерім', 'Сейітқали', 'Нұрсұлтан', 'Пётр', 'Ұлжан', 'Өмірбекова', 'Іңкәр', 'Һасенова', 'Колледж студенті', 'Студент колледжа', 'Университет студенті', 'Студент вуза', 'мақтанышым', 'гордость', '№ 1042'])
      expect(text).toContain(word);
    const sheet = pdfText(await renderBadgesPdf(badges, { kind: 'sheet', perPage: 12 }), 'names-sheet');
    for (const word of ['Мектеп түлегі', 'Выпускник школы', 'Қонақ', 'Гость']) expect(sheet).toContain(word);
    const fonts = execFileSync('pdffonts', [join(dir, 'names-text.pdf')], { encoding: 'utf8' });
    expect(fonts).toMatch(/DejaVuSans|Arial/);
    expect(fonts).not.toMatch(/\bno\s+(yes|no)\s+(yes|no)\s+\d/); // every font embedded
  });

  it('fits a custom label size', async () => {
    const pdf = await renderBadgesPdf([badges[5]], { kind: 'label', widthMm: 54, heightMm: 90 });
    const [page] = rasterise(pdf, 'small-label');
    expect(page.width).toBeCloseTo(54 * PX_PER_MM, -1);
    expect(decode(page)).toBe(badges[5].qrText);
  });

  it('prints A4 sheets of 8, every badge in its own cell in order, overflow on a second page', async () => {
    const pdf = await renderBadgesPdf(badges, { kind: 'sheet', perPage: 8 });
    const pages = rasterise(pdf, 'sheet8');
    expect(pages).toHaveLength(2);
    expect(pages[0].width).toBeCloseTo(210 * PX_PER_MM, -1);
    expect(pages[0].height).toBeCloseTo(297 * PX_PER_MM, -1);
    const { cells } = sheetGrid(8);
    expect(cells).toHaveLength(8);
    const read = badges.map((_, i) => decode(pages[Math.floor(i / 8)], cells[i % 8]));
    expect(read).toEqual(badges.map((b) => b.qrText));
    expect(decode(pages[1], cells[1])).toBeNull();
  });

  it.each([10, 12] as const)('prints A4 sheets of %i', async (perPage) => {
    const pdf = await renderBadgesPdf(badges, { kind: 'sheet', perPage });
    const [page] = rasterise(pdf, `sheet${perPage}`);
    const { cells } = sheetGrid(perPage);
    expect(cells).toHaveLength(perPage);
    expect(badges.map((_, i) => decode(page, cells[i]))).toEqual(badges.map((b) => b.qrText));
  });

  it('refuses an empty list and an impossible label', async () => {
    await expect(renderBadgesPdf([], { kind: 'sheet', perPage: 8 })).rejects.toThrow(/no badges/);
    await expect(renderBadgesPdf(badges, { kind: 'label', widthMm: 5, heightMm: 100 })).rejects.toThrow(/label size/);
  });
});
