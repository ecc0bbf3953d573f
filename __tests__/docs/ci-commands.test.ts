import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/synth-stack';
import { codeBlockUnder, commandLines } from './support/code-blocks';

// These blocks are run by CI, not by a unit test: each of their commands is one that .ci/run runs as written.
const CI = readFileSync(join(REPO_ROOT, '.ci', 'run'), 'utf8');
/** The commands .ci/run runs as written: its `*_COMMAND` values and the engine's start and stop. */
const CI_COMMANDS = [...[...CI.matchAll(/^[A-Z_]+_COMMAND='([^']+)'$/gm)].map((match) => match[1]!), 'bash docker/engine.sh start', 'bash docker/engine.sh stop'];

describe('the blocks of commands that CI runs', () => {
  it('.ci/run runs the engine with the commands named here', () => {
    expect(CI).toContain('bash docker/engine.sh start');
    expect(CI).toContain('bash docker/engine.sh stop');
  });

  it("README's test command is CI's test step, as written", () => {
    expect(commandLines(codeBlockUnder('README.md', 'Test'))).toEqual(['npm ci && npm test']);
    expect(CI).toContain("TEST_COMMAND='npm ci && npm test'");
  });

  it.each([
    ['Unit suites', codeBlockUnder('docs/contributing/testing.md', 'Unit suites')],
    ['The live suite', codeBlockUnder('docs/contributing/testing.md', 'The live suite')],
    ['The package suite', codeBlockUnder('docs/contributing/testing.md', 'The package suite')],
    ['The Docker, deploy, backend and swarm suites', codeBlockUnder('docs/contributing/testing.md', 'The Docker, deploy, backend and swarm suites')],
    ['Node.js releases', codeBlockUnder('docs/contributing/testing.md', 'Node.js releases')],
  ])("testing.md's %s block holds only commands .ci/run runs", (_heading, block) => {
    const lines = commandLines(block);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.filter((line) => !CI_COMMANDS.includes(line))).toEqual([]);
  });
});
