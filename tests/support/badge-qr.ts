import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';

// jsqr is CommonJS with `exports.default`: TypeScript sees the namespace, the runtime may hand either.
const jsQR = (jsQRModule.default ?? jsQRModule) as typeof jsQRModule.default;

/** Renders page 1 of a badge PDF at 200 dpi (poppler) and decodes the QR on it; `keepAs` keeps the picture there. */
export function decodeBadgeQr(pdf: Buffer, keepAs?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'kezek-pdf-'));
  try {
    writeFileSync(join(dir, 'badge.pdf'), pdf);
    execFileSync('pdftoppm', ['-r', '200', '-png', '-singlefile', join(dir, 'badge.pdf'), join(dir, 'badge')]);
    const png = PNG.sync.read(readFileSync(join(dir, 'badge.png')));
    if (keepAs) writeFileSync(keepAs, PNG.sync.write(png));
    const code = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
    if (!code) throw new Error('no QR found on the badge');
    return code.data;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The text of a PDF as poppler lays it out. */
export function pdfText(pdf: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'kezek-pdf-'));
  try {
    writeFileSync(join(dir, 'file.pdf'), pdf);
    return execFileSync('pdftotext', ['-layout', join(dir, 'file.pdf'), '-'], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
