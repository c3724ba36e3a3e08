import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// The server runs from its TypeScript source (tests, `tsx`) or compiled into build/server/ (`npm
// start`). Files it reads beside its code (migrations, the built pages, the bundled event, the
// checkpointer thread) are found from the repository's root, which both places share.

const HERE = fileURLToPath(import.meta.url);

/** Whether this process runs the compiled JavaScript in build/ rather than the TypeScript source. */
export const COMPILED = HERE.endsWith('.js');

/** The nearest folder at or above `dir` holding package.json. */
function packageRoot(dir: string): string {
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(join(d, 'package.json'))) return d;
    if (dirname(d) === d) throw new Error(`no package.json above ${dir}`);
  }
}

/** The repository's root (where package.json is). */
export const ROOT = packageRoot(dirname(HERE));

/** SQLite migrations made by drizzle-kit. */
export const SQLITE_MIGRATIONS_DIR = join(ROOT, 'drizzle');
/** PostgreSQL migrations made by drizzle-kit. */
export const PG_MIGRATIONS_DIR = join(ROOT, 'drizzle', 'pg');
/** The browser pages as Vite builds them (`npm run build`). */
export const PAGES_DIR = join(ROOT, 'kiosk', 'dist');
/** The event a server runs when EVENT_FILE is not set. */
export const BUNDLED_EVENT = join(ROOT, 'server', 'event', 'my-profession-my-pride.json');
/** The WAL checkpointer thread: plain CommonJS, run as it is from source or compiled. */
export const CHECKPOINTER = join(ROOT, 'server', 'db', 'checkpointer.cjs');

/**
 * The module a thread runs, named as its TypeScript source next to the caller
 * (`new URL('./x-thread.ts', import.meta.url)`): the compiled `.js` beside it when compiled.
 */
export function threadModule(source: URL): URL {
  return COMPILED ? new URL(source.href.replace(/\.ts$/, '.js')) : source;
}
