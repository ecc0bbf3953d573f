import type { IConstruct } from './framework';
import type { RuleGroup } from '../config/prometheus-rules';
import type { ScrapeJob } from '../config/scrape-job';
import type { DashboardFile } from '../dashboards';

/** A component that exposes Prometheus metrics brings its scrape job, its rules and its dashboards with it. */
export interface MetricsSource extends IConstruct {
  readonly scrapeJob: ScrapeJob;
  readonly ruleGroups: readonly RuleGroup[];
  readonly dashboards: readonly DashboardFile[];
}

function isMetricsSource(construct: IConstruct): construct is MetricsSource {
  return 'scrapeJob' in construct;
}

/** Every component in the scope that exposes metrics, so Prometheus' jobs are never listed by hand. */
export function metricsSourcesIn(scope: IConstruct): MetricsSource[] {
  return scope.node.findAll().filter(isMetricsSource);
}
