import type { AlertingRule } from '../config/prometheus-rules';

export const WATCHDOG = 'Watchdog';

/** Alerts about the monitoring itself: the pipeline works, config reloads, rules evaluate. */
export function prometheusMetaAlerts(): AlertingRule[] {
  return [
    {
      alert: WATCHDOG,
      expr: 'vector(1)',
      severity: 'none',
      summary: 'Always firing: proves that alerts flow from Prometheus through Alertmanager',
      description: 'This alert fires all the time. If it is missing from Alertmanager, alerting is broken.',
    },
    {
      alert: 'PrometheusConfigReloadFailed',
      expr: 'prometheus_config_last_reload_successful == 0',
      for: '5m',
      severity: 'warning',
      summary: 'Prometheus {{ $labels.instance }} failed to reload its configuration',
      description: 'The last configuration reload of {{ $labels.instance }} failed; it keeps running the previous configuration.',
    },
    {
      alert: 'PrometheusRuleEvaluationFailures',
      expr: 'increase(prometheus_rule_evaluation_failures_total[5m]) > 0',
      severity: 'warning',
      summary: 'Rule group {{ $labels.rule_group }} fails to evaluate',
      description: '{{ $value | printf "%.0f" }} evaluations of rules in {{ $labels.rule_group }} failed in the last 5 minutes: recorded series and alerts may be missing.',
    },
  ];
}

export function alertmanagerMetaAlerts(): AlertingRule[] {
  return [
    {
      alert: 'AlertmanagerNotificationsFailing',
      expr: 'sum by (job, instance, integration) (rate(alertmanager_notifications_failed_total[5m])) > 0',
      for: '5m',
      severity: 'critical',
      summary: 'Alertmanager fails to deliver notifications via {{ $labels.integration }}',
      description: '{{ $value | printf "%.2f" }} notifications per second through {{ $labels.integration }} failed over the last 5 minutes: alerts are not reaching anyone.',
    },
  ];
}
