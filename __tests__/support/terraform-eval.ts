import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Evaluates strings from cdk.tf.json the way `terraform apply` will, in a throwaway
 * configuration holding only the variables they read and one output each: no provider needed.
 * The outputs are marked sensitive, as Terraform insists for values derived from sensitive
 * variables; `markSensitive: false` leaves the mark off, to see whether Terraform insists.
 */
export function evaluateAllWithTerraform(
  terraform: string,
  values: readonly string[],
  variables: Record<string, unknown>,
  env: Record<string, string>,
  { markSensitive = true }: { markSensitive?: boolean } = {},
): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'sentinel-terraform-'));
  try {
    const output = Object.fromEntries(values.map((value, i) => [`value_${i}`, { value, sensitive: markSensitive }]));
    // Terraform refuses an empty variable block.
    writeFileSync(join(dir, 'main.tf.json'), JSON.stringify({ ...(Object.keys(variables).length > 0 ? { variable: variables } : {}), output }));
    const run = (args: string[]) =>
      execFileSync(terraform, args, {
        cwd: dir,
        env: { ...process.env, ...env, CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1' },
        stdio: 'pipe',
      }).toString();
    run(['init', '-input=false', '-no-color']);
    run(['apply', '-auto-approve', '-input=false', '-no-color']);
    const outputs = JSON.parse(run(['output', '-json'])) as Record<string, { value: string }>;
    return values.map((_, i) => outputs[`value_${i}`]!.value);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function evaluateWithTerraform(
  terraform: string,
  value: string,
  variables: Record<string, unknown>,
  env: Record<string, string>,
  options: { markSensitive?: boolean } = {},
): string {
  return evaluateAllWithTerraform(terraform, [value], variables, env, options)[0]!;
}
