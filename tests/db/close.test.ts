import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../support/app.ts';

const SCRIPT = fileURLToPath(new URL('../support/open-and-close.ts', import.meta.url));

for (const mode of ['memory', 'redis'] as const) {
  describe(`closing the app (${mode} store)`, () => {
    const dir = tempDir();
    afterEach(() => dir.remove());

    it('finishes with nothing else keeping the process alive, the database closed and its log folded in', () => {
      const run = spawnSync(process.execPath, ['--import', 'tsx', SCRIPT], {
        env: { ...process.env, DATA_DIR: dir.dir, WITH_REDIS: mode === 'redis' ? '1' : '0' },
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(run.stderr).toBe('');
      expect(run.stdout.trim()).toBe('closed');
      expect(run.status).toBe(0);
      const file = readdirSync(dir.dir).find((f) => f.endsWith('.sqlite'))!;
      expect(existsSync(join(dir.dir, `${file}-wal`))).toBe(false);
      const db = new Database(join(dir.dir, file), { readonly: true });
      try {
        expect((db.prepare('SELECT count(*) AS n FROM scans').get() as { n: number }).n).toBe(1);
      } finally {
        db.close();
      }
    });
  });
}
