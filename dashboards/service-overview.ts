import { percent } from '../alerts/format';
/**
 * "Sentinel / Service overview": the app's health read top-down, from what users
 * feel (traffic, errors, latency, error budget) to where it happens (status
 * codes, routes, concurrency) to why (Redis, Node.js runtime saturation).
 */
import type { AppAlertThresholds } from '../alerts/app-alerts';
import { LATENCY_QUANTILES, RED_SERIES, RED_WINDOW } from '../alerts/red-recording-rules';
import { BURN_RATE_1H, BURN_RATE_WINDOWS, ERROR_BUDGET_REMAINING, SLO_PERIOD } from '../alerts/slo';
import type { DashboardBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { PromQueryFormat } from '@grafana/grafana-foundation-sdk/prometheus';
import { sentinelDashboard } from './common';
import { APP_METRICS, APP_PROBE_ROUTES, NODEJS_METRICS } from './metrics';
import { COLORS, NEUTRAL, heatmapPanel, row, statPanel, statusPanel, thresholds, timeseriesPanel, UNITS } from './panels';
import { aggregate, histogramQuantile, matches, notMatches, orZero, rate, selector, sum } from './promql';

export const SERVICE_OVERVIEW_UID = 'sentinel-service-overview';
export const SERVICE_OVERVIEW_TITLE = 'Sentinel / Service overview';

/**
 * Panel ids. They are part of the dashboard's public surface (panel links,
 * `viewPanel=` URLs, rendered images): never renumber, only add.
 */
export const SERVICE_OVERVIEW_PANEL_IDS = {
  rowSymptoms: 100,
  requestRate: 1,
  errorRatio: 2,
  latency: 3,
  latencyHeatmap: 13,
  rowErrorBudget: 500,
  errorBudgetRemaining: 15,
  burnRate: 16,
  rowBreakdown: 200,
  statusCodes: 4,
  requestsByRoute: 14,
  latencyByRoute: 5,
  inFlight: 6,
  rowDependencies: 300,
  redisUp: 7,
  visitorCount: 8,
  redisLatency: 9,
  rowRuntime: 400,
  cpu: 10,
  memory: 11,
  eventLoopLag: 12,
} as const;

const ID = SERVICE_OVERVIEW_PANEL_IDS;

/** What the service overview takes from the app it shows, so its lines match the app's alerts. */
export interface ServiceOverviewOptions {
  /** The app's alert thresholds: the error-ratio and latency panels draw them. */
  readonly thresholds: AppAlertThresholds;
  /** The availability SLO in percent (99.9 = three nines), named by the error-budget panels. */
  readonly sloTargetPercent: number;
}

const HTTP_REQUESTS = APP_METRICS.httpRequestsTotal;
const HTTP_DURATION = APP_METRICS.httpRequestDurationSeconds;

const STATUS_CLASSES = ['2xx', '3xx', '4xx', '5xx'] as const;
const STATUS_CLASS_COLORS: Record<(typeof STATUS_CLASSES)[number], string> = {
  '2xx': COLORS.ok,
  '3xx': COLORS.info,
  '4xx': COLORS.warning,
  '5xx': COLORS.critical,
};

/** The burn rate the fast SLO alert pages on: that of its 1 h window, the window `job:slo_burn_rate:ratio_rate1h` measures. */
function pagingBurnRate(): number {
  const window = BURN_RATE_WINDOWS.find((w) => w.long === '1h');
  if (window === undefined) throw new Error('no 1h burn-rate alert window to draw');
  return window.factor;
}

/** `sum(rate(http_requests_total{job=~"$job", status_code=~"5.."}[$__rate_interval]))` */
function requestRateOfClass(statusClass: (typeof STATUS_CLASSES)[number]): string {
  return orZero(sum(rate(HTTP_REQUESTS, matches('status_code', `${statusClass[0]}..`))));
}

export function serviceOverview(options: ServiceOverviewOptions): DashboardBuilder {
  const { thresholds: alertAt, sloTargetPercent } = options;
  const latencyThresholds = thresholds(COLORS.ok, { value: alertAt.latencyP95Seconds, color: COLORS.warning });
  const pagingBurn = pagingBurnRate();
  const dashboard = sentinelDashboard({
    uid: SERVICE_OVERVIEW_UID,
    title: SERVICE_OVERVIEW_TITLE,
    description:
      'Node.js app behind the nginx gateway: traffic, errors, latency and error budget first, then where and why (Redis, runtime).',
    tags: ['service', 'app'],
    jobMetric: HTTP_REQUESTS,
  });

  dashboard
    .withRow(row(ID.rowSymptoms, 'Symptoms: traffic, errors, latency'))
    .withPanel(
      timeseriesPanel({
        id: ID.requestRate,
        title: 'Request rate by status class',
        description: 'Requests per second handled by the app, stacked by HTTP status class.',
        unit: UNITS.requestsPerSecond,
        thresholds: NEUTRAL,
        queries: STATUS_CLASSES.map((c) => ({ expr: requestRateOfClass(c), legend: c })),
        stacked: true,
        seriesColors: STATUS_CLASS_COLORS,
        min: 0,
        width: 8,
        height: 8,
      }),
    )
    .withPanel(
      timeseriesPanel({
        id: ID.errorRatio,
        title: 'Error ratio (5xx, user requests)',
        description: `Share of user requests (probes left out) answered 5xx over ${RED_WINDOW}, the series HighErrorRate fires on above the dashed line at ${percent(alertAt.errorRatio)}.`,
        unit: UNITS.ratio,
        thresholds: thresholds(COLORS.ok, { value: alertAt.errorRatio, color: COLORS.critical }),
        queries: [{ expr: selector(RED_SERIES.userErrorRatio), legend: '{{job}}' }],
        showThresholds: true,
        min: 0,
        width: 8,
        height: 8,
      }),
    )
    .withPanel(
      timeseriesPanel({
        id: ID.latency,
        title: 'Latency p50 / p95 / p99 (user requests)',
        description: `Request duration quantiles of user requests over ${RED_WINDOW}; HighLatency fires when p95 stays above the dashed line at ${alertAt.latencyP95Seconds} s.`,
        unit: UNITS.seconds,
        thresholds: latencyThresholds,
        queries: LATENCY_QUANTILES.map((q) => ({
          expr: selector(RED_SERIES.userLatency(q)),
          legend: `p${q * 100} {{job}}`,
        })),
        showThresholds: true,
        min: 0,
        width: 8,
        height: 8,
      }),
    )
    .withPanel(
      heatmapPanel({
        id: ID.latencyHeatmap,
        title: 'Latency distribution (user requests)',
        description: 'Requests per second in each duration bucket of the histogram: a second band or a long tail shows what the quantiles average away.',
        unit: UNITS.requestsPerSecond,
        bucketUnit: UNITS.seconds,
        thresholds: NEUTRAL,
        queries: [
          {
            expr: sum(rate(`${HTTP_DURATION}_bucket`, notMatches('route', APP_PROBE_ROUTES.join('|'))), ['le']),
            legend: '{{le}}',
            format: PromQueryFormat.Heatmap,
          },
        ],
        width: 24,
        height: 8,
      }),
    )
    .withRow(row(ID.rowErrorBudget, `Error budget: ${sloTargetPercent} % of user requests succeed over ${SLO_PERIOD}`))
    .withPanel(
      statPanel({
        id: ID.errorBudgetRemaining,
        title: 'Error budget remaining',
        description: `Share of the ${SLO_PERIOD} error budget of the ${sloTargetPercent} % SLO still unspent; at 0 % or below the SLO is breached.`,
        unit: UNITS.ratio,
        thresholds: thresholds(COLORS.critical, { value: 0.25, color: COLORS.warning }, { value: 0.5, color: COLORS.ok }),
        queries: [{ expr: aggregate('min', selector(ERROR_BUDGET_REMAINING)), legend: 'budget left' }],
        noValue: 'NO DATA',
        sparkline: true,
        decimals: 1,
        width: 6,
        height: 7,
      }),
    )
    .withPanel(
      timeseriesPanel({
        id: ID.burnRate,
        title: 'Burn rate (1 h)',
        description: `How fast the last hour spends the error budget: 1× lasts exactly ${SLO_PERIOD}, ${pagingBurn}× (dashed red) is where the fast burn alert pages.`,
        unit: UNITS.times,
        thresholds: thresholds(COLORS.ok, { value: 1, color: COLORS.warning }, { value: pagingBurn, color: COLORS.critical }),
        queries: [{ expr: selector(BURN_RATE_1H), legend: '{{job}}' }],
        showThresholds: true,
        min: 0,
        width: 18,
        height: 7,
      }),
    )
    .withRow(row(ID.rowBreakdown, 'Where: status codes, routes, concurrency'))
    .withPanel(
      timeseriesPanel({
        id: ID.statusCodes,
        title: 'HTTP status codes',
        description: 'Requests per second by exact status code, stacked, to tell 404s from 500s from 503s.',
        unit: UNITS.requestsPerSecond,
        thresholds: NEUTRAL,
        queries: [{ expr: sum(rate(HTTP_REQUESTS), ['status_code']), legend: '{{status_code}}' }],
        stacked: true,
        min: 0,
        width: 6,
        height: 8,
      }),
    )
    .withPanel(
      timeseriesPanel({
        id: ID.requestsByRoute,
        title: 'Requests by route',
        description: `Requests per second per route template over ${RED_WINDOW}, probes included, to see which endpoint carries the traffic.`,
        unit: UNITS.requestsPerSecond,
        thresholds: NEUTRAL,
        queries: [{ expr: sum(selector(RED_SERIES.requestRateByRoute), ['route']), legend: '{{route}}' }],
        stacked: true,
        min: 0,
        width: 6,
        height: 8,
      }),
    )
    .withPanel(
      timeseriesPanel({
        id: ID.latencyByRoute,
        title: 'Response time by route (p95)',
        description: '95th percentile request duration per route, to find the endpoint that is slow.',
        unit: UNITS.seconds,
        thresholds: latencyThresholds,
        queries: [{ expr: aggregate('max', selector(RED_SERIES.latencyByRoute(0.95)), ['route']), legend: '{{route}}' }],
        min: 0,
        width: 6,
        height: 8,
      }),
    )
    .withPanel(
      timeseriesPanel({
        id: ID.inFlight,
        title: 'In-flight requests',
        description: 'Requests being processed right now per instance; steady growth means requests pile up.',
        unit: UNITS.count,
        thresholds: thresholds(COLORS.ok, { value: 50, color: COLORS.warning }, { value: 100, color: COLORS.critical }),
        queries: [
          { expr: sum(selector(APP_METRICS.httpRequestsInFlight), ['instance']), legend: '{{instance}}' },
        ],
        min: 0,
        decimals: 0,
        width: 6,
        height: 8,
      }),
    )
    .withRow(row(ID.rowDependencies, 'Causes: Redis'))
    .withPanel(
      statusPanel({
        id: ID.redisUp,
        title: 'Redis connectivity',
        description: 'Whether every selected app instance currently reaches Redis (worst instance shown).',
        queries: [{ expr: aggregate('min', selector(APP_METRICS.redisUp)), legend: 'redis' }],
        noValue: 'NO DATA',
        width: 4,
        height: 7,
      }),
    )
    .withPanel(
      statPanel({
        id: ID.visitorCount,
        title: 'Visitor count',
        description: 'Current value of the visitor counter the app keeps in Redis.',
        unit: UNITS.count,
        thresholds: thresholds(COLORS.info),
        queries: [{ expr: aggregate('max', selector(APP_METRICS.visitorCount)), legend: 'visitors' }],
        sparkline: true,
        decimals: 0,
        width: 4,
        height: 7,
      }),
    )
    .withPanel(
      timeseriesPanel({
        id: ID.redisLatency,
        title: 'Redis command latency p99',
        description: '99th percentile duration of Redis commands issued by the app, per command.',
        unit: UNITS.seconds,
        thresholds: thresholds(COLORS.ok, { value: 0.01, color: COLORS.warning }, { value: 0.05, color: COLORS.critical }),
        queries: [
          {
            expr: histogramQuantile(0.99, APP_METRICS.redisCommandDurationSeconds, ['command']),
            legend: '{{command}}',
          },
        ],
        min: 0,
        width: 16,
        height: 7,
      }),
    )
    .withRow(row(ID.rowRuntime, 'Causes: Node.js runtime'))
    .withPanel(
      timeseriesPanel({
        id: ID.cpu,
        title: 'CPU usage',
        description: 'CPU time used per instance as a share of one core; Node.js saturates near 100 %.',
        unit: UNITS.ratio,
        thresholds: thresholds(COLORS.ok, { value: 0.7, color: COLORS.warning }, { value: 0.9, color: COLORS.critical }),
        queries: [
          { expr: sum(rate(NODEJS_METRICS.processCpuSecondsTotal), ['instance']), legend: '{{instance}}' },
        ],
        min: 0,
        width: 8,
        height: 8,
      }),
    )
    .withPanel(
      timeseriesPanel({
        id: ID.memory,
        title: 'Memory',
        description: 'Resident memory and used V8 heap per instance; a heap that only grows suggests a leak.',
        unit: UNITS.bytes,
        thresholds: NEUTRAL,
        queries: [
          {
            expr: sum(selector(NODEJS_METRICS.processResidentMemoryBytes), ['instance']),
            legend: 'RSS {{instance}}',
          },
          {
            expr: sum(selector(NODEJS_METRICS.heapSizeUsedBytes), ['instance']),
            legend: 'heap used {{instance}}',
          },
        ],
        min: 0,
        width: 8,
        height: 8,
      }),
    )
    .withPanel(
      timeseriesPanel({
        id: ID.eventLoopLag,
        title: 'Event loop lag p99',
        description: '99th percentile event loop delay per instance; high lag delays every request on that instance.',
        unit: UNITS.seconds,
        thresholds: thresholds(COLORS.ok, { value: 0.05, color: COLORS.warning }, { value: 0.2, color: COLORS.critical }),
        queries: [
          { expr: aggregate('max', selector(NODEJS_METRICS.eventLoopLagP99Seconds), ['instance']), legend: '{{instance}}' },
        ],
        min: 0,
        width: 8,
        height: 8,
      }),
    );

  return dashboard;
}
