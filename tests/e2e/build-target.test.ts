// The pages run on several-year-old tablets: Chrome/Android WebView 87+ and Safari 14+. Every
// built script must parse as ES2021, the newest syntax both have in full (logical assignment,
// numeric separators); ES2022 syntax (class fields in Safari 14.0, private methods, top-level
// await, static blocks) fails here.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'acorn';
import { describe, expect, it } from 'vitest';

const ASSETS = 'kiosk/dist/assets';

describe('the pages’ build target', () => {
  it('every built script parses as ES2021 (Chrome 87, Safari 14)', () => {
    const scripts = readdirSync(ASSETS).filter((f) => f.endsWith('.js'));
    expect(scripts.length).toBeGreaterThan(5);
    const failures = scripts.flatMap((f) => {
      try {
        parse(readFileSync(join(ASSETS, f), 'utf8'), { ecmaVersion: 2021, sourceType: 'module' });
        return [];
      } catch (err) {
        return [`${f}: ${(err as Error).message}`];
      }
    });
    expect(failures).toEqual([]);
  });

  it('the parser refuses syntax newer than the target', () => {
    for (const code of ['class A { x = 1 }', 'class A { #m() {} }', 'await Promise.resolve()', 'class A { static { } }']) {
      expect(() => parse(code, { ecmaVersion: 2021, sourceType: 'module' })).toThrow();
    }
    expect(() => parse('let a; a ??= 1_000;', { ecmaVersion: 2021, sourceType: 'module' })).not.toThrow();
  });
});
