import { ConfigError, loadConfig } from '../../app/src/config';

function configErrorFor(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error(`expected ${JSON.stringify(env)} to be rejected`);
}

const problemsFor = (env: NodeJS.ProcessEnv): readonly string[] => configErrorFor(env).problems;

describe('loadConfig', () => {
  it('uses the documented defaults when nothing is set', () => {
    expect(loadConfig({})).toEqual({
      port: 8080,
      host: '0.0.0.0',
      redisUrl: 'redis://redis:6379',
      logLevel: 'info',
      metricsEnabled: true,
      shutdownDelayMs: 0,
    });
  });

  it('reads every variable', () => {
    expect(
      loadConfig({
        PORT: '65535',
        HOST: 'app.internal',
        REDIS_URL: 'rediss://:pw@cache:6380/2',
        LOG_LEVEL: 'debug',
        METRICS_ENABLED: 'false',
        SHUTDOWN_DELAY_SECONDS: '3',
      }),
    ).toEqual({
      port: 65535,
      host: 'app.internal',
      redisUrl: 'rediss://:pw@cache:6380/2',
      logLevel: 'debug',
      metricsEnabled: false,
      shutdownDelayMs: 3000,
    });
    expect(loadConfig({ HOST: '::' }).host).toBe('::');
  });

  it.each(['0', '65536', '80.5', '8080abc', ' 8080', '', '-1', '0x50'])('rejects PORT=%j naming the variable', (port) => {
    const problems = problemsFor({ PORT: port });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^PORT must be an integer from 1 to 65535 \(got /);
  });

  it.each(['', 'bad host', 'under_score', '-leading.dash', 'a..b'])('rejects HOST=%j', (host) => {
    expect(problemsFor({ HOST: host })).toEqual([expect.stringMatching(/^HOST must be an IP address or a hostname/)]);
  });

  it.each(['redis', 'http://redis:6379', 'redis://', ''])('rejects REDIS_URL=%j', (url) => {
    expect(problemsFor({ REDIS_URL: url })).toEqual([expect.stringMatching(/^REDIS_URL must /)]);
  });

  it('never repeats a REDIS_URL back, since it may hold a password', () => {
    const [problem] = problemsFor({ REDIS_URL: 'http://:hunter2@redis:6379' });
    expect(problem).toMatch(/^REDIS_URL/);
    expect(problem).not.toContain('hunter2');
  });

  it.each(['INFO', 'verbose', 'trace', ''])('rejects LOG_LEVEL=%j listing the allowed levels', (level) => {
    expect(problemsFor({ LOG_LEVEL: level })).toEqual([
      `LOG_LEVEL must be one of debug, info, warn, error (got ${JSON.stringify(level)})`,
    ]);
  });

  it('reads METRICS_ENABLED as exactly true or false', () => {
    expect(loadConfig({ METRICS_ENABLED: 'true' }).metricsEnabled).toBe(true);
    expect(loadConfig({ METRICS_ENABLED: 'false' }).metricsEnabled).toBe(false);
  });

  it.each(['TRUE', 'False', '1', '0', 'yes', 'off', ' true', ''])('rejects METRICS_ENABLED=%j', (value) => {
    expect(problemsFor({ METRICS_ENABLED: value })).toEqual([
      `METRICS_ENABLED must be true or false (got ${JSON.stringify(value)})`,
    ]);
  });

  it('reads SHUTDOWN_DELAY_SECONDS as whole seconds up to 5', () => {
    expect(loadConfig({ SHUTDOWN_DELAY_SECONDS: '0' }).shutdownDelayMs).toBe(0);
    expect(loadConfig({ SHUTDOWN_DELAY_SECONDS: '5' }).shutdownDelayMs).toBe(5000);
  });

  it.each(['6', '10', '-1', '1.5', '', ' 2'])('rejects SHUTDOWN_DELAY_SECONDS=%j', (value) => {
    expect(problemsFor({ SHUTDOWN_DELAY_SECONDS: value })).toEqual([
      `SHUTDOWN_DELAY_SECONDS must be whole seconds from 0 to 5 (got ${JSON.stringify(value)})`,
    ]);
  });

  it('reports every invalid variable at once', () => {
    const problems = problemsFor({ PORT: 'http', HOST: '', REDIS_URL: 'x', LOG_LEVEL: 'loud', METRICS_ENABLED: 'on' });
    expect(problems.map((p) => p.split(' ')[0])).toEqual(['PORT', 'HOST', 'REDIS_URL', 'LOG_LEVEL', 'METRICS_ENABLED']);
  });

  it('puts the problems in the error message, separated, and names the error', () => {
    expect(() => loadConfig({ PORT: '99999' })).toThrow(/invalid configuration: PORT must be/);
    const error = configErrorFor({ PORT: '0', LOG_LEVEL: 'loud' });
    expect(error.name).toBe('ConfigError');
    expect(error.message).toMatch(/^invalid configuration: PORT must be .+ \(got "0"\); LOG_LEVEL must be /);
  });

  it('accepts the lowest port, 1', () => {
    expect(loadConfig({ PORT: '1' }).port).toBe(1);
  });

  it('says what is wrong with a REDIS_URL and nothing more', () => {
    expect(problemsFor({ REDIS_URL: 'http://redis:6379' })).toEqual(['REDIS_URL must use the redis: or rediss: scheme']);
  });
});
