/** The metrics an HTTP service must export for its rules and dashboard: those its names and runtime declare. */
import { type HttpMetricNames, NODEJS_METRICS } from '../metrics';
import type { ServiceRuntime } from '../service-sections';
import type { CatalogMetric, MetricCatalog } from './metric-catalog';

const PROCESS_METRICS: readonly CatalogMetric[] = [
  { name: NODEJS_METRICS.processCpuSecondsTotal, type: 'counter' },
  { name: NODEJS_METRICS.processResidentMemoryBytes, type: 'gauge' },
];

const RUNTIME_METRICS: Record<ServiceRuntime, readonly CatalogMetric[]> = {
  process: PROCESS_METRICS,
  nodejs: [
    ...PROCESS_METRICS,
    { name: NODEJS_METRICS.heapSizeUsedBytes, type: 'gauge' },
    { name: NODEJS_METRICS.eventLoopLagP99Seconds, type: 'gauge' },
  ],
};

export function httpServiceCatalog(service: string, metrics: HttpMetricNames, runtime: ServiceRuntime | undefined): MetricCatalog {
  // A request counter may be the duration histogram's own _count.
  const requestsFromHistogram = metrics.requests === `${metrics.durationSeconds}_count`;
  return {
    source: `${service} (the metric names it declares)`,
    metrics: [
      { name: metrics.durationSeconds, type: 'histogram' },
      ...(requestsFromHistogram ? [] : [{ name: metrics.requests, type: 'counter' as const }]),
      ...(metrics.inFlight === undefined ? [] : [{ name: metrics.inFlight, type: 'gauge' as const }]),
      ...(runtime === undefined ? [] : RUNTIME_METRICS[runtime]),
    ],
  };
}
