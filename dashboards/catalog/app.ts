/**
 * The app's catalog, read from its real prom-client registry. It loads
 * prom-client, so nothing on the synth path may import it.
 */
import { createMetrics } from '../../app/src/metrics';
import { metricsFromExposition, type MetricCatalog } from './metric-catalog';

/** The metrics the app's registry exposes on `/metrics`, its Node.js process metrics included. */
export async function appCatalog(): Promise<MetricCatalog> {
  const { registry } = createMetrics();
  return { source: 'the app (prom-client registry)', metrics: metricsFromExposition(await registry.metrics()) };
}
