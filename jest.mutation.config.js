// The unit suite as `npm test` runs it (jest.config.js), for StrykerJS (`npm run test:mutation`).
// The differences, all in __tests__/support/mutation/:
// - Snapshot matchers always pass. A snapshot is a change detector that `jest -u` waves through,
//   so a mutant only a snapshot notices counts as surviving: the score measures the tests that
//   assert behaviour.
// - A mutant's run stops after its first test file with a failure; the file mirroring the mutated
//   source runs first, then the quickest (runner.js, sequencer.js): a run over the constructs takes hours less.
// - The source folders are roots too, so jest's --findRelatedTests (which StrykerJS uses to pick
//   the test files of a mutated file) follows imports through them, e.g. config/ via constructs/.
const base = require('./jest.config');

const support = '<rootDir>/__tests__/support/mutation';

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  roots: [...base.roots, ...['config', 'alerts', 'constructs', 'dashboards', 'app/src'].map((dir) => `<rootDir>/${dir}`)],
  runner: `${support}/runner.js`,
  testSequencer: `${support}/sequencer.js`,
  setupFilesAfterEnv: [...base.setupFilesAfterEnv, `${support}/snapshots-ignored.ts`],
};
