// The test file runner of the mutation run (jest.mutation.config.js): jest's own, except that a
// mutant's run stops after the first test file with a failure. One failing test is all StrykerJS
// needs, and jest cannot bail when StrykerJS drives it. A mutated construct reaches ~30 test files
// through the stack they synthesize, about 50 s of tests in all.
const TestRunner = require('jest-runner').default;

// StrykerJS names the mutant under test in this variable; unset in its first, unmutated run.
const ACTIVE_MUTANT = '__STRYKER_ACTIVE_MUTANT__';

class BailingTestRunner extends TestRunner {
  async runTests(tests, watcher, options) {
    if (process.env[ACTIVE_MUTANT] === undefined || !options.serial) return super.runTests(tests, watcher, options);
    let failed = false;
    const unsubscribe = [
      this.on('test-file-success', ([, result]) => {
        failed ||= result.numFailingTests > 0 || result.testExecError !== undefined;
      }),
      this.on('test-file-failure', () => {
        failed = true;
      }),
    ];
    try {
      for (const test of tests) {
        if (failed) break;
        await super.runTests([test], watcher, options);
      }
    } finally {
      for (const off of unsubscribe) off();
    }
  }
}

module.exports = BailingTestRunner;
