import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { codeBlockUnder } from '../docs/support/code-blocks';
import { REPO_ROOT } from '../support/synth-stack';

// The documented steps for moving to CDK Terrain must be the ones scripts/check-cdktn.sh runs (CI's `npm run check:cdktn`).
const script = readFileSync(join(REPO_ROOT, 'scripts', 'move-to-cdktn.sh'), 'utf8');

/** The script's commands: every line but the shebang, comments, blank lines and its own set-up. */
function scriptSteps(): string[] {
  return script
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .filter((line) => line !== 'set -euo pipefail' && line !== 'cd "$(dirname "$0")/.."');
}

/** The block of docs/contributing/cdk-terrain.md. */
function documentedSteps(): string[] {
  return codeBlockUnder('docs/contributing/cdk-terrain.md', 'Moving to CDK Terrain').body.split('\n').filter((line) => line.trim() !== '');
}

describe('scripts/move-to-cdktn.sh', () => {
  it('runs exactly the steps docs/contributing/cdk-terrain.md gives for moving to CDK Terrain', () => {
    expect(scriptSteps().length).toBeGreaterThan(0);
    expect(documentedSteps()).toEqual(scriptSteps());
  });
});
