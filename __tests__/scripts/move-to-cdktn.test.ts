import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/synth-stack';

// README.md's steps for moving to CDK Terrain must be the ones scripts/check-cdktn.sh proves.
const script = readFileSync(join(REPO_ROOT, 'scripts', 'move-to-cdktn.sh'), 'utf8');
const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');

/** The script's commands: every line but the shebang, comments, blank lines and its own set-up. */
function scriptSteps(): string[] {
  return script
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .filter((line) => line !== 'set -euo pipefail' && line !== 'cd "$(dirname "$0")/.."');
}

/** The first sh block of README.md's "Moving to CDK Terrain" section. */
function readmeSteps(): string[] {
  const section = readme.split(/^## /m).find((part) => part.startsWith('Moving to CDK Terrain\n'));
  if (!section) throw new Error('README.md has no section "## Moving to CDK Terrain"');
  const block = /^```sh\n([\s\S]*?)^```$/m.exec(section);
  if (!block) throw new Error('"Moving to CDK Terrain" has no sh block');
  return block[1].split('\n').filter((line) => line.trim() !== '');
}

describe('scripts/move-to-cdktn.sh', () => {
  it("runs exactly README.md's steps for moving to CDK Terrain", () => {
    expect(scriptSteps().length).toBeGreaterThan(0);
    expect(readmeSteps()).toEqual(scriptSteps());
  });
});
