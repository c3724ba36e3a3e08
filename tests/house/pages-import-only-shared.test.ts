import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const PAGES = join(ROOT, 'kiosk');
/** Built output and the pages' static files: not source the pages import from. */
const SKIPPED = new Set([join(PAGES, 'dist'), join(PAGES, 'public'), join(PAGES, 'node_modules')]);

function pageFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return SKIPPED.has(path) ? [] : pageFiles(path);
    return /\.(ts|tsx|js|mjs|cjs|html)$/.test(e.name) ? [path] : [];
  });
}

/** Every module a page file names: import/export … from, import(), require(), and `<script src>` in HTML. */
function specifiers(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  if (file.endsWith('.html')) return [...text.matchAll(/<script[^>]*\ssrc=["']([^"']+)["']/g)].map((m) => m[1]);
  return ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);
}

/** `file: specifier` for each import of a page file that resolves into server/. */
function importsOfServer(): string[] {
  const server = join(ROOT, 'server') + sep;
  return pageFiles(PAGES).flatMap((file) =>
    specifiers(file)
      .filter((s) => s.startsWith('.') || s.startsWith('/'))
      .filter((s) => (s.startsWith('/') ? join(PAGES, s) : resolve(dirname(file), s)).startsWith(server))
      .map((s) => `${relative(ROOT, file)}: ${s}`),
  );
}

describe('the pages and the server share one contract', () => {
  it('finds the imports of page files, so the check below can fail', () => {
    const all = pageFiles(PAGES).flatMap(specifiers);
    expect(all).toContain('../../shared/reports.ts');
    expect(all.length).toBeGreaterThan(50);
  });

  it('no page imports from server/: what the pages and the server share lives in shared/', () => {
    expect(importsOfServer()).toEqual([]);
  });
});
