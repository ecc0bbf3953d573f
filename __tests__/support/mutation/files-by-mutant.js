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

const recorded = new Map(); // test file → mutant ids

/** Notes the mutants `testPath` reached, for the runner's processes to read. */
function recordFile(rootDir, testPath, reached) {
  recorded.set(testPath, [...reached]);
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

module.exports = { activeMutant, recordFile, filesReaching };
