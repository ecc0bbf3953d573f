import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/synth-stack';
import { codeBlockUnder, commandLines } from './support/code-blocks';

// These blocks are run by CI, not by a unit test: each of their commands is one that .ci/run runs as written.
const CI = readFileSync(join(REPO_ROOT, '.ci', 'run'), 'utf8');
/** The commands .ci/run runs as written: its `*_COMMAND` values, and the engine's and the three-node swarm's start and stop. */
const HOST_COMMANDS = ['bash docker/engine.sh start', 'bash docker/engine.sh stop', 'bash docker/swarm-hosts.sh start', 'bash docker/swarm-hosts.sh stop'];
const CI_COMMANDS = [...[...CI.matchAll(/^[A-Z_]+_COMMAND='([^']+)'$/gm)].map((match) => match[1]!), ...HOST_COMMANDS];

describe('the blocks of commands that CI runs', () => {
  it('.ci/run runs the engine and the three-node swarm with the commands named here', () => {
    for (const command of HOST_COMMANDS) expect(CI).toContain(command);
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
    ['The swarm-nodes suite', codeBlockUnder('docs/contributing/testing.md', 'The swarm-nodes suite')],
    ['Node.js releases', codeBlockUnder('docs/contributing/testing.md', 'Node.js releases')],
  ])("testing.md's %s block holds only commands .ci/run runs", (_heading, block) => {
    const lines = commandLines(block);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.filter((line) => !CI_COMMANDS.includes(line))).toEqual([]);
  });
});
