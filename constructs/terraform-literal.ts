/**
 * Text that Terraform must take literally. Every string in cdk.tf.json is a Terraform
 * template, so `${` and `%{` in a config file (Grafana's `${datasource}`, say) would be
 * evaluated at apply time unless escaped as `$${` and `%%{`.
 */
export function terraformLiteral(text: string): string {
  return text.replace(/([$%])\{/g, (_match, sigil: string) => `${sigil}${sigil}{`);
}
