// The test environment of the mutation run (jest.mutation.config.js): jest's node environment,
// which in StrykerJS' unmutated run notes the mutants each test file reaches (files-by-mutant.js).
const { TestEnvironment } = require('jest-environment-node');
const { activeMutant, hits, recordFile } = require('./files-by-mutant');

class MutationTestEnvironment extends TestEnvironment {
  #testPath;
  #rootDir;
  #before;

  constructor(config, context) {
    super(config, context);
    this.#testPath = context.testPath;
    this.#rootDir = config.projectConfig.rootDir;
  }

  /** StrykerJS' coverage, shared by every test file of the run; absent outside StrykerJS. */
  #coverage() {
    return activeMutant() === undefined ? this.global.__stryker__?.mutantCoverage : undefined;
  }

  async setup() {
    await super.setup();
    const coverage = this.#coverage();
    if (coverage) this.#before = hits(coverage);
  }

  async teardown() {
    const coverage = this.#coverage();
    if (coverage && this.#before) recordFile(this.#rootDir, this.#testPath, this.#before, coverage);
    await super.teardown();
  }
}

module.exports = MutationTestEnvironment;
