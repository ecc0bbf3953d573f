import { httpRequest } from '../support/app-http';
import { waitFor } from '../support/app-processes';
import { logLines, useAppWithRedis } from '../support/app-stack';
import { describeWithTools, TOOLS } from '../support/external-tools';

describeWithTools('app with METRICS_ENABLED=false', [TOOLS.redisServer], ([redisServer]) => {
  const stack = useAppWithRedis(redisServer, 'metrics-off', { METRICS_ENABLED: 'false' });

  it('says so when it starts', () => {
    expect(logLines(stack.app!).find((entry) => entry.msg === 'listening')).toMatchObject({ metricsEnabled: false });
  });

  it('still counts visits and answers the probes', async () => {
    const first = JSON.parse((await httpRequest(stack.port, { path: '/' })).body) as { visits: number };
    const second = await httpRequest(stack.port, { path: '/' });
    expect(second.status).toBe(200);
    expect(JSON.parse(second.body)).toEqual({ visits: first.visits + 1 });
    expect((await httpRequest(stack.port, { path: '/healthz' })).status).toBe(200);
    expect((await httpRequest(stack.port, { path: '/readyz', method: 'HEAD' })).status).toBe(200);
  });

  it.each(['GET', 'HEAD', 'POST'])('answers %s /metrics with 404 like an unknown path', async (method) => {
    const response = await httpRequest(stack.port, { path: '/metrics', method });
    expect(response.status).toBe(404);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    if (method !== 'HEAD') expect(JSON.parse(response.body)).toEqual({ error: 'not found' });
  });

  it('keeps logging every request', async () => {
    await httpRequest(stack.port, { path: '/metrics', headers: { 'X-Request-Id': 'metrics-off-probe' } });
    await waitFor(() => logLines(stack.app!).find((entry) => entry.requestId === 'metrics-off-probe'), {
      what: 'the request log line',
      timeoutMs: 5_000,
    });
    expect(logLines(stack.app!).find((entry) => entry.requestId === 'metrics-off-probe')).toMatchObject({
      route: '/metrics',
      status: 404,
      level: 'warn',
    });
  });
});
