/**
 * Prints a synthesized stack (cdk.tf.json) in the form scripts/check-cdktn.sh compares, with
 * what docs/contributing/cdk-terrain.md names as differing replaced by placeholders:
 * the framework's version in the stack's metadata block (`"//"` → `metadata.version`) and the
 * project directory's absolute path (where the app image's build context points: the stack names
 * it relative to its own directory, so it is resolved from there first). Re-serialized, as
 * the frameworks lay out the same JSON differently (cdktf writes an empty object over two lines).
 *
 *   npx ts-node --transpiler sucrase/ts-node-plugin scripts/normalise-stack.ts <cdk.tf.json> <project directory>
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

export const FRAMEWORK_VERSION = '<framework version>';
export const PROJECT_DIR = '<project>';

interface Stack {
  '//'?: { metadata?: { version?: string } };
  resource?: { docker_image?: Record<string, { build?: { context: string } }> };
}

/** The stack as compared; `stackDir` is where its cdk.tf.json lies, which its build contexts are relative to. */
export function normaliseStack(json: string, projectDir: string, stackDir: string): string {
  const stack = JSON.parse(json) as Stack;
  const metadata = stack['//']?.metadata;
  if (metadata?.version !== undefined) metadata.version = FRAMEWORK_VERSION;
  for (const image of Object.values(stack.resource?.docker_image ?? {})) {
    if (image.build !== undefined) image.build.context = resolve(stackDir, image.build.context);
  }
  return JSON.stringify(stack, null, 2).split(projectDir).join(PROJECT_DIR);
}

if (require.main === module) {
  const [file, projectDir] = process.argv.slice(2);
  if (!file || !projectDir) {
    console.error('usage: normalise-stack.ts <cdk.tf.json> <project directory>');
    process.exit(2);
  }
  process.stdout.write(`${normaliseStack(readFileSync(file, 'utf8'), projectDir, dirname(file))}\n`);
}
