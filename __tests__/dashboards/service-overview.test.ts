import { DEFAULT_HTTP_ALERT_THRESHOLDS } from '../../alerts/http-alerts';
import { dashboardFile, dataPanels, panelQueries, redisClientSection, runtimeSection, serviceOverview, type DashboardJson, type PanelJson } from '../../dashboards';
import { APP_PROBE_ROUTES, SENTINEL_HTTP_METRICS } from '../../dashboards/metrics';
import { defaultsOf, targetsOf, variablesOf } from './support/dashboard-json';
import { metricNames } from './support/promql-names';
import { shippedDashboard, shippedStack, type ShippedStack } from './support/shipped-stack';

const OPTIONS = {
  service: 'app',
  http: { jobName: 'app', metrics: SENTINEL_HTTP_METRICS, probeRoutes: APP_PROBE_ROUTES },
  thresholds: { ...DEFAULT_HTTP_ALERT_THRESHOLDS, errorRatio: 0.02, latencyP95Seconds: 0.3 },
  sloTargetPercent: 99.5,
  sections: [redisClientSection(), runtimeSection('nodejs')],
};
const json = dashboardFile(serviceOverview(OPTIONS)).json;
const panels = dataPanels(json);

function panelOf(dashboard: DashboardJson, title: string): PanelJson {
  const found = dataPanels(dashboard).find((p) => p.title === title);
  if (found === undefined) throw new Error(`no panel titled "${title}"`);
  return found;
}

const panel = (title: string) => panelOf(json, title);
const exprs = (title: string) => targetsOf(panel(title)).map((t) => t.expr ?? '');
const thresholdValues = (p: PanelJson) => (defaultsOf(p).thresholds?.steps ?? []).map((s) => s.value);

/** The number the shipped HighErrorRate alert compares the error ratio with. */
function alertedErrorRatio(stack: ShippedStack): number {
  const match = /job:sli_request_errors:ratio_rate1m\{job="app"\} > ([\d.]+)/.exec(stack.ruleFile);
  if (match === null) throw new Error('no HighErrorRate expression in the rule file');
  return Number(match[1]);
}

function drawnErrorRatio(stack: ShippedStack): number | null | undefined {
  return thresholdValues(panelOf(shippedDashboard(stack, 'sentinel-service-app').json, 'Error ratio (5xx, user requests)'))[1];
}

describe('Service overview dashboard', () => {
  it('has its stable uid, title and tags', () => {
    expect(json.uid).toBe('sentinel-service-app');
    expect(json.title).toBe('Sentinel / Service: app');
    expect(json.tags).toEqual(['sentinel', 'service', 'app']);
  });

  it('reads top-down from symptoms to causes', () => {
    expect(panels.map((p) => p.title)).toEqual([
      'Request rate by status class',
      'Error ratio (5xx, user requests)',
      'Latency p50 / p95 / p99 (user requests)',
      'Latency distribution (user requests)',
      'Error budget remaining',
      'Burn rate (1 h)',
      'HTTP status codes',
      'Requests by route',
      'Response time by route (p95)',
      'In-flight requests',
      'Requests by instance',
      'Latency p95 by instance',
      'Redis connectivity',
      'Visitor count',
      'Redis command latency p99',
      'CPU usage',
      'Memory',
      'Event loop lag p99',
    ]);
  });

  it("feeds the job variable from the service's own job only, as other services may export the same names", () => {
    expect(variablesOf(json).find((v) => v.name === 'job')?.query).toBe('label_values(http_requests_total{job="app"}, job)');
  });

  it('breaks user requests and their p95 down by instance, to find the replica that is busy or slow', () => {
    expect(exprs('Requests by instance')).toEqual(['sum by (instance) (rate(http_requests_total{job=~"$job", route!~"/metrics|/healthz|/readyz"}[$__rate_interval]))']);
    expect(exprs('Latency p95 by instance')).toEqual([
      'histogram_quantile(0.95, sum by (le, instance) (rate(http_request_duration_seconds_bucket{job=~"$job", route!~"/metrics|/healthz|/readyz"}[$__rate_interval])))',
    ]);
  });

  it('splits the request rate into 2xx/3xx/4xx/5xx', () => {
    const p = panel('Request rate by status class');
    expect(defaultsOf(p).unit).toBe('reqps');
    expect(targetsOf(p).map((t) => t.legendFormat)).toEqual(['2xx', '3xx', '4xx', '5xx']);
    expect(exprs('Request rate by status class').map((e) => /status_code=~"(\d)\.\."/.exec(e)?.[1])).toEqual(['2', '3', '4', '5']);
  });

  it('shows the recorded user error ratio, the series HighErrorRate fires on, with its threshold dashed', () => {
    const p = panel('Error ratio (5xx, user requests)');
    expect(exprs('Error ratio (5xx, user requests)')).toEqual(['job:sli_request_errors:ratio_rate1m{job=~"$job"}']);
    expect(defaultsOf(p).unit).toBe('percentunit');
    expect(defaultsOf(p).thresholds?.steps).toContainEqual({ value: 0.02, color: 'red' });
    expect(defaultsOf(p).custom?.thresholdsStyle?.mode).toBe('dashed');
    expect(p.description).toContain('2%');
  });

  it('shows the recorded p50/p95/p99 of user requests with the HighLatency threshold dashed', () => {
    const p = panel('Latency p50 / p95 / p99 (user requests)');
    expect(exprs('Latency p50 / p95 / p99 (user requests)')).toEqual([
      'job:sli_request_duration_seconds:p50_rate1m{job=~"$job"}',
      'job:sli_request_duration_seconds:p95_rate1m{job=~"$job"}',
      'job:sli_request_duration_seconds:p99_rate1m{job=~"$job"}',
    ]);
    expect(defaultsOf(p).unit).toBe('s');
    expect(thresholdValues(p)).toEqual([null, 0.3]);
    expect(defaultsOf(p).custom?.thresholdsStyle?.mode).toBe('dashed');
  });

  it('draws a latency heatmap from the duration histogram buckets of user requests', () => {
    const p = panel('Latency distribution (user requests)');
    expect(p.type).toBe('heatmap');
    const [target] = targetsOf(p) as { expr?: string; format?: string; legendFormat?: string }[];
    expect(target).toMatchObject({ format: 'heatmap', legendFormat: '{{le}}' });
    expect(target.expr).toMatch(/^sum by \(le\) \(rate\(http_request_duration_seconds_bucket\{job=~"\$job", route!~"[^"]+"\}\[\$__rate_interval\]\)\)$/);
    expect(p.options).toMatchObject({ calculate: false, yAxis: { unit: 's' } });
  });

  it('reads the SLO recording rules for the error budget and the burn rate', () => {
    expect(exprs('Error budget remaining')).toEqual(['min(job:slo_error_budget_remaining:ratio{job=~"$job"})']);
    expect(exprs('Burn rate (1 h)')).toEqual(['job:slo_burn_rate:ratio_rate1h{job=~"$job"}']);
    expect(thresholdValues(panel('Burn rate (1 h)'))).toEqual([null, 1, 14.4]);
    expect(panel('Error budget remaining').description).toContain('99.5 % SLO');
  });

  it('breaks requests and latency down by route from the recorded series, status codes from the raw counter', () => {
    expect(exprs('HTTP status codes')).toEqual(['sum by (status_code) (rate(http_requests_total{job=~"$job"}[$__rate_interval]))']);
    expect(exprs('Requests by route')).toEqual(['sum by (route) (job_route:http_requests:rate1m{job=~"$job"})']);
    expect(exprs('Response time by route (p95)')).toEqual(['max by (route) (job_route:http_request_duration_seconds:p95_rate1m{job=~"$job"})']);
  });

  it('shows in-flight requests, Redis and the Node.js runtime from the app and process metrics', () => {
    expect(exprs('In-flight requests').flatMap(metricNames)).toEqual(['http_requests_in_flight']);
    expect(exprs('Redis connectivity')).toEqual(['min(app_redis_up{job=~"$job"})']);
    expect(exprs('Visitor count').flatMap(metricNames)).toEqual(['app_visitor_count']);
    expect(exprs('CPU usage').flatMap(metricNames)).toEqual(['process_cpu_seconds_total']);
    expect(exprs('Memory').flatMap(metricNames)).toEqual(['process_resident_memory_bytes', 'nodejs_heap_size_used_bytes']);
    expect(exprs('Event loop lag p99').flatMap(metricNames)).toEqual(['nodejs_eventloop_lag_p99_seconds']);
  });

  it('shows Redis connectivity as a stat mapped 0 → DOWN (red), 1 → UP (green)', () => {
    const p = panel('Redis connectivity');
    expect(p.type).toBe('stat');
    expect(defaultsOf(p).mappings).toEqual([
      { type: 'value', options: { '0': { text: 'DOWN', color: 'red', index: 0 }, '1': { text: 'UP', color: 'green', index: 1 } } },
    ]);
    expect(thresholdValues(p)).toEqual([null, 1]);
  });

  it('exposes every panel expression through panelQueries()', () => {
    const listed = panelQueries(json);
    expect(listed).toHaveLength(24);
    expect(new Set(listed.map((q) => q.panelTitle)).size).toBe(panels.length);
  });
});

describe('Service overview as the stack ships it', () => {
  it('draws the error-ratio threshold the shipped HighErrorRate alert uses', () => {
    const stack = shippedStack();
    expect(drawnErrorRatio(stack)).toBe(alertedErrorRatio(stack));
  });

  it('draws an overridden error-ratio threshold', () => {
    const stack = shippedStack({ app: { alerts: { errorRatio: 0.02 } } });
    expect(alertedErrorRatio(stack)).toBe(0.02);
    expect(drawnErrorRatio(stack)).toBe(0.02);
  });
});
