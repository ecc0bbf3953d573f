import type { HttpMetricNames } from '../dashboards/metrics';

/** One HTTP service's requests as Prometheus holds them: its job, how it names its metrics, which routes are probes. */
export interface HttpJob {
  readonly jobName: string;
  readonly metrics: HttpMetricNames;
  /** Routes that measure the platform rather than serve users: the service level indicator leaves them out. */
  readonly probeRoutes: readonly string[];
}

/** The label every recorded series, alert and dashboard reads the route from, whatever the service calls it. */
export const ROUTE_LABEL = 'route';

/** Label matchers for the requests users make to one job. */
export function userRequests(http: HttpJob): string {
  return `job="${http.jobName}",${http.metrics.routeLabel}!~"${http.probeRoutes.join('|')}"`;
}

/** Every request to one job, probes included. */
export function allRequests(http: HttpJob): string {
  return `job="${http.jobName}"`;
}

/**
 * `rate(metric{selector}[window])`, the service's route label copied to `route` where it has
 * another name, so that sums `by (route)` mean the same for every service.
 */
export function rateWithRoute(http: HttpJob, metric: string, selector: string, window: string): string {
  const rate = `rate(${metric}{${selector}}[${window}])`;
  const { routeLabel } = http.metrics;
  return routeLabel === ROUTE_LABEL ? rate : `label_replace(${rate}, "${ROUTE_LABEL}", "$1", "${routeLabel}", "(.*)")`;
}

/** Requests per second matching `selector` over `window`, summed by `by`. */
export function requestRate(http: HttpJob, selector: string, window: string, by: string): string {
  return `sum by (${by}) (${rateWithRoute(http, http.metrics.requests, selector, window)})`;
}

/**
 * Share of requests matching `selector` that failed with a 5xx, over `window`, summed by `by`.
 * Without any 5xx yet the ratio is 0, not absent, so dashboards show 0 instead of "No data".
 */
export function serverErrorRatio(http: HttpJob, selector: string, window: string, by: string): string {
  const failed = requestRate(http, `${selector},${http.metrics.statusLabel}=~"5.."`, window, by);
  const all = requestRate(http, selector, window, by);
  return `(${failed} or ${all} * 0) / ${all}`;
}

/** The `q` quantile of the request durations matching `selector` over `window`, by `by`. */
export function latencyQuantile(http: HttpJob, q: number, selector: string, window: string, by: string): string {
  const buckets = rateWithRoute(http, `${http.metrics.durationSeconds}_bucket`, selector, window);
  return `histogram_quantile(${q}, sum by (${by}, le) (${buckets}))`;
}
