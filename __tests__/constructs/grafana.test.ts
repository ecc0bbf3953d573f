import { ADMIN_PASSWORD_VARIABLE } from '../../constructs/grafana';
import { describeWithTools, TOOLS } from '../support/debian-tool';
import { containerNamed, synthStack } from '../support/synth-stack';
import { evaluateWithTerraform } from '../support/terraform-eval';

const synth = synthStack();
const grafana = containerNamed(synth, 'sentinel-grafana');

describeWithTools('Grafana files and variables as Terraform evaluates them', [TOOLS.terraform], ([terraform]) => {
  const variables = { [ADMIN_PASSWORD_VARIABLE]: synth.variables[ADMIN_PASSWORD_VARIABLE] };
  const goodPassword = { [`TF_VAR_${ADMIN_PASSWORD_VARIABLE}`]: 'a-long-enough-secret' };

  it('delivers a dashboard byte for byte, ${datasource} included', () => {
    const [dashboard] = synth.stack.app.dashboards;
    const upload = grafana.upload?.find((u) => u.file.endsWith(`/${dashboard?.fileName}`));
    const delivered = evaluateWithTerraform(terraform, upload?.content ?? '', variables, goodPassword);
    expect(delivered).toBe(JSON.stringify(dashboard?.json, null, 2));
    expect(delivered).toContain('"uid": "${datasource}"');
  }, 60_000);

  it('refuses an admin password shorter than 12 characters', () => {
    expect(() =>
      evaluateWithTerraform(terraform, 'unused', variables, { [`TF_VAR_${ADMIN_PASSWORD_VARIABLE}`]: 'admin' }),
    ).toThrow(/must be at least 12 characters long/);
  }, 60_000);

  it('refuses to apply without an admin password', () => {
    expect(() => evaluateWithTerraform(terraform, 'unused', variables, {})).toThrow(/No value for required variable/);
  }, 60_000);
});
