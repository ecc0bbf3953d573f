import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Evaluates a string from cdk.tf.json the way `terraform apply` will, in a throwaway
 * configuration holding only the variables it reads and one output: no provider needed.
 */
export function evaluateWithTerraform(
  terraform: string,
  value: string,
  variables: Record<string, unknown>,
  env: Record<string, string>,
): string {
  const dir = mkdtempSync(join(tmpdir(), 'sentinel-terraform-'));
  try {
    writeFileSync(join(dir, 'main.tf.json'), JSON.stringify({ variable: variables, output: { value: { value, sensitive: true } } }));
    const run = (args: string[]) =>
      execFileSync(terraform, args, {
        cwd: dir,
        env: { ...process.env, ...env, CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1' },
        stdio: 'pipe',
      }).toString();
    run(['init', '-input=false', '-no-color']);
    run(['apply', '-auto-approve', '-input=false', '-no-color']);
    return JSON.parse(run(['output', '-json', 'value'])) as string;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
