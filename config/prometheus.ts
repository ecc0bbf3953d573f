import type { Duration } from './duration';
import { hostPort } from './endpoint';
import type { ScrapeJob } from './scrape-job';
import { renderYaml } from './yaml';

export interface PrometheusConfigInput {
  readonly scrapeInterval: Duration;
  readonly evaluationInterval: Duration;
  readonly jobs: readonly ScrapeJob[];
}

/** prometheus.yml: one scrape job per component that exposes metrics, in a stable order. */
export function renderPrometheusConfig(input: PrometheusConfigInput): string {
  const jobs = [...input.jobs].sort((a, b) => a.jobName.localeCompare(b.jobName));
  return renderYaml({
    global: {
      scrape_interval: input.scrapeInterval,
      evaluation_interval: input.evaluationInterval,
      external_labels: { stack: 'sentinel' },
    },
    scrape_configs: jobs.map((job) => ({
      job_name: job.jobName,
      metrics_path: job.metricsPath ?? '/metrics',
      static_configs: [{ targets: job.targets.map(hostPort) }],
    })),
  });
}
