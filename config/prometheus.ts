import type { Duration } from './duration';
import { type Endpoint, hostPort } from './endpoint';
import type { ScrapeJob } from './scrape-job';
import { renderYaml } from './yaml';

export interface PrometheusConfigInput {
  readonly scrapeInterval: Duration;
  readonly evaluationInterval: Duration;
  readonly jobs: readonly ScrapeJob[];
  /** Rule file paths or globs, as Prometheus will see them. */
  readonly ruleFiles: readonly string[];
  readonly alertmanagers: readonly Endpoint[];
}

/** prometheus.yml: one scrape job per component that exposes metrics, in a stable order; rules; where alerts go. */
export function renderPrometheusConfig(input: PrometheusConfigInput): string {
  const jobs = [...input.jobs].sort((a, b) => a.jobName.localeCompare(b.jobName));
  return renderYaml({
    global: {
      scrape_interval: input.scrapeInterval,
      evaluation_interval: input.evaluationInterval,
      external_labels: { stack: 'sentinel' },
    },
    rule_files: [...input.ruleFiles],
    alerting: { alertmanagers: [{ static_configs: [{ targets: input.alertmanagers.map(hostPort) }] }] },
    scrape_configs: jobs.map((job) => ({
      job_name: job.jobName,
      metrics_path: job.metricsPath ?? '/metrics',
      static_configs: [{ targets: job.targets.map(hostPort) }],
    })),
  });
}
