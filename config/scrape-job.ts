import type { Endpoint } from './endpoint';

/** One Prometheus scrape job: what a component that exposes metrics declares about itself. */
export interface ScrapeJob {
  readonly jobName: string;
  readonly targets: readonly Endpoint[];
  readonly metricsPath?: string;
}
