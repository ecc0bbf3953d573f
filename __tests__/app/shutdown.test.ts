import { describeWithTools, TOOLS } from '../support/debian-tool';
import { connectionError, httpRequest, openRawConnection, parseHttpResponse } from '../support/app-http';
import { freePort, makeTempDir, removeTempDir, RunningProcess, stopProcess, waitFor } from '../support/app-processes';
import { logLines, startApp, startRedis } from '../support/app-stack';

describeWithTools('app shutdown on SIGTERM', [TOOLS.redisServer], ([redisServer]) => {
  let dir: string | undefined;
  let redis: RunningProcess | undefined;
  let app: RunningProcess | undefined;
  let port = 0;

  beforeAll(async () => {
    dir = makeTempDir('sentinel-app-shutdown');
    const redisPort = await freePort();
    redis = await startRedis({ binary: redisServer, port: redisPort, dir });
    port = await freePort();
    app = await startApp({ port, redisPort });
    await waitFor(async () => (await httpRequest(port, { path: '/readyz' })).status === 200, { what: 'the app to reach Redis' });
  }, 30_000);

  afterAll(async () => {
    try {
      await stopProcess(app);
    } finally {
      try {
        await stopProcess(redis);
      } finally {
        removeTempDir(dir);
      }
    }
  }, 20_000);

  it('finishes the in-flight request, refuses new connections, closes Redis and exits 0', async () => {
    const before = JSON.parse((await httpRequest(port)).body).visits;

    // Pipelining a partial second request behind a complete one means that once the first
    // response arrives, the server has already started parsing the second: it is in flight.
    const connection = await openRawConnection(port);
    connection.socket.write(
      'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n' + 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Request-Id: in-flight-1\r\n',
    );
    const first = await waitFor(() => parseHttpResponse(connection.received()), { what: 'the /healthz response' });
    expect(first.status).toBe(200);

    process.kill(app!.pid, 'SIGTERM');
    await waitFor(() => logLines(app!).some((entry) => entry.msg === 'stopped accepting connections'), {
      what: 'the app to stop accepting connections',
    });
    expect(await connectionError(port)).toBe('ECONNREFUSED');
    expect(app!.exited()).toBeUndefined();

    connection.socket.write('\r\n');
    await connection.ended;
    const second = parseHttpResponse(parseHttpResponse(connection.received())!.rest);
    expect(second?.status).toBe(200);
    expect(second?.headers['x-request-id']).toBe('in-flight-1');
    expect(second?.headers.connection).toBe('close');
    expect(JSON.parse(second!.body)).toEqual({ visits: before + 1 });

    expect(await app!.exit).toEqual({ code: 0, signal: null });
    const steps = logLines(app!)
      .map((entry) => entry.msg)
      .filter((msg) => msg !== 'request completed');
    expect(steps.slice(steps.indexOf('shutdown started'))).toEqual([
      'shutdown started',
      'stopped accepting connections',
      'in-flight requests drained',
      'redis connection closed',
      'shutdown complete',
    ]);
  });
});
