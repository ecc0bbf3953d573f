/**
 * The app's catalog, read from its real metrics exposition. It loads
 * prom-client, so nothing on the synth path may import it.
 */
import { createMetrics } from '../../app/src/metrics';
import { metricsFromExposition, type MetricCatalog } from './metric-catalog';

/** The metrics the app exposes on `/metrics`, its Node.js process metrics included. */
export async function appCatalog(): Promise<MetricCatalog> {
  return { source: 'the app (its /metrics exposition)', metrics: metricsFromExposition(await createMetrics().exposition()) };
}
