import { Agent } from 'node:http';
import { Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { createMetrics } from '../../app/src/metrics';
import { jsonReply, Reply, RouteTable } from '../../app/src/routes';
import { AppServer, createAppServer } from '../../app/src/server';
import { httpRequest, openRawConnection, parseHttpResponse } from '../support/app-http';
import { waitFor } from '../support/app-processes';
import { parsePrometheusText, samplesOf } from '../support/app-prometheus';
import { listen, recordingLogger } from './support/in-process';

const replyWith =
  (reply: Reply): (() => Promise<Reply>) =>
  async () =>
    reply;

/** A handler that answers only when released, and a promise of the moment it was called. */
function heldHandler(): { handler: () => Promise<Reply>; called: Promise<void>; release: () => void } {
  let release: () => void = () => undefined;
  let called: () => void = () => undefined;
  const calledPromise = new Promise<void>((resolve) => {
    called = resolve;
  });
  const handler = () =>
    new Promise<Reply>((resolve) => {
      called();
      release = () => resolve(jsonReply(200, {}));
    });
  return { handler, called: calledPromise, release: () => release() };
}

/** Routes whose GET / answers `visit`; the probes answer 200. */
function routesWith(visit: () => Promise<Reply>): RouteTable {
  const ok = replyWith(jsonReply(200, { status: 'ok' }));
  return { '/': { GET: visit }, '/healthz': { GET: ok, HEAD: ok }, '/readyz': { GET: ok }, '/metrics': {} };
}

interface Running {
  readonly app: AppServer;
  readonly port: number;
  readonly logger: ReturnType<typeof recordingLogger>;
  readonly metrics: ReturnType<typeof createMetrics>;
}

let running: Running[] = [];

async function serve(
  visit: () => Promise<Reply>,
  { minLevel = 'debug', withMetrics = true }: { minLevel?: Parameters<typeof recordingLogger>[0]; withMetrics?: boolean } = {},
): Promise<Running> {
  const logger = recordingLogger(minLevel);
  const metrics = createMetrics();
  const app = createAppServer({ logger, metrics: withMetrics ? metrics : undefined, routes: routesWith(visit) });
  const server = { app, port: await listen(app), logger, metrics };
  running.push(server);
  return server;
}

afterEach(async () => {
  await Promise.all(running.map(({ app }) => app.close(1_000)));
  running = [];
});

/** The request log line of the one request made, once the server has written it. */
async function requestLog({ logger }: Running): Promise<Running['logger']['entries'][number]> {
  await new Promise((resolve) => setImmediate(resolve));
  const lines = logger.entries.filter((entry) => entry.fields?.requestId !== undefined);
  expect(lines).toHaveLength(1);
  return lines[0]!;
}

describe('the request log line', () => {
  it('is an error for a 5xx answer, with the reason the handler gave', async () => {
    const server = await serve(replyWith(jsonReply(503, { error: 'redis unavailable' }, { error: 'redis unavailable: ECONNREFUSED' })));
    expect((await httpRequest(server.port)).status).toBe(503);
    expect(await requestLog(server)).toMatchObject({
      level: 'error',
      msg: 'request failed',
      fields: { method: 'GET', route: '/', status: 503, error: 'redis unavailable: ECONNREFUSED' },
    });
  });

  it('is a warning from 400 on, and an error from 500 on', async () => {
    const bad = await serve(replyWith(jsonReply(400, { error: 'bad request' })));
    await httpRequest(bad.port);
    expect((await requestLog(bad)).level).toBe('warn');
    const failed = await serve(replyWith(jsonReply(500, { error: 'internal error' })));
    await httpRequest(failed.port);
    expect((await requestLog(failed)).level).toBe('error');
  });

  it('is a warning for a 4xx answer, without an error field when there is none', async () => {
    const server = await serve(replyWith(jsonReply(200, {})));
    expect((await httpRequest(server.port, { path: '/nowhere' })).status).toBe(404);
    const line = await requestLog(server);
    expect(line).toMatchObject({ level: 'warn', msg: 'request rejected', fields: { route: 'unmatched', status: 404 } });
    expect(line.fields).not.toHaveProperty('error');
  });

  it('is debug for a success, with the request id, route and its duration in milliseconds', async () => {
    const server = await serve(async () => {
      await sleep(30);
      return jsonReply(200, { visits: 1 });
    });
    await httpRequest(server.port, { headers: { 'X-Request-Id': 'abc-1' } });
    const line = await requestLog(server);
    expect(line).toMatchObject({ level: 'debug', msg: 'request completed', fields: { requestId: 'abc-1', route: '/', status: 200 } });
    expect(line.fields!.durationMs as number).toBeGreaterThanOrEqual(29);
    expect(line.fields!.durationMs as number).toBeLessThan(5_000);
  });

  it('is a warning with status 499 when the client leaves before the answer', async () => {
    const held = heldHandler();
    const server = await serve(held.handler);
    const connection = await openRawConnection(server.port);
    connection.socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    await held.called;
    connection.socket.destroy();
    await waitFor(() => server.logger.entries.length > 0 || undefined, { what: 'the request log line' });
    held.release();
    expect(await requestLog(server)).toMatchObject({ level: 'warn', fields: { route: '/', status: 499 } });
  });

  it('is not written below the logger level', async () => {
    const server = await serve(replyWith(jsonReply(200, { visits: 1 })), { minLevel: 'warn' });
    await httpRequest(server.port);
    await new Promise((resolve) => setImmediate(resolve));
    expect(server.logger.entries).toEqual([]);
  });
});

describe('answers', () => {
  it('turn a handler that throws into a JSON 500 whose log line names the error', async () => {
    const server = await serve(async () => {
      throw new Error('WRONGTYPE Operation against a key holding the wrong kind of value');
    });
    const response = await httpRequest(server.port);
    expect(response.status).toBe(500);
    expect(JSON.parse(response.body)).toEqual({ error: 'internal error' });
    expect(await requestLog(server)).toMatchObject({
      level: 'error',
      fields: { status: 500, error: 'WRONGTYPE Operation against a key holding the wrong kind of value' },
    });
  });

  it('carry the request id, the reply headers, its content type and exact length', async () => {
    const server = await serve(replyWith(jsonReply(200, { visits: 'ü' }, { headers: { 'Cache-Control': 'no-store' } })));
    const agent = new Agent({ keepAlive: true });
    const response = await httpRequest(server.port, { headers: { 'X-Request-Id': 'req-7' }, agent });
    agent.destroy();
    expect(response.headers['x-request-id']).toBe('req-7');
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(Number(response.headers['content-length'])).toBe(Buffer.byteLength(response.body));
    expect(response.headers.connection).toBe('keep-alive');
  });

  it('are 405 with an Allow header for a method the route does not take, and 404 for a route without methods', async () => {
    const server = await serve(replyWith(jsonReply(200, {})));
    const wrongMethod = await httpRequest(server.port, { method: 'DELETE', path: '/healthz' });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.allow).toBe('GET, HEAD');
    expect(JSON.parse(wrongMethod.body)).toEqual({ error: 'method not allowed' });
    const unserved = await httpRequest(server.port, { path: '/metrics' });
    expect(unserved.status).toBe(404);
    expect(JSON.parse(unserved.body)).toEqual({ error: 'not found' });
  });
});

describe('metrics of answered requests', () => {
  it('time each request by method, route and status, and count none in flight afterwards', async () => {
    const server = await serve(replyWith(jsonReply(200, {})));
    await httpRequest(server.port);
    await httpRequest(server.port, { path: '/nowhere' });
    await new Promise((resolve) => setImmediate(resolve));
    const totals = samplesOf(parsePrometheusText(await server.metrics.exposition()), 'http_requests_total');
    expect(totals.map(({ labels, value }) => [labels.route, labels.status_code, value])).toEqual(
      expect.arrayContaining([
        ['/', '200', 1],
        ['unmatched', '404', 1],
      ]),
    );
    expect(server.metrics.live.inFlight).toBe(0);
  });

  it('count a request in flight while its handler runs', async () => {
    let inFlightDuringHandler = -1;
    const server: Running = await serve(async () => {
      inFlightDuringHandler = server.metrics.live.inFlight;
      return jsonReply(200, {});
    });
    await httpRequest(server.port);
    expect(inFlightDuringHandler).toBe(1);
  });
});

describe('without metrics (METRICS_ENABLED=false)', () => {
  it('still answers, logs and rejects requests', async () => {
    const server = await serve(replyWith(jsonReply(200, { visits: 1 })), { withMetrics: false });
    expect((await httpRequest(server.port)).status).toBe(200);
    expect((await requestLog(server)).fields).toMatchObject({ status: 200 });
    const connection = await openRawConnection(server.port);
    connection.socket.write('NOT A REQUEST\r\n\r\n');
    await connection.ended;
    expect(parseHttpResponse(connection.received())?.status).toBe(400);
  });
});

describe('requests the HTTP parser rejects', () => {
  /** The server's answer to `raw`, sent on a connection of its own, once the server has closed it. */
  const rejectedBy = async (server: Running, raw: string) => {
    const connection = await openRawConnection(server.port);
    connection.socket.write(raw);
    await connection.ended;
    const response = parseHttpResponse(connection.received());
    if (response === undefined) throw new Error(`no complete response in ${JSON.stringify(connection.received())}`);
    return response;
  };

  it('get a JSON 400 that closes the connection, counted and logged as a warning', async () => {
    const server = await serve(replyWith(jsonReply(200, {})));
    const response = await rejectedBy(server, 'NOT A REQUEST\r\n\r\n');
    expect(response.status).toBe(400);
    expect(response.headers.connection).toBe('close');
    expect(JSON.parse(response.body)).toEqual({ error: 'Bad Request' });
    expect(Number(response.headers['content-length'])).toBe(response.body.length);
    const totals = samplesOf(parsePrometheusText(await server.metrics.exposition()), 'http_requests_total');
    expect(totals).toContainEqual(expect.objectContaining({ labels: { method: 'OTHER', route: 'unmatched', status_code: '400' }, value: 1 }));
    expect(server.logger.entries).toContainEqual({ level: 'warn', msg: 'malformed request rejected', fields: { status: 400, reason: 'HPE_INVALID_METHOD' } });
  });

  it('get 408 when the request took too long to arrive', async () => {
    const server = await serve(replyWith(jsonReply(200, {})));
    const accepted = new Promise<Socket>((resolve) => server.app.http.once('connection', resolve));
    const connection = await openRawConnection(server.port);
    // What node:http reports when a request outlives its requestTimeout.
    server.app.http.emit('clientError', Object.assign(new Error('Request timeout'), { code: 'ERR_HTTP_REQUEST_TIMEOUT' }), await accepted);
    await connection.ended;
    const response = parseHttpResponse(connection.received());
    expect(response?.status).toBe(408);
    expect(JSON.parse(response!.body)).toEqual({ error: 'Request Timeout' });
  });

  it.each([
    ['a connection reset by the client', { code: 'ECONNRESET' }, false],
    ['a connection the client can no longer read', { code: 'HPE_INVALID_METHOD' }, true],
  ])('are dropped without an answer, a count or a log line on %s', async (_case, error, ended) => {
    const server = await serve(replyWith(jsonReply(200, {})));
    const accepted = new Promise<Socket>((resolve) => server.app.http.once('connection', resolve));
    const connection = await openRawConnection(server.port);
    const socket = await accepted;
    if (ended) socket.end();
    server.app.http.emit('clientError', Object.assign(new Error('dropped'), error), socket);
    await connection.ended;
    expect(socket.destroyed).toBe(true);
    expect(connection.received()).toBe('');
    expect(samplesOf(parsePrometheusText(await server.metrics.exposition()), 'http_requests_total')).toEqual([]);
    expect(server.logger.entries).toEqual([]);
  });

  it('get 431 when the headers are too large', async () => {
    const server = await serve(replyWith(jsonReply(200, {})));
    const response = await rejectedBy(server, `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    expect(response.status).toBe(431);
  });
});

describe('closing', () => {
  it('tells a kept-alive client to close after the response being drained', async () => {
    const held = heldHandler();
    const server = await serve(held.handler);
    const agent = new Agent({ keepAlive: true });
    const pending = httpRequest(server.port, { agent });
    await held.called;
    const closed = server.app.close(5_000);
    held.release();
    expect((await pending).headers.connection).toBe('close');
    expect(await closed).toEqual({ forced: false });
    agent.destroy();
    expect(server.logger.entries).toContainEqual({ level: 'info', msg: 'stopped accepting connections' });
    running = [];
  });

  it('cuts connections still busy at the deadline and says so', async () => {
    const held = heldHandler();
    const server = await serve(held.handler);
    const pending = httpRequest(server.port);
    await held.called;
    expect(await server.app.close(100)).toEqual({ forced: true });
    await expect(pending).rejects.toThrow('socket hang up');
    expect(server.logger.entries).toContainEqual({ level: 'warn', msg: 'drain timed out, closing remaining connections', fields: { timeoutMs: 100 } });
    running = [];
  });
});
