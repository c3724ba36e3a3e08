import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type PDFDocumentType from 'pdfkit';
import type QRCodeModule from 'qrcode';

/**
 * What one printed badge shows. `qrText` is the signed badge code, made elsewhere. The event's
 * name and the category are printed one line per language (Kazakh, then Russian), as documents are here.
 */
export type BadgePrint = {
  qrText: string;
  firstName: string;
  lastName: string;
  badgeNo: number;
  category: string;
  categoryLines: string[];
  eventLines: string[];
  /** The attendee's phone page (`http://…/me`) and the badge's PIN, printed in a line at the foot. */
  me?: { address: string; pin: string };
};

/** One badge per page for a label printer, or an A4 grid of badges to cut apart. */
export type BadgeLayout = { kind: 'label'; widthMm: number; heightMm: number } | { kind: 'sheet'; perPage: 8 | 10 | 12 };

/** A 62 mm continuous-tape label (Brother QL and the like), 100 mm long. */
export const DEFAULT_LABEL: BadgeLayout = { kind: 'label', widthMm: 62, heightMm: 100 };

const PT_PER_MM = 72 / 25.4;
const A4 = { widthMm: 210, heightMm: 297 };
// Office printers cannot print the outer ~5 mm of a sheet; 10 mm keeps the cut lines on paper.
const SHEET_MARGIN_MM = 10;
const QUIET_ZONE_MODULES = 4;

export type Rect = { x: number; y: number; width: number; height: number };

/** The A4 grid for `perPage` badges: columns, rows and each cell's rectangle in millimetres. */
export function sheetGrid(perPage: 8 | 10 | 12): { columns: number; rows: number; cells: Rect[] } {
  const [columns, rows] = perPage === 12 ? [3, 4] : perPage === 10 ? [2, 5] : [2, 4];
  const width = (A4.widthMm - 2 * SHEET_MARGIN_MM) / columns;
  const height = (A4.heightMm - 2 * SHEET_MARGIN_MM) / rows;
  const cells: Rect[] = [];
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < columns; c++)
      cells.push({ x: SHEET_MARGIN_MM + c * width, y: SHEET_MARGIN_MM + r * height, width, height });
  return { columns, rows, cells };
}

// Fonts with Kazakh Cyrillic (ә ғ қ ң ө ұ ү һ і). DejaVu Sans ships with Debian/Ubuntu
// (fonts-dejavu-core), Fedora, Alpine and Arch; Arial covers Kazakh on Windows and macOS.
const FONT_CANDIDATES: [regular: string, bold: string][] = [
  ['/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf'],
  ['/usr/share/fonts/dejavu-sans-fonts/DejaVuSans.ttf', '/usr/share/fonts/dejavu-sans-fonts/DejaVuSans-Bold.ttf'],
  ['/usr/share/fonts/dejavu/DejaVuSans.ttf', '/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf'],
  ['/usr/share/fonts/TTF/DejaVuSans.ttf', '/usr/share/fonts/TTF/DejaVuSans-Bold.ttf'],
  ['/Library/Fonts/DejaVuSans.ttf', '/Library/Fonts/DejaVuSans-Bold.ttf'],
  ['/System/Library/Fonts/Supplemental/Arial.ttf', '/System/Library/Fonts/Supplemental/Arial Bold.ttf'],
  [join(process.env.WINDIR ?? 'C:\\Windows', 'Fonts', 'arial.ttf'), join(process.env.WINDIR ?? 'C:\\Windows', 'Fonts', 'arialbd.ttf')],
];

/** Raised when no font with Cyrillic is found: printing Latin-only badges would lose Kazakh names. */
export class BadgeFontMissingError extends Error {
  readonly code = 'badge_font_missing';
  constructor() {
    super(
      'No font with Kazakh/Russian letters found for badges: install DejaVu Sans (Debian/Ubuntu: apt-get install fonts-dejavu-core) ' +
        'or set KEZEK_BADGE_FONT (and KEZEK_BADGE_FONT_BOLD) to a .ttf file.',
    );
  }
}

let fonts: { regular: Buffer; bold: Buffer; path: string } | undefined;

/**
 * The badge font's files, regular and bold (the regular one when there is no bold): `KEZEK_BADGE_FONT`
 * and `KEZEK_BADGE_FONT_BOLD`, else the first system's DejaVu Sans or Arial that `exists`; null when none does.
 */
export function badgeFontFiles(exists: (path: string) => boolean = existsSync): [regular: string, bold: string] | null {
  const configured = process.env.KEZEK_BADGE_FONT;
  const candidates: [string, string][] = configured
    ? [[configured, process.env.KEZEK_BADGE_FONT_BOLD ?? configured]]
    : FONT_CANDIDATES;
  const found = candidates.find(([regular]) => exists(regular));
  return found ? [found[0], exists(found[1]) ? found[1] : found[0]] : null;
}

/** Finds (once) the badge font (`badgeFontFiles`) and reads it. */
export function loadBadgeFonts(): { regular: Buffer; bold: Buffer; path: string } {
  if (fonts) return fonts;
  const files = badgeFontFiles();
  if (!files) throw new BadgeFontMissingError();
  fonts = { regular: readFileSync(files[0]), bold: readFileSync(files[1]), path: files[0] };
  return fonts;
}

type Doc = PDFKit.PDFDocument;

/** qrcode, loaded by the first render (`renderBadgesPdf`): a start does not pay for it. */
let QRCode: typeof QRCodeModule | undefined;

/** Draws the QR with its quiet zone as vector squares (one path: no seams between modules). */
function drawQr(doc: Doc, text: string, x: number, y: number, size: number): void {
  const { modules } = QRCode!.create(text, { errorCorrectionLevel: 'M' });
  const n = modules.size;
  const m = size / (n + 2 * QUIET_ZONE_MODULES);
  doc.rect(x, y, size, size).fill('white');
  const ox = x + QUIET_ZONE_MODULES * m;
  const oy = y + QUIET_ZONE_MODULES * m;
  for (let r = 0; r < n; r++) {
    let c = 0;
    while (c < n) {
      if (!modules.get(r, c)) {
        c++;
        continue;
      }
      const start = c;
      while (c < n && modules.get(r, c)) c++;
      doc.rect(ox + start * m, oy + r * m, (c - start) * m, m);
    }
  }
  doc.fill('black');
}

/** Font size at which every line fits `width`: `max`, or smaller down to `min`; null when even `min` is too wide. */
function fitSize(doc: Doc, font: string, lines: string[], width: number, max: number, min: number): number | null {
  doc.font(font).fontSize(max);
  const natural = Math.max(...lines.map((l) => doc.widthOfString(l)));
  if (natural <= width) return max;
  const size = Math.floor(((max * width) / natural) * 10) / 10;
  return size >= min ? size : null;
}

/** Splits at the space or hyphen nearest the middle ("Анна-Мария" → "Анна-", "Мария"); null without one. */
function splitInTwo(text: string): [string, string] | null {
  let best = -1;
  for (let i = 1; i < text.length - 1; i++)
    if ((text[i] === ' ' || text[i] === '-') && (best < 0 || Math.abs(i - text.length / 2) < Math.abs(best - text.length / 2))) best = i;
  if (best < 0) return null;
  return text[best] === '-' ? [text.slice(0, best + 1), text.slice(best + 1)] : [text.slice(0, best), text.slice(best + 1)];
}

type TextBox = {
  font: string;
  max: number;
  min?: number;
  x: number;
  y: number;
  width: number;
  align: 'center' | 'left';
  /** Only measure: return the height without drawing. */
  measure?: boolean;
};

/**
 * Writes `text` in `width`: one line, shrunk down to `min`; else two lines split at a space or
 * hyphen; else one line cut with "…". Returns the height used. Names are never silently overflowed.
 */
function textBlock(doc: Doc, text: string, box: TextBox): number {
  const min = box.min ?? box.max * 0.55;
  let lines = [text];
  let size = fitSize(doc, box.font, lines, box.width, box.max, min);
  const halves = size === null ? splitInTwo(text) : null;
  if (halves) {
    lines = halves;
    size = fitSize(doc, box.font, lines, box.width, box.max * 0.8, Math.min(min, box.max * 0.45));
  }
  if (size === null) {
    lines = [text];
    while (size === null && lines[0].length > 1) {
      lines = [`${lines[0].slice(0, -2).trimEnd()}…`];
      size = fitSize(doc, box.font, lines, box.width, min, min);
    }
  }
  doc.font(box.font).fontSize(size ?? min);
  const lineHeight = doc.currentLineHeight(true);
  if (box.measure) return lines.length * lineHeight;
  lines.forEach((l, i) => {
    const w = doc.widthOfString(l);
    const x = box.align === 'center' ? box.x + (box.width - w) / 2 : box.x;
    doc.fillColor('black').text(l, x, box.y + i * lineHeight, { lineBreak: false });
  });
  return lines.length * lineHeight;
}

/**
 * Writes the phone page's address and the PIN in one line whose foot is at `bottom.y` (the address
 * shrunk to fit, the PIN in bold); returns its height.
 */
function meLine(doc: Doc, me: NonNullable<BadgePrint['me']>, bottom: { x: number; y: number; width: number; max: number }): number {
  const pin = `PIN ${me.pin}`;
  doc.font('bold').fontSize(bottom.max);
  const pinWidth = doc.widthOfString(pin);
  const gap = bottom.max;
  const address = me.address.replace(/^http:\/\//, ''); // typed as is, a plain address opens over HTTP
  const size = fitSize(doc, 'regular', [address], bottom.width - pinWidth - gap, bottom.max, 4) ?? 4;
  doc.font('bold').fontSize(bottom.max);
  const height = doc.currentLineHeight(true);
  const top = bottom.y - height;
  doc.font('regular').fontSize(size);
  const addressWidth = doc.widthOfString(address);
  const left = bottom.x + (bottom.width - addressWidth - gap - pinWidth) / 2;
  doc.fillColor('black').text(address, left, top + (height - doc.currentLineHeight(true)) / 2, { lineBreak: false });
  doc.font('bold').fontSize(bottom.max).text(pin, left + addressWidth + gap, top, { lineBreak: false });
  return height + bottom.max * 0.3;
}

/** Lays out one badge in the rectangle (points): portrait puts the QR under the name, landscape beside it. */
function drawBadge(doc: Doc, badge: BadgePrint, box: Rect, paddingPt: number): void {
  const x = box.x + paddingPt;
  const y = box.y + paddingPt;
  const w = box.width - 2 * paddingPt;
  const h = box.height - 2 * paddingPt;
  const number = `№ ${badge.badgeNo}`;

  if (box.width <= box.height * 1.15) {
    // Portrait: event, first name, last name, category; QR; badge number.
    const k = Math.max(0.6, Math.min(w / (56 * PT_PER_MM), h / (94 * PT_PER_MM), 2));
    let cy = y;
    for (const line of badge.eventLines) cy += textBlock(doc, line, { font: 'regular', max: 7 * k, min: 4.5, x, y: cy, width: w, align: 'center' });
    cy += 2 * k;
    cy += textBlock(doc, badge.firstName, { font: 'bold', max: 28 * k, x, y: cy, width: w, align: 'center' });
    cy += textBlock(doc, badge.lastName, { font: 'regular', max: 17 * k, x, y: cy, width: w, align: 'center' }) + 1 * k;
    for (const line of badge.categoryLines) cy += textBlock(doc, line, { font: 'regular', max: 9 * k, min: 5, x, y: cy, width: w, align: 'center' });
    doc.font('bold').fontSize(22 * k);
    const numberHeight = doc.currentLineHeight(true);
    const foot = badge.me ? meLine(doc, badge.me, { x, y: y + h, width: w, max: 7.5 * k }) : 0;
    const room = y + h - foot - numberHeight - cy;
    const qr = Math.min(room, w * 0.85);
    // Spread what is left above and below the QR so the badge does not look top-heavy.
    const spare = (room - qr) / 2;
    drawQr(doc, badge.qrText, x + (w - qr) / 2, cy + spare, qr);
    textBlock(doc, number, { font: 'bold', max: 22 * k, x, y: cy + spare + qr, width: w, align: 'center' });
    return;
  }

  // Landscape: event name across the top; below it the QR on the left and the name column on the
  // right, the badge number at the column's foot level with the QR's bottom edge. The block is
  // centred vertically in the cell.
  const k = Math.max(0.6, Math.min(w / (87 * PT_PER_MM), h / (61 * PT_PER_MM), 1.6));
  const event: TextBox = { font: 'regular', max: 7 * k, min: 4.5, x, y, width: w, align: 'left' };
  const eventHeight = badge.eventLines.reduce((sum, line) => sum + textBlock(doc, line, { ...event, measure: true }), 0) + 1.5 * k;
  const foot = badge.me ? meLine(doc, badge.me, { x, y: y + h, width: w, max: 7 * k }) : 0;
  const qr = Math.min(h - eventHeight - foot, w * 0.44);
  const top = y + (h - foot - eventHeight - qr) / 2;
  let ey = top;
  for (const line of badge.eventLines) ey += textBlock(doc, line, { ...event, y: ey });
  drawQr(doc, badge.qrText, x, top + eventHeight, qr);

  const gap = 2 * PT_PER_MM;
  const column = { x: x + qr + gap, width: w - qr - gap, align: 'left' as const };
  // The QR's quiet zone is white: the text starts and ends level with the dark modules.
  const textTop = top + eventHeight + qr * 0.06;
  const textBottom = top + eventHeight + qr * 0.94;
  // Shrink everything together until a long (two-line) name leaves room for the badge number.
  for (let s = k; ; s *= 0.9) {
    const first: TextBox = { ...column, font: 'bold', max: 26 * s, y: 0 };
    const last: TextBox = { ...column, font: 'regular', max: 16 * s, y: 0 };
    const category: TextBox = { ...column, font: 'regular', max: 9 * s, min: 5, y: 0 };
    const num: TextBox = { ...column, font: 'bold', max: 24 * s, min: 24 * s, y: 0 };
    const measure = (text: string, b: TextBox): number => textBlock(doc, text, { ...b, measure: true });
    const categoryHeight = badge.categoryLines.reduce((sum, line) => sum + measure(line, category), 0);
    const numberHeight = measure(number, num);
    const needed = measure(badge.firstName, first) + measure(badge.lastName, last) + categoryHeight + numberHeight + 4 * s;
    if (needed > textBottom - textTop && s > 0.3) continue;
    let cy = textTop;
    cy += textBlock(doc, badge.firstName, { ...first, y: cy });
    cy += textBlock(doc, badge.lastName, { ...last, y: cy }) + 2 * s;
    for (const line of badge.categoryLines) cy += textBlock(doc, line, { ...category, y: cy });
    textBlock(doc, number, { ...num, y: Math.max(textBottom - numberHeight, cy + 2 * s) });
    return;
  }
}

/** Dashed cut lines along every cell edge, running to the paper edge so the guillotine can follow them. */
function drawCutLines(doc: Doc, grid: ReturnType<typeof sheetGrid>): void {
  const mm = (v: number): number => v * PT_PER_MM;
  const { cells, columns, rows } = grid;
  const { width, height } = cells[0];
  doc.save().lineWidth(0.4).strokeColor('#9a9a9a').dash(3, { space: 3 });
  for (let c = 0; c <= columns; c++) {
    const xv = mm(SHEET_MARGIN_MM + c * width);
    doc.moveTo(xv, 0).lineTo(xv, mm(A4.heightMm));
  }
  for (let r = 0; r <= rows; r++) {
    const yv = mm(SHEET_MARGIN_MM + r * height);
    doc.moveTo(0, yv).lineTo(mm(A4.widthMm), yv);
  }
  doc.stroke().undash().restore();
}

/** Lets the event loop run between pages: 2,000 badges take seconds to draw, and scans must not wait for them. */
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Renders badges as a PDF: one label-sized page per badge, or A4 sheets of 8, 10 or 12 with cut
 * lines. Names are set in an embedded font with Kazakh and Russian letters; the QR is vector.
 */
export async function renderBadgesPdf(badges: BadgePrint[], layout: BadgeLayout = DEFAULT_LABEL): Promise<Buffer> {
  if (badges.length === 0) throw new RangeError('no badges to print');
  if (layout.kind === 'label' && !(layout.widthMm >= 25 && layout.widthMm <= 300 && layout.heightMm >= 25 && layout.heightMm <= 300))
    throw new RangeError(`label size ${layout.widthMm} × ${layout.heightMm} mm is outside 25–300 mm`);
  const { regular, bold } = loadBadgeFonts();
  // Loaded when first needed: pdfkit is a tenth of a second or more of every start.
  const PDFDocument: typeof PDFDocumentType = (await import('pdfkit')).default;
  QRCode ??= (await import('qrcode')).default;
  const doc = new PDFDocument({
    autoFirstPage: false,
    margin: 0,
    info: { Title: `${badges[0].eventLines.join(' / ')} — badges`, Creator: 'Kezek' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('regular', regular);
  doc.registerFont('bold', bold);

  if (layout.kind === 'label') {
    const width = layout.widthMm * PT_PER_MM;
    const height = layout.heightMm * PT_PER_MM;
    const padding = Math.min(3.5, layout.widthMm * 0.06) * PT_PER_MM;
    for (const [i, badge] of badges.entries()) {
      if (i > 0) await nextTurn();
      doc.addPage({ size: [width, height], margin: 0 });
      drawBadge(doc, badge, { x: 0, y: 0, width, height }, padding);
    }
  } else {
    const grid = sheetGrid(layout.perPage);
    for (let i = 0; i < badges.length; i++) {
      const slot = i % layout.perPage;
      if (slot === 0) {
        if (i > 0) await nextTurn();
        doc.addPage({ size: 'A4', margin: 0 });
        drawCutLines(doc, grid);
      }
      const cell = grid.cells[slot];
      drawBadge(
        doc,
        badges[i],
        { x: cell.x * PT_PER_MM, y: cell.y * PT_PER_MM, width: cell.width * PT_PER_MM, height: cell.height * PT_PER_MM },
        4 * PT_PER_MM,
      );
    }
  }
  doc.end();
  return done;
}
