import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderRedisConf } from '../../config/redis';
import { freePort, RunningProcess, startProcess, stopProcess } from '../support/app-processes';
import { redisAnswersPing } from '../support/app-stack';
import { describeWithTools, TOOLS } from '../support/external-tools';
import { useTempDir } from '../support/temp-dir';

describeWithTools('redis.conf as redis-server runs it', [TOOLS.redisServer, TOOLS.redisCli], ([redisServer, redisCli]) => {
  const tempDir = useTempDir('redis-conf');
  let redis: RunningProcess | undefined;
  let port = 0;
  const cli = (...args: string[]): string => spawnSync(redisCli!, ['-p', String(port), ...args], { encoding: 'utf8' }).stdout.trim();
  /** CONFIG GET `name`: the value Redis is running with. */
  const setting = (name: string): string => cli('CONFIG', 'GET', name).split('\n')[1] ?? '';

  beforeAll(async () => {
    port = await freePort();
    const conf = join(tempDir(), 'redis.conf');
    writeFileSync(conf, renderRedisConf({ listen: { host: '127.0.0.1', port }, dataDir: tempDir(), maxMemoryMb: 2 }));
    redis = await startProcess({
      name: `redis-server:${port}`,
      command: redisServer!,
      args: [conf],
      cwd: tempDir(),
      readyCheck: () => redisAnswersPing(port),
    });
  }, 20_000);

  afterAll(() => stopProcess(redis));

  it('listens where it is told, open to the other containers (no protected mode), keeping its data in the data dir', () => {
    expect(setting('bind')).toBe('127.0.0.1');
    expect(setting('protected-mode')).toBe('no');
    expect(setting('port')).toBe(String(port));
    expect(setting('dir')).toBe(tempDir());
  });

  it('persists every write to the append-only file, synced once a second, with no RDB snapshots', () => {
    expect(setting('appendonly')).toBe('yes');
    expect(setting('appendfsync')).toBe('everysec');
    expect(setting('save')).toBe('');
  });

  it('refuses writes beyond maxmemory instead of evicting the counter', () => {
    expect(setting('maxmemory')).toBe(String(2 * 1024 * 1024));
    expect(setting('maxmemory-policy')).toBe('noeviction');
    cli('SET', 'sentinel:visits', '41');
    let refused = '';
    for (let i = 0; i < 200 && refused === ''; i++) {
      const reply = cli('SET', `filler:${i}`, 'x'.repeat(50_000));
      if (reply !== 'OK') refused = reply;
    }
    expect(refused).toMatch(/^OOM command not allowed when used memory > 'maxmemory'/);
    expect(cli('GET', 'sentinel:visits')).toBe('41');
  });
});
