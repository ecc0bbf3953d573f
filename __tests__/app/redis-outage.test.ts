import { describeWithTools, TOOLS } from '../support/external-tools';
import { httpRequest } from '../support/app-http';
import { freePort, makeTempDir, removeTempDir, RunningProcess, stopProcess, waitFor } from '../support/app-processes';
import { parsePrometheusText } from '../support/app-prometheus';
import { startApp, startRedis } from '../support/app-stack';

// Generous: the app is meant to answer within about a second, this only catches a hang.
const NO_HANG_MS = 4_000;

describeWithTools('app while Redis goes away and comes back', [TOOLS.redisServer], ([redisServer]) => {
  let dir: string | undefined;
  let redis: RunningProcess | undefined;
  let app: RunningProcess | undefined;
  let port = 0;
  let redisPort = 0;

  const redisUp = async (): Promise<number | undefined> => {
    const exposition = parsePrometheusText((await httpRequest(port, { path: '/metrics' })).body);
    return exposition.samples.find((sample) => sample.name === 'app_redis_up')?.value;
  };
  const visits = async (): Promise<number> => {
    const response = await httpRequest(port, { timeoutMs: NO_HANG_MS });
    expect(response.status).toBe(200);
    return JSON.parse(response.body).visits;
  };

  beforeAll(async () => {
    dir = makeTempDir('sentinel-app-outage');
    redisPort = await freePort();
    redis = await startRedis({ binary: redisServer, port: redisPort, dir });
    port = await freePort();
    app = await startApp({ port, redisPort });
    await waitFor(async () => (await redisUp()) === 1, { what: 'app_redis_up 1' });
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

  it('degrades to 503 without crashing, then recovers without a restart and keeps counting', async () => {
    const before = await visits();

    await stopProcess(redis, { signal: 'SIGKILL' });
    await waitFor(async () => (await redisUp()) === 0, { what: 'app_redis_up 0 after Redis was killed' });

    const visit = await httpRequest(port, { timeoutMs: NO_HANG_MS });
    expect(visit.status).toBe(503);
    expect(visit.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(visit.body)).toEqual({ error: 'redis unavailable' });
    expect((await httpRequest(port, { path: '/readyz', timeoutMs: NO_HANG_MS })).status).toBe(503);
    expect((await httpRequest(port, { path: '/healthz', timeoutMs: NO_HANG_MS })).status).toBe(200);
    expect(app!.exited()).toBeUndefined();

    redis = await startRedis({ binary: redisServer, port: redisPort, dir: dir! });
    await waitFor(async () => (await httpRequest(port, { path: '/readyz' })).status === 200, {
      what: '/readyz 200 after Redis restarted',
      timeoutMs: 20_000,
      intervalMs: 200,
    });
    expect(await redisUp()).toBe(1);
    expect(await visits()).toBe(before + 1);
    expect(app!.exited()).toBeUndefined();

    const log = app!.stdout();
    expect(log).toContain('"msg":"redis connection lost"');
    expect(log.match(/"msg":"redis connection ready"/g)).toHaveLength(2);
  }, 45_000);
});
