import { hclTemplate, terraformLiteral } from '../../../constructs/engine/terraform-literal';
import { describeWithTools, TOOLS } from '../../support/external-tools';
import { evaluateWithTerraform } from '../../support/terraform-eval';

describe('terraformLiteral', () => {
  it('escapes Terraform template sequences', () => {
    expect(terraformLiteral('{"datasource":"${datasource}","x":"%{ if y }"}')).toBe('{"datasource":"$${datasource}","x":"%%{ if y }"}');
  });

  it('leaves everything else alone, PromQL and Go templates included', () => {
    const text = 'rate(x[$__rate_interval]) {{ $labels.job }} $value 100%';
    expect(terraformLiteral(text)).toBe(text);
  });
});

const AWKWARD = 'path: "C:\\dir\\file"\r\n\tindented: yes\n';

describe('hclTemplate', () => {
  it("quotes a template with HCL's escapes for backslashes, quotes, newlines, carriage returns and tabs", () => {
    expect(hclTemplate(AWKWARD)).toBe('"path: \\"C:\\\\dir\\\\file\\"\\r\\n\\tindented: yes\\n"');
  });

  it('leaves its interpolations for Terraform to evaluate', () => {
    expect(hclTemplate('url: ${jsonencode(var.url)}')).toBe('"url: ${jsonencode(var.url)}"');
  });
});

describeWithTools('hclTemplate as Terraform evaluates it', [TOOLS.terraform], ([terraform]) => {
  it('gives back the text byte for byte, its interpolations evaluated', () => {
    const variables = { secret: { type: 'string', sensitive: true } };
    const evaluated = evaluateWithTerraform(terraform, `\${${hclTemplate(`${AWKWARD}secret: \${jsonencode(var.secret)}`)}}`, variables, { TF_VAR_secret: 'a\\b' });
    expect(evaluated).toBe(`${AWKWARD}secret: "a\\\\b"`);
  }, 60_000);
});
