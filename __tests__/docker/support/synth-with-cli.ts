import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SentinelStackProps } from '../../../constructs/sentinel-stack';
import { REPO_ROOT, type Synthesized } from '../../support/synth-stack';

/**
 * `npm run synth`, the framework's CLI as the deploy runs it (named there alone, so a move to CDK Terrain changes only
<<<<<<< HEAD
 * package.json), on main.ts's stack with these props; returns the path of cdk.tf.json. `appFile` (in this
 * directory) and `stackId` name another of main.ts's stacks.
=======
 * package.json), on main.ts's stack with these props and the orders service beside the app (`rehearsal-app.ts`); returns
 * the path of cdk.tf.json.
>>>>>>> main
 */
export function synthWithCli(props: SentinelStackProps, outputDir: string, { appFile = 'rehearsal-app.ts', stackId = 'sentinel' } = {}): string {
  const app = `npx ts-node --transpiler sucrase/ts-node-plugin ${join(__dirname, appFile)}`;
  execFileSync('npm', ['run', '--silent', 'synth', '--', '--app', app, '--output', outputDir], {
    cwd: REPO_ROOT,
    env: { ...process.env, SENTINEL_STACK_PROPS: JSON.stringify(props) },
    stdio: 'pipe',
    timeout: 120_000,
  });
  return join(outputDir, 'stacks', stackId, 'cdk.tf.json');
}

/** A cdk.tf.json the CLI wrote, in the shape the synth-time checks read. */
export function readSynthesized(stackFile: string): Synthesized {
  const json = readFileSync(stackFile, 'utf8');
  const parsed = JSON.parse(json);
  return { json, resources: parsed.resource ?? {}, variables: parsed.variable ?? {}, outputs: parsed.output ?? {} };
}
