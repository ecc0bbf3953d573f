// Which test files ran each mutant's code in StrykerJS' first, unmutated run: recorded by the
// environment (environment.js), read by the runner (runner.js) to run only those files against
// the mutant. A file that never reaches a mutant's code cannot tell it from the original.
// StrykerJS itself narrows tests for a mutant only when all its coverage lies inside tests; code
// run while a test file loads (every file here synthesizes its stack at load) makes it run every
// related file: ~40 for a construct, where ~25 actually build it.
const { existsSync, readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

// StrykerJS names the mutant under test in this variable; unset in its first, unmutated run.
const ACTIVE_MUTANT = '__STRYKER_ACTIVE_MUTANT__';
// In the sandbox StrykerJS copies the project to, never in the project.
const RECORD = '.stryker-files-by-mutant.json';

/** The mutant under test, or undefined in the unmutated run. */
function activeMutant() {
  return process.env[ACTIVE_MUTANT];
}

/** Mutant id → its hit count so far, across the whole coverage StrykerJS collects. */
function hits(mutantCoverage) {
  const total = new Map();
  for (const counts of [mutantCoverage.static, ...Object.values(mutantCoverage.perTest)]) {
    for (const [id, count] of Object.entries(counts)) total.set(id, (total.get(id) ?? 0) + count);
  }
  return total;
}

const recorded = new Map(); // test file → mutant ids

/** Notes the mutants whose hit counts grew between `before` (hits() then) and now. */
function recordFile(rootDir, testPath, before, mutantCoverage) {
  const reached = [...hits(mutantCoverage)].filter(([id, count]) => count > (before.get(id) ?? 0)).map(([id]) => id);
  recorded.set(testPath, reached);
  writeFileSync(join(rootDir, RECORD), JSON.stringify(Object.fromEntries(recorded)));
}

let filesByMutant; // mutant id → Set of test files, read once per process
/** The test files that reached `mutant`, or undefined when nothing was recorded for it. */
function filesReaching(rootDir, mutant) {
  if (filesByMutant === undefined) {
    filesByMutant = new Map();
    const file = join(rootDir, RECORD);
    if (existsSync(file)) {
      for (const [testPath, ids] of Object.entries(JSON.parse(readFileSync(file, 'utf8')))) {
        for (const id of ids) filesByMutant.set(id, (filesByMutant.get(id) ?? new Set()).add(testPath));
      }
    }
  }
  return filesByMutant.get(mutant);
}

module.exports = { activeMutant, hits, recordFile, filesReaching };
