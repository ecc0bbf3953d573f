import { generatedHeader } from './generated-header';
import { type Endpoint } from './endpoint';

export interface RedisConfigInput {
  readonly listen: Endpoint;
  readonly dataDir: string;
  readonly maxMemoryMb: number;
}

/** redis.conf: append-only persistence, no eviction (the data is a counter, not a cache). */
export function renderRedisConf(input: RedisConfigInput): string {
  return `${generatedHeader('#')}bind ${input.listen.host}
port ${input.listen.port}
protected-mode no
dir ${input.dataDir}
appendonly yes
appendfsync everysec
save ""
maxmemory ${input.maxMemoryMb}mb
maxmemory-policy noeviction
`;
}
