import type { ScrapeJob } from '../config/scrape-job';
import { APP_PROBE_ROUTES } from '../dashboards/metrics';

/** Label matchers for the requests users make to one job. */
export function userRequests(job: ScrapeJob): string {
  return `job="${job.jobName}",route!~"${APP_PROBE_ROUTES.join('|')}"`;
}

const SERVER_ERROR = 'status_code=~"5.."';

/**
 * Share of requests matching `selector` that failed with a 5xx, over `window`, summed by `by`.
 * Without any 5xx yet the ratio is 0, not absent, so dashboards show 0 instead of "No data".
 */
export function serverErrorRatio(selector: string, window: string, by: string): string {
  const rate = (matchers: string) => `sum by (${by}) (rate(http_requests_total{${matchers}}[${window}]))`;
  return `(${rate(`${selector},${SERVER_ERROR}`)} or ${rate(selector)} * 0) / ${rate(selector)}`;
}
