// The test file runner of the mutation run (jest.mutation.config.js): jest's own, except that a
// mutant runs only against the test files that reached its code (files-by-mutant.js), and its
// run stops after the first file with a failure. One failing test is all StrykerJS needs, and
// jest cannot bail when StrykerJS drives it.
const TestRunner = require('jest-runner').default;
const { activeMutant, filesReaching } = require('./files-by-mutant');

class BailingTestRunner extends TestRunner {
  async runTests(tests, watcher, options) {
    const mutant = activeMutant();
    if (mutant === undefined || !options.serial || tests.length === 0) return super.runTests(tests, watcher, options);
    const reaching = filesReaching(tests[0].context.config.rootDir, mutant);
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
        if (reaching !== undefined && !reaching.has(test.path)) continue;
        await super.runTests([test], watcher, options);
      }
    } finally {
      for (const off of unsubscribe) off();
    }
  }
}

module.exports = BailingTestRunner;
