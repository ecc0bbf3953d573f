// A second service for the tests, shaped unlike the Sentinel app: no dependencies, metric names
// as OpenTelemetry's HTTP semantic conventions export them to Prometheus (the request count is
// the duration histogram's _count; routes in `http_route`, codes in `http_response_status_code`),
// and only the `process_*` runtime pair. SIGUSR2 toggles a failure mode that answers 500.
'use strict';
const http = require('node:http');

const PORT = Number(process.env.PORT ?? 8000);
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
// Paths as the service sees them: the gateway takes its /orders/ prefix off.
const ROUTES = [
  { template: '/{id}', pattern: /^\/[0-9]+$/ },
  { template: '/', pattern: /^\/$/ },
  { template: '/health', pattern: /^\/health$/ },
  { template: '/metrics', pattern: /^\/metrics$/ },
];

/** `${route} ${status}` → { route, status, counts per bucket, sum, count } */
const series = new Map();
let failing = false;
process.on('SIGUSR2', () => {
  failing = !failing;
});

function observe(route, status, seconds) {
  const key = `${route} ${status}`;
  let entry = series.get(key);
  if (entry === undefined) {
    entry = { route, status, buckets: BUCKETS.map(() => 0), sum: 0, count: 0 };
    series.set(key, entry);
  }
  BUCKETS.forEach((le, i) => {
    if (seconds <= le) entry.buckets[i] += 1;
  });
  entry.sum += seconds;
  entry.count += 1;
}

function exposition() {
  const name = 'http_server_request_duration_seconds';
  const lines = [`# HELP ${name} Duration of HTTP server requests.`, `# TYPE ${name} histogram`];
  for (const { route, status, buckets, sum, count } of series.values()) {
    const labels = `http_route="${route}",http_response_status_code="${status}"`;
    BUCKETS.forEach((le, i) => lines.push(`${name}_bucket{${labels},le="${le}"} ${buckets[i]}`));
    lines.push(`${name}_bucket{${labels},le="+Inf"} ${count}`, `${name}_sum{${labels}} ${sum}`, `${name}_count{${labels}} ${count}`);
  }
  const cpu = process.cpuUsage();
  lines.push(
    '# HELP process_cpu_seconds_total Total user and system CPU time spent in seconds.',
    '# TYPE process_cpu_seconds_total counter',
    `process_cpu_seconds_total ${(cpu.user + cpu.system) / 1e6}`,
    '# HELP process_resident_memory_bytes Resident memory size in bytes.',
    '# TYPE process_resident_memory_bytes gauge',
    `process_resident_memory_bytes ${process.memoryUsage.rss()}`,
  );
  return `${lines.join('\n')}\n`;
}

function answer(path) {
  if (path === '/metrics') return { status: 200, type: 'text/plain; version=0.0.4', body: exposition() };
  if (path === '/health') return { status: 200, type: 'text/plain', body: 'ok\n' };
  if (failing) return { status: 500, type: 'application/json', body: '{"error":"failing on purpose"}\n' };
  const one = /^\/([0-9]+)$/.exec(path);
  if (one !== null) return { status: 200, type: 'application/json', body: JSON.stringify({ id: Number(one[1]), state: 'shipped' }) };
  if (path === '/') return { status: 200, type: 'application/json', body: '[]' };
  return { status: 404, type: 'application/json', body: '{"error":"not found"}\n' };
}

const server = http.createServer((request, response) => {
  const started = process.hrtime.bigint();
  const path = (request.url ?? '/').split('?')[0];
  const { status, type, body } = answer(path);
  response.writeHead(status, { 'content-type': type });
  response.end(body);
  const route = ROUTES.find((r) => r.pattern.test(path))?.template ?? 'unmatched';
  observe(route, status, Number(process.hrtime.bigint() - started) / 1e9);
});
server.keepAliveTimeout = 65_000;
server.listen(PORT, process.env.HOST ?? '0.0.0.0');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
