/** Which metric names a dashboard's panels read that no component of the stack exports. */
import { panelQueries, type DashboardLike } from '../../../dashboards';
import { metricNames } from './promql-names';

export interface UnexportedMetric {
  readonly panel: string;
  readonly metric: string;
}

/** Every (panel, metric) pair whose metric is not among `exported` series names. */
export function unexportedMetrics(dashboard: DashboardLike, exported: ReadonlyMap<string, string>): UnexportedMetric[] {
  return panelQueries(dashboard).flatMap((query) =>
    metricNames(query.expr)
      .filter((metric) => !exported.has(metric))
      .map((metric) => ({ panel: `${query.panelTitle} (id ${query.panelId})`, metric })),
  );
}
