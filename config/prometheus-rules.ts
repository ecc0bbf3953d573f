import type { Duration } from './duration';
import { renderYaml } from './yaml';

export type Severity = 'critical' | 'warning' | 'none';

export interface RecordingRule {
  readonly record: string;
  readonly expr: string;
}

export interface AlertingRule {
  readonly alert: string;
  readonly expr: string;
  readonly for?: Duration;
  readonly severity: Severity;
  /** Extra labels beyond severity, e.g. the burn-rate window. */
  readonly labels?: Readonly<Record<string, string>>;
  readonly summary: string;
  readonly description: string;
}

export interface RuleGroup {
  readonly name: string;
  /** Evaluation interval when it differs from the global one (long windows are costly). */
  readonly interval?: Duration;
  readonly rules: readonly (RecordingRule | AlertingRule)[];
}

export function isAlertingRule(rule: RecordingRule | AlertingRule): rule is AlertingRule {
  return 'alert' in rule;
}

function renderRule(rule: RecordingRule | AlertingRule, runbookUrlOf: (alertName: string) => string): object {
  if (!isAlertingRule(rule)) return { record: rule.record, expr: rule.expr };
  return {
    alert: rule.alert,
    expr: rule.expr,
    ...(rule.for ? { for: rule.for } : {}),
    labels: { severity: rule.severity, ...rule.labels },
    annotations: { summary: rule.summary, description: rule.description, runbook_url: runbookUrlOf(rule.alert) },
  };
}

/** One Prometheus rule file holding the given groups; every alert links to its runbook section, found by its name. */
export function renderRuleFile(groups: readonly RuleGroup[], runbookUrlOf: (alertName: string) => string): string {
  return renderYaml({
    groups: groups.map((group) => ({
      name: group.name,
      ...(group.interval ? { interval: group.interval } : {}),
      rules: group.rules.map((rule) => renderRule(rule, runbookUrlOf)),
    })),
  });
}
