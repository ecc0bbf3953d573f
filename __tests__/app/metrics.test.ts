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
    const tooLarge = { ...rejected, status_code: '431' } as const;
    metrics.countRejected(tooLarge);
    metrics.countRejected({ ...rejected });
    expect(await count(ok)).toBe(3);
    expect(await count(rejected)).toBe(2);
    expect(await count(tooLarge)).toBe(1);
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

describe('the app histograms', () => {
  /** The bucket bounds of `family` as scraped, one series observed once. */
  const bucketBounds = async (family: string, observe: (metrics: ReturnType<typeof createMetrics>) => void) => {
    const metrics = createMetrics();
    observe(metrics);
    const buckets = samplesOf(parsePrometheusText(await metrics.exposition()), family).filter((sample) => sample.name.endsWith('_bucket'));
    return buckets.map((sample) => sample.labels.le);
  };

  it('time Redis commands from half a millisecond up to the 1 s command timeout', async () => {
    const bounds = await bucketBounds(METRIC_NAMES.redisCommandDurationSeconds, (metrics) =>
      metrics.redisCommandDuration.observe({ command: 'ping' }, 0.0002),
    );
    expect(bounds).toEqual(['0.0005', '0.001', '0.0025', '0.005', '0.01', '0.025', '0.05', '0.1', '0.25', '0.5', '1', '+Inf']);
  });

  it('time HTTP requests from 5 ms up to 10 s', async () => {
    const bounds = await bucketBounds(METRIC_NAMES.httpRequestDurationSeconds, (metrics) =>
      metrics.httpRequestDuration.observe({ method: 'GET', route: '/', status_code: '200' }, 0.002),
    );
    expect(bounds).toEqual(['0.005', '0.01', '0.025', '0.05', '0.1', '0.25', '0.5', '1', '2.5', '5', '10', '+Inf']);
  });

  it('describe every metric of the contract in its HELP line', async () => {
    const metrics = createMetrics();
    metrics.httpRequestDuration.observe({ method: 'GET', route: '/', status_code: '200' }, 0.002);
    metrics.redisCommandDuration.observe({ command: 'ping' }, 0.0002);
    const text = await metrics.exposition();
    for (const name of Object.values(METRIC_NAMES)) expect(text).toMatch(new RegExp(`^# HELP ${name} \\S.*$`, 'm'));
  });

  it('label Redis command timings with the command only', async () => {
    const metrics = createMetrics();
    metrics.redisCommandDuration.observe({ command: 'incrby' }, 0.0002);
    const [count] = samplesOf(parsePrometheusText(await metrics.exposition()), `${METRIC_NAMES.redisCommandDurationSeconds}`).filter(
      (sample) => sample.name.endsWith('_count'),
    );
    expect(count).toEqual({ name: `${METRIC_NAMES.redisCommandDurationSeconds}_count`, labels: { command: 'incrby' }, value: 1 });
  });
});
