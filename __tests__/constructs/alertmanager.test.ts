import { parse } from 'yaml';
import { renderAlertmanagerConfig } from '../../config/alertmanager';
import { WEBHOOK_URL_VARIABLE } from '../../constructs/alertmanager';
import { WATCHDOG } from '../../alerts/meta-alerts';
import { describeWithTools, TOOLS } from '../support/debian-tool';
import { containerNamed, synthStack, uploadedFile } from '../support/synth-stack';
import { evaluateWithTerraform } from '../support/terraform-eval';

const synth = synthStack();
const alertmanager = containerNamed(synth, 'sentinel-alertmanager');
const template = alertmanager.upload?.find((u) => u.file === '/etc/alertmanager/alertmanager.yml')?.content ?? '';
const base = { watchdogAlertName: WATCHDOG, resolveTimeout: '5m' } as const;

describe('Alertmanager container', () => {
  it('is on the monitoring network only, published on loopback, with its state on a volume', () => {
    expect(alertmanager.networks_advanced?.map((n) => n.name)).toEqual([expect.stringContaining('docker_network.networks_monitoring_')]);
    expect(alertmanager.ports).toEqual([{ internal: 9093, external: 9093, ip: '127.0.0.1' }]);
    expect(alertmanager.volumes).toEqual([{ volume_name: expect.stringContaining('alertmanager_data'), container_path: '/alertmanager' }]);
    expect(alertmanager.command).toEqual(expect.arrayContaining(['--storage.path=/alertmanager']));
    expect(alertmanager.healthcheck?.test).toEqual(expect.arrayContaining([expect.stringContaining('/-/ready')]));
  });

  it('is where Prometheus sends alerts', () => {
    const prometheusYml = uploadedFile(containerNamed(synth, 'sentinel-prometheus'), '/etc/prometheus/prometheus.yml');
    expect(prometheusYml).toMatch(/alerting:\s+alertmanagers:\s+- static_configs:\s+- targets:\s+- alertmanager:9093/);
  });

  it('takes the webhook URL from a sensitive variable whose only default is the empty "no receiver"', () => {
    expect(synth.variables[WEBHOOK_URL_VARIABLE]).toMatchObject({ sensitive: true, type: 'string', default: '' });
  });

  it('chooses between the two rendered configs on the variable at apply time', () => {
    expect(template.startsWith(`\${var.${WEBHOOK_URL_VARIABLE} == "" ? "`)).toBe(true);
    expect(template).toContain(`\${jsonencode(var.${WEBHOOK_URL_VARIABLE})}`);
  });
});

describeWithTools('alertmanager.yml as Terraform renders it', [TOOLS.terraform], ([terraform]) => {
  const variables = { [WEBHOOK_URL_VARIABLE]: synth.variables[WEBHOOK_URL_VARIABLE] };
  const render = (webhookUrl: string | undefined) =>
    evaluateWithTerraform(terraform, template, variables, webhookUrl === undefined ? {} : { [`TF_VAR_${WEBHOOK_URL_VARIABLE}`]: webhookUrl });

  it('is the null-receiver config when no webhook URL is given', () => {
    expect(render(undefined)).toBe(renderAlertmanagerConfig(base));
  }, 60_000);

  it('is the webhook config, with the URL quoted safely, when one is given', () => {
    // YAML-significant characters: an unquoted URL would be cut at " #" or misread at ": ".
    const url = 'https://hooks.example.test/alerts?token=a#b:c&d="e"';
    const rendered = render(url);
    expect(parse(rendered)).toEqual(parse(renderAlertmanagerConfig({ ...base, webhookUrl: url })));
    expect(parse(rendered).receivers[0].webhook_configs[0].url).toBe(url);
  }, 60_000);

  it('refuses a webhook URL that is not http(s)', () => {
    expect(() => render('ftp://example.test')).toThrow(/must be empty or an http\(s\) URL/);
  }, 60_000);
});
