/**
 * "Sentinel / Service: <name>": one HTTP service's health read top-down, from what users
 * feel (traffic, errors, latency, error budget) to where it happens (status codes,
 * routes, concurrency) to why (the sections the service adds: its runtime, its dependencies).
 */
import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import type { DashboardBuilder, Panel, RowBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { PromQueryFormat } from '@grafana/grafana-foundation-sdk/prometheus';
import { percent } from '../alerts/format';
import type { HttpAlertThresholds } from '../alerts/http-alerts';
import type { HttpJob } from '../alerts/http-selectors';
import { LATENCY_QUANTILES, RED_SERIES, RED_WINDOW } from '../alerts/red-recording-rules';
import { BURN_RATE_1H, BURN_RATE_WINDOWS, ERROR_BUDGET_REMAINING, SLO_PERIOD } from '../alerts/slo';
import { sentinelDashboard } from './common';
import { COLORS, NEUTRAL, heatmapPanel, row, statPanel, thresholds, timeseriesPanel, UNITS } from './panels';
import { aggregate, histogramQuantile, matches, notMatches, orZero, rate, selector, sum } from './promql';

/** The uid of a service's dashboard, one per service. */
export function serviceOverviewUid(service: string): string {
  return `sentinel-service-${service}`;
}

export function serviceOverviewTitle(service: string): string {
  return `Sentinel / Service: ${service}`;
}

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
  requestsByInstance: 18,
  latencyByInstance: 17,
} as const;

const ID = SERVICE_OVERVIEW_PANEL_IDS;

/** A row a service adds below the RED rows (its runtime, a dependency), with panel ids of its own. */
export interface DashboardSection {
  readonly row: RowBuilder;
  readonly panels: readonly cog.Builder<Panel>[];
}

/** What the overview takes from the service it shows, so its lines match the service's alerts. */
export interface ServiceOverviewOptions {
  /** The service's name: its dashboard's uid and title carry it. */
  readonly service: string;
  /** Its job and how it names its metrics. */
  readonly http: HttpJob;
  /** Its alert thresholds: the error-ratio and latency panels draw them. */
  readonly thresholds: HttpAlertThresholds;
  /** The availability SLO in percent (99.9 = three nines), named by the error-budget panels. */
  readonly sloTargetPercent: number;
  /** Rows below the RED rows, in order. */
  readonly sections: readonly DashboardSection[];
}

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

export function serviceOverview(options: ServiceOverviewOptions): DashboardBuilder {
  const { service, http, thresholds: alertAt, sloTargetPercent } = options;
  const { metrics } = http;
  /** `sum(rate(<requests>{job=~"$job", <status>=~"5.."}[$__rate_interval]))` */
  const requestRateOfClass = (statusClass: (typeof STATUS_CLASSES)[number]) =>
    orZero(sum(rate(metrics.requests, matches(metrics.statusLabel, `${statusClass[0]}..`))));
  const latencyThresholds = thresholds(COLORS.ok, { value: alertAt.latencyP95Seconds, color: COLORS.warning });
  const pagingBurn = pagingBurnRate();
  const dashboard = sentinelDashboard({
    uid: serviceOverviewUid(service),
    title: serviceOverviewTitle(service),
    description: `${service} behind the nginx gateway: traffic, errors, latency and error budget first, then where and why.`,
    tags: ['service', service],
    // Only this service's job: other services may export the same metric names.
    jobMetric: `${metrics.requests}{job="${http.jobName}"}`,
  });

  dashboard
    .withRow(row(ID.rowSymptoms, 'Symptoms: traffic, errors, latency'))
    .withPanel(
      timeseriesPanel({
        id: ID.requestRate,
        title: 'Request rate by status class',
        description: `Requests per second handled by ${service}, stacked by HTTP status class.`,
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
            expr: sum(rate(`${metrics.durationSeconds}_bucket`, notMatches(metrics.routeLabel, http.probeRoutes.join('|'))), ['le']),
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
        queries: [{ expr: sum(rate(metrics.requests), [metrics.statusLabel]), legend: `{{${metrics.statusLabel}}}` }],
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
    );
  if (metrics.inFlight !== undefined) {
    dashboard.withPanel(
      timeseriesPanel({
        id: ID.inFlight,
        title: 'In-flight requests',
        description: 'Requests being processed right now per instance; steady growth means requests pile up.',
        unit: UNITS.count,
        thresholds: thresholds(COLORS.ok, { value: 50, color: COLORS.warning }, { value: 100, color: COLORS.critical }),
        queries: [{ expr: sum(selector(metrics.inFlight), ['instance']), legend: '{{instance}}' }],
        min: 0,
        decimals: 0,
        width: 6,
        height: 8,
      }),
    );
  }
  // Which replica carries the traffic, and which one is slow: one line each on one host.
  const users = notMatches(metrics.routeLabel, http.probeRoutes.join('|'));
  dashboard
    .withPanel(
      timeseriesPanel({
        id: ID.requestsByInstance,
        title: 'Requests by instance',
        description: 'User requests per second each instance (replica) answers; a replica far from the others is taking too much or too little.',
        unit: UNITS.requestsPerSecond,
        thresholds: NEUTRAL,
        queries: [{ expr: sum(rate(metrics.requests, users), ['instance']), legend: '{{instance}}' }],
        min: 0,
        width: 12,
        height: 8,
      }),
    )
    .withPanel(
      timeseriesPanel({
        id: ID.latencyByInstance,
        title: 'Latency p95 by instance',
        description: '95th percentile duration of user requests per instance (replica), to find the one that is slow.',
        unit: UNITS.seconds,
        thresholds: latencyThresholds,
        queries: [{ expr: histogramQuantile(0.95, metrics.durationSeconds, ['instance'], users), legend: '{{instance}}' }],
        min: 0,
        width: 12,
        height: 8,
      }),
    );
  for (const section of options.sections) {
    dashboard.withRow(section.row);
    for (const panel of section.panels) dashboard.withPanel(panel);
  }
  return dashboard;
}
