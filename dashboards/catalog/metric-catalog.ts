/**
 * A metric catalog: the metric names one component exports, with their types,
 * so the series names Prometheus stores can be derived (`_bucket`, `_sum`, ...).
 */

export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';

export interface CatalogMetric {
  readonly name: string;
  readonly type: MetricType;
}

export interface MetricCatalog {
  /** What exports these metrics, e.g. `nginx-prometheus-exporter`. */
  readonly source: string;
  readonly metrics: readonly CatalogMetric[];
}

const METRIC_TYPES: ReadonlySet<string> = new Set<MetricType>(['counter', 'gauge', 'histogram', 'summary', 'untyped']);

/** The series names Prometheus stores for one metric. */
export function seriesNames(metric: CatalogMetric): string[] {
  switch (metric.type) {
    case 'histogram':
      return [`${metric.name}_bucket`, `${metric.name}_sum`, `${metric.name}_count`];
    case 'summary':
      return [metric.name, `${metric.name}_sum`, `${metric.name}_count`];
    default:
      return [metric.name];
  }
}

/** Every series name of a catalog. */
export function catalogSeries(catalog: MetricCatalog): string[] {
  return catalog.metrics.flatMap(seriesNames);
}

/** The metrics a Prometheus text exposition declares, from its `# TYPE` lines, in order. */
export function metricsFromExposition(text: string): CatalogMetric[] {
  const out: CatalogMetric[] = [];
  for (const line of text.split('\n')) {
    const match = /^# TYPE (\S+) (\S+)$/.exec(line.trim());
    if (match === null) continue;
    const [, name, type] = match;
    if (!METRIC_TYPES.has(type)) throw new Error(`metric ${name} has unknown type ${type}`);
    out.push({ name, type: type as MetricType });
  }
  return out;
}
