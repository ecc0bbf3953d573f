import { describeWithTools, TOOLS } from '../support/external-tools';
import { connectionError, httpRequest, openRawConnection, parseHttpResponse } from '../support/app-http';
import { waitFor } from '../support/app-processes';
import { logLines, useAppWithRedis } from '../support/app-stack';

describeWithTools('app shutdown on SIGTERM', [TOOLS.redisServer], ([redisServer]) => {
  const stack = useAppWithRedis(redisServer, 'shutdown');

  it('finishes the in-flight request, refuses new connections, closes Redis and exits 0', async () => {
    const before = JSON.parse((await httpRequest(stack.port)).body).visits;

    // Pipelining a partial second request behind a complete one means that once the first
    // response arrives, the server has already started parsing the second: it is in flight.
    const connection = await openRawConnection(stack.port);
    connection.socket.write(
      'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n' + 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Request-Id: in-flight-1\r\n',
    );
    const first = await waitFor(() => parseHttpResponse(connection.received()), { what: 'the /healthz response' });
    expect(first.status).toBe(200);

    process.kill(stack.app!.pid, 'SIGTERM');
    await waitFor(() => logLines(stack.app!).some((entry) => entry.msg === 'stopped accepting connections'), {
      what: 'the app to stop accepting connections',
    });
    expect(await connectionError(stack.port)).toBe('ECONNREFUSED');
    expect(stack.app!.exited()).toBeUndefined();

    connection.socket.write('\r\n');
    await connection.ended;
    const second = parseHttpResponse(parseHttpResponse(connection.received())!.rest);
    expect(second?.status).toBe(200);
    expect(second?.headers['x-request-id']).toBe('in-flight-1');
    expect(second?.headers.connection).toBe('close');
    expect(JSON.parse(second!.body)).toEqual({ visits: before + 1 });

    expect(await stack.app!.exit).toEqual({ code: 0, signal: null });
    const steps = logLines(stack.app!)
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

describeWithTools('app shutdown on SIGTERM with SHUTDOWN_DELAY_SECONDS', [TOOLS.redisServer], ([redisServer]) => {
  // The longest delay allowed: the test's request must land inside it, also on a loaded machine
  // (with 2 s, a mutation run beside it once saw the app gone before the request was sent).
  const stack = useAppWithRedis(redisServer, 'shutdown-delay', { SHUTDOWN_DELAY_SECONDS: '5' });

  it('keeps answering new visitors through the delay, then drains and exits 0', async () => {
    process.kill(stack.app!.pid, 'SIGTERM');
    await waitFor(() => logLines(stack.app!).some((entry) => entry.msg === 'shutdown started'), { what: 'the shutdown to start' });
    const during = await httpRequest(stack.port);
    expect(during.status).toBe(200);
    expect(logLines(stack.app!).map((entry) => entry.msg)).not.toContain('stopped accepting connections');
    await waitFor(() => logLines(stack.app!).some((entry) => entry.msg === 'stopped accepting connections'), {
      what: 'the app to stop accepting connections after the delay',
      timeoutMs: 8_000,
    });
    expect(await connectionError(stack.port)).toBe('ECONNREFUSED');
    expect(await stack.app!.exit).toEqual({ code: 0, signal: null });
    const steps = logLines(stack.app!).map((entry) => entry.msg).filter((msg) => msg !== 'request completed');
    expect(steps.slice(steps.indexOf('shutdown started'), steps.indexOf('stopped accepting connections') + 1)).toEqual([
      'shutdown started',
      'shutdown delay over',
      'stopped accepting connections',
    ]);
  });
});
