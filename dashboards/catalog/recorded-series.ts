/** The series a Prometheus rule file records, read from the file as shipped. */
import { parse } from 'yaml';
import type { MetricCatalog } from './metric-catalog';

interface RuleFile {
  readonly groups?: readonly { readonly rules?: readonly { readonly record?: string; readonly alert?: string }[] }[];
}

function rulesOf(ruleFileYaml: string) {
  const file = (parse(ruleFileYaml) ?? {}) as RuleFile;
  return (file.groups ?? []).flatMap((group) => group.rules ?? []);
}

/** One entry per `record:` of the rule file. */
export function recordedSeriesCatalog(ruleFileYaml: string): MetricCatalog {
  const names = rulesOf(ruleFileYaml).flatMap((rule) => (rule.record === undefined ? [] : [rule.record]));
  return { source: 'a recording rule', metrics: [...new Set(names)].map((name) => ({ name, type: 'gauge' })) };
}

/** Whether the rule file has any alerting rule, so that Prometheus writes `ALERTS`. */
export function hasAlertingRules(ruleFileYaml: string): boolean {
  return rulesOf(ruleFileYaml).some((rule) => rule.alert !== undefined);
}
