import { dashboardFile, dataPanels, panelQueries, serviceOverview, type PanelJson } from '../../dashboards';
import { defaultsOf, targetsOf } from './support/dashboard-json';
import { metricNames } from './support/promql-names';

const file = dashboardFile(serviceOverview());
const json = file.json;
const panels = dataPanels(json);

function panel(title: string): PanelJson {
  const found = panels.find((p) => p.title === title);
  if (found === undefined) throw new Error(`no panel titled "${title}"`);
  return found;
}

function exprs(title: string): string[] {
  return targetsOf(panel(title)).map((t) => t.expr ?? '');
}

describe('Service overview dashboard', () => {
  it('matches the reviewed JSON snapshot', () => {
    expect(json).toMatchSnapshot();
  });

  it('has its stable uid, title and tags', () => {
    expect(file.uid).toBe('sentinel-service-overview');
    expect(file.fileName).toBe('sentinel-service-overview.json');
    expect(json.title).toBe('Sentinel / Service overview');
    expect(json.tags).toEqual(['sentinel', 'service', 'app']);
  });

  it('reads top-down from symptoms to causes, with stable panel ids', () => {
    expect(panels.map((p) => [p.id, p.title])).toEqual([
      [1, 'Request rate by status class'],
      [2, 'Error ratio (5xx)'],
      [3, 'Latency p50 / p95 / p99'],
      [4, 'HTTP status codes'],
      [5, 'Response time by route (p95)'],
      [6, 'In-flight requests'],
      [7, 'Redis connectivity'],
      [8, 'Visitor count'],
      [9, 'Redis command latency p99'],
      [10, 'CPU usage'],
      [11, 'Memory'],
      [12, 'Event loop lag p99'],
    ]);
  });

  it('feeds the job variable from the jobs exposing http_requests_total', () => {
    const templating = json.templating as { list: { name: string; query?: unknown }[] };
    expect(templating.list.find((v) => v.name === 'job')?.query).toBe('label_values(http_requests_total, job)');
  });

  it('splits the request rate into 2xx/3xx/4xx/5xx', () => {
    const p = panel('Request rate by status class');
    expect(defaultsOf(p).unit).toBe('reqps');
    expect(targetsOf(p).map((t) => t.legendFormat)).toEqual(['2xx', '3xx', '4xx', '5xx']);
    expect(exprs('Request rate by status class').map((e) => /status_code=~"(\d)\.\."/.exec(e)?.[1])).toEqual([
      '2',
      '3',
      '4',
      '5',
    ]);
  });

  it('shows the 5xx ratio as a percentage with a dashed line at 5 %', () => {
    const p = panel('Error ratio (5xx)');
    const [expr] = exprs('Error ratio (5xx)');
    expect(expr).toMatch(/^\(sum\(rate\(http_requests_total\{[^}]*status_code=~"5\.\."\}\[\$__rate_interval\]\)\) or vector\(0\)\) \/ /);
    expect(expr).toContain('/ (sum(rate(http_requests_total{job=~"$job"}[$__rate_interval])))');
    expect(defaultsOf(p).unit).toBe('percentunit');
    expect(defaultsOf(p).thresholds?.steps).toContainEqual({ value: 0.05, color: 'red' });
    expect(defaultsOf(p).custom?.thresholdsStyle?.mode).toBe('dashed');
  });

  it('computes p50/p95/p99 latency with histogram_quantile over http_request_duration_seconds_bucket', () => {
    const p = panel('Latency p50 / p95 / p99');
    expect(defaultsOf(p).unit).toBe('s');
    const list = exprs('Latency p50 / p95 / p99');
    expect(list.map((e) => /^histogram_quantile\(([\d.]+), sum by \(le\) \(/.exec(e)?.[1])).toEqual(['0.5', '0.95', '0.99']);
    for (const e of list) expect(metricNames(e)).toEqual(['http_request_duration_seconds_bucket']);
    expect(targetsOf(p).map((t) => t.legendFormat)).toEqual(['p50', 'p95', 'p99']);
  });

  it('breaks requests down by status code and latency by route', () => {
    expect(exprs('HTTP status codes')).toEqual([
      'sum by (status_code) (rate(http_requests_total{job=~"$job"}[$__rate_interval]))',
    ]);
    const [byRoute] = exprs('Response time by route (p95)');
    expect(byRoute).toMatch(/^histogram_quantile\(0\.95, sum by \(le, route\) /);
    expect(metricNames(byRoute)).toEqual(['http_request_duration_seconds_bucket']);
  });

  it('shows in-flight requests from the gauge', () => {
    expect(exprs('In-flight requests').flatMap(metricNames)).toEqual(['http_requests_in_flight']);
  });

  it('shows Redis connectivity as a stat mapped 0 → DOWN (red), 1 → UP (green)', () => {
    const p = panel('Redis connectivity');
    expect(p.type).toBe('stat');
    expect(exprs('Redis connectivity')).toEqual(['min(app_redis_up{job=~"$job"})']);
    const defaults = defaultsOf(p);
    expect(defaults.mappings).toEqual([
      {
        type: 'value',
        options: { '0': { text: 'DOWN', color: 'red', index: 0 }, '1': { text: 'UP', color: 'green', index: 1 } },
      },
    ]);
    expect(defaults.thresholds?.steps).toEqual([
      { value: null, color: 'red' },
      { value: 1, color: 'green' },
    ]);
  });

  it('shows the visitor count as a stat', () => {
    const p = panel('Visitor count');
    expect(p.type).toBe('stat');
    expect(exprs('Visitor count').flatMap(metricNames)).toEqual(['app_visitor_count']);
  });

  it('exposes every panel expression through panelQueries()', () => {
    const listed = panelQueries(json);
    expect(listed).toHaveLength(18);
    expect(listed[0]).toEqual({
      panelId: 1,
      panelTitle: 'Request rate by status class',
      refId: 'A',
      expr: 'sum(rate(http_requests_total{job=~"$job", status_code=~"2.."}[$__rate_interval]))',
    });
    expect(new Set(listed.map((q) => q.panelTitle)).size).toBe(panels.length);
  });
});
