// @ts-check
/**
 * Mutation testing (`npm run test:mutation`): StrykerJS plants small bugs in the source and
 * runs the unit suite (jest.mutation.config.js: jest.config.js with snapshots not checked)
 * against each; a bug no test notices is a surviving mutant. docs/contributing/mutation-testing.md.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  mutate: [
    'config/**/*.ts',
    'alerts/**/*.ts',
    'constructs/**/*.ts',
    'app/src/**/*.ts',
    // Re-exports of the framework and provider bindings: no logic to mutate.
    '!constructs/framework/framework.ts',
    '!constructs/framework/docker.ts',
    // The app's process entry point (reads the environment, installs signal handlers, exits):
    // it runs only as a process, the built app/dist/main.js of the service and shutdown tests,
    // where no mutant is ever active. Everything it wires up is mutated in its own module.
    '!app/src/main.ts',
  ],
  testRunner: 'jest',
  jest: { projectType: 'custom', configFile: 'jest.mutation.config.js', enableFindRelatedTests: true },
  coverageAnalysis: 'perTest',
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.mutation.json',
  // The type checker above already rejects mutants that do not compile; ts-jest only transpiles.
  disableTypeChecks: '{config,alerts,constructs,app/src}/**/*.ts',
  // Only mutants in files changed since the committed run are tested again.
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  // The reference machine has two cores.
  concurrency: 2,
  // A mutant of a construct runs tests of ~30 files; the default 5 s of slack timed out healthy runs.
  timeoutMS: 30000,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  thresholds: { high: 90, low: 85, break: 85 },
  ignorePatterns: ['cdktf.out', 'coverage', 'bench/results', '.terraform'],
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
