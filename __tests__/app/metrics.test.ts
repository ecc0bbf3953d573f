import { parsePrometheusText, samplesOf } from '../support/app-prometheus';
import { createMetrics, METRIC_NAMES } from '../../app/src/metrics';

describe('createMetrics', () => {
  it('exposes the whole metric catalog alongside the default process metrics', async () => {
    const metrics = createMetrics();
    metrics.httpRequestDuration.observe({ method: 'GET', route: '/', status_code: '200' }, 0.002);
    metrics.redisCommandDuration.observe({ command: 'incrby' }, 0.0003);
    const { types } = parsePrometheusText(await metrics.exposition());
    expect([...types.keys()]).toEqual(expect.arrayContaining(Object.values(METRIC_NAMES)));
    expect(types.get(METRIC_NAMES.httpRequestDurationSeconds)).toBe('histogram');
    expect(types.get(METRIC_NAMES.redisCommandDurationSeconds)).toBe('histogram');
    expect(types.get(METRIC_NAMES.httpRequestsTotal)).toBe('counter');
    expect([...types.keys()]).toEqual(expect.arrayContaining(['process_cpu_user_seconds_total', 'nodejs_heap_size_used_bytes']));
  });

  it('gives each call its own registry, so instances do not collide', () => {
    expect(() => {
      createMetrics();
      createMetrics();
    }).not.toThrow();
    expect(createMetrics().registry).not.toBe(createMetrics().registry);
  });

  it('counts answered and rejected requests in http_requests_total at each scrape, cumulatively', async () => {
    const metrics = createMetrics();
    const ok = { method: 'GET', route: '/', status_code: '200' } as const;
    const rejected = { method: 'OTHER', route: 'unmatched', status_code: '400' } as const;
    const count = async (labels: Record<string, string>) =>
      samplesOf(parsePrometheusText(await metrics.exposition()), METRIC_NAMES.httpRequestsTotal).find(
        (sample) => JSON.stringify(sample.labels) === JSON.stringify(labels),
      )?.value;
    metrics.httpRequestDuration.observe(ok, 0.001);
    metrics.httpRequestDuration.observe({ ...ok }, 0.002);
    metrics.countRejected(rejected);
    expect(await count(ok)).toBe(2);
    expect(await count(rejected)).toBe(1);
    metrics.httpRequestDuration.observe(ok, 0.001);
    expect(await count(ok)).toBe(3);
    expect(await count(rejected)).toBe(1);
  });

  it('reads in-flight requests and the visitor count into their gauges when scraped', async () => {
    const metrics = createMetrics();
    const text = async () => metrics.exposition();
    expect(await text()).toMatch(/^http_requests_in_flight 0$/m);
    expect(await text()).toMatch(/^app_visitor_count 0$/m);
    metrics.live.inFlight = 3;
    metrics.live.visitorCount = 42;
    expect(await text()).toMatch(/^http_requests_in_flight 3$/m);
    expect(await text()).toMatch(/^app_visitor_count 42$/m);
  });
});
