import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import { EVENT_LOOP_LAG_NAMES } from '../../app/src/event-loop-lag';
import { createMetrics } from '../../app/src/metrics';
import { parsePrometheusText } from '../support/app-prometheus';

function blockFor(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

type Metrics = ReturnType<typeof createMetrics>;

async function gauges(metrics: Metrics): Promise<Map<string, number>> {
  const { samples } = parsePrometheusText(await metrics.exposition());
  return new Map(samples.filter((sample) => sample.name.startsWith('nodejs_eventloop_lag')).map((sample) => [sample.name, sample.value]));
}

// Through createMetrics: the family must replace the one collectDefaultMetrics adds to the same registry.
describe('replaceEventLoopLagMetrics', () => {
  it('exposes the event-loop lag family without stddev, in place of the one collectDefaultMetrics adds', async () => {
    const metrics = createMetrics();
    await sleep(30);
    expect([...(await gauges(metrics)).keys()].sort()).toEqual([...EVENT_LOOP_LAG_NAMES].sort());
    expect(EVENT_LOOP_LAG_NAMES).not.toContain('nodejs_eventloop_lag_stddev_seconds');
    expect(EVENT_LOOP_LAG_NAMES).toContain('nodejs_eventloop_lag_p99_seconds');
  });

  it('reports a blocked loop in max and p99, then only the delays recorded since the last scrape', async () => {
    const metrics = createMetrics();
    await sleep(30);
    blockFor(120);
    await sleep(30);
    const blocked = await gauges(metrics);
    expect(blocked.get('nodejs_eventloop_lag_max_seconds')).toBeGreaterThanOrEqual(0.1);
    expect(blocked.get('nodejs_eventloop_lag_p99_seconds')).toBeGreaterThanOrEqual(0.1);
    expect(blocked.get('nodejs_eventloop_lag_min_seconds')).toBeLessThan(0.1);

    await sleep(100);
    const calm = await gauges(metrics);
    expect(calm.get('nodejs_eventloop_lag_max_seconds')).toBeLessThan(0.1);
  });

  it('sets nodejs_eventloop_lag_seconds from a setImmediate queued by the scrape before', async () => {
    const metrics = createMetrics();
    await sleep(30);
    await metrics.exposition();
    blockFor(50);
    await nextTurn();
    expect((await gauges(metrics)).get('nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0.05);
  });

  it('keeps the last figures when a scrape comes before any delay was recorded, instead of reading 2^63 ns', async () => {
    const metrics = createMetrics();
    await sleep(30);
    // Both scrapes collect in this same turn, before the sampler's timer can record anything.
    const [first, second] = await Promise.all([gauges(metrics), gauges(metrics)]);
    expect(second.get('nodejs_eventloop_lag_min_seconds')).toBe(first.get('nodejs_eventloop_lag_min_seconds'));
    expect(first.get('nodejs_eventloop_lag_min_seconds')).toBeGreaterThan(0);
    expect(second.get('nodejs_eventloop_lag_min_seconds')).toBeLessThan(1);
  });
});
