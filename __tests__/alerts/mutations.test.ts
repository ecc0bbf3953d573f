/**
 * The promtool cases bite: each one is run against a copy of the shipped rule
 * file with one plausible mistake in it (a threshold, a `for`, a metric name, a
 * label, an annotation, a window), and promtool must then report a failure for
 * the rule that changed. The repository's sources are never touched.
 */
import { describeWithTools, TOOLS } from '../support/external-tools';
import { runRuleTests, type RuleTestSuite } from '../support/promtool-tests';
import { useTempDir } from '../support/temp-dir';
import { HIGH_ERROR_RATE, HIGH_LATENCY, REDIS_UNREACHABLE } from './support/app-alert-cases';
import { BURN_RATE, PAGE_FAST, PAGE_SLOW, type WindowPair } from './support/burn-rate-cases';
import {
  CONFIG_RELOAD_FAILED,
  DECLARED_JOBS,
  NOTIFICATIONS_FAILING,
  RULE_EVALUATION_FAILURES,
  targetDownScenarios,
  WATCHDOG,
} from './support/platform-alert-cases';
import { RED_SUITE, SLO_SUITE } from './support/recording-rule-cases';
import { type Scenario, shippedRuleFile } from './support/shipped-rules';

function titled(scenarios: readonly Scenario[], start: string): RuleTestSuite {
  const found = scenarios.find((s) => s.title.startsWith(start));
  if (!found) throw new Error(`no scenario titled "${start}…"`);
  return found.suite;
}

const burnScenarios = (pair: WindowPair) => BURN_RATE.find((p) => p.pair === pair)?.scenarios ?? [];
const grafana = DECLARED_JOBS.find((job) => job.target.job === 'grafana');
if (!grafana) throw new Error('grafana is not a declared job');

interface Mutation {
  readonly mistake: string;
  /** Text of the shipped file and what it becomes; every occurrence is replaced. */
  readonly from: string;
  readonly to: string;
  readonly suite: RuleTestSuite;
  /** What promtool's failure report must mention. */
  readonly reports: string;
}

const MUTATIONS: readonly Mutation[] = [
  {
    mistake: 'HighErrorRate threshold at 50 % instead of 5 %',
    from: 'job:sli_request_errors:ratio_rate1m{job="app"} > 0.05',
    to: 'job:sli_request_errors:ratio_rate1m{job="app"} > 0.5',
    suite: titled(HIGH_ERROR_RATE, 'fires'),
    reports: 'alertname: HighErrorRate',
  },
  {
    mistake: 'HighErrorRate threshold at 4 %',
    from: 'job:sli_request_errors:ratio_rate1m{job="app"} > 0.05',
    to: 'job:sli_request_errors:ratio_rate1m{job="app"} > 0.04',
    suite: titled(HIGH_ERROR_RATE, 'stays silent with 4.9 %'),
    reports: 'alertname: HighErrorRate',
  },
  {
    mistake: 'HighErrorRate `for` of 1m instead of 2m',
    from: 'job:sli_request_errors:ratio_rate1m{job="app"} > 0.05\n        for: 2m',
    to: 'job:sli_request_errors:ratio_rate1m{job="app"} > 0.05\n        for: 1m',
    suite: titled(HIGH_ERROR_RATE, 'stays silent until'),
    reports: 'alertname: HighErrorRate',
  },
  {
    mistake: 'http_requests_total misspelt in every rule',
    from: 'http_requests_total{',
    to: 'http_request_total{',
    suite: titled(HIGH_ERROR_RATE, 'fires'),
    reports: 'alertname: HighErrorRate',
  },
  {
    mistake: '/metrics counted as a user request',
    from: 'route!~"/metrics|/healthz|/readyz"',
    to: 'route!~"/healthz|/readyz"',
    suite: titled(HIGH_ERROR_RATE, 'is not hidden by a flood'),
    reports: 'alertname: HighErrorRate',
  },
  {
    mistake: '/readyz counted as a user request',
    from: 'route!~"/metrics|/healthz|/readyz"',
    to: 'route!~"/metrics|/healthz"',
    suite: titled(HIGH_ERROR_RATE, 'is not caused by probes'),
    reports: 'alertname: HighErrorRate',
  },
  {
    mistake: 'the summary no longer gives the error ratio',
    from: 'answers {{ $value | humanizePercentage }} of requests',
    to: 'answers many requests',
    suite: titled(HIGH_ERROR_RATE, 'fires'),
    reports: 'alertname: HighErrorRate',
  },
  {
    mistake: 'HighLatency reading p99 instead of p95',
    from: 'job:sli_request_duration_seconds:p95_rate1m{job="app"} > 0.5',
    to: 'job:sli_request_duration_seconds:p99_rate1m{job="app"} > 0.5',
    suite: titled(HIGH_LATENCY, 'stays silent with p95'),
    reports: 'alertname: HighLatency',
  },
  {
    mistake: 'the latency histogram misspelt',
    from: 'http_request_duration_seconds_bucket{',
    to: 'http_request_duration_bucket{',
    suite: titled(HIGH_LATENCY, 'fires'),
    reports: 'alertname: HighLatency',
  },
  {
    mistake: 'HighLatency linking the wrong runbook section',
    from: 'runbook_url: http://localhost:80/runbook/#high-latency',
    to: 'runbook_url: http://localhost:80/runbook/#high-error-rate',
    suite: titled(HIGH_LATENCY, 'fires'),
    reports: 'alertname: HighLatency',
  },
  {
    mistake: 'RedisUnreachable reading redis_exporter’s redis_up',
    from: 'app_redis_up{job="app"} == 0',
    to: 'redis_up{job="app"} == 0',
    suite: titled(REDIS_UNREACHABLE, 'fires'),
    reports: 'alertname: RedisUnreachable',
  },
  {
    mistake: 'Grafana’s TargetDown paging (critical)',
    from: 'severity: warning\n          job: grafana',
    to: 'severity: critical\n          job: grafana',
    suite: titled(targetDownScenarios(grafana), 'fires'),
    reports: 'alertname: TargetDown',
  },
  {
    mistake: 'the 1h/5m burn-rate alert ignoring its short window',
    from: ' and job:slo_request_errors:ratio_rate5m{job="app"} > 0.0144',
    to: '',
    suite: titled(burnScenarios(PAGE_FAST), 'resolves once'),
    reports: 'alertname: ErrorBudgetBurn',
  },
  {
    mistake: 'the 6h/30m burn-rate alert at 60 × budget',
    from: 'job:slo_request_errors:ratio_rate6h{job="app"} > 0.006 and job:slo_request_errors:ratio_rate30m{job="app"} > 0.006',
    to: 'job:slo_request_errors:ratio_rate6h{job="app"} > 0.06 and job:slo_request_errors:ratio_rate30m{job="app"} > 0.06',
    suite: titled(burnScenarios(PAGE_SLOW), 'fires'),
    reports: 'alertname: ErrorBudgetBurn',
  },
  {
    mistake: 'the 3d error ratio computed over 2d',
    from: '[3d]',
    to: '[2d]',
    suite: SLO_SUITE,
    reports: 'job:slo_request_errors:ratio_rate3d',
  },
  {
    mistake: 'the 30d error ratio computed over 3d',
    from: '[30d]',
    to: '[3d]',
    suite: SLO_SUITE,
    reports: 'job:slo_error_budget_remaining:ratio',
  },
  {
    mistake: 'the per-route request rate recorded per minute instead of per second',
    from: 'record: job_route:http_requests:rate1m\n        expr: sum by (job, route) (rate(',
    to: 'record: job_route:http_requests:rate1m\n        expr: 60 * sum by (job, route) (rate(',
    suite: RED_SUITE,
    reports: 'job_route:http_requests:rate1m',
  },
  {
    mistake: 'the Watchdog given a severity that pages',
    from: 'vector(1)\n        labels:\n          severity: none',
    to: 'vector(1)\n        labels:\n          severity: critical',
    suite: titled(WATCHDOG, 'fires'),
    reports: 'alertname: Watchdog',
  },
  {
    mistake: 'PrometheusConfigReloadFailed testing the wrong value',
    from: 'prometheus_config_last_reload_successful == 0',
    to: 'prometheus_config_last_reload_successful == 1',
    suite: titled(CONFIG_RELOAD_FAILED, 'fires'),
    reports: 'alertname: PrometheusConfigReloadFailed',
  },
  {
    mistake: 'PrometheusRuleEvaluationFailures tolerating 5 failures',
    from: 'increase(prometheus_rule_evaluation_failures_total[5m]) > 0',
    to: 'increase(prometheus_rule_evaluation_failures_total[5m]) > 5',
    suite: titled(RULE_EVALUATION_FAILURES, 'fires'),
    reports: 'alertname: PrometheusRuleEvaluationFailures',
  },
  {
    mistake: 'AlertmanagerNotificationsFailing dropping the integration',
    from: 'sum by (job, instance, integration) (rate(alertmanager_notifications_failed_total[5m]))',
    to: 'sum by (job, instance) (rate(alertmanager_notifications_failed_total[5m]))',
    suite: titled(NOTIFICATIONS_FAILING, 'fires'),
    reports: 'alertname: AlertmanagerNotificationsFailing',
  },
];

describeWithTools('promtool cases against a rule file with one mistake', [TOOLS.promtool], ([promtool]) => {
  const tempDir = useTempDir('alert-mutations');
  let rules = '';
  beforeAll(() => {
    rules = shippedRuleFile();
  });

  it.each(MUTATIONS.map((m) => [m.mistake, m] as const))('catch %s', (_mistake, { from, to, suite, reports }) => {
    expect(rules).toContain(from);
    const run = runRuleTests(promtool, tempDir(), rules.split(from).join(to), suite);
    expect(run.status).not.toBe(0);
    expect(run.output).toContain('FAILED');
    expect(run.output).toContain(reports);
  });
});
