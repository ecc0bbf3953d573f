import type { Endpoint } from './endpoint';
import type { Severity } from './prometheus-rules';

/** One Prometheus scrape job: what a component that exposes metrics declares about itself. */
export interface ScrapeJob {
  readonly jobName: string;
  readonly targets: readonly Endpoint[];
  readonly metricsPath?: string;
  /** Severity of its TargetDown alert; critical unless losing it leaves users unaffected. */
  readonly severityWhenDown?: Exclude<Severity, 'none'>;
}
