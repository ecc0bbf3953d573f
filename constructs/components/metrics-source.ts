import type { IConstruct } from '../framework/framework';
import type { RuleGroup } from '../../config/prometheus-rules';
import type { ScrapeJob } from '../../config/scrape-job';
import type { DashboardFile } from '../../dashboards';
import type { MetricCatalog } from '../../dashboards/catalog/metric-catalog';

/** A component that exposes Prometheus metrics brings its scrape job, and any rules and dashboards, with it. */
export interface MetricsSource extends IConstruct {
  readonly scrapeJob: ScrapeJob;
  readonly ruleGroups?: readonly RuleGroup[];
  readonly dashboards?: readonly DashboardFile[];
  /** The metrics it exports, which its dashboards and alerts may read; loaded by tests and tooling, never at synth. */
  readonly metricCatalog?: () => Promise<MetricCatalog>;
}

// A symbol, as cdktf marks its stacks: recognising a source by its members would also take in
// any construct that happens to have a `scrapeJob`.
const METRICS_SOURCE = Symbol.for('sentinel.MetricsSource');

/** Declares that the construct exposes metrics: Prometheus scrapes it and Grafana shows its dashboards. */
export function markMetricsSource(source: MetricsSource): void {
  Object.defineProperty(source, METRICS_SOURCE, { value: true });
}

export function isMetricsSource(construct: IConstruct): construct is MetricsSource {
  return METRICS_SOURCE in construct;
}

/** Every component in the scope that exposes metrics, so Prometheus' jobs are never listed by hand. */
export function metricsSourcesIn(scope: IConstruct): MetricsSource[] {
  return scope.node.findAll().filter(isMetricsSource);
}
