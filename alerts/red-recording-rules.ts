import { type Duration, durationMs } from '../config/duration';
import type { RecordingRule, RuleGroup } from '../config/prometheus-rules';
import { allRequests, type HttpJob, latencyQuantile, requestRate, serverErrorRatio, userRequests } from './http-selectors';

export const RED_WINDOW: Duration = '1m';
/**
 * The longest scrape interval the RED rules are right for, half their window: a rate needs two samples
 * inside its window, and Prometheus 3's ranges are left-open, so a window of two intervals may hold only one.
 */
export const LONGEST_SCRAPE_INTERVAL = `${durationMs(RED_WINDOW)! / 2 / 1000}s` as Duration;
export const LATENCY_QUANTILES = [0.5, 0.95, 0.99] as const;
export type LatencyQuantile = (typeof LATENCY_QUANTILES)[number];

/** Names of the recorded RED series, shared by alerts and dashboards. */
export const RED_SERIES = {
  requestRateByRoute: `job_route:http_requests:rate${RED_WINDOW}`,
  errorRatioByRoute: `job_route:http_request_errors:ratio_rate${RED_WINDOW}`,
  latencyByRoute: (q: LatencyQuantile) => `job_route:http_request_duration_seconds:p${q * 100}_rate${RED_WINDOW}`,
  userErrorRatio: `job:sli_request_errors:ratio_rate${RED_WINDOW}`,
  userLatency: (q: LatencyQuantile) => `job:sli_request_duration_seconds:p${q * 100}_rate${RED_WINDOW}`,
} as const;

/** Request rate, error ratio and latency quantiles of one HTTP job: per route, and for user requests as a whole. */
export function redRecordingRules(http: HttpJob): RuleGroup {
  const all = allRequests(http);
  const users = userRequests(http);
  const byRoute = 'job, route';
  const rules: RecordingRule[] = [
    { record: RED_SERIES.requestRateByRoute, expr: requestRate(http, all, RED_WINDOW, byRoute) },
    { record: RED_SERIES.errorRatioByRoute, expr: serverErrorRatio(http, all, RED_WINDOW, byRoute) },
    ...LATENCY_QUANTILES.map((q) => ({ record: RED_SERIES.latencyByRoute(q), expr: latencyQuantile(http, q, all, RED_WINDOW, byRoute) })),
    { record: RED_SERIES.userErrorRatio, expr: serverErrorRatio(http, users, RED_WINDOW, 'job') },
    ...LATENCY_QUANTILES.map((q) => ({ record: RED_SERIES.userLatency(q), expr: latencyQuantile(http, q, users, RED_WINDOW, 'job') })),
  ];
  return { name: `${http.jobName}-red`, rules };
}
