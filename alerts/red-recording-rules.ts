import type { RecordingRule, RuleGroup } from '../config/prometheus-rules';
import type { ScrapeJob } from '../config/scrape-job';
import { serverErrorRatio, userRequests } from './http-selectors';

export const RED_WINDOW = '1m';
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

function latencyQuantile(q: number, selector: string, by: string): string {
  return `histogram_quantile(${q}, sum by (${by}, le) (rate(http_request_duration_seconds_bucket{${selector}}[${RED_WINDOW}])))`;
}

/** Request rate, error ratio and latency quantiles of one HTTP job: per route, and for user requests as a whole. */
export function redRecordingRules(job: ScrapeJob): RuleGroup {
  const all = `job="${job.jobName}"`;
  const users = userRequests(job);
  const rate = (selector: string, by: string) => `sum by (${by}) (rate(http_requests_total{${selector}}[${RED_WINDOW}]))`;
  const rules: RecordingRule[] = [
    { record: RED_SERIES.requestRateByRoute, expr: rate(all, 'job, route') },
    { record: RED_SERIES.errorRatioByRoute, expr: serverErrorRatio(all, RED_WINDOW, 'job, route') },
    ...LATENCY_QUANTILES.map((q) => ({ record: RED_SERIES.latencyByRoute(q), expr: latencyQuantile(q, all, 'job, route') })),
    { record: RED_SERIES.userErrorRatio, expr: serverErrorRatio(users, RED_WINDOW, 'job') },
    ...LATENCY_QUANTILES.map((q) => ({ record: RED_SERIES.userLatency(q), expr: latencyQuantile(q, users, 'job') })),
  ];
  return { name: `${job.jobName}-red`, rules };
}
