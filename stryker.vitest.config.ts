// The tests mutation testing runs (stryker.config.mjs): unit and contract tests that build no
// server process and open no browser, fastest first so that a mutant's first failure comes early.
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** Test files in the order they run for a mutant: pure rules first, Redis and apps last. */
const ORDER = [
  'tests/shared/units.test.ts',
  'tests/programme/programme-rules.test.ts',
  'tests/flow/rules.test.ts',
  'tests/flow/station-lists.test.ts',
  'tests/flow/',
  'tests/live/scan-ids.test.ts',
  'tests/live/log-entry.test.ts',
  'tests/live/redis-durability.test.ts',
  'tests/live/redis-target.test.ts',
  'tests/live/redis-client.test.ts',
  'tests/live/station-doc.test.ts',
  'tests/live/rebuild.test.ts',
  'tests/live/snapshot-body.test.ts',
  'tests/live/snapshot.test.ts',
  'tests/live/journal.test.ts',
  'tests/live/memory-store.test.ts',
  'tests/live/redis-store.test.ts',
  'tests/live/archiver.test.ts',
  'tests/realtime/',
  'tests/registration/badge-layout.test.ts',
  'tests/registration/',
  'tests/shared/',
  'tests/auth/badge-signer.test.ts',
  'tests/auth/auth-hook.test.ts',
  'tests/kiosks/',
  'tests/live/contract.test.ts',
  'tests/auth/',
];

const rank = (file: string): number => {
  const i = ORDER.findIndex((p) => file.includes(`/${p}`));
  return i < 0 ? ORDER.length : i;
};

class FastFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    return [...files].sort((a, b) => rank(a.moduleId) - rank(b.moduleId) || a.moduleId.localeCompare(b.moduleId));
  }
}

// `MUTATION_TESTS='tests/auth/*.test.ts,tests/kiosks/*.test.ts'` runs only those test files instead:
// one folder's mutants with the tests that reach it make a first run of a minute, not five, and a
// mutant made at start-up (run by every test) costs those tests only. A mutant only a test left
// out would kill is reported alive: a narrowed score is never higher than the full one.
const only = process.env.MUTATION_TESTS?.split(',').map((f) => f.trim()).filter((f) => f !== '');

export default defineConfig({
  test: {
    include: only ?? [
      'tests/shared/*.test.ts',
      'tests/programme/programme-rules.test.ts',
      'tests/flow/*.test.ts',
      'tests/live/*.test.ts',
      'tests/registration/*.test.ts',
      'tests/kiosks/*.test.ts',
      'tests/auth/*.test.ts',
      'tests/security/text.test.ts',
      'tests/security/csv-formulas.test.ts',
      'tests/realtime/live-view.test.ts',
      'tests/realtime/alerts.test.ts',
    ],
    // Waits 11 s for a lock on purpose: too slow to run for every mutant (unless named in MUTATION_TESTS).
    exclude: only ? [] : ['tests/live/seeding.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    sequence: { sequencer: FastFirst },
  },
});
