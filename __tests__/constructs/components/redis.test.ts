import { Redis } from '../../../constructs/components/redis';
import { synthConstruct } from '../../support/construct-scope';
import { containerNamed, networkRolesOf, resourceNames, serviceNamed, uploadedFile } from '../../support/synth-stack';

const CONFIG_PATH = '/usr/local/etc/redis/redis.conf';
const synth = synthConstruct((scope) => new Redis(scope, 'redis'));
const redis = containerNamed(synth, 'sentinel-redis');

describe('Redis', () => {
  it('is reachable as redis:6379 on the internal network only, with no host port', () => {
    expect(synth.construct.endpoint).toEqual({ host: 'redis', port: 6379 });
    expect(networkRolesOf(redis)).toEqual(['internal']);
    expect(redis.networks_advanced?.map((n) => n.aliases)).toEqual([['redis']]);
    expect(redis.ports ?? []).toEqual([]);
    expect(uploadedFile(redis, CONFIG_PATH)).toMatch(/^bind 0\.0\.0\.0\nport 6379$/m);
  });

  it('persists with AOF on its named volume, mounted at /data', () => {
    const conf = uploadedFile(redis, CONFIG_PATH);
    expect(conf).toMatch(/^appendonly yes$/m);
    expect(conf).toMatch(/^dir \/data$/m);
    expect(resourceNames(synth, 'docker_volume')).toEqual(['sentinel-redis-data']);
    expect(redis.volumes).toEqual([{ volume_name: expect.stringMatching(/^\$\{docker_volume\.redis_data_\w+\.name\}$/), container_path: '/data' }]);
  });

  it('refuses less memory than Redis runs in, naming the prop and its unit', () => {
    expect(() => synthConstruct((scope) => new Redis(scope, 'redis', { memoryMb: 32 }))).toThrow('Invalid redis.memoryMb: got 32, expected an integer from 64 to 65536 MiB');
  });

  it('runs redis-server on its uploaded config as the redis user, healthy when it answers PING', () => {
    expect(redis.command).toEqual(['redis-server', CONFIG_PATH]);
    expect(redis.user).toBe('redis');
    expect(redis.healthcheck?.test).toEqual(['CMD-SHELL', 'redis-cli ping | grep -q PONG']);
  });

  it('on a Swarm, starts redis-server only once it holds the lock on its data directory, so a replacement waits for the task it replaces', () => {
    const onSwarm = synthConstruct((scope) => new Redis(scope, 'redis'), { engine: 'swarm' });
    const service = serviceNamed(onSwarm, 'sentinel-redis');
    expect(service.task_spec.container_spec.args).toEqual(['sh', '-c', `umask 0077 && exec 9>>/data/.sentinel-redis.lock && flock 9 && exec redis-server ${CONFIG_PATH}`]);
  });

  it('limits the container to 256 MiB by default and Redis itself to 75 % of that, refusing writes beyond it', () => {
    expect(redis.memory).toBe(256);
    expect(uploadedFile(redis, CONFIG_PATH)).toMatch(/^maxmemory 192mb$/m);
    expect(uploadedFile(redis, CONFIG_PATH)).toMatch(/^maxmemory-policy noeviction$/m);
  });

  it('takes its memory limit from memoryMb, and maxmemory with it', () => {
    const larger = containerNamed(synthConstruct((scope) => new Redis(scope, 'redis', { memoryMb: 1000 })), 'sentinel-redis');
    expect(larger.memory).toBe(1000);
    expect(uploadedFile(larger, CONFIG_PATH)).toMatch(/^maxmemory 750mb$/m);
  });
});
