import { type Receiver, renderReceiver, type Secret, type SecretValues, webhookConfig } from './alertmanager-receivers';
import type { Duration } from './duration';
import { renderYaml } from './yaml';

/** Receivers of the routing tree itself; they notify nobody unless the Watchdog's pings a dead man's switch. */
export const ALERTMANAGER_RECEIVERS = {
  default: 'default',
  critical: 'critical',
  warning: 'warning',
  watchdog: 'watchdog',
} as const;

/** Severities a route can take: those of the stack's alerts that people are notified of. */
export type RoutedSeverity = 'critical' | 'warning';

/** Alerts of one severity (and, optionally, one job) to one or more receivers. */
export interface AlertRoute {
  readonly severity: RoutedSeverity;
  readonly job?: string;
  /** Receiver names, every one notified. */
  readonly receivers: readonly string[];
}

export interface AlertmanagerConfigInput {
  readonly watchdogAlertName: string;
  readonly resolveTimeout: Duration;
  readonly receivers: readonly Receiver[];
  /** In order: the first route that matches an alert of its severity takes it. */
  readonly routes: readonly AlertRoute[];
  /** URL pinged while the Watchdog fires, so a silent pipeline is noticed elsewhere. */
  readonly deadMansSwitch?: Secret;
}

/** Each severity's branch of the tree: its catch-all receiver and how often a still-firing group is repeated. */
const SEVERITY_BRANCHES: readonly { severity: RoutedSeverity; receiver: string; repeatInterval: Duration }[] = [
  { severity: 'critical', receiver: ALERTMANAGER_RECEIVERS.critical, repeatInterval: '1h' },
  { severity: 'warning', receiver: ALERTMANAGER_RECEIVERS.warning, repeatInterval: '12h' },
];

/**
 * A route to several receivers as siblings with the same matchers: each but the last
 * continues, so all are notified and the routes after it are not tried.
 */
function childRoutes(route: AlertRoute): object[] {
  return route.receivers.map((receiver, i) => ({
    receiver,
    ...(route.job !== undefined && { matchers: [`job="${route.job}"`] }),
    ...(i < route.receivers.length - 1 && { continue: true }),
  }));
}

function severityBranch(branch: (typeof SEVERITY_BRANCHES)[number], routes: readonly AlertRoute[]): object {
  const children = routes.filter((route) => route.severity === branch.severity).flatMap(childRoutes);
  return {
    receiver: branch.receiver,
    matchers: [`severity="${branch.severity}"`],
    repeat_interval: branch.repeatInterval,
    ...(children.length > 0 && { routes: children }),
  };
}

/**
 * alertmanager.yml: the Watchdog on its own route, then critical and warning branches holding
 * the declared routes, critical inhibiting warning. Secrets are taken from `secrets` by name.
 */
export function renderAlertmanagerConfig(input: AlertmanagerConfigInput, secrets: SecretValues = {}): string {
  const { deadMansSwitch } = input;
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
        ...SEVERITY_BRANCHES.map((branch) => severityBranch(branch, input.routes)),
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
      { name: ALERTMANAGER_RECEIVERS.default },
      { name: ALERTMANAGER_RECEIVERS.critical },
      { name: ALERTMANAGER_RECEIVERS.warning },
      deadMansSwitch === undefined
        ? { name: ALERTMANAGER_RECEIVERS.watchdog }
        : // A ping per repeat of the Watchdog; its resolution would mean nothing to a dead man's switch.
          { name: ALERTMANAGER_RECEIVERS.watchdog, webhook_configs: [webhookConfig(deadMansSwitch, secrets, false)] },
      ...input.receivers.map((receiver) => renderReceiver(receiver, secrets)),
    ],
  });
}
