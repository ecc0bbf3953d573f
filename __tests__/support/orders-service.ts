/**
 * The second service the tests run beside the app (`orders-service/server.js`): other metric
 * names (OpenTelemetry's), mapped; other thresholds; its own route, job and dashboard.
 */
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { httpRequest } from './app-http';
import type { HttpMetricNames } from '../../dashboards/metrics';
import type { Construct } from '../../constructs/framework/framework';
import { MonitoredService, type MonitoredServiceProps } from '../../constructs/components/monitored-service';

export const ORDERS_SERVICE_DIR = resolve(__dirname, 'orders-service');
export const ORDERS_SERVER_ENTRY = resolve(ORDERS_SERVICE_DIR, 'server.js');
export const ORDERS_PORT = 8000;

export const ORDERS_METRICS: HttpMetricNames = {
  requests: 'http_server_request_duration_seconds_count',
  durationSeconds: 'http_server_request_duration_seconds',
  routeLabel: 'http_route',
  statusLabel: 'http_response_status_code',
  // The OpenTelemetry conventions have no in-flight gauge; left out, the app's name would stand.
  inFlight: undefined,
};

/** Thresholds unlike the app's, so a rule that read the app's would show. */
export const ORDERS_THRESHOLDS = { errorRatio: 0.1, errorRatioFor: '1m', latencyP95Seconds: 0.25, latencyFor: '2m' } as const;
export const ORDERS_SLO_PERCENT = 99.5;

export function ordersServiceProps(options: Partial<MonitoredServiceProps> = {}): MonitoredServiceProps {
  return {
    image: { buildContext: ORDERS_SERVICE_DIR },
    port: ORDERS_PORT,
    route: '/orders/',
    user: '1000:1000',
    env: { PORT: String(ORDERS_PORT) },
    healthcheck: {
      command: ['node', '-e', `require('http').get('http://127.0.0.1:${ORDERS_PORT}/health', (r) => process.exit(r.statusCode === 200 ? 0 : 1)).on('error', () => process.exit(1))`],
    },
    metrics: ORDERS_METRICS,
    probeRoutes: ['/metrics', '/health'],
    runtime: 'process',
    alerts: ORDERS_THRESHOLDS,
    slo: { targetPercent: ORDERS_SLO_PERCENT },
    ...options,
  };
}

export function declareOrdersService(scope: Construct, options: Partial<MonitoredServiceProps> = {}): MonitoredService {
  return new MonitoredService(scope, 'orders', ordersServiceProps(options));
}

/** Paths under the gateway's /orders/ prefix: both user routes, a probe, and a path it does not serve. */
export const ORDERS_GATEWAY_PATHS = ['/orders/', '/orders/42', '/orders/7', '/orders/health', '/orders/nope'] as const;
/** The orders service's user routes, as the gateway is asked for them. */
export const ORDERS_USER_PATHS = ['/orders/', '/orders/42'] as const;

export interface OrdersTraffic {
  readonly paths?: readonly string[];
  readonly rounds?: number;
  readonly intervalMs?: number;
  /** Stops before the next round when it says so. */
  readonly until?: () => boolean;
}

/**
 * Rounds of one request to each path through the gateway (by default ORDERS_GATEWAY_PATHS, once).
 * A request that fails is left to the metrics to show: the Docker suites send this traffic through rollouts.
 */
export async function sendOrdersTraffic(gatewayPort: number, { paths = ORDERS_GATEWAY_PATHS, rounds = 1, intervalMs = 0, until = () => false }: OrdersTraffic = {}): Promise<void> {
  for (let round = 0; round < rounds && !until(); round++) {
    await Promise.all(paths.map((path) => httpRequest(gatewayPort, { path }).catch(() => undefined)));
    if (intervalMs > 0) await sleep(intervalMs);
  }
}
