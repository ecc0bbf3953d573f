/** Sections of docs/runbook.md; every alert links to one. */
export const RUNBOOK_SECTIONS = {
  highErrorRate: 'high-error-rate',
  highLatency: 'high-latency',
  targetDown: 'target-down',
  gatewayDown: 'gateway-down',
  redisUnreachable: 'redis-unreachable',
  errorBudgetBurn: 'error-budget-burn',
  watchdog: 'watchdog',
  configReloadFailed: 'prometheus-config-reload-failed',
  ruleEvaluationFailures: 'rule-evaluation-failures',
  notificationsFailing: 'alertmanager-notifications-failing',
} as const;

export type RunbookSection = (typeof RUNBOOK_SECTIONS)[keyof typeof RUNBOOK_SECTIONS];

/** Turns a runbook section into the `runbook_url` annotation. */
export type RunbookLink = (section: RunbookSection) => string;

export function runbookLink(baseUrl: string): RunbookLink {
  return (section) => `${baseUrl}#${section}`;
}
