import type { Duration } from './duration';
import { renderYaml } from './yaml';

export const ALERTMANAGER_RECEIVERS = {
  default: 'default',
  critical: 'critical',
  warning: 'warning',
  watchdog: 'watchdog',
} as const;

export interface AlertmanagerConfigInput {
  /** Where people are notified; without it every receiver but the watchdog's drops notifications. */
  readonly webhookUrl?: string;
  readonly watchdogAlertName: string;
  readonly resolveTimeout: Duration;
}

function receiver(name: string, webhookUrl: string | undefined): object {
  return webhookUrl === undefined ? { name } : { name, webhook_configs: [{ url: webhookUrl, send_resolved: true }] };
}

/** alertmanager.yml: critical and warning routes, the Watchdog on its own, critical inhibiting warning. */
export function renderAlertmanagerConfig(input: AlertmanagerConfigInput): string {
  const { webhookUrl } = input;
  return renderYaml({
    global: { resolve_timeout: input.resolveTimeout },
    route: {
      receiver: ALERTMANAGER_RECEIVERS.default,
      group_by: ['alertname', 'severity'],
      group_wait: '10s',
      group_interval: '1m',
      repeat_interval: '4h',
      routes: [
        {
          receiver: ALERTMANAGER_RECEIVERS.watchdog,
          matchers: [`alertname="${input.watchdogAlertName}"`],
          repeat_interval: '1m',
        },
        { receiver: ALERTMANAGER_RECEIVERS.critical, matchers: ['severity="critical"'], repeat_interval: '1h' },
        { receiver: ALERTMANAGER_RECEIVERS.warning, matchers: ['severity="warning"'], repeat_interval: '12h' },
      ],
    },
    inhibit_rules: [
      {
        source_matchers: ['severity="critical"'],
        target_matchers: ['severity="warning"'],
        equal: ['alertname', 'job'],
      },
    ],
    receivers: [
      receiver(ALERTMANAGER_RECEIVERS.default, webhookUrl),
      receiver(ALERTMANAGER_RECEIVERS.critical, webhookUrl),
      receiver(ALERTMANAGER_RECEIVERS.warning, webhookUrl),
      // A dead man's switch service would be its webhook; with none, the Watchdog is visible in Alertmanager only.
      receiver(ALERTMANAGER_RECEIVERS.watchdog, undefined),
    ],
  });
}
