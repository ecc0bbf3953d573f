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

  it('adds the request tallies to http_requests_total at each scrape, cumulatively', async () => {
    const metrics = createMetrics();
    const ok = { method: 'GET', route: '/', status_code: '200' } as const;
    const missing = { method: 'GET', route: 'unmatched', status_code: '404' } as const;
    const count = async (labels: Record<string, string>) =>
      (await metrics.httpRequestsTotal.get()).values.find((v) => JSON.stringify(v.labels) === JSON.stringify(labels))?.value;
    metrics.countRequest(ok);
    metrics.countRequest({ ...ok });
    metrics.countRequest(missing);
    expect(await count(ok)).toBe(2);
    expect(await count(missing)).toBe(1);
    metrics.countRequest(ok);
    expect(await count(ok)).toBe(3);
    expect(await count(missing)).toBe(1);
  });

  it('reads in-flight requests and the visitor count into their gauges when scraped', async () => {
    const metrics = createMetrics();
    const text = async () => metrics.registry.metrics();
    expect(await text()).toMatch(/^http_requests_in_flight 0$/m);
    expect(await text()).toMatch(/^app_visitor_count 0$/m);
    metrics.live.inFlight = 3;
    metrics.live.visitorCount = 42;
    expect(await text()).toMatch(/^http_requests_in_flight 3$/m);
    expect(await text()).toMatch(/^app_visitor_count 42$/m);
  });
});
