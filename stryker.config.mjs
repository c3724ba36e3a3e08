// Mutation testing (StrykerJS): `npm run mutation` over every folder below; one folder at a time
// with `npm run mutation -- --mutate 'server/flow/**/*.ts'`. Results: reports/mutation/.
// Each mutant left alive is either a gap in the tests or listed in tests/MUTATION.md as equivalent.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'stryker.vitest.config.ts', related: false },
  mutate: [
    'server/flow/**/*.ts',
    'server/live/**/*.ts',
    'server/badges/**/*.ts',
    'server/plugins/auth.ts',
    'server/registration/**/*.ts',
    'shared/**/*.ts',
  ],
  // Only tests that cover a mutant run for it; the first failing one ends the run.
  coverageAnalysis: 'perTest',
  // Two cores: more runners only queue on them.
  concurrency: 2,
  timeoutMS: 20_000,
  // The first run of every test, for coverage, takes minutes on a loaded machine.
  dryRunTimeoutMinutes: 30,
  timeoutFactor: 2,
  // Results of the last run are reused for code and tests that did not change (git-ignored).
  incremental: true,
  incrementalFile: 'reports/mutation/incremental.json',
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  thresholds: { high: 85, low: 75, break: null },
  // Another run's sandbox (two runs at once, each with its own --tempDirName) is not copied into this one's.
  ignorePatterns: ['/kiosk/dist', '/build', '/data', '/reports', '/tests/.artifacts', '/.stryker-tmp*'],
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
