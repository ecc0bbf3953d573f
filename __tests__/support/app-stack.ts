import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { join, resolve } from 'node:path';
import { httpRequest } from './app-http';
import { freePort, makeTempDir, removeTempDir, RunningProcess, startProcess, stopProcess, waitFor } from './app-processes';

export const APP_DIR = resolve(__dirname, '../../app');
export const APP_ENTRY = join(APP_DIR, 'dist', 'main.js');

/**
 * One inline Redis command to 127.0.0.1:`port`: its reply's text up to the first line end
 * (and the bulk string after it, for a `$` reply), or undefined when nothing answered in time.
 */
function redisReply(port: number, command: string, timeoutMs: number): Promise<string | undefined> {
  return new Promise((resolveReply) => {
    const socket = connect({ host: '127.0.0.1', port });
    let reply = '';
    const finish = (text: string | undefined): void => {
      clearTimeout(timer);
      socket.destroy();
      resolveReply(text);
    };
    const timer = setTimeout(() => finish(undefined), timeoutMs);
    socket.once('error', () => finish(undefined));
    socket.once('connect', () => socket.write(`${command}\r\n`));
    socket.on('data', (chunk: Buffer) => {
      reply += chunk.toString('latin1');
      const lines = reply.split('\r\n');
      if (lines.length < 2) return;
      const bulkLength = lines[0]!.startsWith('$') ? Number(lines[0]!.slice(1)) : -1;
      if (bulkLength < 0) finish(lines[0]);
      else if (lines.length >= 3) finish(lines[1]);
    });
  });
}

/** True once something on 127.0.0.1:`port` answers a Redis PING with PONG (not, e.g., -LOADING). */
export async function redisAnswersPing(port: number, timeoutMs = 1_000): Promise<boolean> {
  return (await redisReply(port, 'PING', timeoutMs)) === '+PONG';
}

/** The value of a Redis key that holds a number (0 when it is not set). */
export async function redisNumber(port: number, key: string): Promise<number> {
  const reply = await redisReply(port, `GET ${key}`, 5_000);
  if (reply === undefined) throw new Error(`no answer from Redis on ${port} to GET ${key}`);
  return reply === '$-1' ? 0 : Number(reply);
}

export interface RedisOptions {
  /** Absolute path of the redis-server binary. */
  readonly binary: string;
  readonly port: number;
  /** Working and data directory; reuse it on restart to keep the data. */
  readonly dir: string;
}

/**
 * A throwaway redis-server on 127.0.0.1 that persists every write to an append-only file
 * in `dir`, so a restart in the same directory (even after SIGKILL) keeps the data.
 */
export function startRedis({ binary, port, dir }: RedisOptions): Promise<RunningProcess> {
  return startProcess({
    name: `redis-server:${port}`,
    command: binary,
    args: [
      '--bind', '127.0.0.1',
      '--port', String(port),
      '--dir', dir,
      '--appendonly', 'yes',
      '--appendfsync', 'always',
      '--save', '',
      '--daemonize', 'no',
      '--logfile', '',
    ],
    cwd: dir,
    env: { PATH: process.env.PATH },
    readyCheck: () => redisAnswersPing(port),
  });
}

export interface AppOptions {
  readonly port: number;
  readonly redisPort: number;
  /** Extra or overriding environment variables for the app. */
  readonly env?: Readonly<Record<string, string>>;
}

export function appEnv({ port, redisPort, env = {} }: AppOptions): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    PORT: String(port),
    HOST: '127.0.0.1',
    REDIS_URL: `redis://127.0.0.1:${redisPort}`,
    LOG_LEVEL: 'info',
    ...env,
  };
}

/** The built app (app/dist/main.js), ready once /healthz answers 200. */
export function startApp(options: AppOptions): Promise<RunningProcess> {
  if (!existsSync(APP_ENTRY)) {
    throw new Error(`${APP_ENTRY} is missing: run \`npm --prefix app run build\` first`);
  }
  return startProcess({
    name: `app:${options.port}`,
    command: process.execPath,
    args: [APP_ENTRY],
    cwd: APP_DIR,
    env: appEnv(options),
    readyCheck: async () => (await httpRequest(options.port, { path: '/healthz', timeoutMs: 1_000 })).status === 200,
  });
}

/** The app's complete stdout lines parsed as JSON; throws if any line is not a JSON object. */
export function logLines(app: RunningProcess): Record<string, unknown>[] {
  const text = app.stdout();
  return text
    .slice(0, text.lastIndexOf('\n') + 1)
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const parsed: unknown = JSON.parse(line);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        throw new Error(`log line is not a JSON object: ${line}`);
      }
      return parsed as Record<string, unknown>;
    });
}

/** A redis-server and the app in front of it, for the tests of one describe block. */
export interface AppWithRedis {
  dir: string;
  redisPort: number;
  port: number;
  redis?: RunningProcess;
  app?: RunningProcess;
}

/** Starts Redis and the app (ready once it reaches Redis) before the block's tests; stops both by PID after them. */
export function useAppWithRedis(redisServer: string, name: string, env?: Readonly<Record<string, string>>): AppWithRedis {
  const stack: AppWithRedis = { dir: '', redisPort: 0, port: 0 };
  beforeAll(async () => {
    stack.dir = makeTempDir(`sentinel-app-${name}`);
    stack.redisPort = await freePort();
    stack.redis = await startRedis({ binary: redisServer, port: stack.redisPort, dir: stack.dir });
    stack.port = await freePort();
    stack.app = await startApp({ port: stack.port, redisPort: stack.redisPort, env });
    await waitFor(async () => (await httpRequest(stack.port, { path: '/readyz' })).status === 200, { what: 'the app to reach Redis' });
  }, 30_000);
  afterAll(async () => {
    try {
      await stopProcess(stack.app);
    } finally {
      try {
        await stopProcess(stack.redis);
      } finally {
        removeTempDir(stack.dir || undefined);
      }
    }
  }, 20_000);
  return stack;
}
