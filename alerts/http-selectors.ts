import type { ScrapeJob } from '../config/scrape-job';

/** Routes that measure the platform, not users: left out of the service level indicator. */
const PROBE_ROUTES = ['/metrics', '/healthz', '/readyz'];

/** Label matchers for the requests users make to one job. */
export function userRequests(job: ScrapeJob): string {
  return `job="${job.jobName}",route!~"${PROBE_ROUTES.join('|')}"`;
}

export const SERVER_ERROR = 'status_code=~"5.."';
