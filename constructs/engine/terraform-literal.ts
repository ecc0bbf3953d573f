/**
 * Text that Terraform must take literally. Every string in cdk.tf.json is a Terraform
 * template, so `${` and `%{` in a config file (Grafana's `${datasource}`, say) would be
 * evaluated at apply time unless escaped as `$${` and `%%{`.
 */
export function terraformLiteral(text: string): string {
  return text.replace(/([$%])\{/g, (_match, sigil: string) => `${sigil}${sigil}{`);
}

/** HCL's escapes for the inside of a quoted string. */
function hclEscaped(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t');
}

/** A quoted HCL template whose `${…}` interpolations Terraform evaluates: `template` is already a Terraform template. */
export function hclTemplate(template: string): string {
  return `"${hclEscaped(template)}"`;
}
