import Redis, { ReplyError } from 'ioredis';
import { errorMessage, Logger } from './logger';
import { AppMetrics } from './metrics';
import { turnBatchedIncrement } from './turn-batched-increment';

/** The Redis key the visitor counter lives in. */
export const VISITS_KEY = 'sentinel:visits';
const COMMAND_TIMEOUT_MS = 1000;
// The reply to a counting command must reach the app before it gives up on it; this much of the
// command timeout is left for that.
const REPLY_MARGIN_MS = 250;
/**
 * INCRBY unless Redis runs it after the deadline (ms since the epoch, by Redis' clock), when it
 * answers -1 and counts nothing. A command still queued when the app answered 503 (Redis hung,
 * then resumed) must not count visits that were told they failed.
 */
const INCRBY_BEFORE_DEADLINE = `
local now = redis.call('TIME')
if tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000) > tonumber(ARGV[2]) then return -1 end
return redis.call('INCRBY', KEYS[1], ARGV[1])`;
const CONNECT_TIMEOUT_MS = 2000;
const MAX_RECONNECT_DELAY_MS = 2000;
// Label sets built once: the histogram only reads them.
const COMMAND_LABELS = { incrby: { command: 'incrby' }, ping: { command: 'ping' } } as const;

type CountingRedis = Redis & { incrbyBeforeDeadline(key: string, increment: number, deadlineMs: number): Promise<number> };

/** Redis could not be reached in time; the caller should answer 503 rather than 500. */
export class RedisUnavailableError extends Error {
  constructor(cause: unknown) {
    super(`redis unavailable: ${errorMessage(cause)}`, { cause });
    this.name = 'RedisUnavailableError';
  }
}

export interface VisitorStore {
  /** Adds one visit and returns the new total. */
  incrementVisits(): Promise<number>;
  /** Resolves when Redis answers a PING within the command timeout. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** `metrics` undefined (METRICS_ENABLED=false): the store records nothing. */
export function createVisitorStore(url: string, logger: Logger, metrics: AppMetrics | undefined): VisitorStore {
  const client = new Redis(url, {
    // Fail fast while disconnected instead of queueing requests until Redis returns.
    enableOfflineQueue: false,
    // INCRBY is not idempotent: a command cut off by a dropped connection may already have run, so never resend it.
    maxRetriesPerRequest: 0,
    commandTimeout: COMMAND_TIMEOUT_MS,
    connectTimeout: CONNECT_TIMEOUT_MS,
    // Never give up: the app must recover on its own whenever Redis comes back.
    retryStrategy: (attempt) => Math.min(attempt * 100, MAX_RECONNECT_DELAY_MS),
  }) as CountingRedis;
  client.defineCommand('incrbyBeforeDeadline', { numberOfKeys: 1, lua: INCRBY_BEFORE_DEADLINE });

  let up = false;
  let closing = false;
  const setUp = (value: boolean, event: string): void => {
    metrics?.redisUp.set(value ? 1 : 0);
    if (value !== up && !closing) {
      if (value) logger.info('redis connection ready', { event });
      else logger.warn('redis connection lost', { event });
    }
    up = value;
  };
  client.on('ready', () => setUp(true, 'ready'));
  client.on('close', () => setUp(false, 'close'));
  client.on('error', (err: Error) => {
    setUp(false, 'error');
    logger.error('redis error', { err: err.message });
  });
  client.on('reconnecting', (delayMs: number) => logger.debug('redis reconnecting', { delayMs }));
  metrics?.redisUp.set(0);

  const timed = async <T>(command: keyof typeof COMMAND_LABELS, run: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    try {
      return await run();
    } catch (err) {
      // A reply error means Redis answered; anything else means it did not.
      throw err instanceof ReplyError ? err : new RedisUnavailableError(err);
    } finally {
      metrics?.redisCommandDuration.observe(COMMAND_LABELS[command], (performance.now() - started) / 1000);
    }
  };

  return {
    // Concurrent visits share one INCRBY: under load, one Redis command per event-loop turn
    // instead of one per request.
    incrementVisits: turnBatchedIncrement((n) =>
      timed('incrby', async () => {
        const deadline = Date.now() + COMMAND_TIMEOUT_MS - REPLY_MARGIN_MS;
        const total = await client.incrbyBeforeDeadline(VISITS_KEY, n, deadline);
        if (total < 0) throw new Error('redis ran the increment after its deadline and counted nothing');
        return total;
      }),
    ),
    ping: async () => {
      await timed('ping', () => client.ping());
    },
    close: async () => {
      closing = true;
      if (client.status === 'ready') {
        try {
          await client.quit();
          return;
        } catch (err) {
          logger.warn('redis quit failed, disconnecting', { err: errorMessage(err) });
        }
      }
      client.disconnect();
    },
  };
}
