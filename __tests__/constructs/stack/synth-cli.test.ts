import { spawnSync } from 'node:child_process';
import { readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir, removeTempDir } from '../../support/app-processes';
import { REPO_ROOT } from '../../support/synth-stack';

/**
 * `npm run synth` as the repository runs it (its script, cdktf.json's app command, the type-check's
 * tsconfig) in a project of its own whose main.ts declares the stack `declaration` gives.
 */
function runSynth(declaration: string): { output: string; status: number | null } {
  const project = makeTempDir('sentinel-synth-cli');
  try {
    symlinkSync(realpathSync(join(REPO_ROOT, 'node_modules')), join(project, 'node_modules'));
    writeFileSync(join(project, 'cdktf.json'), readFileSync(join(REPO_ROOT, 'cdktf.json')));
    const tsconfig = readFileSync(join(REPO_ROOT, 'tsconfig.synth.json'), 'utf8').replace('"./tsconfig.json"', JSON.stringify(join(REPO_ROOT, 'tsconfig.json')));
    writeFileSync(join(project, 'tsconfig.synth.json'), tsconfig);
    writeFileSync(
      join(project, 'main.ts'),
      `import { SentinelStack } from ${JSON.stringify(join(REPO_ROOT, 'constructs/stack/sentinel-stack'))};
import { synthesize } from ${JSON.stringify(join(REPO_ROOT, 'constructs/stack/synthesize'))};

synthesize((app) => {
  ${declaration}
});
`,
    );
    const script = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.synth!;
    const run = spawnSync('sh', ['-c', script], {
      cwd: project,
      env: { ...process.env, PATH: `${join(REPO_ROOT, 'node_modules', '.bin')}:${process.env.PATH}`, FORCE_COLOR: '0' },
      encoding: 'utf8',
      timeout: 180_000,
      killSignal: 'SIGKILL',
    });
    return { output: `${run.stdout}${run.stderr}`, status: run.status };
  } finally {
    removeTempDir(project);
  }
}

const occurrences = (text: string, part: string) => text.split(part).length - 1;

describe('npm run synth with a prop the stack cannot be built from', () => {
  it.each([
    ['a value a constructor refuses', `new SentinelStack(app, 'sentinel', { gateway: { hostPort: 70000 } });`, 'Invalid gateway.hostPort: got 70000, expected an integer TCP port from 1 to 65535'],
    ['a port two components share', `new SentinelStack(app, 'sentinel', { gateway: { hostPort: 9090 } });`, '[sentinel] Invalid hostPort: got "9090", expected a value not already used by gateway.hostPort'],
    ['a key the type-check finds unknown', `new SentinelStack(app, 'sentinel', { gateway: { hostport: 8080 } });`, "'hostport' does not exist in type 'GatewayOptions'"],
  ])('prints %s once, without a stack trace or cdktf advice, and exits 1', (_case, declaration, message) => {
    const { output, status } = runSynth(declaration);
    expect({ status, printed: occurrences(output, message) }).toEqual({ status: 1, printed: 1 });
    expect(output).not.toContain('    at ');
    expect(output).not.toContain('skipValidation');
  }, 200_000);
});
