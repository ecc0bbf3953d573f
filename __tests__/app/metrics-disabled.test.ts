import { httpRequest } from '../support/app-http';
import { freePort, makeTempDir, removeTempDir, RunningProcess, stopProcess, waitFor } from '../support/app-processes';
import { logLines, startApp, startRedis } from '../support/app-stack';
import { describeWithTools, TOOLS } from '../support/debian-tool';

describeWithTools('app with METRICS_ENABLED=false', [TOOLS.redisServer], ([redisServer]) => {
  let dir: string | undefined;
  let redis: RunningProcess | undefined;
  let app: RunningProcess | undefined;
  let port = 0;

  beforeAll(async () => {
    dir = makeTempDir('sentinel-app-metrics-off');
    const redisPort = await freePort();
    redis = await startRedis({ binary: redisServer, port: redisPort, dir });
    port = await freePort();
    app = await startApp({ port, redisPort, env: { METRICS_ENABLED: 'false' } });
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
  });

  it('says so when it starts', () => {
    expect(logLines(app!).find((entry) => entry.msg === 'listening')).toMatchObject({ metricsEnabled: false });
  });

  it('still counts visits and answers the probes', async () => {
    const first = JSON.parse((await httpRequest(port, { path: '/' })).body) as { visits: number };
    const second = await httpRequest(port, { path: '/' });
    expect(second.status).toBe(200);
    expect(JSON.parse(second.body)).toEqual({ visits: first.visits + 1 });
    expect((await httpRequest(port, { path: '/healthz' })).status).toBe(200);
    expect((await httpRequest(port, { path: '/readyz', method: 'HEAD' })).status).toBe(200);
  });

  it.each(['GET', 'HEAD', 'POST'])('answers %s /metrics with 404 like an unknown path', async (method) => {
    const response = await httpRequest(port, { path: '/metrics', method });
    expect(response.status).toBe(404);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    if (method !== 'HEAD') expect(JSON.parse(response.body)).toEqual({ error: 'not found' });
  });

  it('keeps logging every request', async () => {
    await httpRequest(port, { path: '/metrics', headers: { 'X-Request-Id': 'metrics-off-probe' } });
    await waitFor(() => logLines(app!).find((entry) => entry.requestId === 'metrics-off-probe'), {
      what: 'the request log line',
      timeoutMs: 5_000,
    });
    expect(logLines(app!).find((entry) => entry.requestId === 'metrics-off-probe')).toMatchObject({
      route: '/metrics',
      status: 404,
      level: 'warn',
    });
  });
});
