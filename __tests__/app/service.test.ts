import { spawnSync } from 'node:child_process';
import { describeWithTools, TOOLS } from '../support/external-tools';
import { httpRequest, openRawConnection, parseHttpResponse } from '../support/app-http';
import { waitFor } from '../support/app-processes';
import { parsePrometheusText, PromExposition, samplesOf } from '../support/app-prometheus';
import { APP_ENTRY, appEnv, logLines, useAppWithRedis } from '../support/app-stack';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const ROUTES = ['/', '/healthz', '/readyz', '/metrics', 'unmatched'];
const HTTP_LABELS = ['method', 'route', 'status_code'];

/** Deterministic pseudo-random numbers, so a failing input set can be reproduced. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function randomPath(random: () => number): string {
  const chars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&'()*+,;=:@";
  const pick = (n: number): number => Math.floor(random() * n);
  const segments = Array.from({ length: 1 + pick(4) }, () => {
    let segment = '';
    for (let i = pick(12); i > 0; i--) {
      segment += random() < 0.1 ? `%${pick(256).toString(16).padStart(2, '0').toUpperCase()}` : chars[pick(chars.length)];
    }
    return segment;
  });
  const query = random() < 0.3 ? `?q=${pick(1e6)}` : '';
  return `/${segments.join('/')}${query}`;
}

async function inBatches<T>(items: readonly T[], size: number, run: (item: T) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += size) {
    await Promise.all(items.slice(i, i + size).map(run));
  }
}

/** Sends raw bytes on a fresh connection and returns the response the server sends before closing. */
async function rawExchange(port: number, bytes: string): Promise<string> {
  const connection = await openRawConnection(port);
  connection.socket.write(bytes);
  await waitFor(() => connection.received().includes('\r\n\r\n'), { what: 'a response to a raw request', timeoutMs: 5_000 });
  connection.socket.destroy();
  return connection.received();
}

describeWithTools('app against a real redis-server', [TOOLS.redisServer], ([redisServer]) => {
  const stack = useAppWithRedis(redisServer, 'service');

  const scrape = async (): Promise<PromExposition> => parsePrometheusText((await httpRequest(stack.port, { path: '/metrics' })).body);

  it('increments the visitor counter on every GET /', async () => {
    const first = await httpRequest(stack.port);
    const second = await httpRequest(stack.port);
    expect(first.status).toBe(200);
    expect(first.headers['content-type']).toMatch(/^application\/json/);
    const n = JSON.parse(first.body).visits;
    expect(Number.isInteger(n)).toBe(true);
    expect(JSON.parse(second.body)).toEqual({ visits: n + 1 });
  });

  it('gives concurrent visits distinct consecutive numbers and counts every one in Redis', async () => {
    const before = JSON.parse((await httpRequest(stack.port)).body).visits as number;
    const answers = await Promise.all(Array.from({ length: 40 }, () => httpRequest(stack.port)));
    const numbers = answers.map((answer) => JSON.parse(answer.body).visits as number).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 40 }, (_, i) => before + 1 + i));
    expect(JSON.parse((await httpRequest(stack.port)).body).visits).toBe(before + 41);
  });

  it('answers the probes', async () => {
    const health = await httpRequest(stack.port, { path: '/healthz' });
    expect([health.status, JSON.parse(health.body)]).toEqual([200, { status: 'ok' }]);
    expect((await httpRequest(stack.port, { path: '/readyz' })).status).toBe(200);
    const head = await httpRequest(stack.port, { method: 'HEAD', path: '/healthz' });
    expect([head.status, head.body]).toEqual([200, '']);
  });

  it('exposes every metric of the contract with exactly its labels', async () => {
    const visits = JSON.parse((await httpRequest(stack.port)).body).visits;
    await httpRequest(stack.port, { path: '/readyz' });
    const response = await httpRequest(stack.port, { path: '/metrics' });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    const exposition = parsePrometheusText(response.body);

    const contract: [string, string, string[]][] = [
      ['http_requests_total', 'counter', HTTP_LABELS],
      ['http_request_duration_seconds', 'histogram', HTTP_LABELS],
      ['http_requests_in_flight', 'gauge', []],
      ['app_redis_up', 'gauge', []],
      ['app_redis_command_duration_seconds', 'histogram', ['command']],
      ['app_visitor_count', 'gauge', []],
    ];
    for (const [name, type, labels] of contract) {
      expect([name, exposition.types.get(name)]).toEqual([name, type]);
      const samples = samplesOf(exposition, name);
      expect([name, samples.length > 0]).toEqual([name, true]);
      for (const sample of samples) {
        const expected = sample.name.endsWith('_bucket') ? [...labels, 'le'] : labels;
        expect([sample.name, Object.keys(sample.labels).sort()]).toEqual([sample.name, [...expected].sort()]);
      }
    }

    const buckets = samplesOf(exposition, 'http_request_duration_seconds')
      .filter((s) => s.name.endsWith('_bucket') && s.labels.route === '/' && s.labels.status_code === '200')
      .map((s) => s.labels.le);
    expect(buckets).toEqual(['0.005', '0.01', '0.025', '0.05', '0.1', '0.25', '0.5', '1', '2.5', '5', '10', '+Inf']);

    const value = (name: string): number | undefined => exposition.samples.find((s) => s.name === name)?.value;
    expect(value('app_redis_up')).toBe(1);
    expect(value('app_visitor_count')).toBe(visits);
    expect(value('http_requests_in_flight')).toBeGreaterThanOrEqual(1);
    const commands = new Set(samplesOf(exposition, 'app_redis_command_duration_seconds').map((s) => s.labels.command));
    expect([...commands].sort()).toEqual(['incrby', 'ping']);
    expect(exposition.types.get('process_cpu_user_seconds_total')).toBe('counter');
    expect(exposition.types.get('nodejs_eventloop_lag_seconds')).toBe('gauge');
  });

  it('keeps route and method labels bounded under random paths and odd methods', async () => {
    const random = seededRandom(20240601);
    const paths = [
      ...Array.from({ length: 200 }, () => randomPath(random)),
      '/healthz/', '/HEALTHZ', '//', '/metrics/../metrics', '/%2e', '/readyz%00', '/?x=/healthz',
    ];
    const statuses = new Set<number>();
    await inBatches(paths, 20, async (path) => {
      statuses.add((await httpRequest(stack.port, { path })).status);
    });
    const oddMethods = ['PUT', 'DELETE', 'PATCH', 'OPTIONS', 'PROPFIND', 'PURGE', 'MKCOL', 'TRACE', 'POST'];
    const targets = ['/', '/healthz', '/metrics', '/no/such/thing'];
    await inBatches(
      oddMethods.flatMap((method) => targets.map((path) => ({ method, path }))),
      12,
      async (request) => statuses.add((await httpRequest(stack.port, request)).status),
    );
    for (const requestLine of ['FOO / HTTP/1.1', 'get / HTTP/1.1', 'GET /\u0001 HTTP/1.1']) {
      const response = parseHttpResponse(await rawExchange(stack.port, `${requestLine}\r\nHost: 127.0.0.1\r\n\r\n`));
      statuses.add(response?.status ?? 0);
    }
    expect([...statuses].sort((a, b) => a - b)).toEqual([200, 400, 404, 405]);

    const series = samplesOf(await scrape(), 'http_requests_total');
    const routes = new Set(series.map((s) => s.labels.route));
    const methods = new Set(series.map((s) => s.labels.method));
    for (const route of routes) expect(ROUTES).toContain(route);
    for (const method of methods) expect(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'OTHER']).toContain(method);
    expect(routes).toContain('unmatched');
    expect(methods).toContain('OTHER');
    expect(series.length).toBeLessThanOrEqual(40);
  });

  it('answers unknown paths with 404 and wrong methods with 405 and an Allow header, as JSON', async () => {
    const missing = await httpRequest(stack.port, { path: '/nope' });
    expect([missing.status, JSON.parse(missing.body)]).toEqual([404, { error: 'not found' }]);
    const post = await httpRequest(stack.port, { method: 'POST', path: '/' });
    expect([post.status, post.headers.allow, JSON.parse(post.body)]).toEqual([405, 'GET', { error: 'method not allowed' }]);
    const del = await httpRequest(stack.port, { method: 'DELETE', path: '/metrics' });
    expect([del.status, del.headers.allow]).toEqual([405, 'GET, HEAD']);
  });

  it('logs one JSON object per line and echoes a valid X-Request-Id', async () => {
    const id = 'trace-Abc.123_x';
    const echoed = await httpRequest(stack.port, { path: '/nope', headers: { 'X-Request-Id': id } });
    expect(echoed.headers['x-request-id']).toBe(id);
    const line = await waitFor(() => logLines(stack.app!).find((entry) => entry.requestId === id), {
      what: `a log line for request ${id}`,
    });
    expect(line).toMatchObject({ level: 'warn', method: 'GET', route: 'unmatched', status: 404 });
    expect(typeof line.msg).toBe('string');
    expect(typeof line.durationMs).toBe('number');
    expect(Number.isNaN(Date.parse(String(line.time)))).toBe(false);

    const replaced = await httpRequest(stack.port, { path: '/nope', headers: { 'X-Request-Id': 'not valid!' } });
    const generated = String(replaced.headers['x-request-id']);
    expect(generated).toMatch(UUID);
    const rejected = await waitFor(() => logLines(stack.app!).find((entry) => entry.requestId === generated), {
      what: 'a log line with the generated request id',
    });
    expect(rejected).toMatchObject({ route: 'unmatched', status: 404 });

    for (const entry of logLines(stack.app!)) expect(Object.keys(entry).slice(0, 3)).toEqual(['time', 'level', 'msg']);
  });

  it('leaves successful requests to the gateway access log at the default level', async () => {
    expect((await httpRequest(stack.port, { headers: { 'X-Request-Id': 'quiet-success' } })).status).toBe(200);
    // Lines go out in order, so once a later request's line is there, the success had its chance.
    await httpRequest(stack.port, { path: '/nope', headers: { 'X-Request-Id': 'after-quiet-success' } });
    await waitFor(() => logLines(stack.app!).some((entry) => entry.requestId === 'after-quiet-success'), {
      what: 'the log line of the request after the success',
    });
    expect(logLines(stack.app!).filter((entry) => entry.requestId === 'quiet-success')).toEqual([]);
  });

  it('logs client mistakes below error level', async () => {
    await httpRequest(stack.port, { method: 'PUT', path: '/healthz', headers: { 'X-Request-Id': 'client-mistake-405' } });
    await rawExchange(stack.port, 'FOO / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    const mistake = await waitFor(() => logLines(stack.app!).find((entry) => entry.requestId === 'client-mistake-405'), {
      what: 'the 405 log line',
    });
    expect(mistake).toMatchObject({ level: 'warn', status: 405 });
    const malformed = await waitFor(() => logLines(stack.app!).find((entry) => entry.status === 400), {
      what: 'the 400 log line',
    });
    expect(malformed.level).toBe('warn');
    const clientErrorsAtErrorLevel = logLines(stack.app!).filter(
      (entry) => typeof entry.status === 'number' && entry.status < 500 && entry.level === 'error',
    );
    expect(clientErrorsAtErrorLevel).toEqual([]);
  });
});

describe('app with invalid configuration', () => {
  it('exits non-zero naming each invalid variable', () => {
    const result = spawnSync(process.execPath, [APP_ENTRY], {
      env: appEnv({ port: 1, redisPort: 1, env: { PORT: 'eighty', LOG_LEVEL: 'chatty' } }),
      encoding: 'utf8',
      timeout: 10_000,
    });
    expect(result.status).toBe(1);
    const entry = JSON.parse(result.stdout.trim());
    expect(entry).toMatchObject({ level: 'error', msg: 'invalid configuration' });
    expect(entry.problems).toEqual([
      expect.stringMatching(/^PORT must be an integer from 1 to 65535/),
      expect.stringMatching(/^LOG_LEVEL must be one of/),
    ]);
  });
});

describeWithTools('app with LOG_LEVEL=debug', [TOOLS.redisServer], ([redisServer]) => {
  const stack = useAppWithRedis(redisServer, 'debug-log', { LOG_LEVEL: 'debug' });

  it('logs successful requests too, with their request id, route, status and duration', async () => {
    expect((await httpRequest(stack.port, { headers: { 'X-Request-Id': 'debug-success' } })).status).toBe(200);
    const line = await waitFor(() => logLines(stack.app!).find((entry) => entry.requestId === 'debug-success'), {
      what: 'the log line of a successful request',
    });
    expect(line).toMatchObject({ level: 'debug', msg: 'request completed', method: 'GET', route: '/', status: 200 });
    expect(typeof line.durationMs).toBe('number');
  });
});
