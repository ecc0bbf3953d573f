/**
 * TargetDown and ReplicasMismatch for a job replicated on Swarm, rendered from the builders as
 * the stack renders its rule file, under `promtool test rules`.
 */
import { replicasMismatchAlerts } from '../../alerts/replicas';
import { targetDownAlerts } from '../../alerts/target-down';
import type { ScrapeJob } from '../../config/scrape-job';
import { describeWithTools, TOOLS } from '../support/external-tools';
import { expectRuleTestsToPass, runRuleTests } from '../support/promtool-tests';
import { useTempDir } from '../support/temp-dir';
import { REPLICAS_MISMATCH, REPLICATED_APP, replicaRuleFile, ROLLING_UPDATE_SILENT, TARGET_DOWN_REPLICATED } from './support/replica-cases';
import type { Scenario } from './support/shipped-rules';

const titled = (scenarios: readonly Scenario[]) => scenarios.map((s) => [s.title, s] as const);
const SINGLE: ScrapeJob = { jobName: 'redis', targets: [{ host: 'redis-exporter', port: 9121 }], severityWhenDown: 'warning' };

describe('alerts of a replicated job', () => {
  it('compare the tasks up, and the tasks found, with the desired count', () => {
    const rules = [...targetDownAlerts([REPLICATED_APP], '1m'), ...replicasMismatchAlerts([REPLICATED_APP])];
    expect(rules.map(({ alert, expr, for: forDuration, severity, labels }) => ({ alert, expr, for: forDuration, severity, labels }))).toEqual([
      { alert: 'TargetDown', expr: '(count(up{job="app"} == 1) or vector(0)) < 3', for: '1m', severity: 'warning', labels: { job: 'app' } },
      { alert: 'TargetDown', expr: '(count(up{job="app"} == 1) or vector(0)) == 0', for: '1m', severity: 'critical', labels: { job: 'app' } },
      { alert: 'ReplicasMismatch', expr: '(count(up{job="app"}) or vector(0)) < 3', for: '5m', severity: 'warning', labels: { job: 'app' } },
    ]);
  });

  it('give a job whose loss is a warning one TargetDown, which covers all tasks lost too', () => {
    const quiet = targetDownAlerts([{ ...REPLICATED_APP, severityWhenDown: 'warning' }], '1m');
    expect(quiet.map(({ expr, severity }) => ({ expr, severity }))).toEqual([{ expr: '(count(up{job="app"} == 1) or vector(0)) < 3', severity: 'warning' }]);
  });

  it('leave a job without replicas its per-target TargetDown and no ReplicasMismatch', () => {
    expect(targetDownAlerts([SINGLE], '2m')).toEqual([
      {
        alert: 'TargetDown',
        expr: 'up{job="redis"} == 0',
        for: '2m',
        severity: 'warning',
        labels: { job: 'redis' },
        summary: 'Prometheus cannot scrape {{ $labels.job }} at {{ $labels.instance }}',
        description: 'Every scrape of job {{ $labels.job }} at {{ $labels.instance }} has failed for 2m: it is down or unreachable.',
      },
    ]);
    expect(replicasMismatchAlerts([SINGLE, REPLICATED_APP]).map((rule) => rule.labels?.job)).toEqual(['app']);
  });

  it('count the replicas one host lists as targets, a stopped one reading up 0, and leave ReplicasMismatch to Swarm', () => {
    const listed: ScrapeJob = { jobName: 'app', targets: [{ host: 'app', port: 8080 }, { host: 'app-2', port: 8080 }] };
    expect(targetDownAlerts([listed], '1m').map(({ expr, severity, summary, description }) => ({ expr, severity, summary, description }))).toEqual([
      {
        expr: '(count(up{job="app"} == 1) or vector(0)) < 2',
        severity: 'warning',
        summary: '{{ $value }} of 2 replicas of app are up',
        description: 'Only {{ $value }} of the 2 replicas of job app have answered their scrapes for 1m; the others are down or unreachable.',
      },
      {
        expr: '(count(up{job="app"} == 1) or vector(0)) == 0',
        severity: 'critical',
        summary: '0 of 2 replicas of app are up',
        description: 'None of the 2 replicas of job app has answered a scrape for 1m: every replica is down or unreachable.',
      },
    ]);
    expect(replicasMismatchAlerts([listed])).toEqual([]);
  });

  it('come in the order of their job names, whatever order the jobs were declared in', () => {
    const jobs = [{ ...REPLICATED_APP, jobName: 'worker' }, REPLICATED_APP];
    expect(replicasMismatchAlerts(jobs).map((rule) => rule.labels?.job)).toEqual(['app', 'worker']);
    expect(jobs.map((job) => job.jobName)).toEqual(['worker', 'app']);
  });

  it('wait as long as the `for` they are given', () => {
    expect(targetDownAlerts([REPLICATED_APP], '10s').map((rule) => rule.for)).toEqual(['10s', '10s']);
    expect(replicasMismatchAlerts([REPLICATED_APP], '30s').map((rule) => rule.for)).toEqual(['30s']);
  });
});

describeWithTools('replica alerts under promtool', [TOOLS.promtool], ([promtool]) => {
  const tempDir = useTempDir('replica-alerts');
  const rules = replicaRuleFile();

  describe.each([
    ['TargetDown', TARGET_DOWN_REPLICATED],
    ['ReplicasMismatch', REPLICAS_MISMATCH],
    ['rolling update', ROLLING_UPDATE_SILENT],
  ])('%s', (_name, scenarios) => {
    it.each(titled(scenarios))('%s', (_title, { suite }) => {
      expectRuleTestsToPass(promtool, tempDir(), rules, suite);
    });
  });

  it.each([
    ['TargetDown reading tasks found instead of tasks up', (r: string) => r.replaceAll('count(up{job="app"} == 1)', 'count(up{job="app"})'), 'warns once one task of three'],
    ['TargetDown without `or vector(0)`', (r: string) => r.replaceAll('(count(up{job="app"} == 1) or vector(0))', 'count(up{job="app"} == 1)'), 'goes critical 1m after every task'],
    ['ReplicasMismatch waiting 1m like TargetDown', (r: string) => r.replace('for: 5m', 'for: 1m'), 'fires once only 2 of 3'],
    ['ReplicasMismatch without `for`', (r: string) => r.replace('\n        for: 5m', ''), 'TargetDown and ReplicasMismatch stay silent'],
  ])('fail when the rules have a plausible mistake: %s', (_mistake, mutate, caseTitle) => {
    const scenario = [...TARGET_DOWN_REPLICATED, ...REPLICAS_MISMATCH, ...ROLLING_UPDATE_SILENT].find((s) => s.title.startsWith(caseTitle));
    if (!scenario) throw new Error(`no case titled "${caseTitle}…"`);
    const mutated = mutate(rules);
    expect(mutated).not.toBe(rules);
    expect(runRuleTests(promtool, tempDir(), mutated, scenario.suite).status).not.toBe(0);
  });
});
