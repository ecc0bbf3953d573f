/**
 * Alerts about the platform and the monitoring pipeline, as the stack ships them,
 * under `promtool test rules`.
 */
import { parse } from 'yaml';
import { describeWithTools, TOOLS } from '../support/external-tools';
import { expectRuleTestsToPass } from '../support/promtool-tests';
import { containerNamed, synthStack, uploadedFile } from '../support/synth-stack';
import { useTempDir } from '../support/temp-dir';
import {
  CONFIG_RELOAD_FAILED,
  DECLARED_JOBS,
  NOTIFICATIONS_FAILING,
  RULE_EVALUATION_FAILURES,
  TARGET_DOWN_TOGETHER,
  targetDownScenarios,
  WATCHDOG,
} from './support/platform-alert-cases';
import { RULES_PATH, type Scenario } from './support/shipped-rules';

const titled = (scenarios: readonly Scenario[]) => scenarios.map((s) => [s.title, s] as const);

interface ShippedRule {
  alert?: string;
  expr: string;
  labels?: Record<string, string>;
}

describeWithTools('platform alerts under promtool', [TOOLS.promtool], ([promtool]) => {
  const tempDir = useTempDir('platform-alerts');
  let rules = '';
  let prometheusYml = '';
  beforeAll(() => {
    const synth = synthStack();
    rules = uploadedFile(containerNamed(synth, 'sentinel-prometheus'), RULES_PATH);
    prometheusYml = uploadedFile(containerNamed(synth, 'sentinel-prometheus'), '/etc/prometheus/prometheus.yml');
  });

  describe('TargetDown', () => {
    it('has one rule per scrape job of the shipped prometheus.yml, and none for anything else', () => {
      const targetDown = (parse(rules).groups as { rules: ShippedRule[] }[])
        .flatMap((group) => group.rules)
        .filter((rule) => rule.alert === 'TargetDown');
      const scrapeJobs = (parse(prometheusYml).scrape_configs as { job_name: string }[]).map((job) => job.job_name).sort();
      expect(targetDown.map((rule) => rule.labels?.job)).toEqual(scrapeJobs);
      expect(targetDown.map((rule) => ({ expr: rule.expr, job: rule.labels?.job, severity: rule.labels?.severity }))).toEqual(
        DECLARED_JOBS.map(({ target, severity }) => ({ expr: `up{job="${target.job}"} == 0`, job: target.job, severity })),
      );
    });

    it.each(titled([...DECLARED_JOBS.flatMap(targetDownScenarios), ...TARGET_DOWN_TOGETHER]))('%s', (_title, { suite }) => {
      expectRuleTestsToPass(promtool, tempDir(), rules, suite);
    });
  });

  describe('Watchdog', () => {
    it.each(titled(WATCHDOG))('%s', (_title, { suite }) => {
      expectRuleTestsToPass(promtool, tempDir(), rules, suite);
    });
  });

  describe('PrometheusConfigReloadFailed', () => {
    it.each(titled(CONFIG_RELOAD_FAILED))('%s', (_title, { suite }) => {
      expectRuleTestsToPass(promtool, tempDir(), rules, suite);
    });
  });

  describe('PrometheusRuleEvaluationFailures', () => {
    it.each(titled(RULE_EVALUATION_FAILURES))('%s', (_title, { suite }) => {
      expectRuleTestsToPass(promtool, tempDir(), rules, suite);
    });
  });

  describe('AlertmanagerNotificationsFailing', () => {
    it.each(titled(NOTIFICATIONS_FAILING))('%s', (_title, { suite }) => {
      expectRuleTestsToPass(promtool, tempDir(), rules, suite);
    });
  });
});
