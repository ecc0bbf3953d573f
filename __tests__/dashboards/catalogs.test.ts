/** The metric catalogs the dashboards are checked against, and the names the dashboards use. */
import { LATENCY_QUANTILES, RED_SERIES } from '../../alerts/red-recording-rules';
import {
  ALERTMANAGER_CATALOG,
  appCatalog,
  catalogsByJob,
  catalogSeries,
  metricsFromExposition,
  NGINX_EXPORTER_CATALOG,
  NODE_EXPORTER_CATALOG,
  PROMETHEUS_CATALOG,
  recordedSeriesCatalog,
  REDIS_EXPORTER_CATALOG,
  SCRAPE_SERIES_CATALOG,
  ALERT_SERIES_CATALOG,
  seriesNames,
  type MetricCatalog,
} from '../../dashboards/catalog';
import {
  ALERTMANAGER_METRICS,
  APP_METRICS,
  HOST_METRICS,
  NGINX_METRICS,
  NODEJS_METRICS,
  PROMETHEUS_METRICS,
  REDIS_METRICS,
  SCRAPE_SERIES,
} from '../../dashboards/metrics';
import { CONTRACT_HISTOGRAMS, CONTRACT_METRICS } from './support/metric-contract';
import { shippedStack } from './support/shipped-stack';

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

let app: MetricCatalog;
beforeAll(async () => {
  app = await appCatalog();
});

describe('metric catalogs', () => {
  it('read the app catalog from its real registry, histograms expanded to _bucket, _sum and _count', () => {
    const series = new Set(catalogSeries(app));
    expect([...CONTRACT_METRICS].filter((name) => !series.has(name))).toEqual([]);
    for (const histogram of CONTRACT_HISTOGRAMS) {
      expect(app.metrics).toContainEqual({ name: histogram, type: 'histogram' });
      expect(series).not.toContain(histogram);
    }
  });

  it('key a catalog by each job name the Sentinel components scrape under', async () => {
    expect([...(await catalogsByJob()).keys()].sort()).toEqual(['alertmanager', 'app', 'nginx', 'node', 'prometheus', 'redis']);
  });

  it.each<[string, () => MetricCatalog]>([
    ['app', () => app],
    ['nginx-prometheus-exporter', () => NGINX_EXPORTER_CATALOG],
    ['redis_exporter', () => REDIS_EXPORTER_CATALOG],
    ['node_exporter', () => NODE_EXPORTER_CATALOG],
    ['Prometheus', () => PROMETHEUS_CATALOG],
    ['Alertmanager', () => ALERTMANAGER_CATALOG],
    ['scrape series', () => SCRAPE_SERIES_CATALOG],
    ['alert series', () => ALERT_SERIES_CATALOG],
  ])('list each valid %s metric name once', (_name, catalog) => {
    const names = catalog().metrics.map((m) => m.name);
    expect(names.length).toBeGreaterThan(0);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(METRIC_NAME);
  });

  it('name a summary by itself, its _sum and its _count', () => {
    expect(seriesNames({ name: 'x_seconds', type: 'summary' })).toEqual(['x_seconds', 'x_seconds_sum', 'x_seconds_count']);
  });

  it('read metric types from the # TYPE lines of an exposition, and only known ones', () => {
    const text = '# HELP a_total A.\n# TYPE a_total counter\na_total 1\n# TYPE b_seconds histogram\n';
    expect(metricsFromExposition(text)).toEqual([
      { name: 'a_total', type: 'counter' },
      { name: 'b_seconds', type: 'histogram' },
    ]);
    expect(() => metricsFromExposition('# TYPE c gaugeish\n')).toThrow(/unknown type gaugeish/);
  });

  it('read the recorded series from the shipped rule file', () => {
    const recorded = recordedSeriesCatalog(shippedStack().ruleFile).metrics.map((m) => m.name);
    expect(recorded).toEqual(
      expect.arrayContaining([
        RED_SERIES.requestRateByRoute,
        RED_SERIES.userErrorRatio,
        ...LATENCY_QUANTILES.map(RED_SERIES.userLatency),
        'job:slo_error_budget_remaining:ratio',
        'job:slo_burn_rate:ratio_rate1h',
      ]),
    );
  });
});

describe('metric names the dashboards use', () => {
  it.each<[string, Readonly<Record<string, string>>, () => MetricCatalog[]]>([
    ['APP_METRICS', APP_METRICS, () => [app]],
    ['NODEJS_METRICS', NODEJS_METRICS, () => [app]],
    ['NGINX_METRICS', NGINX_METRICS, () => [NGINX_EXPORTER_CATALOG]],
    ['REDIS_METRICS', REDIS_METRICS, () => [REDIS_EXPORTER_CATALOG]],
    ['HOST_METRICS', HOST_METRICS, () => [NODE_EXPORTER_CATALOG]],
    ['SCRAPE_SERIES', SCRAPE_SERIES, () => [SCRAPE_SERIES_CATALOG]],
    ['PROMETHEUS_METRICS', PROMETHEUS_METRICS, () => [PROMETHEUS_CATALOG, ALERT_SERIES_CATALOG]],
    ['ALERTMANAGER_METRICS', ALERTMANAGER_METRICS, () => [ALERTMANAGER_CATALOG]],
  ])('%s are in the catalog of the component that exports them', (_group, names, catalogs) => {
    const known = new Set(catalogs().flatMap((c) => c.metrics.map((m) => m.name)));
    expect(Object.values(names).filter((name) => !known.has(name))).toEqual([]);
  });
});
