// The order of test files in the mutation run (jest.mutation.config.js), so that the runner,
// which stops a mutant's run at its first failing file (runner.js), stops it early: first the
// test file mirroring the mutated source (__tests__/config/nginx.test.ts for config/nginx.ts),
// then the quickest files, by the durations of the unmutated run.
const { readdirSync, readFileSync } = require('node:fs');
const { join, relative } = require('node:path');
const Sequencer = require('@jest/test-sequencer').default;
const { activeMutant } = require('./files-by-mutant');

const MUTATED_DIRS = ['config', 'alerts', 'constructs', 'app/src'];
// How StrykerJS' instrumented sources ask whether a mutant is active. Should that name change,
// no file is known to be mutated and the order is by duration alone.
const MUTANT_CALL = /stryMutAct_9fa48\("(\d+)"\)/g;

function sourceFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

/** Mutant id → the mirroring test file of the source it is in, read once from the sandbox. */
let mirrorByMutant;
function mirrorTestOf(rootDir, mutant) {
  if (mirrorByMutant === undefined) {
    mirrorByMutant = new Map();
    for (const file of MUTATED_DIRS.flatMap((dir) => sourceFiles(join(rootDir, dir)))) {
      const mirror = join(rootDir, '__tests__', relative(rootDir, file).replace(/^app\/src\//, 'app/').replace(/\.ts$/, '.test.ts'));
      for (const [, id] of readFileSync(file, 'utf8').matchAll(MUTANT_CALL)) mirrorByMutant.set(id, mirror);
    }
  }
  return mirrorByMutant.get(mutant);
}

class MirrorFirstSequencer extends Sequencer {
  sort(tests) {
    const mutant = activeMutant();
    const mirror = mutant === undefined || tests.length === 0 ? undefined : mirrorTestOf(tests[0].context.config.rootDir, mutant);
    const rank = (test) => (test.path === mirror ? -1 : (this._getCache(test)[test.path]?.[1] ?? 0));
    return [...tests].sort((a, b) => rank(a) - rank(b));
  }

  // Mutant runs skip files: only the unmutated run's durations are kept.
  cacheResults(tests, results) {
    if (activeMutant() === undefined) super.cacheResults(tests, results);
  }
}

module.exports = MirrorFirstSequencer;
