/**
 * "Sentinel / Service overview": the app's health read top-down, from what users
 * feel (traffic, errors, latency) to where it happens (status codes, routes,
 * concurrency) to why (Redis, Node.js runtime saturation).
 */
import type { DashboardBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { sentinelDashboard } from './common';
import { APP_METRICS, NODE_METRICS } from './metrics';
import { COLORS, row, statPanel, thresholds, timeseriesPanel, UNITS, type Thresholds } from './panels';
import { aggregate, histogramQuantile, matches, rate, ratio, selector, sum } from './promql';

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
  rowBreakdown: 200,
  statusCodes: 4,
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

/** Share of 5xx responses above which the service is failing its users. */
export const ERROR_RATIO_THRESHOLD = 0.05;

/** HTTP latency: orange from 500 ms, red from 1 s. */
const HTTP_LATENCY_THRESHOLDS: Thresholds = thresholds(
  COLORS.ok,
  { value: 0.5, color: COLORS.warning },
  { value: 1, color: COLORS.critical },
);

/** Informational series: no level is bad by itself. */
const NEUTRAL: Thresholds = thresholds(COLORS.ok);

const HTTP_REQUESTS = APP_METRICS.httpRequestsTotal;
const HTTP_DURATION = APP_METRICS.httpRequestDurationSeconds;

const STATUS_CLASSES = ['2xx', '3xx', '4xx', '5xx'] as const;
const STATUS_CLASS_COLORS: Record<(typeof STATUS_CLASSES)[number], string> = {
  '2xx': COLORS.ok,
  '3xx': COLORS.info,
  '4xx': COLORS.warning,
  '5xx': COLORS.critical,
};

/** `sum(rate(http_requests_total{job=~"$job", status_code=~"5.."}[$__rate_interval]))` */
function requestRateOfClass(statusClass: (typeof STATUS_CLASSES)[number]): string {
  return sum(rate(HTTP_REQUESTS, matches('status_code', `${statusClass[0]}..`)));
}

export function serviceOverview(): DashboardBuilder {
  const dashboard = sentinelDashboard({
    uid: SERVICE_OVERVIEW_UID,
    title: SERVICE_OVERVIEW_TITLE,
    description:
      'Node.js app behind the nginx gateway: traffic, errors and latency first, then where and why (Redis, runtime).',
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
        title: 'Error ratio (5xx)',
        description: `Share of requests answered with a 5xx status; the dashed line marks ${ERROR_RATIO_THRESHOLD * 100} %.`,
        unit: UNITS.ratio,
        thresholds: thresholds(COLORS.ok, { value: ERROR_RATIO_THRESHOLD, color: COLORS.critical }),
        queries: [
          {
            expr: ratio(requestRateOfClass('5xx'), sum(rate(HTTP_REQUESTS)), true),
            legend: '5xx ratio',
          },
        ],
        showThresholds: true,
        min: 0,
        width: 8,
        height: 8,
      }),
    )
    .withPanel(
      timeseriesPanel({
        id: ID.latency,
        title: 'Latency p50 / p95 / p99',
        description: 'Request duration quantiles over all routes, estimated from the duration histogram buckets.',
        unit: UNITS.seconds,
        thresholds: HTTP_LATENCY_THRESHOLDS,
        queries: [0.5, 0.95, 0.99].map((q) => ({
          expr: histogramQuantile(q, HTTP_DURATION),
          legend: `p${Math.round(q * 100)}`,
        })),
        showThresholds: true,
        min: 0,
        width: 8,
        height: 8,
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
        width: 8,
        height: 8,
      }),
    )
    .withPanel(
      timeseriesPanel({
        id: ID.latencyByRoute,
        title: 'Response time by route (p95)',
        description: '95th percentile request duration per route, to find the endpoint that is slow.',
        unit: UNITS.seconds,
        thresholds: HTTP_LATENCY_THRESHOLDS,
        queries: [{ expr: histogramQuantile(0.95, HTTP_DURATION, ['route']), legend: '{{route}}' }],
        min: 0,
        width: 8,
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
        width: 8,
        height: 8,
      }),
    )
    .withRow(row(ID.rowDependencies, 'Causes: Redis'))
    .withPanel(
      statPanel({
        id: ID.redisUp,
        title: 'Redis connectivity',
        description: 'Whether every selected app instance currently reaches Redis (worst instance shown).',
        unit: UNITS.none,
        thresholds: thresholds(COLORS.critical, { value: 1, color: COLORS.ok }),
        queries: [{ expr: aggregate('min', selector(APP_METRICS.redisUp)), legend: 'redis' }],
        valueText: {
          '0': { text: 'DOWN', color: COLORS.critical },
          '1': { text: 'UP', color: COLORS.ok },
        },
        noValue: 'NO DATA',
        colorBackground: true,
        decimals: 0,
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
          { expr: sum(rate(NODE_METRICS.processCpuSecondsTotal), ['instance']), legend: '{{instance}}' },
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
            expr: sum(selector(NODE_METRICS.processResidentMemoryBytes), ['instance']),
            legend: 'RSS {{instance}}',
          },
          {
            expr: sum(selector(NODE_METRICS.heapSizeUsedBytes), ['instance']),
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
          { expr: aggregate('max', selector(NODE_METRICS.eventLoopLagP99Seconds), ['instance']), legend: '{{instance}}' },
        ],
        min: 0,
        width: 8,
        height: 8,
      }),
    );

  return dashboard;
}
