import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';

// jsqr is CommonJS with `exports.default`: TypeScript sees the namespace, the runtime may hand either.
const jsQR = (jsQRModule.default ?? jsQRModule) as typeof jsQRModule.default;
// Poppler runs beside the event loop, never blocking it: a server under test in this process keeps
// answering (its Redis calls would time out while a synchronous render held the loop).
const run = promisify(execFile);

/** Renders page 1 of a badge PDF at 200 dpi (poppler) and decodes the QR on it; `keepAs` keeps the picture there. */
export async function decodeBadgeQr(pdf: Buffer, keepAs?: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'kezek-pdf-'));
  try {
    writeFileSync(join(dir, 'badge.pdf'), pdf);
    await run('pdftoppm', ['-r', '200', '-png', '-singlefile', join(dir, 'badge.pdf'), join(dir, 'badge')]);
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
export async function pdfText(pdf: Buffer): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'kezek-pdf-'));
  try {
    writeFileSync(join(dir, 'file.pdf'), pdf);
    return (await run('pdftotext', ['-layout', join(dir, 'file.pdf'), '-'], { encoding: 'utf8' })).stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
