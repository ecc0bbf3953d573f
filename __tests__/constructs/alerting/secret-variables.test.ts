import { yamlTemplateWithSecrets } from '../../../constructs/alerting/secret-variables';

describe('yamlTemplateWithSecrets', () => {
  it('writes each secret in as its JSON-encoded variable and keeps the rest literal', () => {
    const template = yamlTemplateWithSecrets((secrets) => `url: ${secrets.slack_url}\ntitle: "\${job}"\n`, ['slack_url']);
    expect(template).toBe('url: ${jsonencode(var.slack_url)}\ntitle: "$${job}"\n');
  });

  it('refuses a secret the rendered file never reads, naming it', () => {
    expect(() => yamlTemplateWithSecrets((secrets) => `url: ${secrets.slack_url}\n`, ['slack_url', 'smtp_password'])).toThrow(
      'the rendered file does not read the secret smtp_password',
    );
  });
});
