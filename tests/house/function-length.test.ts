import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/** Longest a function of the product may be, counted from its first line to its last, inner functions included. */
const MAX_LINES = 80;
const ROOT = join(import.meta.dirname, '..', '..');
const FOLDERS = ['server', 'shared', 'kiosk'];

/**
 * Functions still longer, by `file:name`, each to be split by whoever works on its file next; the
 * second test takes one off the list as soon as it fits.
 */
const ALLOWED = new Set<string>([]);

interface FunctionLength {
  /** `file:name`; a function without a name of its own takes what it is assigned to, or `(plugin)` when given to fastify-plugin. */
  id: string;
  line: number;
  lines: number;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : sourceFiles(path);
    return /\.ts$/.test(e.name) && !e.name.endsWith('.d.ts') ? [path] : [];
  });
}

function nameOf(fn: ts.SignatureDeclaration, source: ts.SourceFile): string {
  const parent = fn.parent;
  if (ts.isClassLike(parent)) return `${parent.name?.getText(source) ?? '(class)'}.${fn.name?.getText(source) ?? 'constructor'}`;
  if (fn.name) return fn.name.getText(source);
  if ((ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) && parent.name) return parent.name.getText(source);
  if (ts.isCallExpression(parent) && parent.expression.getText(source) === 'fp') return '(plugin)';
  return `(anonymous at ${source.getLineAndCharacterOfPosition(fn.getStart(source)).line + 1})`;
}

/** Every function with a body in the product's sources, with its length in lines. */
function functionLengths(): FunctionLength[] {
  const out: FunctionLength[] = [];
  for (const file of FOLDERS.flatMap((f) => sourceFiles(join(ROOT, f)))) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const path = relative(ROOT, file).split('\\').join('/');
    const visit = (node: ts.Node): void => {
      if (ts.isFunctionLike(node) && 'body' in node && node.body) {
        const first = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
        const last = source.getLineAndCharacterOfPosition(node.end).line;
        out.push({ id: `${path}:${nameOf(node, source)}`, line: first + 1, lines: last - first + 1 });
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return out;
}

describe('units that fit in a head', () => {
  const lengths = functionLengths();

  it(`has no function over ${MAX_LINES} lines in ${FOLDERS.join(', ')}`, () => {
    const long = lengths.filter((f) => f.lines > MAX_LINES && !ALLOWED.has(f.id)).map((f) => `${f.id} (line ${f.line}): ${f.lines} lines`);
    expect(long).toEqual([]);
  });

  it('lists only functions that are still too long', () => {
    const stillLong = new Set(lengths.filter((f) => f.lines > MAX_LINES).map((f) => f.id));
    expect([...ALLOWED].filter((id) => !stillLong.has(id))).toEqual([]);
  });

  it('finds the functions it measures (a broken walk would pass everything)', () => {
    expect(lengths.length).toBeGreaterThan(500);
    expect(lengths.find((f) => f.id === 'server/app.ts:buildApp')?.lines).toBeGreaterThan(20);
    expect(lengths.find((f) => f.id === 'server/live/redis-store.ts:RedisStore.scan')?.lines).toBeGreaterThan(5);
  });
});
