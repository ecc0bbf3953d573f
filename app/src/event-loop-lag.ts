import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Gauge, Registry } from 'prom-client';

// prom-client's own sampling interval for this family.
const RESOLUTION_MS = 10;

const LAG = 'nodejs_eventloop_lag_seconds';
// Node computes a delay histogram's stddev by walking every one of its buckets: 0.25 ms per
// scrape, a quarter of the whole /metrics render, for a figure no panel or rule reads.
const DROPPED = 'nodejs_eventloop_lag_stddev_seconds';

type DelayHistogram = ReturnType<typeof monitorEventLoopDelay>;

/** The rest of prom-client's family, with its names and help, and how each is read (nanoseconds). */
const FIGURES: readonly (readonly [name: string, help: string, read: (histogram: DelayHistogram) => number])[] = [
  ['nodejs_eventloop_lag_min_seconds', 'The minimum recorded event loop delay.', (h) => h.min],
  ['nodejs_eventloop_lag_max_seconds', 'The maximum recorded event loop delay.', (h) => h.max],
  ['nodejs_eventloop_lag_mean_seconds', 'The mean of the recorded event loop delays.', (h) => h.mean],
  ['nodejs_eventloop_lag_p50_seconds', 'The 50th percentile of the recorded event loop delays.', (h) => h.percentile(50)],
  ['nodejs_eventloop_lag_p90_seconds', 'The 90th percentile of the recorded event loop delays.', (h) => h.percentile(90)],
  ['nodejs_eventloop_lag_p99_seconds', 'The 99th percentile of the recorded event loop delays.', (h) => h.percentile(99)],
];

/** Names of the family as this module exposes it. */
export const EVENT_LOOP_LAG_NAMES: readonly string[] = [LAG, ...FIGURES.map(([name]) => name)];

/**
 * Replaces the nodejs_eventloop_lag_* gauges that collectDefaultMetrics put in `registry` with the
 * same family, less its stddev: each scrape reads the delays recorded since the one before, and
 * nodejs_eventloop_lag_seconds is how long a setImmediate queued by the previous scrape waited.
 * (prom-client's own sampler keeps running unread: a native timer, no JavaScript.)
 */
export function replaceEventLoopLagMetrics(registry: Registry): void {
  for (const name of [...EVENT_LOOP_LAG_NAMES, DROPPED]) registry.removeSingleMetric(name);
  const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  histogram.enable();
  // Registered first: the registry reads its metrics in order, and this collect sets the others.
  new Gauge({
    name: LAG,
    help: 'Lag of event loop in seconds.',
    registers: [registry],
    collect() {
      const queuedAt = performance.now();
      setImmediate(() => this.set((performance.now() - queuedAt) / 1000));
      // With no delay recorded yet, min would read as 2^63 ns: keep the last figures instead.
      if (histogram.count === 0) return;
      for (const { gauge, read } of figures) gauge.set(read(histogram) / 1e9);
      histogram.reset();
    },
  });
  const figures = FIGURES.map(([name, help, read]) => ({ gauge: new Gauge({ name, help, registers: [registry] }), read }));
}
