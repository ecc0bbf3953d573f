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

/** How Prometheus finds a job's targets: listed as they are, or each task of a Swarm service (replicated or on every node) by DNS. */
function targetsOf(job: ScrapeJob, scrapeInterval: Duration): object {
  if (job.replicas === undefined && !job.onEveryNode) return { static_configs: [{ targets: job.targets.map(hostPort) }] };
  return {
    dns_sd_configs: job.targets.map((target) => ({
      names: [`tasks.${target.host}`],
      type: 'A',
      port: target.port,
      // DNS's default refresh is 30s; at the scrape interval a task Swarm adds is found at the
      // next refresh and scraped at the scrape after, within two scrape intervals of starting.
      refresh_interval: scrapeInterval,
    })),
  };
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
      ...targetsOf(job, input.scrapeInterval),
    })),
  });
}
