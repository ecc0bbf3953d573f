import { type RedisConfigInput, renderRedisConf } from '../../config/redis';
import type { Endpoint } from '../../config/endpoint';
import { Volume } from '../framework/docker';
import { Construct } from '../framework/framework';
import { IMAGES } from '../engine/images';
import { ServiceContainer } from '../engine/service-container';
import { stackContextOf } from '../stack/stack-context';
import { requireIntegerInRange } from '../validation/validation';

export interface RedisOptions {
  /** Container memory limit, MiB (64–65536); Redis' own `maxmemory` is 75 % of it. @default 256 */
  readonly memoryMb?: number;
}

export interface RedisProps extends RedisOptions {
  /** Its DNS name, container and volume name after the stack's prefix, and where its props are reported. @default redis */
  readonly name?: string;
}

/** What Redis is built with where its props say nothing. */
export const REDIS_DEFAULTS = { memoryMb: 256 } as const satisfies Required<RedisOptions>;


const CONFIG_PATH = '/usr/local/etc/redis/redis.conf';
const DATA_DIR = '/data';
const PORT = 6379;
// Headroom for the AOF rewrite's fork and Redis' own overhead.
const MAXMEMORY_SHARE = 0.75;
const LOCK_FILE = `${DATA_DIR}/.sentinel-redis.lock`;

/**
 * redis-server on its config. On a Swarm, holding a lock on a file of its data directory first:
 * a node that comes back after it was lost starts Redis' replacement task while the old one
 * still runs and serves, and two Redis on one AOF hand the same numbers out twice. The new one
 * waits for the old one to exit (its last writes on disk); the lock passes to redis-server
 * itself (fd 9), so it gets the stop signal, and goes with its process.
 */
function redisCommand(swarm: boolean): string[] {
  if (!swarm) return ['redis-server', CONFIG_PATH];
  // umask as the image's entrypoint sets it for redis-server, which it no longer sees first.
  return ['sh', '-c', `umask 0077 && exec 9>>${LOCK_FILE} && flock 9 && exec redis-server ${CONFIG_PATH}`];
}

/** Redis with append-only persistence on a named volume and no host port. */
export class Redis extends Construct {
  readonly endpoint: Endpoint;
  readonly redisConfig: RedisConfigInput;
  readonly service: ServiceContainer;

  constructor(scope: Construct, id: string, props: RedisProps = {}) {
    super(scope, id);
    const name = props.name ?? 'redis';
    const memoryMb = requireIntegerInRange(`${name}.memoryMb`, props.memoryMb ?? REDIS_DEFAULTS.memoryMb, 64, 65536, 'MiB');
    this.endpoint = { host: name, port: PORT };
    this.redisConfig = {
      listen: { host: '0.0.0.0', port: PORT },
      dataDir: DATA_DIR,
      maxMemoryMb: Math.floor(memoryMb * MAXMEMORY_SHARE),
    };
    const data = new Volume(this, 'data', { name: `${stackContextOf(this).namePrefix}-${name}-data` });

    this.service = new ServiceContainer(this, 'redis', {
      serviceName: this.endpoint.host,
      image: IMAGES.redis,
      user: 'redis',
      // The internal network only: nothing but the app and its exporter reach Redis.
      networks: ['internal'],
      memoryMb,
      command: redisCommand(stackContextOf(this).engine === 'swarm'),
      files: [{ path: CONFIG_PATH, content: renderRedisConf(this.redisConfig) }],
      volumes: [{ volume: data, containerPath: DATA_DIR }],
      healthcheck: { shellCommand: 'redis-cli ping | grep -q PONG' },
    });
  }
}
