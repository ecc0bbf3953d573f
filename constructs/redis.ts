import { type RedisConfigInput, renderRedisConf } from '../config/redis';
import type { Endpoint } from '../config/endpoint';
import { type Network, Volume } from './docker';
import { Construct } from './framework';
import { IMAGES } from './images';
import { ServiceContainer } from './service-container';
import { requireIntegerInRange } from './validation';

export interface RedisOptions {
  /** Container memory limit; Redis' own maxmemory is set below it. */
  readonly memoryMb?: number;
}

export interface RedisProps extends RedisOptions {
  readonly namePrefix: string;
  /** The data network only: nothing but the app can reach Redis. */
  readonly network: Network;
}

const CONFIG_PATH = '/usr/local/etc/redis/redis.conf';
const DATA_DIR = '/data';
const PORT = 6379;
// Headroom for the AOF rewrite's fork and Redis' own overhead.
const MAXMEMORY_SHARE = 0.75;

/** Redis with append-only persistence on a named volume and no host port. */
export class Redis extends Construct {
  readonly endpoint: Endpoint;
  readonly redisConfig: RedisConfigInput;
  readonly service: ServiceContainer;

  constructor(scope: Construct, id: string, props: RedisProps) {
    super(scope, id);
    const memoryMb = requireIntegerInRange('redis.memoryMb', props.memoryMb ?? 256, 64, 65536, 'MiB');
    this.endpoint = { host: 'redis', port: PORT };
    this.redisConfig = {
      listen: { host: '0.0.0.0', port: PORT },
      dataDir: DATA_DIR,
      maxMemoryMb: Math.floor(memoryMb * MAXMEMORY_SHARE),
    };
    const data = new Volume(this, 'data', { name: `${props.namePrefix}-redis-data` });

    this.service = new ServiceContainer(this, 'redis', {
      serviceName: this.endpoint.host,
      namePrefix: props.namePrefix,
      image: IMAGES.redis,
      user: 'redis',
      networks: [props.network],
      memoryMb,
      command: ['redis-server', CONFIG_PATH],
      files: [{ path: CONFIG_PATH, content: renderRedisConf(this.redisConfig) }],
      volumes: [{ volume: data, containerPath: DATA_DIR }],
      healthcheck: { shellCommand: 'redis-cli ping | grep -q PONG' },
    });
  }
}
