import { createMetrics, METRIC_NAMES } from '../../app/src/metrics';

describe('createMetrics', () => {
  it('registers the whole metric catalog alongside the default process metrics', async () => {
    const { registry } = createMetrics();
    const names = (await registry.getMetricsAsJSON()).map((metric) => metric.name);
    expect(names).toEqual(expect.arrayContaining(Object.values(METRIC_NAMES)));
    expect(names).toEqual(expect.arrayContaining(['process_cpu_user_seconds_total', 'nodejs_heap_size_used_bytes']));
  });

  it('gives each call its own registry, so instances do not collide', () => {
    expect(() => {
      createMetrics();
      createMetrics();
    }).not.toThrow();
    expect(createMetrics().registry).not.toBe(createMetrics().registry);
  });
});
