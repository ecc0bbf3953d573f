/**
 * alertmanager.yml for several receiver combinations (together both sides of every choice
 * the renderer makes), validated, routed and its notification text rendered by amtool 0.25.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { renderAlertmanagerConfig } from '../../config/alertmanager';
import { NOTIFICATION_BODY, NOTIFICATION_BODY_AS_JSON_STRING, NOTIFICATION_TITLE, PAGERDUTY_SEVERITY, RUNBOOK_LINK } from '../../config/notification-text';
import { checkConfig, renderTemplate, routedReceivers } from '../support/amtool-config';
import { describeWithTools, TOOLS } from '../support/external-tools';
import { useTempDir } from '../support/temp-dir';
import { PAGERDUTY_URL, SECRETS, type Variant, VARIANTS } from './support/alertmanager-variants';

interface Route {
  receiver: string;
  matchers?: string[];
  continue?: boolean;
  repeat_interval?: string;
  routes?: Route[];
}

interface AlertmanagerYml {
  global: Record<string, unknown>;
  route: Route;
  inhibit_rules: unknown[];
  receivers: ({ name: string } & Record<string, Record<string, unknown>[]>)[];
}

const [DEFAULT_STACK, EVERY_KIND, OTHER_BRANCHES] = VARIANTS as [Variant, Variant, Variant];
const render = (variant: Variant) => renderAlertmanagerConfig(variant.input, SECRETS);
const parsed = (variant: Variant) => parse(render(variant)) as AlertmanagerYml;
const receiverNamed = (variant: Variant, name: string) => parsed(variant).receivers.find((r) => r.name === name);
const branch = (variant: Variant, severity: string) => parsed(variant).route.routes!.find((r) => r.matchers?.[0] === `severity="${severity}"`)!;
const byName = VARIANTS.map((v) => [v.name, v] as const);

const TEXT = { title: NOTIFICATION_TITLE, text: NOTIFICATION_BODY };

describe('alertmanager.yml', () => {
  it.each(byName)('%s matches its snapshot', (_name, variant) => {
    expect(render(variant)).toMatchSnapshot();
  });

  it.each(byName)('%s: a critical alert inhibits the warning of the same alertname and job, and only that', (_name, variant) => {
    expect(parsed(variant).inhibit_rules).toEqual([
      { source_matchers: ['severity="critical"'], target_matchers: ['severity="warning"'], equal: ['alertname', 'job'] },
    ]);
  });

  it.each(byName)('%s: resolves an alert that stopped arriving after the configured timeout', (_name, variant) => {
    expect(parsed(variant).global).toEqual({ resolve_timeout: variant.input.resolveTimeout });
    expect(parse(renderAlertmanagerConfig({ ...variant.input, resolveTimeout: '17m' }, SECRETS)).global).toEqual({ resolve_timeout: '17m' });
  });

  it.each(byName)("%s: keeps today's grouping and intervals, the Watchdog first", (_name, variant) => {
    const { route } = parsed(variant);
    expect(route).toMatchObject({ receiver: 'default', group_by: ['alertname', 'severity'], group_wait: '10s', group_interval: '1m', repeat_interval: '4h' });
    expect(route.routes?.map((r) => [r.receiver, r.matchers, r.repeat_interval])).toEqual([
      ['watchdog', ['alertname="Watchdog"'], '1m'],
      ['critical', ['severity="critical"'], '1h'],
      ['warning', ['severity="warning"'], '12h'],
    ]);
  });

  it('without receivers, no receiver notifies anyone and the severity branches have no routes', () => {
    expect(parsed(DEFAULT_STACK).receivers).toEqual([{ name: 'default' }, { name: 'critical' }, { name: 'warning' }, { name: 'watchdog' }]);
    expect(render(DEFAULT_STACK)).not.toMatch(/_configs/);
    expect(branch(DEFAULT_STACK, 'critical').routes).toBeUndefined();
    expect(branch(DEFAULT_STACK, 'warning').routes).toBeUndefined();
  });

  it('places each route in its severity branch, in order, one sibling per receiver, every one but the last continuing', () => {
    expect(branch(EVERY_KIND, 'critical').routes).toEqual([
      { receiver: 'pager', matchers: ['job="app"'], continue: true },
      { receiver: 'team-chat', matchers: ['job="app"'], continue: true },
      { receiver: 'ops-mail', matchers: ['job="app"'] },
      { receiver: 'pager' },
    ]);
    expect(branch(EVERY_KIND, 'warning').routes).toEqual([{ receiver: 'team-chat', continue: true }, { receiver: 'hook' }]);
    expect(branch(OTHER_BRANCHES, 'warning').routes).toEqual([{ receiver: 'chat-b', matchers: ['job="nginx"'] }, { receiver: 'chat-a' }]);
  });

  it('writes each secret in as its exact value, whatever YAML-significant characters it holds', () => {
    expect(receiverNamed(EVERY_KIND, 'team-chat')?.slack_configs?.[0]?.api_url).toBe(SECRETS.chat_url);
    expect(receiverNamed(EVERY_KIND, 'ops-mail')?.email_configs?.[0]?.auth_password).toBe(SECRETS.mail_password);
    expect(receiverNamed(EVERY_KIND, 'pager')?.pagerduty_configs?.[0]?.routing_key).toBe(SECRETS.pager_key);
    expect(receiverNamed(EVERY_KIND, 'hook')?.webhook_configs?.[0]?.url).toBe(SECRETS.hook_url);
    expect(receiverNamed(EVERY_KIND, 'watchdog')?.webhook_configs?.[0]?.url).toBe(SECRETS.dms_url);
  });

  it('posts to a webhook when an alert fires and when it resolves', () => {
    expect(receiverNamed(EVERY_KIND, 'hook')?.webhook_configs).toEqual([{ url: SECRETS.hook_url, send_resolved: true }]);
  });

  it('refuses to render without the value of a secret it reads', () => {
    const { hook_url: _left, ...withoutHook } = SECRETS;
    expect(() => renderAlertmanagerConfig(EVERY_KIND.input, withoutHook)).toThrow('no value for secret hook_url');
  });

  it('gives Slack the title and text, and resolutions too', () => {
    expect(receiverNamed(EVERY_KIND, 'team-chat')?.slack_configs).toEqual([{ api_url: SECRETS.chat_url, send_resolved: true, ...TEXT }]);
  });

  it('sends mail with the title as subject, the text as body and resolutions too, logging in only when told to', () => {
    const mail = { from: 'sentinel@example.test', send_resolved: true, headers: { Subject: NOTIFICATION_TITLE }, text: NOTIFICATION_BODY };
    expect(receiverNamed(EVERY_KIND, 'ops-mail')?.email_configs).toEqual([
      {
        ...mail,
        to: 'ops@example.test, lead@example.test',
        smarthost: 'smtp.example.test:587',
        require_tls: true,
        auth_username: 'sentinel',
        auth_password: SECRETS.mail_password,
      },
    ]);
    expect(receiverNamed(OTHER_BRANCHES, 'mail')?.email_configs).toEqual([
      { ...mail, from: 'a@example.test', to: 'b@example.test', smarthost: '127.0.0.1:2525', require_tls: false },
    ]);
  });

  it('raises PagerDuty events at the configured endpoint, with severity, the alerts and a runbook link', () => {
    const event = { send_resolved: true, description: NOTIFICATION_TITLE, severity: PAGERDUTY_SEVERITY, details: { alerts: NOTIFICATION_BODY_AS_JSON_STRING }, links: [{ href: RUNBOOK_LINK, text: 'Runbook' }] };
    expect(receiverNamed(EVERY_KIND, 'pager')?.pagerduty_configs).toEqual([{ ...event, routing_key: SECRETS.pager_key, url: PAGERDUTY_URL }]);
    expect(receiverNamed(OTHER_BRANCHES, 'relay-pager')?.pagerduty_configs).toEqual([
      { ...event, routing_key: SECRETS.relay_key, url: 'http://127.0.0.1:8080/v2/enqueue' },
    ]);
  });

  it("pings the dead man's switch from the Watchdog's receiver without resolutions, only when there is one", () => {
    expect(receiverNamed(EVERY_KIND, 'watchdog')).toEqual({ name: 'watchdog', webhook_configs: [{ url: SECRETS.dms_url, send_resolved: false }] });
    expect(receiverNamed(OTHER_BRANCHES, 'watchdog')).toEqual({ name: 'watchdog' });
  });
});

/** A group of two TargetDown alerts, one firing and one resolved, as Alertmanager hands it to a template. */
const GROUP = {
  receiver: 'team-chat',
  status: 'firing',
  alerts: [
    {
      status: 'firing',
      labels: { alertname: 'TargetDown', severity: 'critical', job: 'app' },
      annotations: { summary: 'Target app:8080 of job app is down', runbook_url: 'docs/runbook.md#target-down' },
    },
    {
      status: 'resolved',
      labels: { alertname: 'TargetDown', severity: 'critical', job: 'redis' },
      annotations: { summary: 'Target redis-exporter:9121 of job redis is down', runbook_url: 'docs/runbook.md#target-down' },
    },
  ],
  groupLabels: { alertname: 'TargetDown', severity: 'critical' },
  commonLabels: { alertname: 'TargetDown', severity: 'critical' },
  commonAnnotations: { runbook_url: 'docs/runbook.md#target-down' },
  externalURL: 'http://127.0.0.1:9093',
};

describeWithTools('alertmanager.yml under amtool', [TOOLS.amtool], ([amtool]) => {
  const tempDir = useTempDir('alertmanager-amtool');
  const path = (file: string) => join(tempDir(), file);
  const fileOf = (variant: Variant) => path(`alertmanager-${VARIANTS.indexOf(variant)}.yml`);
  beforeAll(() => {
    for (const variant of VARIANTS) writeFileSync(fileOf(variant), render(variant));
  });

  it.each(byName)('%s passes amtool check-config', (_name, variant) => {
    const run = checkConfig(amtool, fileOf(variant));
    expect(run).toEqual({ status: 0, output: expect.stringContaining('SUCCESS') });
    expect(run.output).toContain(' - 1 inhibit rules');
    expect(run.output).toContain(` - ${variant.receiverCount} receivers`);
  });

  it('check-config rejects a route to an undefined receiver (the check is real)', () => {
    writeFileSync(path('broken.yml'), render(EVERY_KIND).replace('receiver: team-chat', 'receiver: nobody'));
    const run = checkConfig(amtool, path('broken.yml'));
    expect(run.status).not.toBe(0);
    expect(run.output).toContain('undefined receiver "nobody" used in route');
  });

  describe.each(byName)('routing %s', (_name, variant) => {
    it.each(variant.routes.map((r) => [Object.entries(r.labels).map(([k, v]) => `${k}=${v}`).join(' '), r] as const))(
      '%s → its receivers',
      (_labels, { labels, receivers }) => {
        expect(routedReceivers(amtool, fileOf(variant), labels)).toEqual(receivers);
      },
    );
  });

  describe('notification text, rendered as Alertmanager renders it', () => {
    const renderWith = (text: string, group: object) => {
      writeFileSync(path('group.json'), JSON.stringify(group));
      writeFileSync(path('empty.tmpl'), '');
      return renderTemplate(amtool, path('empty.tmpl'), path('group.json'), text);
    };

    it('titles a group with its status, alert name and severity', () => {
      expect(renderWith(NOTIFICATION_TITLE, GROUP)).toBe('[FIRING] TargetDown (critical)');
      expect(renderWith(NOTIFICATION_TITLE, { ...GROUP, status: 'resolved' })).toBe('[RESOLVED] TargetDown (critical)');
    });

    it('lists every alert with its status, name, severity, job, summary and runbook link', () => {
      expect(renderWith(NOTIFICATION_BODY, GROUP)).toBe(
        [
          '[FIRING] TargetDown (critical, job app)',
          'Summary: Target app:8080 of job app is down',
          'Runbook: docs/runbook.md#target-down',
          '',
          '[RESOLVED] TargetDown (critical, job redis)',
          'Summary: Target redis-exporter:9121 of job redis is down',
          'Runbook: docs/runbook.md#target-down',
          '',
          '',
        ].join('\n'),
      );
    });

    it("gives PagerDuty the same text as a JSON string, which Alertmanager decodes instead of reading it as YAML", () => {
      expect(JSON.parse(renderWith(NOTIFICATION_BODY_AS_JSON_STRING, GROUP))).toBe(renderWith(NOTIFICATION_BODY, GROUP));
    });

    it("links the group's runbook and maps severity onto PagerDuty's scale", () => {
      expect(renderWith(RUNBOOK_LINK, GROUP)).toBe('docs/runbook.md#target-down');
      expect(renderWith(PAGERDUTY_SEVERITY, GROUP)).toBe('critical');
      expect(renderWith(PAGERDUTY_SEVERITY, { ...GROUP, groupLabels: { alertname: 'HighLatency', severity: 'warning' } })).toBe('warning');
    });
  });
});
