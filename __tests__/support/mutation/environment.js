// The test environment of the mutation run (jest.mutation.config.js): jest's node environment,
// which in StrykerJS' unmutated run notes the mutants each test file reaches (files-by-mutant.js):
// those its tests reach, and those it reaches while loading or in hooks around them.
const { TestEnvironment } = require('jest-environment-node');
const { activeMutant, recordFile } = require('./files-by-mutant');

class MutationTestEnvironment extends TestEnvironment {
  #testPath;
  #rootDir;
  #staticBefore;
  #reached = new Set();

  constructor(config, context) {
    super(config, context);
    this.#testPath = context.testPath;
    this.#rootDir = config.projectConfig.rootDir;
  }

  /** StrykerJS' state in the test file (coverage, the running test), in its unmutated run only. */
  #stryker() {
    return activeMutant() === undefined ? this.global.__stryker__ : undefined;
  }

  async setup() {
    await super.setup();
    // The instrumented code creates the coverage object when it first runs: before the first
    // test file loads any, there is none, and everything that file reaches is new.
    const stryker = this.#stryker();
    if (stryker) this.#staticBefore = { ...stryker.mutantCoverage?.static };
  }

  async handleTestEvent(event) {
    // StrykerJS forgets which test runs only after this: its coverage is the test's own.
    const stryker = this.#stryker();
    if (event.name !== 'test_done' || stryker?.currentTestId === undefined) return;
    for (const id of Object.keys(stryker.mutantCoverage?.perTest[stryker.currentTestId] ?? {})) this.#reached.add(id);
  }

  async teardown() {
    const coverage = this.#stryker()?.mutantCoverage;
    if (coverage && this.#staticBefore) {
      for (const [id, count] of Object.entries(coverage.static)) if (count > (this.#staticBefore[id] ?? 0)) this.#reached.add(id);
      recordFile(this.#rootDir, this.#testPath, this.#reached);
    }
    await super.teardown();
  }
}

module.exports = MutationTestEnvironment;
