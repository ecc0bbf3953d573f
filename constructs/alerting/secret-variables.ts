import type { SecretValues } from '../../config/alertmanager-receivers';
import { type Construct, TerraformVariable } from '../framework/framework';
import { terraformLiteral } from '../engine/terraform-literal';

/** A secret the stack reads from a sensitive Terraform variable, set as TF_VAR_<name> at apply time. */
export interface SecretVariable {
  readonly name: string;
  /** What it is, for `terraform plan` and the README. */
  readonly description: string;
}

/**
 * Sensitive and without a default, so its value is asked for at apply time and never lands in
 * cdk.tf.json. Terraform refuses only an empty value: it prints the value of a variable that
 * fails its validation, sensitive or not, so a check of the value's shape would print a
 * mistyped secret. Alertmanager checks the shape when it loads its config, naming no value.
 */
export function declareSecretVariable(scope: Construct, variable: SecretVariable): TerraformVariable {
  const declared = new TerraformVariable(scope, variable.name, {
    type: 'string',
    sensitive: true,
    description: `${variable.description} Set TF_VAR_${variable.name}.`,
    validation: [{ condition: `\${length(var.${variable.name}) > 0}`, errorMessage: `${variable.name} must not be empty.` }],
  });
  declared.overrideLogicalId(variable.name);
  return declared;
}

const marker = (name: string) => `SENTINEL_SECRET_${name}_END`;

/**
 * A YAML file as a Terraform template: rendered with a marker where each secret goes, then
 * each marker replaced by its variable, JSON-quoted, which is a valid YAML scalar whatever
 * characters the value holds.
 */
export function yamlTemplateWithSecrets(render: (secrets: SecretValues) => string, variables: readonly string[]): string {
  let template = terraformLiteral(render(Object.fromEntries(variables.map((name) => [name, marker(name)]))));
  for (const name of variables) {
    if (!template.includes(marker(name))) throw new Error(`the rendered file does not read the secret ${name}`);
    template = template.split(marker(name)).join(`\${jsonencode(var.${name})}`);
  }
  return template;
}
