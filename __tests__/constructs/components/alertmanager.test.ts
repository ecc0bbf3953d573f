import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { renderAlertmanagerConfig } from '../../../config/alertmanager';
import { Alertmanager, type AlertmanagerOptions } from '../../../constructs/components/alertmanager';
import { checkConfig, routedReceivers } from '../../support/amtool-config';
import { describeWithTools, TOOLS } from '../../support/external-tools';
import { synthConstruct } from '../../support/construct-scope';
import { containerNamed, networkRolesOf, resourceNames, type Synthesized, uploadedFile } from '../../support/synth-stack';
import { evaluateWithTerraform } from '../../support/terraform-eval';
import { useTempDir } from '../../support/temp-dir';

const CONFIG_PATH = '/etc/alertmanager/alertmanager.yml';
const synthAlertmanager = (options?: AlertmanagerOptions) => synthConstruct((scope) => new Alertmanager(scope, 'alertmanager', options));
const synth = synthAlertmanager();
const alertmanager = containerNamed(synth, 'sentinel-alertmanager');
const templateOf = (synthesized: Synthesized) =>
  containerNamed(synthesized, 'sentinel-alertmanager').upload?.find((u) => u.file === CONFIG_PATH)?.content ?? '';

/** One receiver of every kind, each route shape, and a dead man's switch. */
const ALERTING: AlertmanagerOptions = {
  receivers: [
    { kind: 'slack', name: 'team-chat' },
    { kind: 'email', name: 'ops-mail', smarthost: 'smtp.example.test:587', from: 'sentinel@example.test', to: ['ops@example.test'], authUsername: 'sentinel' },
    { kind: 'pagerduty', name: 'pager' },
    { kind: 'webhook', name: 'incident-hook' },
  ],
  routes: [
    { severity: 'critical', job: 'app', receivers: ['pager', 'team-chat'] },
    { severity: 'critical', receivers: ['pager', 'ops-mail'] },
    { severity: 'warning', receivers: ['team-chat', 'incident-hook'] },
  ],
  deadMansSwitch: true,
};

const SECRET_VARIABLES = [
  'alertmanager_slack_team_chat_webhook_url',
  'alertmanager_email_ops_mail_smtp_password',
  'alertmanager_pagerduty_pager_routing_key',
  'alertmanager_webhook_incident_hook_url',
  'alertmanager_dead_mans_switch_url',
];

/** Secret values as an operator would set them, with characters that mean something in YAML and in Terraform templates. */
const VALUES: Record<string, string> = {
  alertmanager_slack_team_chat_webhook_url: 'https://hooks.slack.test/services/T0/B0/a#b: "c"',
  alertmanager_email_ops_mail_smtp_password: "pa$${ss}: %{w} 'ord' #1\\",
  alertmanager_pagerduty_pager_routing_key: 'R0UTINGKEY0123456789abcdef012345',
  alertmanager_webhook_incident_hook_url: 'https://incidents.example.test/hook?token=x&y=<z>',
  alertmanager_dead_mans_switch_url: 'https://dms.example.test/ping/0f0e',
};
const tfVars = (values: Record<string, string>) => Object.fromEntries(Object.entries(values).map(([name, value]) => [`TF_VAR_${name}`, value]));

const alerting = synthAlertmanager(ALERTING);

describe('Alertmanager container', () => {
  it('is on the monitoring network only, published on loopback, with its state on a volume', () => {
    expect(alertmanager.networks_advanced?.map((n) => n.name)).toEqual([expect.stringContaining('docker_network.networks_monitoring_')]);
    expect(networkRolesOf(alertmanager)).toEqual(['monitoring']);
    expect(resourceNames(synth, 'docker_volume')).toEqual(['sentinel-alertmanager-data']);
    expect(alertmanager.ports).toEqual([{ internal: 9093, external: 9093, ip: '127.0.0.1' }]);
    expect(alertmanager.volumes).toEqual([{ volume_name: expect.stringContaining('alertmanager_data'), container_path: '/alertmanager' }]);
    expect(alertmanager.command).toEqual(['--config.file=/etc/alertmanager/alertmanager.yml', '--storage.path=/alertmanager', '--cluster.listen-address=']);
    expect(alertmanager.healthcheck?.test).toEqual(['CMD', 'wget', '-q', '-O', '/dev/null', 'http://127.0.0.1:9093/-/ready']);
  });

  it('is reached and scraped as alertmanager:9093, as a single instance with no gossip port', () => {
    expect(synth.construct.endpoint).toEqual({ host: 'alertmanager', port: 9093 });
    expect(synth.construct.scrapeJob).toEqual({ jobName: 'alertmanager', targets: [{ host: 'alertmanager', port: 9093 }] });
    expect(alertmanager.command).toContain('--cluster.listen-address=');
  });

  it('takes port, bind address and memory from its props', () => {
    const tuned = containerNamed(synthAlertmanager({ hostPort: 19093, bindAddress: '10.0.0.5', memoryMb: 256 }), 'sentinel-alertmanager');
    expect(tuned.ports).toEqual([{ internal: 9093, external: 19093, ip: '10.0.0.5' }]);
    expect(tuned.memory).toBe(256);
    expect(() => synthAlertmanager({ memoryMb: 16 })).toThrow('Invalid alertmanager.memoryMb: got 16, expected an integer from 32 to 65536 MiB');
  });
});

describe('receivers and their secrets', () => {
  it('without receivers, declares no alerting variable and ships a config that notifies nobody, with nothing left to evaluate', () => {
    expect(Object.keys(synth.variables)).toEqual([]);
    const { alertmanagerConfig } = synth.construct;
    expect(uploadedFile(alertmanager, CONFIG_PATH)).toBe(renderAlertmanagerConfig(alertmanagerConfig));
    expect(templateOf(synth)).not.toContain('${');
    expect(templateOf(synth)).not.toMatch(/_configs/);
  });

  it('declares one sensitive variable per secret, without a default, that Terraform refuses empty', () => {
    expect(Object.keys(alerting.variables).sort()).toEqual([...SECRET_VARIABLES].sort());
    for (const name of SECRET_VARIABLES) {
      const variable = alerting.variables[name]!;
      expect([name, variable.type, variable.sensitive, 'default' in variable]).toEqual([name, 'string', true, false]);
      expect(variable.description).toContain(`TF_VAR_${name}`);
      expect(variable.validation).toEqual([{ condition: `\${length(var.${name}) > 0}`, error_message: `${name} must not be empty.` }]);
    }
    expect(alerting.variables.alertmanager_dead_mans_switch_url?.description).toBe(
      "URL of the dead man's switch, pinged while the Watchdog fires. Set TF_VAR_alertmanager_dead_mans_switch_url.",
    );
  });

  it("declares a receiver's secret only when that receiver is declared, and email's only with a login", () => {
    const slackOnly = synthAlertmanager({ receivers: [{ kind: 'slack', name: 'chat' }], routes: [{ severity: 'critical', receivers: ['chat'] }] });
    expect(Object.keys(slackOnly.variables)).toEqual(['alertmanager_slack_chat_webhook_url']);
    const mailWithoutLogin = synthAlertmanager({
      receivers: [{ kind: 'email', name: 'mail', smarthost: 'smtp.example.test:25', from: 'a@example.test', to: ['b@example.test'] }],
      routes: [{ severity: 'warning', receivers: ['mail'] }],
    });
    expect(Object.keys(mailWithoutLogin.variables)).toEqual([]);
    expect(templateOf(mailWithoutLogin)).not.toContain('${');
  });

  it('writes each secret into the template as its variable, JSON-quoted, and nowhere as a value', () => {
    const template = templateOf(alerting);
    for (const name of SECRET_VARIABLES) {
      expect([name, template.split(`\${jsonencode(var.${name})}`).length - 1]).toEqual([name, 1]);
    }
    // What remains is the rendered config, literal: no other interpolation.
    const rest = SECRET_VARIABLES.reduce((text, name) => text.split(`\${jsonencode(var.${name})}`).join(''), template);
    expect(rest).not.toMatch(/(^|[^$])\$\{|(^|[^%])%\{/);
  });

  it('keeps values set in the environment at synth time out of cdk.tf.json', () => {
    const leak = 'value-that-must-never-be-synthesized';
    const saved = { ...process.env };
    try {
      for (const name of SECRET_VARIABLES) process.env[`TF_VAR_${name}`] = leak;
      expect(synthAlertmanager(ALERTING).json).not.toContain(leak);
    } finally {
      process.env = saved;
    }
  });
});

describeWithTools('alertmanager.yml as Terraform renders it', [TOOLS.terraform, TOOLS.amtool], ([terraform, amtool]) => {
  const tempDir = useTempDir('alertmanager-terraform');
  const variables = Object.fromEntries(SECRET_VARIABLES.map((name) => [name, alerting.variables[name]]));
  const render = (values: Record<string, string>, options?: { markSensitive?: boolean }) =>
    evaluateWithTerraform(terraform, templateOf(alerting), variables, tfVars(values), options);
  let delivered = '';

  beforeAll(() => {
    delivered = render(VALUES);
    writeFileSync(join(tempDir(), 'alertmanager.yml'), delivered);
  }, 60_000);

  it('is the config the renderer writes with the same secrets, each delivered exactly', () => {
    expect(parse(delivered)).toEqual(parse(renderAlertmanagerConfig(alerting.construct.alertmanagerConfig, VALUES)));
    const receivers = parse(delivered).receivers as { name: string; [integration: string]: unknown }[];
    const config = (name: string, integration: string) => (receivers.find((r) => r.name === name)![integration] as Record<string, unknown>[])[0]!;
    expect(config('team-chat', 'slack_configs').api_url).toBe(VALUES.alertmanager_slack_team_chat_webhook_url);
    expect(config('ops-mail', 'email_configs').auth_password).toBe(VALUES.alertmanager_email_ops_mail_smtp_password);
    expect(config('pager', 'pagerduty_configs').routing_key).toBe(VALUES.alertmanager_pagerduty_pager_routing_key);
    expect(config('incident-hook', 'webhook_configs').url).toBe(VALUES.alertmanager_webhook_incident_hook_url);
    expect(config('watchdog', 'webhook_configs').url).toBe(VALUES.alertmanager_dead_mans_switch_url);
  });

  it('passes amtool check-config as delivered, and routes as declared', () => {
    const file = join(tempDir(), 'alertmanager.yml');
    expect(checkConfig(amtool, file)).toEqual({ status: 0, output: expect.stringContaining('SUCCESS') });
    expect(routedReceivers(amtool, file, { alertname: 'RedisUnreachable', severity: 'critical', job: 'app' })).toEqual(['pager', 'team-chat']);
    expect(routedReceivers(amtool, file, { alertname: 'GatewayDown', severity: 'critical', job: 'nginx' })).toEqual(['pager', 'ops-mail']);
    expect(routedReceivers(amtool, file, { alertname: 'HighLatency', severity: 'warning', job: 'app' })).toEqual(['team-chat', 'incident-hook']);
    expect(routedReceivers(amtool, file, { alertname: 'Watchdog', severity: 'none' })).toEqual(['watchdog']);
  });

  it('is sensitive to Terraform: an output of it not marked sensitive is refused, so plans and logs show no secret', () => {
    expect(() => render(VALUES, { markSensitive: false })).toThrow(/Output refers to sensitive values/);
  }, 60_000);

  it('refuses to apply without a secret', () => {
    const { alertmanager_pagerduty_pager_routing_key: _left, ...withoutKey } = VALUES;
    expect(() => render(withoutKey)).toThrow(/No value for required variable/);
  }, 60_000);

  it.each(SECRET_VARIABLES)('refuses an empty %s, printing no other secret', (name) => {
    let message = '';
    try {
      render({ ...VALUES, [name]: '' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain(`${name} must not be empty.`);
    for (const value of Object.values(VALUES)) expect(message).not.toContain(value);
  }, 60_000);

  it("leaves a URL's shape to Alertmanager, whose config check refuses one that is not http(s) without printing it", () => {
    const tokenOnly = 'T0000/B0000/token-pasted-without-its-scheme';
    const file = join(tempDir(), 'no-scheme.yml');
    writeFileSync(file, render({ ...VALUES, alertmanager_slack_team_chat_webhook_url: tokenOnly }));
    const run = checkConfig(amtool, file);
    expect(run.status).not.toBe(0);
    expect(run.output).toContain('unsupported scheme "" for URL');
    expect(run.output).not.toContain(tokenOnly);
  }, 60_000);
});
