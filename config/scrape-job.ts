import type { Endpoint } from './endpoint';
import type { Severity } from './prometheus-rules';

/**
 * The job each of Sentinel's components is scraped under: the components declare their jobs
 * with these, and the metric catalogs (dashboards/catalog/) are keyed by them.
 */
export const JOB_NAMES = {
  app: 'app',
  nginxExporter: 'nginx',
  redisExporter: 'redis',
  nodeExporter: 'node',
  prometheus: 'prometheus',
  alertmanager: 'alertmanager',
  grafana: 'grafana',
} as const;

/** One Prometheus scrape job: what a component that exposes metrics declares about itself. */
export interface ScrapeJob {
  readonly jobName: string;
  /** Each scraped as its own target: several for a service that runs replicas on one host, and then counted by its TargetDown. */
  readonly targets: readonly Endpoint[];
  readonly metricsPath?: string;
  /** Severity of its TargetDown alert; critical unless losing it leaves users unaffected. */
  readonly severityWhenDown?: Exclude<Severity, 'none'>;
  /** On a Swarm, one task on every node (a global service), each found by DNS: no fixed count. */
  readonly onEveryNode?: boolean;
  /**
   * Replicated on Swarm: the number of tasks the service should run. Each task is found by
   * DNS (`tasks.<host>`, the target's host) and scraped as its own target with its own
   * `instance`, and the job's alerts compare the tasks found and up against this count.
   * Not validated here: the construct that declares the job validates its props.
   */
  readonly replicas?: number;
}
