import { isAbsolute, join, resolve } from 'node:path';
import { parse } from 'yaml';
import { Construct } from '../../../constructs/framework/framework';
import { MonitoredService, type MonitoredServiceProps } from '../../../constructs/components/monitored-service';
import type { SentinelStack } from '../../../constructs/stack/sentinel-stack';
import { allPanels, type DashboardJson, dashboardFile, panelQueries, redisDashboard } from '../../../dashboards';
import { StandInMetricsSource, synthConstruct } from '../../support/construct-scope';
import { declareOrdersService, ORDERS_METRICS, ordersServiceProps } from '../../support/orders-service';
import { SENTINEL_HTTP_METRICS } from '../../../dashboards/metrics';
import { APP_SOURCE_DIR } from '../../../constructs/components/sentinel-app';
import { containerNamed, networkRolesOf, REPO_ROOT, type SynthesizedContainer, synthStack, uploadedFile } from '../../support/synth-stack';
import { testAppOutdir } from '../../support/test-app';

const RULES = '/etc/prometheus/rules/sentinel.yml';
const NGINX_CONF = '/etc/nginx/nginx.conf';

interface RuleGroupYaml {
  name: string;
  rules: { alert?: string; record?: string; expr: string; for?: string }[];
}

const withOrders = synthStack({}, (stack) => declareOrdersService(stack));
const orders = containerNamed(withOrders, 'sentinel-orders');
const gateway = containerNamed(withOrders, 'sentinel-gateway');
const nginxConf = uploadedFile(gateway, NGINX_CONF);
const ruleGroups = (parse(uploadedFile(containerNamed(withOrders, 'sentinel-prometheus'), RULES)) as { groups: RuleGroupYaml[] }).groups;

function group(name: string): RuleGroupYaml {
  const found = ruleGroups.find((g) => g.name === name);
  if (found === undefined) throw new Error(`no rule group ${name}; have ${ruleGroups.map((g) => g.name).join(', ')}`);
  return found;
}

function dashboard(uid: string): DashboardJson {
  const grafana = containerNamed(withOrders, 'sentinel-grafana');
  return JSON.parse(uploadedFile(grafana, `/etc/grafana/dashboards/${uid}.json`)) as DashboardJson;
}

const exprsOf = (json: DashboardJson) => panelQueries(json).map((query) => query.expr);

describe('two monitored services side by side (the app and orders)', () => {
  it('run as two containers, orders on the edge and monitoring networks only, as its own user, read-only', () => {
    expect(networkRolesOf(orders)).toEqual(['edge', 'monitoring']);
    expect(networkRolesOf(containerNamed(withOrders, 'sentinel-app'))).toEqual(['edge', 'internal', 'monitoring']);
    expect(orders.user).toBe('1000:1000');
    expect(orders.read_only).toBe(true);
    expect(orders.capabilities?.drop).toEqual(['ALL']);
    expect(orders.env).toEqual(['PORT=8000']);
    expect(orders.healthcheck?.test[0]).toBe('CMD');
  });

  it('build each image from its own directory, tagged with a hash of its sources', () => {
    const images = Object.values(withOrders.resources.docker_image ?? {}) as { name: string; build?: { context: string }; triggers?: Record<string, string> }[];
    const built = images.filter((image) => image.build !== undefined);
    expect(built.map((image) => image.name.split(':')[0]).sort()).toEqual(['sentinel-app', 'sentinel-orders']);
    const ordersImage = built.find((image) => image.name.startsWith('sentinel-orders:'))!;
    expect(ordersImage.name).toBe(`sentinel-orders:${ordersImage.triggers?.source_sha256?.slice(0, 12)}`);
  });

  it("name each build context relative to the stack's synth output, where Terraform runs, so every checkout plans the same", () => {
    const contexts = Object.values(withOrders.resources.docker_image ?? {}).flatMap((image) => (image as { build?: { context: string } }).build?.context ?? []);
    expect(contexts.map(isAbsolute)).toEqual([false, false]);
    const stackDir = join(testAppOutdir(), 'stacks', 'sentinel');
    expect(contexts.map((context) => resolve(stackDir, context)).sort()).toEqual([join(REPO_ROOT, '__tests__', 'support', 'orders-service'), APP_SOURCE_DIR]);
  });

  it('keep every built image on the engine when it is replaced, since the engine refuses to remove one a container still runs', () => {
    const built = Object.values(withOrders.resources.docker_image ?? {}).filter((image) => (image as { build?: unknown }).build !== undefined);
    expect(built.map((image) => (image as { keep_locally?: boolean }).keep_locally)).toEqual([true, true]);
  });

  it('get a gateway route each: orders under /orders/ with the prefix taken off, the app at /', () => {
    expect(nginxConf).toContain('upstream orders {\n    server orders:8000;');
    expect(nginxConf).toContain('upstream app {\n    server app:8080;');
    expect(nginxConf).toMatch(/location \/orders\/ \{\n\s+proxy_pass http:\/\/orders\/;/);
    expect(nginxConf).toMatch(/location \/ \{\n\s+proxy_pass http:\/\/app;/);
  });

  it("refuse each service's metrics path at the gateway", () => {
    expect(nginxConf).toMatch(/location ~ \^\/orders\/metrics\(\/\|\$\) \{\s+default_type application\/json;\s+return 404/);
    expect(nginxConf).toMatch(/location ~ \^\/metrics\(\/\|\$\) \{\s+default_type application\/json;\s+return 404/);
  });

  it('make the gateway start after both and be replaced when either is replaced', () => {
    expect(gateway.depends_on).toEqual([expect.stringMatching(/^docker_container\.app_container_/), expect.stringMatching(/^docker_container\.orders_container_/)]);
    expect(gateway.lifecycle?.replace_triggered_by?.filter((trigger) => trigger.startsWith('docker_container.'))).toHaveLength(2);
  });

  it('are scraped as two jobs, each at its own target', () => {
    const config = parse(uploadedFile(containerNamed(withOrders, 'sentinel-prometheus'), '/etc/prometheus/prometheus.yml')) as {
      scrape_configs: { job_name: string; static_configs: { targets: string[] }[] }[];
    };
    const targets = Object.fromEntries(config.scrape_configs.map((job) => [job.job_name, job.static_configs[0]!.targets]));
    expect(targets.orders).toEqual(['orders:8000']);
    expect(targets.app).toEqual(['app:8080']);
  });

  it('have rule groups of their own, named after the service', () => {
    const names = ruleGroups.map((g) => g.name);
    for (const service of ['app', 'orders']) {
      expect(names).toEqual(expect.arrayContaining([`${service}-red`, `${service}-slo-short-windows`, `${service}-slo-long-windows`, `${service}-alerts`]));
    }
  });

  it("record orders' RED series from its mapped names, its route label copied to route", () => {
    const rate = group('orders-red').rules.find((r) => r.record === 'job_route:http_requests:rate1m');
    expect(rate?.expr).toBe(
      'sum by (job, route) (label_replace(rate(http_server_request_duration_seconds_count{job="orders"}[1m]), "route", "$1", "http_route", "(.*)"))',
    );
    const errors = group('orders-red').rules.find((r) => r.record === 'job:sli_request_errors:ratio_rate1m');
    expect(errors?.expr).toContain('http_route!~"/metrics|/health",http_response_status_code=~"5.."');
    const latency = group('orders-red').rules.find((r) => r.record === 'job:sli_request_duration_seconds:p95_rate1m');
    expect(latency?.expr).toContain('rate(http_server_request_duration_seconds_bucket{job="orders",http_route!~"/metrics|/health"}[1m])');
  });

  it('alert on orders with its own thresholds, and on the app with the app’s', () => {
    const alert = (groupName: string, name: string) => group(groupName).rules.find((r) => r.alert === name);
    expect(alert('orders-alerts', 'HighErrorRate')).toMatchObject({ expr: 'job:sli_request_errors:ratio_rate1m{job="orders"} > 0.1', for: '1m' });
    expect(alert('orders-alerts', 'HighLatency')).toMatchObject({ expr: 'job:sli_request_duration_seconds:p95_rate1m{job="orders"} > 0.25', for: '2m' });
    expect(alert('app-alerts', 'HighErrorRate')).toMatchObject({ expr: 'job:sli_request_errors:ratio_rate1m{job="app"} > 0.05', for: '2m' });
    // 14.4 times the budget of a 99.5 % SLO.
    expect(group('orders-alerts').rules.filter((r) => r.alert === 'ErrorBudgetBurn')[0]?.expr).toContain('{job="orders"} > 0.072');
  });

  it("keep the app's Redis alert to the app", () => {
    expect(group('orders-alerts').rules.map((r) => r.alert)).not.toContain('RedisUnreachable');
    expect(group('app-alerts').rules.map((r) => r.alert)).toContain('RedisUnreachable');
  });

  it("leave the app's rules exactly as they are without orders", () => {
    const alone = (parse(uploadedFile(containerNamed(synthStack(), 'sentinel-prometheus'), RULES)) as { groups: RuleGroupYaml[] }).groups;
    expect(ruleGroups.filter((g) => g.name.startsWith('app-'))).toEqual(alone.filter((g) => g.name.startsWith('app-')));
  });

  it("give orders a dashboard of its own, reading its mapped names and only its job", () => {
    const json = dashboard('sentinel-service-orders');
    expect(json.title).toBe('Sentinel / Service: orders');
    const exprs = exprsOf(json);
    expect(exprs).toContain('sum(rate(http_server_request_duration_seconds_count{job=~"$job", http_response_status_code=~"5.."}[$__rate_interval])) or vector(0)');
    expect(exprs.filter((expr) => /http_requests_total|nodejs_|app_redis|http_requests_in_flight/.test(expr))).toEqual([]);
    const variables = (json.templating as { list: { name: string; query?: string }[] }).list;
    expect(variables.find((v) => v.name === 'job')?.query).toBe('label_values(http_server_request_duration_seconds_count{job="orders"}, job)');
  });

  it('draw only the rows orders has: no in-flight panel, no Redis row, a process row without heap or event loop', () => {
    const titles = allPanels(dashboard('sentinel-service-orders')).map((panel) => panel.title);
    expect(titles).toEqual(expect.arrayContaining(['Causes: process', 'CPU usage', 'Memory']));
    for (const absent of ['In-flight requests', 'Causes: Redis', 'Event loop lag p99', 'Causes: Node.js runtime']) expect(titles).not.toContain(absent);
  });
});

describe('MonitoredService names at synth time', () => {
  const twice = (declare: (stack: SentinelStack) => void) => () => synthStack({}, declare);

  it('refuses two services on one gateway route, naming both', () => {
    const declare = (stack: SentinelStack) => {
      declareOrdersService(stack);
      new MonitoredService(stack, 'shop', { ...ordersServiceProps(), route: '/orders/' });
    };
    expect(twice(declare)).toThrow(/Invalid gateway route: got "\/orders\/", expected a value not already used by sentinel\/orders \(sentinel\/shop uses it too\)/);
  });

  it('refuses a service named like a component of the stack: its container, job and DNS name would clash', () => {
    const declare = (stack: SentinelStack) => new MonitoredService(new Construct(stack, 'team'), 'grafana', ordersServiceProps());
    expect(twice(declare)).toThrow(/Invalid container name: got "grafana"[\s\S]*Invalid scrape job name: got "grafana"/);
  });

  it.each<[string, Partial<MonitoredServiceProps>, RegExp]>([
    ['a route without its trailing slash', { route: '/orders' }, /Invalid orders\.route: got "\/orders", expected a path prefix/],
    ['a route with a space', { route: '/my orders/' }, /Invalid orders\.route/],
    ['a relative metrics path', { metricsPath: 'metrics' }, /Invalid orders\.metricsPath: got "metrics", expected an absolute URL path such as \/metrics/],
    ['a metrics path after a relative segment', { metricsPath: 'internal/metrics' }, /Invalid orders\.metricsPath: got "internal\/metrics"/],
    ['a metrics path with a query', { metricsPath: '/metrics?format=text' }, /Invalid orders\.metricsPath: got "\/metrics\?format=text"/],
    ['a port out of range', { port: 70000 }, /Invalid orders\.port: got 70000/],
    ['a 5xx threshold of 1', { alerts: { errorRatio: 1 } }, /Invalid orders\.alerts\.errorRatio: got 1/],
    ['an SLO below 95 %', { slo: { targetPercent: 90 } }, /Invalid orders\.slo\.targetPercent: got 90/],
  ])('refuses %s', (_what, props, message) => {
    expect(() => synthConstruct((scope) => new MonitoredService(scope, 'orders', { ...ordersServiceProps(), ...props }))).toThrow(message);
  });

  it('scrapes a metrics path of its own, and leaves it out of its request series unless given probe routes', () => {
    const { probeRoutes: _given, ...props } = ordersServiceProps();
    const synth = synthConstruct((scope) => new MonitoredService(scope, 'orders', { ...props, metricsPath: '/internal/metrics' }));
    expect(synth.construct.scrapeJob.metricsPath).toBe('/internal/metrics');
    const rules = synth.construct.ruleGroups.flatMap((g) => g.rules).map((rule) => rule.expr).join('\n');
    expect(rules).toContain('http_route!~"/internal/metrics"');
    expect(rules).not.toMatch(/http_route!~"(?!\/internal\/metrics")/);
    expect(synthConstruct((scope) => new MonitoredService(scope, 'orders', ordersServiceProps())).construct.scrapeJob).not.toHaveProperty('metricsPath');
  });

  it.each(['app', 'grafana', 'prometheus', 'alertmanager', 'gateway', 'redis', 'nginx-exporter', 'redis-exporter', 'node-exporter'])(
    'refuses %s, the name of one of the stack’s components, naming the names taken',
    (name) => {
      expect(() => synthStack({}, (stack) => new MonitoredService(stack, name, ordersServiceProps()))).toThrow(
        new RegExp(`^Invalid service name \\(construct id\\): got "${name}", expected a name no other component of sentinel has \\(taken: .*\\bgrafana\\b.*\\)$`),
      );
    },
  );

  it('refuses a name Docker, Prometheus or nginx could not take', () => {
    expect(() => synthConstruct((scope) => new MonitoredService(scope, 'Orders_Service', ordersServiceProps()))).toThrow(
      /Invalid service name \(construct id\): got "Orders_Service", expected lowercase letters, digits and dashes, starting with a letter, at most 20 characters/,
    );
  });
});

describe('MonitoredService metric mapping', () => {
  const build = (metrics: unknown) => () =>
    synthConstruct((scope) => new MonitoredService(scope, 'orders', { ...ordersServiceProps(), metrics: metrics as typeof ORDERS_METRICS }));

  it('names the mapping field set to no name that a required series cannot come from, and what reads it', () => {
    expect(build({ ...ORDERS_METRICS, durationSeconds: undefined })).toThrow(/Invalid orders\.metrics\.durationSeconds: got undefined, expected a Prometheus metric name: the latency quantiles and HighLatency read it/);
    expect(build({ ...ORDERS_METRICS, statusLabel: undefined })).toThrow(/Invalid orders\.metrics\.statusLabel: got undefined, expected a Prometheus label name: the 5xx error ratio read it/);
    expect(build({ ...ORDERS_METRICS, requests: undefined })).toThrow(/Invalid orders\.metrics\.requests: got undefined, expected a Prometheus metric name: the request rate, error ratio and SLO read it/);
    expect(build({ ...ORDERS_METRICS, routeLabel: undefined })).toThrow(/Invalid orders\.metrics\.routeLabel: got undefined, expected a Prometheus label name: the per-route series and the probe exclusion read it/);
  });

  it("keeps the app's name of every field a partial mapping leaves out, and no in-flight gauge where it says undefined", () => {
    const partial = synthConstruct((scope) => new MonitoredService(scope, 'orders', { ...ordersServiceProps(), metrics: { requests: 'orders_requests_total' } })).construct;
    const rules = partial.ruleGroups.flatMap((g) => g.rules).map((rule) => rule.expr).join('\n');
    expect(rules).toContain('orders_requests_total{');
    expect(rules).toContain(`${SENTINEL_HTTP_METRICS.durationSeconds}_bucket{`);
    expect(rules).toContain(`${SENTINEL_HTTP_METRICS.statusLabel}=~"5..`);
    const gaugeOf = (service: MonitoredService) => JSON.stringify(service.dashboards[0]!.json).includes(SENTINEL_HTTP_METRICS.inFlight);
    expect(gaugeOf(partial)).toBe(true);
    const without = synthConstruct((scope) => new MonitoredService(scope, 'orders', { ...ordersServiceProps(), metrics: { requests: 'orders_requests_total', inFlight: undefined } }));
    expect(gaugeOf(without.construct)).toBe(false);
  });

  it("refuses a histogram series' name where its base name belongs", () => {
    expect(build({ ...ORDERS_METRICS, durationSeconds: 'http_server_request_duration_seconds_bucket' })).toThrow(
      /Invalid orders\.metrics\.durationSeconds: got "http_server_request_duration_seconds_bucket", expected the histogram's base name/,
    );
    expect(() => build({ ...ORDERS_METRICS, durationSeconds: 'http_summary_count_seconds' })()).not.toThrow();
  });

  it('refuses names Prometheus would not accept', () => {
    expect(build({ ...ORDERS_METRICS, routeLabel: 'http.route' })).toThrow(/Invalid orders\.metrics\.routeLabel: got "http\.route"/);
    expect(build({ ...ORDERS_METRICS, requests: 'requests-total' })).toThrow(/Invalid orders\.metrics\.requests: got "requests-total"/);
    expect(build({ ...ORDERS_METRICS, inFlight: '1gauge' })).toThrow(/Invalid orders\.metrics\.inFlight: got "1gauge", expected a Prometheus metric name, or no in-flight gauge at all/);
  });

  it('declares the catalog its names and runtime imply: the histogram (whose _count counts requests) and the process pair', async () => {
    const service = synthConstruct((scope) => declareOrdersService(scope)).construct;
    expect((await service.metricCatalog()).metrics).toEqual([
      { name: 'http_server_request_duration_seconds', type: 'histogram' },
      { name: 'process_cpu_seconds_total', type: 'counter' },
      { name: 'process_resident_memory_bytes', type: 'gauge' },
    ]);
  });

  it('lists a separate request counter and an in-flight gauge in the catalog when the names say so', async () => {
    const metrics = { ...ORDERS_METRICS, requests: 'orders_requests_total', inFlight: 'orders_in_flight' };
    const service = synthConstruct((scope) => new MonitoredService(scope, 'orders', { ...ordersServiceProps(), metrics, runtime: undefined })).construct;
    expect((await service.metricCatalog()).metrics).toEqual([
      { name: 'http_server_request_duration_seconds', type: 'histogram' },
      { name: 'orders_requests_total', type: 'counter' },
      { name: 'orders_in_flight', type: 'gauge' },
    ]);
  });
});

describe('MonitoredService images', () => {
  const withImage = (image: unknown) => () => synthConstruct((scope) => new MonitoredService(scope, 'orders', { ...ordersServiceProps(), image: image as string }));

  it('names a missing image and what it may be, instead of failing on a property of undefined', () => {
    const { image: _image, ...withoutImage } = ordersServiceProps();
    expect(() => synthConstruct((scope) => new MonitoredService(scope, 'orders', withoutImage as MonitoredServiceProps))).toThrow(
      'Invalid orders.image: got undefined, expected a pinned image reference (name:tag or name@sha256:digest), or { buildContext: a directory with a Dockerfile }',
    );
    expect(withImage({ buildContex: 'orders' })).toThrow(/orders\.image\.buildContex is not a prop; did you mean buildContext\?/);
  });

  it.each(['nginx', 'nginx:latest', 'registry.example:5000/orders', 'orders:', 'Orders:1.0'])('refuses %s, which is not pinned to a version', (image) => {
    expect(withImage(image)).toThrow(`Invalid orders.image: got "${image}", expected an image pinned to a version, name:tag (not latest) or name@sha256:digest`);
  });

  it.each(['nginx:1.27.3', 'registry.example:5000/team/orders:2024-05-01', `orders@sha256:${'a'.repeat(64)}`, `orders:1.0@sha256:${'b'.repeat(64)}`])('takes %s', (image) => {
    expect(withImage(image)).not.toThrow();
  });

  it('pulls a pinned image reference and keeps it on the host', () => {
    const synth = synthConstruct((scope) => new MonitoredService(scope, 'orders', { ...ordersServiceProps(), image: 'registry.example/orders:1.4.2' }));
    const images = Object.values(synth.resources.docker_image ?? {}) as { name: string; keep_locally?: boolean; build?: unknown }[];
    expect(images).toEqual([expect.objectContaining({ name: 'registry.example/orders:1.4.2', keep_locally: true })]);
    expect((containerNamed(synth, 'sentinel-orders') as SynthesizedContainer).image).toMatch(/^\$\{docker_image\.\w+\.image_id\}$/);
  });
});

describe('a service with a Redis of its own', () => {
  const synth = synthStack({}, (stack) => declareOrdersService(stack, { redis: { memoryMb: 128 } }));
  const scrapeTargets = () => {
    const config = parse(uploadedFile(containerNamed(synth, 'sentinel-prometheus'), '/etc/prometheus/prometheus.yml')) as {
      scrape_configs: { job_name: string; static_configs: { targets: string[] }[] }[];
    };
    return Object.fromEntries(config.scrape_configs.map((job) => [job.job_name, job.static_configs[0]!.targets]));
  };

  it('runs it beside the stack’s, on the internal network only, its data on a volume of its own', () => {
    const redis = containerNamed(synth, 'sentinel-orders-redis');
    expect(networkRolesOf(redis)).toEqual(['internal']);
    expect(redis.memory).toBe(128);
    expect(redis.volumes?.[0]?.volume_name).toMatch(/^\$\{docker_volume\.orders_redis_data_\w+\.name\}$/);
    const volumes = Object.values(withOrders.resources.docker_volume ?? {}).length;
    expect(Object.values(synth.resources.docker_volume ?? {}).length).toBe(volumes + 1);
    expect(containerNamed(synth, 'sentinel-redis')).toBeDefined();
  });

  it('hands the service its address and puts the service on the internal network', () => {
    const service = containerNamed(synth, 'sentinel-orders');
    expect(service.env).toEqual(['REDIS_URL=redis://orders-redis:6379', 'PORT=8000']);
    expect(networkRolesOf(service)).toEqual(['edge', 'internal', 'monitoring']);
  });

  it('brings its exporter, scraped as its own job', () => {
    const exporter = containerNamed(synth, 'sentinel-orders-redis-exporter');
    expect(exporter.env).toEqual(['REDIS_ADDR=redis://orders-redis:6379']);
    expect(networkRolesOf(exporter)).toEqual(['internal', 'monitoring']);
    expect(scrapeTargets()['orders-redis']).toEqual(['orders-redis-exporter:9121']);
    expect(scrapeTargets().redis).toEqual(['redis-exporter:9121']);
  });

  it('shares the Redis dashboard, provisioned once, whose job variable lists both Redis jobs', () => {
    const grafana = containerNamed(synth, 'sentinel-grafana');
    const redisDashboards = (grafana.upload ?? []).filter((u) => u.file === '/etc/grafana/dashboards/sentinel-redis.json');
    expect(redisDashboards).toHaveLength(1);
    const variables = (JSON.parse(uploadedFile(grafana, '/etc/grafana/dashboards/sentinel-redis.json')) as DashboardJson).templating as {
      list: { name: string; query?: string }[];
    };
    expect(variables.list.find((v) => v.name === 'job')?.query).toBe('label_values(redis_up, job)');
  });

  it('reports its props under its own name', () => {
    expect(() => synthStack({}, (stack) => declareOrdersService(stack, { redis: { memoryMb: 8 } }))).toThrow(/Invalid orders-redis\.memoryMb: got 8/);
  });

  it('still refuses two different dashboards under one uid', () => {
    const declare = (stack: SentinelStack) => {
      const fake = dashboardFile(redisDashboard());
      new StandInMetricsSource(stack, 'impostor', {
        scrapeJob: { jobName: 'impostor', targets: [{ host: 'impostor', port: 1 }] },
        dashboards: [{ ...fake, json: { ...fake.json, title: 'Not the Redis dashboard' } }],
      });
    };
    expect(() => synthStack({}, declare)).toThrow(/Invalid dashboard uid: got "sentinel-redis", expected a value not already used by sentinel\/redis-exporter \(sentinel\/impostor uses it too\)/);
  });
});
