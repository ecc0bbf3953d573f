import { spawnSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { createMetrics } from '../../app/src/metrics';
import { createVisitorStore, RedisUnavailableError, VISITS_KEY, VisitorStore } from '../../app/src/redis';
import { freePort, makeTempDir, removeTempDir, RunningProcess, stopProcess, waitFor } from '../support/app-processes';
import { parsePrometheusText, samplesOf } from '../support/app-prometheus';
import { redisNumber, startRedis } from '../support/app-stack';
import { describeWithTools, TOOLS } from '../support/external-tools';
import { FakeRedis, fakeRedis } from './support/fake-redis';
import { recordingLogger } from './support/in-process';

interface Store {
  readonly store: VisitorStore;
  readonly logger: ReturnType<typeof recordingLogger>;
  readonly metrics: ReturnType<typeof createMetrics>;
}

let opened: VisitorStore[] = [];

function storeFor(port: number, { withMetrics = true } = {}): Store {
  const logger = recordingLogger();
  const metrics = createMetrics();
  const store = createVisitorStore(`redis://127.0.0.1:${port}`, logger, withMetrics ? metrics : undefined);
  opened.push(store);
  return { store, logger, metrics };
}

afterEach(async () => {
  await Promise.all(opened.map((store) => store.close()));
  opened = [];
});

const samples = async ({ metrics }: Store, name: string) => samplesOf(parsePrometheusText(await metrics.exposition()), name);
const redisUp = async (store: Store) => (await samples(store, 'app_redis_up'))[0]?.value;
/** How many commands of each kind the store timed: app_redis_command_duration_seconds_count by command. */
const timedCommands = async (store: Store) =>
  Object.fromEntries(
    (await samples(store, 'app_redis_command_duration_seconds_count')).map(({ labels, value }) => [labels.command, value]),
  );
/** What the store's commands took in all, in seconds: app_redis_command_duration_seconds_sum. */
const timedSeconds = async (store: Store) =>
  (await samples(store, 'app_redis_command_duration_seconds_sum')).reduce((sum, { value }) => sum + value, 0);
const messages = ({ logger }: Store, level: string) => logger.entries.filter((entry) => entry.level === level).map((entry) => entry.msg);

describeWithTools('the visitor store against a real redis-server', [TOOLS.redisServer, TOOLS.redisCli], ([redisServer, redisCli]) => {
  let dir: string | undefined;
  let redis: RunningProcess | undefined;
  let port = 0;
  const redisCommand = (...args: string[]): string =>
    spawnSync(redisCli!, ['-p', String(port), ...args], { encoding: 'utf8' }).stdout.trim();

  beforeAll(async () => {
    dir = makeTempDir('sentinel-visitor-store');
    port = await freePort();
    redis = await startRedis({ binary: redisServer!, port, dir });
  }, 20_000);

  afterAll(async () => {
    try {
      await stopProcess(redis);
    } finally {
      removeTempDir(dir);
    }
  });

  beforeEach(() => redisCommand('DEL', VISITS_KEY));

  const ready = async (store: Store): Promise<void> => {
    await waitFor(async () => (await redisUp(store)) === 1, { what: 'the store to reach Redis' });
  };

  it('reports the connection: ready is logged at info and sets app_redis_up to 1', async () => {
    const store = storeFor(port);
    expect(await redisUp(store)).toBe(0);
    await ready(store);
    expect(store.logger.entries).toContainEqual({ level: 'info', msg: 'redis connection ready', fields: { event: 'ready' } });
  });

  it('adds concurrent visits with one INCRBY on the shared key, each told its own total', async () => {
    const store = storeFor(port);
    await ready(store);
    const totals = await Promise.all([store.store.incrementVisits(), store.store.incrementVisits(), store.store.incrementVisits()]);
    expect(totals.sort()).toEqual([1, 2, 3]);
    expect(await redisNumber(port, VISITS_KEY)).toBe(3);
    expect(await timedCommands(store)).toEqual({ incrby: 1 });
    await store.store.ping();
    expect(await timedCommands(store)).toEqual({ incrby: 1, ping: 1 });
    // Seconds, not milliseconds: two round trips to a local Redis.
    const seconds = await timedSeconds(store);
    expect(seconds).toBeGreaterThan(0);
    expect(seconds).toBeLessThan(1);
  });

  it('counts visits without metrics too (METRICS_ENABLED=false)', async () => {
    const store = storeFor(port, { withMetrics: false });
    await waitFor(async () => (await store.store.ping().then(() => true, () => false)) || undefined, { what: 'a PONG' });
    expect(await store.store.incrementVisits()).toBe(1);
    expect(await redisUp(store)).toBe(0);
  });

  it('passes a reply error on as it is: Redis answered, so it is not "unavailable"', async () => {
    const store = storeFor(port);
    await ready(store);
    redisCommand('SET', VISITS_KEY, 'not a number');
    const failure = await store.store.incrementVisits().catch((err: unknown) => err);
    expect(failure).not.toBeInstanceOf(RedisUnavailableError);
    expect((failure as Error).message).toMatch(/not an integer/);
    expect(await timedCommands(store)).toEqual({ incrby: 1 });
  });

  /** A visit made while the app's clock is `behindMs` behind Redis' (on another host, say). */
  const visitWithClockBehind = async (store: Store, behindMs: number): Promise<unknown> => {
    const now = Date.now();
    const clock = jest.spyOn(Date, 'now').mockReturnValue(now - behindMs);
    try {
      return await store.store.incrementVisits().catch((err: unknown) => err);
    } finally {
      clock.mockRestore();
    }
  };

  it('gives Redis 750 ms by its own clock to run an increment, and counts nothing after that', async () => {
    const store = storeFor(port);
    await ready(store);
    // 250 ms either side of the deadline: room for the command's own trip.
    expect(await visitWithClockBehind(store, 500)).toBe(1);
    const late = await visitWithClockBehind(store, 1_000);
    expect(late).toBeInstanceOf(RedisUnavailableError);
    expect((late as Error).message).toBe('redis unavailable: redis ran the increment after its deadline and counted nothing');
    expect(await redisNumber(port, VISITS_KEY)).toBe(1);
    expect(await store.store.incrementVisits()).toBe(2);
  });

  it('tells a visit its total even when that total is 0: only a negative answer means too late', async () => {
    redisCommand('SET', VISITS_KEY, '-1');
    const store = storeFor(port);
    await ready(store);
    expect(await store.store.incrementVisits()).toBe(0);
  });

  it('quits cleanly on close without logging the connection as lost', async () => {
    const store = storeFor(port);
    await ready(store);
    await store.store.close();
    await sleep(50);
    expect(messages(store, 'warn')).toEqual([]);
    expect(await redisUp(store)).toBe(0);
  });
});

describe('the visitor store without a reachable Redis', () => {
  it('fails a visit and a ping at once with RedisUnavailableError, also while waiting to reconnect', async () => {
    const store = storeFor(await freePort());
    // Attempt n waits n × 100 ms: a queued command would wait for the next attempt to fail.
    await waitFor(() => store.logger.entries.some((entry) => entry.msg === 'redis reconnecting' && (entry.fields!.delayMs as number) >= 500), {
      what: 'a reconnection delay of 500 ms',
    });
    const started = performance.now();
    const failed = await store.store.incrementVisits().catch((err: unknown) => err);
    expect(failed).toBeInstanceOf(RedisUnavailableError);
    expect(failed).toMatchObject({ name: 'RedisUnavailableError', cause: expect.any(Error) });
    expect((failed as Error).message).toBe(`redis unavailable: ${((failed as Error).cause as Error).message}`);
    await expect(store.store.ping()).rejects.toBeInstanceOf(RedisUnavailableError);
    expect(performance.now() - started).toBeLessThan(250);
    const delays = store.logger.entries.filter((entry) => entry.msg === 'redis reconnecting').map((entry) => entry.fields!.delayMs);
    expect(delays.slice(0, 5)).toEqual([100, 200, 300, 400, 500]);
    expect(await redisUp(store)).toBe(0);
    expect(await timedCommands(store)).toEqual({ incrby: 1, ping: 1 });
  });

  it('logs the connection errors, not a lost connection it never had', async () => {
    const store = storeFor(await freePort());
    await waitFor(async () => messages(store, 'error').includes('redis error'), { what: 'a redis error log line' });
    expect(store.logger.entries.find((entry) => entry.msg === 'redis error')?.fields).toEqual({ err: expect.stringContaining('ECONNREFUSED') });
    expect(messages(store, 'warn')).toEqual([]);
  });

  /** A store in front of a fake Redis that drops the connection on the commands `drops` picks. */
  const withFake = async (
    drops: (command: string) => boolean,
    body: (fake: FakeRedis, store: Store) => Promise<void>,
    { reset = false } = {},
  ) => {
    const fake = await fakeRedis(drops, { reset });
    try {
      const store = storeFor(fake.port);
      await waitFor(async () => (await redisUp(store)) === 1, { what: 'the store to pass the fake ready check' });
      await body(fake, store);
    } finally {
      await fake.close();
    }
  };
  const sent = (fake: FakeRedis, pattern: RegExp) => fake.received.filter(([command]) => pattern.test(command!));

  it('never sends an INCRBY again after the connection carrying it broke, and reconnects at once', () =>
    withFake(
      (command) => command.startsWith('EVAL'),
      async (fake, store) => {
        await expect(store.store.incrementVisits()).rejects.toBeInstanceOf(RedisUnavailableError);
        const lost = performance.now();
        await waitFor(async () => sent(fake, /^info$/i).length >= 2, { what: 'a reconnection' });
        // The first attempt waits 100 ms, not the 2 s cap.
        expect(performance.now() - lost).toBeLessThan(1_000);
        await sleep(200);
        const counting = sent(fake, /^eval/i);
        expect(counting).toHaveLength(1);
        expect(counting[0]).toEqual(expect.arrayContaining([VISITS_KEY, '1']));
        expect(store.logger.entries).toContainEqual({ level: 'warn', msg: 'redis connection lost', fields: { event: 'close' } });
      },
    ));

  it('logs a connection reset as lost by the error, and the error itself', () =>
    withFake(
      (command) => command.startsWith('EVAL'),
      async (_fake, store) => {
        await expect(store.store.incrementVisits()).rejects.toBeInstanceOf(RedisUnavailableError);
        await waitFor(async () => messages(store, 'warn').length > 0, { what: 'the lost connection logged' });
        expect(store.logger.entries).toContainEqual({ level: 'warn', msg: 'redis connection lost', fields: { event: 'error' } });
        expect(store.logger.entries).toContainEqual({ level: 'error', msg: 'redis error', fields: { err: expect.stringContaining('ECONNRESET') } });
        expect(await redisUp(store)).toBe(0);
      },
      { reset: true },
    ));

  it('closes a store that never connected without sending QUIT or warning', async () => {
    const store = storeFor(await freePort());
    await store.store.close();
    expect(messages(store, 'warn')).toEqual([]);
    expect(await redisUp(store)).toBe(0);
  });

  it('says QUIT before leaving a ready connection', () =>
    withFake(
      () => false,
      async (fake, store) => {
        await store.store.close();
        expect(sent(fake, /^quit$/i)).toHaveLength(1);
        expect(messages(store, 'warn')).toEqual([]);
      },
    ));

  it('disconnects anyway when QUIT goes unanswered, saying so', () =>
    withFake(
      (command) => command === 'QUIT',
      async (fake, store) => {
        await store.store.close();
        expect(sent(fake, /^quit$/i)).toHaveLength(1);
        expect(store.logger.entries.filter((entry) => entry.level === 'warn')).toEqual([
          { level: 'warn', msg: 'redis quit failed, disconnecting', fields: { err: expect.any(String) } },
        ]);
      },
    ));
});
