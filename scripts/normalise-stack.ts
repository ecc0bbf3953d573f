/**
 * Prints a synthesized stack (cdk.tf.json) in the form scripts/check-cdktn.sh compares, with
 * what README.md's "Moving to CDK Terrain" names as differing replaced by placeholders:
 * the framework's version in the stack's metadata block (`"//"` → `metadata.version`) and the
 * project directory's absolute path (the app image's build context). Re-serialized, as
 * the frameworks lay out the same JSON differently (cdktf writes an empty object over two lines).
 *
 *   npx ts-node --transpiler sucrase/ts-node-plugin scripts/normalise-stack.ts <cdk.tf.json> <project directory>
 */
import { readFileSync } from 'node:fs';

export const FRAMEWORK_VERSION = '<framework version>';
export const PROJECT_DIR = '<project>';

interface Stack {
  '//'?: { metadata?: { version?: string } };
}

export function normaliseStack(json: string, projectDir: string): string {
  const stack = JSON.parse(json) as Stack;
  const metadata = stack['//']?.metadata;
  if (metadata?.version !== undefined) metadata.version = FRAMEWORK_VERSION;
  return JSON.stringify(stack, null, 2).split(projectDir).join(PROJECT_DIR);
}

if (require.main === module) {
  const [file, projectDir] = process.argv.slice(2);
  if (!file || !projectDir) {
    console.error('usage: normalise-stack.ts <cdk.tf.json> <project directory>');
    process.exit(2);
  }
  process.stdout.write(`${normaliseStack(readFileSync(file, 'utf8'), projectDir)}\n`);
}
