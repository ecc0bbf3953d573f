/**
 * "Sentinel / Gateway": the nginx gateway as nginx-prometheus-exporter reads it
 * from stub_status — is it up and passing traffic, what its connections are
 * doing, whether it drops any — plus the app's 5xx answers behind it, because
 * stub_status counts requests but knows no status codes.
 */
import type { DashboardBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { jobVariable, sentinelDashboard } from './common';
import { APP_METRICS, APP_PROBE_ROUTES, NGINX_METRICS, SCRAPE_SERIES } from './metrics';
import { ANY_ABOVE_ZERO, COLORS, NEUTRAL, row, statusPanel, thresholds, timeseriesPanel, UNITS } from './panels';
import { aggregate, jobMatcher, matches, notMatches, orZero, rate, selector, sum } from './promql';

export const GATEWAY_UID = 'sentinel-gateway';
export const GATEWAY_TITLE = 'Sentinel / Gateway';

/** Panel ids: part of the dashboard's public surface, never renumber, only add. */
export const GATEWAY_PANEL_IDS = {
  rowSymptoms: 100,
  up: 1,
  requestRate: 2,
  upstreamUp: 7,
  upstreamErrors: 3,
  rowConnections: 200,
  connectionsByState: 4,
  acceptedVsHandled: 5,
  dropped: 6,
} as const;

const ID = GATEWAY_PANEL_IDS;

/** The variable selecting the jobs of the app the gateway proxies to. */
export const UPSTREAM_JOB_VARIABLE = 'upstream_job';

export function gatewayDashboard(): DashboardBuilder {
  const dashboard = sentinelDashboard({
    uid: GATEWAY_UID,
    title: GATEWAY_TITLE,
    description: 'The nginx gateway from its stub_status counters: up, traffic, connections, drops, and the upstream errors behind it.',
    tags: ['gateway', 'nginx'],
    jobMetric: NGINX_METRICS.up,
  }).withVariable(jobVariable(APP_METRICS.httpRequestsTotal, UPSTREAM_JOB_VARIABLE, 'Upstream job'));

  const connectionRate = (metric: string) => sum(rate(metric));

  dashboard
    .withRow(row(ID.rowSymptoms, 'Symptoms: is traffic getting through'))
    .withPanel(
      statusPanel({
        id: ID.up,
        title: 'Gateway up',
        description: 'Whether the exporter could read stub_status on its last scrape (worst gateway shown); DOWN means nginx is down or unreachable.',
        queries: [{ expr: aggregate('min', selector(NGINX_METRICS.up)), legend: 'nginx' }],
        noValue: 'NO DATA',
        width: 4,
        height: 8,
      }),
    )
    .withPanel(
      timeseriesPanel({
        id: ID.requestRate,
        title: 'Requests per second',
        description: 'Every request nginx served per second, as stub_status counts them: the exporter reading stub_status included.',
        unit: UNITS.requestsPerSecond,
        thresholds: NEUTRAL,
        queries: [{ expr: sum(rate(NGINX_METRICS.httpRequestsTotal)), legend: 'requests' }],
        min: 0,
        width: 8,
        height: 8,
      }),
    )
    .withPanel(
      statusPanel({
        id: ID.upstreamUp,
        title: 'Upstream up',
        description: 'Whether Prometheus reached every app instance behind the gateway on its last scrape; while one is DOWN the gateway answers 502 for it.',
        queries: [{ expr: aggregate('min', selector(SCRAPE_SERIES.up, jobMatcher(UPSTREAM_JOB_VARIABLE))), legend: 'app' }],
        noValue: 'NO DATA',
        width: 4,
        height: 8,
      }),
    )
    .withPanel(
      timeseriesPanel({
        id: ID.upstreamErrors,
        title: 'Upstream errors (app 5xx behind the gateway)',
        description: 'stub_status has no status codes: these are the 5xx the app answered to user requests, which the gateway passed on; the 502s nginx makes itself while the app is down show as Upstream up instead.',
        unit: UNITS.requestsPerSecond,
        thresholds: thresholds(COLORS.ok, { value: 0.1, color: COLORS.warning }, { value: 1, color: COLORS.critical }),
        queries: [
          {
            expr: orZero(
              sum(
                rate(
                  APP_METRICS.httpRequestsTotal,
                  jobMatcher(UPSTREAM_JOB_VARIABLE),
                  notMatches('route', APP_PROBE_ROUTES.join('|')),
                  matches('status_code', '5..'),
                ),
              ),
            ),
            legend: '5xx',
          },
        ],
        showThresholds: true,
        min: 0,
        width: 8,
        height: 8,
      }),
    )
    .withRow(row(ID.rowConnections, 'Causes: connections'))
    .withPanel(
      timeseriesPanel({
        id: ID.connectionsByState,
        title: 'Connections by state',
        description: 'Open client connections: reading a request, writing a response, or idle keep-alive waiting; active is their sum.',
        unit: UNITS.count,
        thresholds: NEUTRAL,
        queries: [
          { expr: sum(selector(NGINX_METRICS.connectionsActive)), legend: 'active' },
          { expr: sum(selector(NGINX_METRICS.connectionsReading)), legend: 'reading' },
          { expr: sum(selector(NGINX_METRICS.connectionsWriting)), legend: 'writing' },
          { expr: sum(selector(NGINX_METRICS.connectionsWaiting)), legend: 'waiting' },
        ],
        min: 0,
        decimals: 0,
        width: 8,
        height: 8,
      }),
    )
    .withPanel(
      timeseriesPanel({
        id: ID.acceptedVsHandled,
        title: 'Accepted vs handled connections',
        description: 'Client connections nginx accepted and handled per second; the two lines part when nginx drops connections.',
        unit: UNITS.connectionsPerSecond,
        thresholds: NEUTRAL,
        queries: [
          { expr: connectionRate(NGINX_METRICS.connectionsAccepted), legend: 'accepted' },
          { expr: connectionRate(NGINX_METRICS.connectionsHandled), legend: 'handled' },
        ],
        min: 0,
        width: 8,
        height: 8,
      }),
    )
    .withPanel(
      timeseriesPanel({
        id: ID.dropped,
        title: 'Dropped connections',
        description: 'Accepted minus handled connections per second: ones nginx closed unserved because a limit such as worker_connections was reached.',
        unit: UNITS.connectionsPerSecond,
        thresholds: ANY_ABOVE_ZERO,
        queries: [
          {
            expr: `${connectionRate(NGINX_METRICS.connectionsAccepted)} - ${connectionRate(NGINX_METRICS.connectionsHandled)}`,
            legend: 'dropped',
          },
        ],
        showThresholds: true,
        min: 0,
        width: 8,
        height: 8,
      }),
    );

  return dashboard;
}
