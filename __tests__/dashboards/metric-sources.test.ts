/**
 * Every metric a provisioned panel reads is exported by a component the stack
 * declares: the jobs of the shipped prometheus.yml give the catalogs, the
 * shipped rule file gives the recorded series.
 */
import { BURN_RATE_1H, ERROR_BUDGET_REMAINING } from '../../alerts/slo';
import { seriesOfStack } from '../../dashboards/catalog';
import { unexportedMetrics } from './support/metric-sources';
import { shippedDashboard, shippedStack } from './support/shipped-stack';

const stack = shippedStack();
let exported: ReadonlyMap<string, string>;

beforeAll(async () => {
  exported = await seriesOfStack(stack.scrapeJobs, stack.ruleFile);
});

describe('metric sources of the provisioned dashboards', () => {
  it('come from the jobs the stack declares', () => {
    expect(stack.scrapeJobs).toEqual(expect.arrayContaining(['app', 'nginx', 'redis', 'node', 'prometheus', 'alertmanager']));
  });

  it.each(stack.dashboards.map((d) => [d.uid, d] as const))('%s reads only exported series', (_uid, dashboard) => {
    expect(unexportedMetrics(dashboard.json, exported)).toEqual([]);
  });

  it('include the series the shipped rule file records, SLO ones included', () => {
    expect(exported.get(ERROR_BUDGET_REMAINING)).toBe('a recording rule');
    expect(exported.get(BURN_RATE_1H)).toBe('a recording rule');
  });

  it('name the panel and the metric that nothing exports', () => {
    const dashboard = {
      panels: [{ type: 'timeseries', id: 7, title: 'Bogus', targets: [{ refId: 'A', expr: 'sum(rate(nginx_bogus_total{job=~"$job"}[1m]))' }] }],
    };
    expect(unexportedMetrics(dashboard, exported)).toEqual([{ panel: 'Bogus (id 7)', metric: 'nginx_bogus_total' }]);
  });

  it('count nothing for a component the stack does not declare', async () => {
    const withoutRedis = await seriesOfStack(
      stack.scrapeJobs.filter((job) => job !== 'redis'),
      stack.ruleFile,
    );
    const missing = unexportedMetrics(shippedDashboard(stack, 'sentinel-redis').json, withoutRedis);
    expect(missing).toContainEqual({ panel: 'Redis up (id 1)', metric: 'redis_up' });
  });
});
