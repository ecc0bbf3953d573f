import { isIP } from 'node:net';
import { LOG_LEVELS, LogLevel } from './logger';

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly redisUrl: string;
  readonly logLevel: LogLevel;
  /** Off: no Prometheus instrumentation on the request path and no /metrics (it answers 404). */
  readonly metricsEnabled: boolean;
  /**
   * How long it keeps serving after SIGTERM before it stops accepting connections: time for a
   * gateway that finds it by DNS to stop sending it requests first.
   */
  readonly shutdownDelayMs: number;
}

/** Lists every invalid variable at once, so a single restart can fix them all. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

// Values that may carry credentials are never repeated back in error messages.
const SECRET_BEARING: ReadonlySet<string> = new Set(['REDIS_URL']);

type Parsed<T> = { readonly value: T } | { readonly problem: string };
type Parser<T> = (raw: string) => Parsed<T>;

const HOSTNAME_LABEL = '[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
const HOSTNAME = new RegExp(`^(?=.{1,253}$)${HOSTNAME_LABEL}(\\.${HOSTNAME_LABEL})*$`);

const parsePort: Parser<number> = (raw) => {
  const port = /^[0-9]{1,5}$/.test(raw) ? Number(raw) : NaN;
  return port >= 1 && port <= 65535 ? { value: port } : { problem: 'must be an integer from 1 to 65535' };
};

const parseHost: Parser<string> = (raw) =>
  isIP(raw) !== 0 || HOSTNAME.test(raw) ? { value: raw } : { problem: 'must be an IP address or a hostname' };

const parseRedisUrl: Parser<string> = (raw) => {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { problem: 'must be a URL like redis://host:6379' };
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') return { problem: 'must use the redis: or rediss: scheme' };
  return url.hostname === '' ? { problem: 'must name a host' } : { value: raw };
};

const parseLogLevel: Parser<LogLevel> = (raw) =>
  (LOG_LEVELS as readonly string[]).includes(raw)
    ? { value: raw as LogLevel }
    : { problem: `must be one of ${LOG_LEVELS.join(', ')}` };

// With the 9 s drain, still inside the 15 s the stack gives a container to stop.
const MAX_SHUTDOWN_DELAY_SECONDS = 5;

const parseShutdownDelay: Parser<number> = (raw) => {
  const seconds = /^[0-9]$/.test(raw) ? Number(raw) : NaN;
  return seconds <= MAX_SHUTDOWN_DELAY_SECONDS ? { value: seconds * 1000 } : { problem: `must be whole seconds from 0 to ${MAX_SHUTDOWN_DELAY_SECONDS}` };
};

const parseBoolean: Parser<boolean> = (raw) =>
  raw === 'true' ? { value: true } : raw === 'false' ? { value: false } : { problem: 'must be true or false' };

/** Reads the service settings from `env`; throws ConfigError naming each invalid variable. */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const problems: string[] = [];
  const read = <T>(name: string, fallback: string, parse: Parser<T>, placeholder: T): T => {
    const raw = env[name] ?? fallback;
    const parsed = parse(raw);
    if ('value' in parsed) return parsed.value;
    problems.push(`${name} ${parsed.problem}${SECRET_BEARING.has(name) ? '' : ` (got ${JSON.stringify(raw)})`}`);
    return placeholder;
  };
  const config: Config = {
    port: read('PORT', '8080', parsePort, 0),
    host: read('HOST', '0.0.0.0', parseHost, ''),
    redisUrl: read('REDIS_URL', 'redis://redis:6379', parseRedisUrl, ''),
    logLevel: read('LOG_LEVEL', 'info', parseLogLevel, 'info'),
    metricsEnabled: read('METRICS_ENABLED', 'true', parseBoolean, true),
    shutdownDelayMs: read('SHUTDOWN_DELAY_SECONDS', '0', parseShutdownDelay, 0),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
