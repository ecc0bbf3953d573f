/**
 * NodeDown for the node exporter that runs on every node of a Swarm, rendered as the stack
 * renders its rule file, under `promtool test rules`.
 */
import { nodeDownAlerts } from '../../alerts/node-down';
import { runbookLink } from '../../alerts/runbook';
import { durationMs, type Duration } from '../../config/duration';
import { renderRuleFile } from '../../config/prometheus-rules';
import type { ScrapeJob } from '../../config/scrape-job';
import { describeWithTools, TOOLS } from '../support/external-tools';
import { type AlertCheck, expectRuleTestsToPass, type FiringAlert, gaugeValues, type InputSeries, runRuleTests, seriesName, type TestTime } from '../support/promtool-tests';
import { useTempDir } from '../support/temp-dir';
import { RUNBOOK, type Scenario, scenario } from './support/shipped-rules';

const ON_EVERY_NODE: ScrapeJob = { jobName: 'node', targets: [{ host: 'node-exporter', port: 9100 }], severityWhenDown: 'warning', onEveryNode: true };
const ONE_HOST: ScrapeJob = { jobName: 'node', targets: [{ host: '172.28.30.1', port: 9100 }], severityWhenDown: 'warning' };

function ruleFile(): string {
  return renderRuleFile([{ name: 'targets', rules: nodeDownAlerts([ON_EVERY_NODE], '1m') }], runbookLink(RUNBOOK));
}

/** `node_uname_info` of one exporter task on `nodename`: found after `foundAfter`, gone (a staleness marker) after `lasts` when it leaves. */
function exporterTask(address: string, nodename: string, life: { foundAfter?: Duration; lasts: Duration; leaves?: boolean }): InputSeries {
  const missing = life.foundAfter === undefined ? 0 : Number(durationMs(life.foundAfter)) / 15_000;
  const values = [...(missing > 0 ? [`_x${missing}`] : []), gaugeValues('15s', [{ for: life.lasts, value: 1 }]), ...(life.leaves ? ['stale'] : [])];
  return { series: seriesName('node_uname_info', { job: 'node', instance: `${address}:9100`, nodename }), values: values.join(' ') };
}

const nodeDown = (reporting: number): FiringAlert => ({
  labels: { severity: 'warning', job: 'node' },
  annotations: {
    summary: `${reporting} nodes report to Prometheus, fewer than within the last hour`,
    description: 'A node whose node exporter answered within the last 1h has not for 1m: the node is down, cut off from Prometheus, or was taken out of the swarm (then this resolves 1h after it left).',
    runbook_url: `${RUNBOOK}#node-down`,
  },
});
const silent = (times: readonly TestTime[]): AlertCheck[] => times.map((at) => ({ at, alertname: 'NodeDown', firing: [] }));
const every15s = (title: string, series: readonly InputSeries[], alerts: readonly AlertCheck[]): Scenario => scenario(title, { interval: '15s', series, alerts }, '15s');

const STEADY = [exporterTask('10.0.1.11', 's3-node1', { lasts: '70m' }), exporterTask('10.0.1.12', 's3-node2', { lasts: '70m' })];

const SCENARIOS: readonly Scenario[] = [
  every15s(
    "fires 1m after a node's exporter leaves, says 2 nodes report, and resolves when the node's new task reports",
    [...STEADY, exporterTask('10.0.1.13', 's3-node3', { lasts: '5m', leaves: true }), exporterTask('10.0.1.23', 's3-node3', { foundAfter: '9m', lasts: '61m' })],
    [...silent(['5m', '6m']), { at: '6m15s', alertname: 'NodeDown', firing: [nodeDown(2)] }, { at: '8m45s', alertname: 'NodeDown', firing: [nodeDown(2)] }, ...silent(['9m', '20m'])],
  ),
  every15s(
    "stays silent through an update of the exporter: a node's new task starts before its old one stops",
    [...STEADY, exporterTask('10.0.1.13', 's3-node3', { lasts: '5m15s', leaves: true }), exporterTask('10.0.1.23', 's3-node3', { foundAfter: '5m', lasts: '65m' })],
    silent(['5m', '5m15s', '5m30s', '6m30s', '10m', '70m']),
  ),
  every15s(
    'keeps firing for a node that left for good, until an hour after it left',
    [...STEADY, exporterTask('10.0.1.13', 's3-node3', { lasts: '5m', leaves: true })],
    [{ at: '6m15s', alertname: 'NodeDown', firing: [nodeDown(2)] }, { at: '64m', alertname: 'NodeDown', firing: [nodeDown(2)] }, ...silent(['66m30s', '70m'])],
  ),
  every15s('stays silent while every node reports', [...STEADY, exporterTask('10.0.1.13', 's3-node3', { lasts: '70m' })], silent(['0m', '5m', '70m'])),
];

describe('NodeDown', () => {
  it('is one warning for the job on every node of a Swarm, comparing the nodes that report with the most within an hour', () => {
    expect(nodeDownAlerts([ON_EVERY_NODE], '1m').map(({ alert, expr, for: forDuration, severity, labels }) => ({ alert, expr, for: forDuration, severity, labels }))).toEqual([
      {
        alert: 'NodeDown',
        expr: '(count(count by (nodename) (node_uname_info{job="node"})) or vector(0)) < max_over_time((count(count by (nodename) (node_uname_info{job="node"})) or vector(0))[1h:])',
        for: '1m',
        severity: 'warning',
        labels: { job: 'node' },
      },
    ]);
  });

  it('is not there for one host, whose exporter TargetDown watches', () => {
    expect(nodeDownAlerts([ONE_HOST], '1m')).toEqual([]);
  });
});

describeWithTools('NodeDown under promtool', [TOOLS.promtool], ([promtool]) => {
  const tempDir = useTempDir('node-down');
  const rules = ruleFile();

  it.each(SCENARIOS.map((s) => [s.title, s] as const))('%s', (_title, { suite }) => {
    expectRuleTestsToPass(promtool, tempDir(), rules, suite);
  });

  it.each([
    ['counting exporter tasks instead of nodes', (r: string) => r.replaceAll('count(count by (nodename) (node_uname_info{job="node"}))', 'count(node_uname_info{job="node"})'), 'stays silent through an update'],
    ['comparing with the last minute instead of the last hour', (r: string) => r.replace('[1h:]', '[1m:]'), 'keeps firing for a node that left for good'],
    ['without `for`', (r: string) => r.replace(/\n\s+for: 1m/, ''), 'fires 1m after'],
  ])('fails when the rule has a plausible mistake: %s', (_mistake, mutate, title) => {
    const found = SCENARIOS.find((s) => s.title.startsWith(title));
    if (!found) throw new Error(`no scenario titled "${title}…"`);
    const mutated = mutate(rules);
    expect(mutated).not.toBe(rules);
    expect(runRuleTests(promtool, tempDir(), mutated, found.suite).status).not.toBe(0);
  });
});
