import type { IConstruct } from './framework';
import type { ScrapeJob } from '../config/scrape-job';

/** A component that exposes Prometheus metrics brings its scrape job with it. */
export interface MetricsSource extends IConstruct {
  readonly scrapeJob: ScrapeJob;
}

function isMetricsSource(construct: IConstruct): construct is MetricsSource {
  return 'scrapeJob' in construct;
}

/** Every component in the scope that exposes metrics, so Prometheus' jobs are never listed by hand. */
export function metricsSourcesIn(scope: IConstruct): MetricsSource[] {
  return scope.node.findAll().filter(isMetricsSource);
}
