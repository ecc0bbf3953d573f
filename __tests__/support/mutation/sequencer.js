// The order of test files in the mutation run (jest.mutation.config.js): quickest first, by the
// durations of the unmutated run, so a mutant the runner stops at its first failing file is
// usually stopped after little work (runner.js). Mutant runs, which skip tests, leave those durations alone.
const Sequencer = require('@jest/test-sequencer').default;

const ACTIVE_MUTANT = '__STRYKER_ACTIVE_MUTANT__';

class QuickestFirstSequencer extends Sequencer {
  sort(tests) {
    const duration = (test) => this._getCache(test)[test.path]?.[1] ?? 0;
    return [...tests].sort((a, b) => duration(a) - duration(b));
  }

  cacheResults(tests, results) {
    if (process.env[ACTIVE_MUTANT] === undefined) super.cacheResults(tests, results);
  }
}

module.exports = QuickestFirstSequencer;
