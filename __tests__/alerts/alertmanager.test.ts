/**
 * alertmanager.yml, in both variants the stack can ship (no webhook: receivers
 * notify nobody; a webhook: every receiver but the Watchdog's posts to it),
 * validated and routed by amtool 0.25.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { type AlertmanagerConfigInput, renderAlertmanagerConfig } from '../../config/alertmanager';
import { checkConfig, routedReceivers } from '../support/amtool-config';
import { describeWithTools, TOOLS } from '../support/debian-tool';
import { useTempDir } from '../support/temp-dir';

const WEBHOOK = 'https://hooks.example.test/alerts';
const BASE: AlertmanagerConfigInput = { watchdogAlertName: 'Watchdog', resolveTimeout: '5m' };

const VARIANTS = [
  { variant: 'without a webhook (null receivers)', input: BASE, file: 'alertmanager-null.yml' },
  { variant: 'with a webhook', input: { ...BASE, webhookUrl: WEBHOOK }, file: 'alertmanager-webhook.yml' },
] as const;

interface Receiver {
  name: string;
  webhook_configs?: { url: string; send_resolved?: boolean }[];
}

interface AlertmanagerYml {
  route: { receiver: string };
  inhibit_rules: unknown[];
  receivers: Receiver[];
}

const parsed = (input: AlertmanagerConfigInput) => parse(renderAlertmanagerConfig(input)) as AlertmanagerYml;

describe('alertmanager.yml', () => {
  it.each(VARIANTS.map((v) => [v.variant, v] as const))('%s matches its snapshot', (_variant, { input }) => {
    expect(renderAlertmanagerConfig(input)).toMatchSnapshot();
  });

  it.each(VARIANTS.map((v) => [v.variant, v] as const))(
    '%s: a critical alert inhibits the warning of the same alertname and job, and only that',
    (_variant, { input }) => {
      expect(parsed(input).inhibit_rules).toEqual([
        { source_matchers: ['severity="critical"'], target_matchers: ['severity="warning"'], equal: ['alertname', 'job'] },
      ]);
    },
  );

  it('without a webhook, no receiver notifies anyone', () => {
    const { receivers } = parsed(BASE);
    expect(receivers).toEqual([{ name: 'default' }, { name: 'critical' }, { name: 'warning' }, { name: 'watchdog' }]);
    expect(renderAlertmanagerConfig(BASE)).not.toContain('webhook_configs');
  });

  it('with a webhook, default, critical and warning post to it with resolved notifications; the watchdog does not', () => {
    const { receivers } = parsed({ ...BASE, webhookUrl: WEBHOOK });
    const posting = [{ url: WEBHOOK, send_resolved: true }];
    expect(receivers).toEqual([
      { name: 'default', webhook_configs: posting },
      { name: 'critical', webhook_configs: posting },
      { name: 'warning', webhook_configs: posting },
      { name: 'watchdog' },
    ]);
  });
});

describeWithTools('alertmanager.yml under amtool', [TOOLS.amtool], ([amtool]) => {
  const tempDir = useTempDir('alertmanager-amtool');
  const path = (file: string) => join(tempDir(), file);
  beforeAll(() => {
    for (const { input, file } of VARIANTS) writeFileSync(path(file), renderAlertmanagerConfig(input));
  });

  it.each(VARIANTS.map((v) => [v.variant, v] as const))('%s passes amtool check-config', (_variant, { file }) => {
    const run = checkConfig(amtool, path(file));
    expect(run).toEqual({ status: 0, output: expect.stringContaining('SUCCESS') });
    expect(run.output).toContain(' - 1 inhibit rules');
    expect(run.output).toContain(' - 4 receivers');
  });

  it('check-config rejects a route to an undefined receiver (the check is real)', () => {
    const broken = renderAlertmanagerConfig({ ...BASE, webhookUrl: WEBHOOK }).replace('receiver: critical', 'receiver: nobody');
    writeFileSync(path('broken.yml'), broken);
    const run = checkConfig(amtool, path('broken.yml'));
    expect(run.status).not.toBe(0);
    expect(run.output).toContain('undefined receiver "nobody" used in route');
  });

  const ROUTES: readonly { labels: Record<string, string>; receiver: string }[] = [
    { labels: { severity: 'critical', alertname: 'HighErrorRate' }, receiver: 'critical' },
    { labels: { severity: 'warning', alertname: 'HighLatency' }, receiver: 'warning' },
    { labels: { alertname: 'Watchdog', severity: 'none' }, receiver: 'watchdog' },
    { labels: { alertname: 'TargetDown' }, receiver: 'default' },
    // The Watchdog route comes first: its name wins over any severity.
    { labels: { alertname: 'Watchdog', severity: 'critical' }, receiver: 'watchdog' },
    { labels: { alertname: 'SomethingElse', severity: 'none' }, receiver: 'default' },
  ];

  describe.each(VARIANTS.map((v) => [v.variant, v] as const))('routing %s', (_variant, { file }) => {
    it.each(ROUTES.map((r) => [Object.entries(r.labels).map(([k, v]) => `${k}=${v}`).join(' '), r] as const))(
      '%s → its receiver',
      (_labels, { labels, receiver }) => {
        expect(routedReceivers(amtool, path(file), labels)).toEqual([receiver]);
      },
    );
  });
});
