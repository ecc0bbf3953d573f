/** The section of docs/runbook.md each alert links to, by alert name: every alert has one. */
export const RUNBOOK_SECTIONS: Readonly<Record<string, string>> = {
  HighErrorRate: 'high-error-rate',
  HighLatency: 'high-latency',
  TargetDown: 'target-down',
  ReplicasMismatch: 'replicas-mismatch',
  NodeDown: 'node-down',
  GatewayDown: 'gateway-down',
  RedisUnreachable: 'redis-unreachable',
  ErrorBudgetBurn: 'error-budget-burn',
  Watchdog: 'watchdog',
  PrometheusConfigReloadFailed: 'prometheus-config-reload-failed',
  PrometheusRuleEvaluationFailures: 'rule-evaluation-failures',
  AlertmanagerNotificationsFailing: 'alertmanager-notifications-failing',
};

/** Turns an alert's name into its `runbook_url` annotation. */
export type RunbookLink = (alertName: string) => string;

export function runbookLink(baseUrl: string): RunbookLink {
  return (alertName) => {
    const section = RUNBOOK_SECTIONS[alertName];
    if (section === undefined) throw new Error(`alert ${alertName} has no section in docs/runbook.md (alerts/runbook.ts)`);
    return `${baseUrl}#${section}`;
  };
}
