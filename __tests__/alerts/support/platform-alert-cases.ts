/**
 * promtool cases for the alerts about the platform and the monitoring itself:
 * TargetDown (one rule per declared scrape job), Watchdog,
 * PrometheusConfigReloadFailed, PrometheusRuleEvaluationFailures and
 * AlertmanagerNotificationsFailing.
 */
import type { FiringAlert, InputSeries, Labels } from '../../support/promtool-tests';
import {
  ALERTMANAGER,
  alertmanagerNotificationsFailed,
  APP,
  GRAFANA,
  NGINX_EXPORTER,
  NODE_EXPORTER,
  PROMETHEUS,
  prometheusConfigLastReloadSuccessful,
  prometheusRuleEvaluationFailures,
  REDIS_EXPORTER,
  up,
} from './series';
import { RUNBOOK, type Scenario, scenario } from './shipped-rules';

export interface DeclaredJob {
  readonly target: Labels & { job: string; instance: string };
  readonly severity: 'critical' | 'warning';
}

/** Every scrape job the stack declares, in name order, and how loud losing it is: only Grafana is a warning. */
export const DECLARED_JOBS: readonly DeclaredJob[] = [
  { target: ALERTMANAGER, severity: 'critical' },
  { target: APP, severity: 'critical' },
  { target: GRAFANA, severity: 'warning' },
  { target: NGINX_EXPORTER, severity: 'warning' },
  { target: NODE_EXPORTER, severity: 'warning' },
  { target: PROMETHEUS, severity: 'critical' },
  { target: REDIS_EXPORTER, severity: 'warning' },
];

/** A job the stack does not declare. */
export const UNDECLARED = { job: 'postgres', instance: 'postgres-exporter:9187' } as const;

export function targetDown({ target, severity }: DeclaredJob): FiringAlert {
  return {
    labels: { severity, job: target.job, instance: target.instance },
    annotations: {
      summary: `Prometheus cannot scrape ${target.job} at ${target.instance}`,
      description: `Every scrape of job ${target.job} at ${target.instance} has failed for 1m: it is down or unreachable.`,
      runbook_url: `${RUNBOOK}#target-down`,
    },
  };
}

const upThenDown = (target: Labels): InputSeries => up(target, '15s', [{ for: '5m', value: 1 }, { for: '5m', value: 0 }]);

/** Evaluated every 15 s to see inside the 1m `for`; the target is lost at minute 5. */
export function targetDownScenarios(job: DeclaredJob): Scenario[] {
  return [
    scenario(
      `fires for ${job.target.job} (${job.severity}) once up has been 0 for 1m`,
      { interval: '15s', series: [upThenDown(job.target)], alerts: [{ at: '6m', alertname: 'TargetDown', firing: [targetDown(job)] }] },
      '15s',
    ),
    scenario(
      `stays silent for ${job.target.job} until up has been 0 for 1m`,
      {
        interval: '15s',
        series: [upThenDown(job.target)],
        alerts: [
          { at: '5m', alertname: 'TargetDown', firing: [] },
          { at: '5m45s', alertname: 'TargetDown', firing: [] },
        ],
      },
      '15s',
    ),
    scenario(
      `stays silent for ${job.target.job} while up is 1`,
      { interval: '15s', series: [up(job.target, '15s', [{ for: '10m', value: 1 }])], alerts: [{ at: '10m', alertname: 'TargetDown', firing: [] }] },
      '15s',
    ),
  ];
}

export const TARGET_DOWN_TOGETHER: readonly Scenario[] = [
  scenario(
    'fires once per declared job when every target is down, and not for an undeclared job',
    {
      interval: '15s',
      series: [...DECLARED_JOBS.map((job) => upThenDown(job.target)), upThenDown(UNDECLARED)],
      alerts: [{ at: '10m', alertname: 'TargetDown', firing: DECLARED_JOBS.map(targetDown) }],
    },
    '15s',
  ),
  scenario(
    `never fires for a job the stack does not declare (${UNDECLARED.job})`,
    {
      interval: '15s',
      series: [up(UNDECLARED, '15s', [{ for: '10m', value: 0 }])],
      alerts: [{ at: '10m', alertname: 'TargetDown', firing: [] }],
    },
    '15s',
  ),
];

export const WATCHDOG_ALERT: FiringAlert = {
  labels: { severity: 'none' },
  annotations: {
    summary: 'Always firing: proves that alerts flow from Prometheus through Alertmanager',
    description: 'This alert fires all the time. If it is missing from Alertmanager, alerting is broken.',
    runbook_url: `${RUNBOOK}#watchdog`,
  },
};

export const WATCHDOG: readonly Scenario[] = [
  scenario('fires from the first evaluation on, with no input at all', {
    interval: '1m',
    series: [],
    alerts: [
      { at: '0m', alertname: 'Watchdog', firing: [WATCHDOG_ALERT] },
      { at: '1h', alertname: 'Watchdog', firing: [WATCHDOG_ALERT] },
    ],
  }),
];

export const CONFIG_RELOAD_FAILED_ALERT: FiringAlert = {
  labels: { severity: 'warning', job: PROMETHEUS.job, instance: PROMETHEUS.instance },
  annotations: {
    summary: 'Prometheus localhost:9090 failed to reload its configuration',
    description: 'The last configuration reload of localhost:9090 failed; it keeps running the previous configuration.',
    runbook_url: `${RUNBOOK}#prometheus-config-reload-failed`,
  },
};

/** A good reload, then a failed one at minute 5, then a good one again at minute 15. */
const RELOAD_FAILS = [
  prometheusConfigLastReloadSuccessful('1m', [
    { for: '5m', value: 1 },
    { for: '10m', value: 0 },
    { for: '5m', value: 1 },
  ]),
];

export const CONFIG_RELOAD_FAILED: readonly Scenario[] = [
  scenario('fires 5m after a reload fails', {
    interval: '1m',
    series: RELOAD_FAILS,
    alerts: [{ at: '10m', alertname: 'PrometheusConfigReloadFailed', firing: [CONFIG_RELOAD_FAILED_ALERT] }],
  }),
  scenario('stays silent until the failed reload is 5m old, and after a good reload', {
    interval: '1m',
    series: RELOAD_FAILS,
    alerts: [
      { at: '5m', alertname: 'PrometheusConfigReloadFailed', firing: [] },
      { at: '9m', alertname: 'PrometheusConfigReloadFailed', firing: [] },
      { at: '15m', alertname: 'PrometheusConfigReloadFailed', firing: [] },
    ],
  }),
  scenario('stays silent while reloads succeed', {
    interval: '1m',
    series: [prometheusConfigLastReloadSuccessful('1m', [{ for: '20m', value: 1 }])],
    alerts: [{ at: '20m', alertname: 'PrometheusConfigReloadFailed', firing: [] }],
  }),
];

const RED_GROUP = '/etc/prometheus/rules/sentinel.yml;app-red';

export function ruleEvaluationFailures(count: string): FiringAlert {
  return {
    labels: { severity: 'warning', job: PROMETHEUS.job, instance: PROMETHEUS.instance, rule_group: RED_GROUP },
    annotations: {
      summary: `Rule group ${RED_GROUP} fails to evaluate`,
      description: `${count} evaluations of rules in ${RED_GROUP} failed in the last 5 minutes: recorded series and alerts may be missing.`,
      runbook_url: `${RUNBOOK}#rule-evaluation-failures`,
    },
  };
}

/** No failures for 10 minutes, 3 per minute for 3 minutes, then none again. */
const EVALUATIONS_FAIL = [
  prometheusRuleEvaluationFailures(RED_GROUP, '1m', [
    { for: '10m', perSecond: 0 },
    { for: '3m', perSecond: 3 / 60 },
    { for: '10m', perSecond: 0 },
  ]),
];

export const RULE_EVALUATION_FAILURES: readonly Scenario[] = [
  scenario('fires at the first failed evaluation (it has no `for`), naming the group and the count', {
    interval: '1m',
    series: EVALUATIONS_FAIL,
    alerts: [
      { at: '11m', alertname: 'PrometheusRuleEvaluationFailures', firing: [ruleEvaluationFailures('3')] },
      { at: '13m', alertname: 'PrometheusRuleEvaluationFailures', firing: [ruleEvaluationFailures('9')] },
    ],
  }),
  scenario('stays silent while the counter does not move, and 5m after it stops', {
    interval: '1m',
    series: EVALUATIONS_FAIL,
    alerts: [
      { at: '10m', alertname: 'PrometheusRuleEvaluationFailures', firing: [] },
      { at: '18m', alertname: 'PrometheusRuleEvaluationFailures', firing: [] },
    ],
  }),
];

export function notificationsFailing(perSecond: string): FiringAlert {
  return {
    labels: { severity: 'critical', job: ALERTMANAGER.job, instance: ALERTMANAGER.instance, integration: 'webhook' },
    annotations: {
      summary: 'Alertmanager fails to deliver notifications via webhook',
      description: `${perSecond} notifications per second through webhook failed over the last 5 minutes: alerts are not reaching anyone.`,
      runbook_url: `${RUNBOOK}#alertmanager-notifications-failing`,
    },
  };
}

/** Deliveries succeed for 10 minutes, then one in two seconds fails. */
const DELIVERIES_FAIL = [
  alertmanagerNotificationsFailed('webhook', '1m', [
    { for: '10m', perSecond: 0 },
    { for: '10m', perSecond: 0.5 },
  ]),
];

export const NOTIFICATIONS_FAILING: readonly Scenario[] = [
  scenario('fires 5m after webhook deliveries start failing', {
    interval: '1m',
    series: DELIVERIES_FAIL,
    // humanize renders 0.5 per second with an SI prefix: "500m".
    alerts: [{ at: '16m', alertname: 'AlertmanagerNotificationsFailing', firing: [notificationsFailing('0.50')] }],
  }),
  scenario('stays silent until deliveries have failed for 5m', {
    interval: '1m',
    series: DELIVERIES_FAIL,
    alerts: [
      { at: '11m', alertname: 'AlertmanagerNotificationsFailing', firing: [] },
      { at: '15m', alertname: 'AlertmanagerNotificationsFailing', firing: [] },
    ],
  }),
  scenario('stays silent while no delivery fails', {
    interval: '1m',
    series: [alertmanagerNotificationsFailed('webhook', '1m', [{ for: '20m', perSecond: 0 }])],
    alerts: [{ at: '20m', alertname: 'AlertmanagerNotificationsFailing', firing: [] }],
  }),
];
