import { chmodSync, chownSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Endpoint } from '../../../config/endpoint';
import { httpRequest } from '../../support/app-http';
import { freePort, makeTempDir, removeTempDir, type RunningProcess, startProcess, stopProcess } from '../../support/app-processes';
import { APP_DIR, APP_ENTRY, redisAnswersPing } from '../../support/app-stack';
import { ORDERS_SERVER_ENTRY } from '../../support/orders-service';
import type { LiveAlerting } from './live-alerting';
import { type LiveConfigs, liveConfigs, type LiveEndpoints } from './live-configs';

/** Absolute paths of the Debian binaries the live stack runs. */
export interface LiveBinaries {
  readonly redisServer: string;
  readonly nginx: string;
  readonly prometheus: string;
  readonly alertmanager: string;
  readonly nginxExporter: string;
  readonly redisExporter: string;
  readonly nodeExporter: string;
}

/** Extras for callers other than the live suite (the benchmarks); the defaults are the live suite's stack. */
export interface LiveStackOptions {
  /** Start only these processes (still in start order); default every one. Binaries are needed only for these. */
  readonly only?: readonly LiveProcess[];
  /** Extra environment for the app, e.g. METRICS_ENABLED. */
  readonly appEnv?: Readonly<Record<string, string>>;
  /**
   * Append the app's stdout (one JSON line per request) to this file instead of keeping it in
   * memory, for runs of millions of requests. The app is exec'd by /bin/sh, so its PID is unchanged.
   */
  readonly appLogFile?: string;
  /** Receivers for Alertmanager and their secrets; default none, as in the default stack. */
  readonly alerting?: LiveAlerting;
}

/** A process started next to the stack with startExtraApp or startExtraGateway. */
export interface ExtraProcess {
  readonly process: RunningProcess;
  /** Where it listens. */
  readonly endpoint: Endpoint;
}

export interface ExtraGateway extends ExtraProcess {
  /** Its own directory: nginx.conf, access.log, error.log. */
  readonly dir: string;
}

export type LiveProcess = 'redis' | 'app' | 'orders' | 'gateway' | 'alertmanager' | 'prometheus' | 'nginxExporter' | 'redisExporter' | 'nodeExporter';

/** Start order: what a process talks to is up before it. */
const START_ORDER: readonly LiveProcess[] = ['redis', 'app', 'orders', 'gateway', 'alertmanager', 'prometheus', 'nginxExporter', 'redisExporter', 'nodeExporter'];

interface ProcessSpec {
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly readyCheck: () => Promise<boolean>;
  readonly user?: { readonly uid: number; readonly gid: number };
}

// nobody:nogroup on Debian.
const UNPRIVILEGED = { uid: 65_534, gid: 65_534 };

/**
 * The gateway runs as one unprivileged user in its container (uid 101, master and workers alike).
 * A suite run as root would start nginx's master as root and its workers as nobody, and the workers
 * could not write request bodies into a root-owned directory: so under root, nginx runs as nobody
 * in a directory it owns, under a test directory it may pass through.
 */
function gatewayUser(testDir: string, nginxDir: string): ProcessSpec['user'] {
  if (process.getuid?.() !== 0) return undefined;
  chmodSync(testDir, 0o711);
  chownSync(nginxDir, UNPRIVILEGED.uid, UNPRIVILEGED.gid);
  return UNPRIVILEGED;
}

async function answers(endpoint: Endpoint, path: string): Promise<boolean> {
  return (await httpRequest(endpoint.port, { path, timeoutMs: 1_000 })).status === 200;
}

const listen = (endpoint: Endpoint) => `${endpoint.host}:${endpoint.port}`;

const shellQuote = (word: string) => `'${word.replace(/'/g, `'\\''`)}'`;

/** nginx in the foreground with its prefix, config and logs in `dir`. */
const nginxArgs = (dir: string) => ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', 'stderr', '-g', 'daemon off;'];

/** The app's command line: node itself, or /bin/sh exec'ing node with stdout appended to `logFile`. */
function appCommand(logFile: string | undefined): { command: string; args: string[] } {
  if (logFile === undefined) return { command: process.execPath, args: [APP_ENTRY] };
  return { command: '/bin/sh', args: ['-c', `exec ${shellQuote(process.execPath)} ${shellQuote(APP_ENTRY)} >>${shellQuote(logFile)}`] };
}

export class LiveStack {
  private readonly running = new Map<LiveProcess, RunningProcess>();
  private readonly extras: RunningProcess[] = [];

  private constructor(
    readonly dir: string,
    readonly endpoints: LiveEndpoints,
    readonly configs: LiveConfigs,
    private readonly specs: Record<LiveProcess, ProcessSpec>,
  ) {}

  /** Writes every config into its own directory under one temp dir and starts every process (or `options.only`). */
  static async start(binaries: Partial<LiveBinaries>, options: LiveStackOptions = {}): Promise<LiveStack> {
    const dir = makeTempDir('sentinel-live');
    try {
      const port = async (): Promise<Endpoint> => ({ host: '127.0.0.1', port: await freePort() });
      const endpoints: LiveEndpoints = {
        gateway: await port(),
        gatewayStatus: await port(),
        app: await port(),
        orders: await port(),
        redis: await port(),
        prometheus: await port(),
        alertmanager: await port(),
        nginxExporter: await port(),
        redisExporter: await port(),
        nodeExporter: await port(),
      };
      const dirs = Object.fromEntries(
        ['nginx', 'redis', 'prometheus', 'rules', 'alertmanager', 'app', 'orders', 'exporters'].map((name) => {
          const path = join(dir, name);
          mkdirSync(path);
          return [name, path];
        }),
      ) as Record<'nginx' | 'redis' | 'prometheus' | 'rules' | 'alertmanager' | 'app' | 'orders' | 'exporters', string>;
      const configs = liveConfigs(endpoints, { nginxDir: dirs.nginx, redisDataDir: dirs.redis, rulesDir: dirs.rules }, options.alerting);
      writeFileSync(join(dirs.nginx, 'nginx.conf'), configs.nginxConf);
      writeFileSync(join(dirs.redis, 'redis.conf'), configs.redisConf);
      writeFileSync(join(dirs.prometheus, 'prometheus.yml'), configs.prometheusYml);
      writeFileSync(join(dirs.rules, 'sentinel.yml'), configs.rulesYml);
      writeFileSync(join(dirs.alertmanager, 'alertmanager.yml'), configs.alertmanagerYml);

      const specs: Record<LiveProcess, ProcessSpec> = {
        redis: {
          command: binaries.redisServer ?? '',
          args: [join(dirs.redis, 'redis.conf')],
          cwd: dirs.redis,
          readyCheck: () => redisAnswersPing(endpoints.redis.port),
        },
        app: {
          ...appCommand(options.appLogFile),
          cwd: APP_DIR,
          env: {
            PATH: process.env.PATH,
            HOST: endpoints.app.host,
            PORT: String(endpoints.app.port),
            REDIS_URL: `redis://${listen(endpoints.redis)}`,
            ...options.appEnv,
          },
          readyCheck: () => answers(endpoints.app, '/healthz'),
        },
        orders: {
          command: process.execPath,
          args: [ORDERS_SERVER_ENTRY],
          cwd: dirs.orders,
          env: { PATH: process.env.PATH, HOST: endpoints.orders.host, PORT: String(endpoints.orders.port) },
          readyCheck: () => answers(endpoints.orders, '/health'),
        },
        gateway: {
          command: binaries.nginx ?? '',
          args: nginxArgs(dirs.nginx),
          cwd: dirs.nginx,
          user: gatewayUser(dir, dirs.nginx),
          readyCheck: () => answers(endpoints.gatewayStatus, '/healthz'),
        },
        alertmanager: {
          command: binaries.alertmanager ?? '',
          args: [
            `--config.file=${join(dirs.alertmanager, 'alertmanager.yml')}`,
            `--storage.path=${dirs.alertmanager}`,
            `--web.listen-address=${listen(endpoints.alertmanager)}`,
            '--cluster.listen-address=',
          ],
          cwd: dirs.alertmanager,
          readyCheck: () => answers(endpoints.alertmanager, '/-/ready'),
        },
        prometheus: {
          command: binaries.prometheus ?? '',
          args: [
            `--config.file=${join(dirs.prometheus, 'prometheus.yml')}`,
            `--storage.tsdb.path=${join(dirs.prometheus, 'data')}`,
            `--web.listen-address=${listen(endpoints.prometheus)}`,
          ],
          cwd: dirs.prometheus,
          readyCheck: () => answers(endpoints.prometheus, '/-/ready'),
        },
        nginxExporter: {
          command: binaries.nginxExporter ?? '',
          args: [
            `-nginx.scrape-uri=http://${listen(endpoints.gatewayStatus)}/stub_status`,
            `-web.listen-address=${listen(endpoints.nginxExporter)}`,
          ],
          cwd: dirs.exporters,
          readyCheck: () => answers(endpoints.nginxExporter, '/metrics'),
        },
        redisExporter: {
          command: binaries.redisExporter ?? '',
          args: [`-redis.addr=redis://${listen(endpoints.redis)}`, `-web.listen-address=${listen(endpoints.redisExporter)}`],
          cwd: dirs.exporters,
          readyCheck: () => answers(endpoints.redisExporter, '/metrics'),
        },
        nodeExporter: {
          command: binaries.nodeExporter ?? '',
          args: [`--web.listen-address=${listen(endpoints.nodeExporter)}`],
          cwd: dirs.exporters,
          readyCheck: () => answers(endpoints.nodeExporter, '/metrics'),
        },
      };
      const stack = new LiveStack(dir, endpoints, configs, specs);
      try {
        for (const name of START_ORDER) {
          if (options.only === undefined || options.only.includes(name)) await stack.start(name);
        }
      } catch (error) {
        await stack.stop();
        throw error;
      }
      return stack;
    } catch (error) {
      removeTempDir(dir);
      throw error;
    }
  }

  /** Starts one process (again), with the same config and data directory. */
  async start(name: LiveProcess): Promise<void> {
    const spec = this.specs[name];
    if (spec.command === '') throw new Error(`${name}: no binary was given for it`);
    this.running.set(
      name,
      await startProcess({
        name,
        command: spec.command,
        args: spec.args,
        cwd: spec.cwd,
        env: spec.env ?? { PATH: process.env.PATH },
        readyCheck: spec.readyCheck,
        readyTimeoutMs: 30_000,
        user: spec.user,
      }),
    );
  }

  process(name: LiveProcess): RunningProcess {
    const running = this.running.get(name);
    if (!running) throw new Error(`${name} is not running`);
    return running;
  }

  /** Kills one process by its PID, as a crash would. */
  async kill(name: LiveProcess): Promise<void> {
    await stopProcess(this.running.get(name), { signal: 'SIGKILL' });
    this.running.delete(name);
  }

  /** PIDs of the processes running now. */
  pids(): number[] {
    return [...this.running.values()].map((proc) => proc.pid);
  }

  /**
   * Another app process on the stack's Redis, with the stack's app environment plus `env`
   * (e.g. METRICS_ENABLED=false). Its stdout goes to `logFile` when given, else is kept in memory.
   */
  async startExtraApp(label: string, env: Readonly<Record<string, string>>, logFile?: string): Promise<ExtraProcess> {
    const endpoint: Endpoint = { host: '127.0.0.1', port: await freePort() };
    const base = this.specs.app;
    const proc = await this.startExtra({
      name: `app:${label}`,
      ...appCommand(logFile),
      cwd: base.cwd,
      env: { ...base.env, ...env, HOST: endpoint.host, PORT: String(endpoint.port) },
      readyCheck: () => answers(endpoint, '/healthz'),
    });
    return { process: proc, endpoint };
  }

  /**
   * Another gateway: the same renderer and construct inputs as the stack's own, with `upstream`
   * in place of the app (several: each a server of the app's upstream block, as replicas are)
   * and its own listeners and directory.
   */
  async startExtraGateway(label: string, upstream: Endpoint | readonly Endpoint[]): Promise<ExtraGateway> {
    const servers: readonly Endpoint[] = 'host' in upstream ? [upstream] : upstream;
    const dir = join(this.dir, `nginx-${label}`);
    mkdirSync(dir);
    const port = async (): Promise<Endpoint> => ({ host: '127.0.0.1', port: await freePort() });
    const endpoint = await port();
    const status = await port();
    const { nginxConf } = liveConfigs(
      { ...this.endpoints, gateway: endpoint, gatewayStatus: status, app: servers[0]!, ...(servers.length > 1 ? { appServers: servers } : {}) },
      { nginxDir: dir, redisDataDir: join(this.dir, 'redis'), rulesDir: join(this.dir, 'rules') },
    );
    writeFileSync(join(dir, 'nginx.conf'), nginxConf);
    const proc = await this.startExtra({
      name: `gateway:${label}`,
      command: this.specs.gateway.command,
      args: nginxArgs(dir),
      cwd: dir,
      user: gatewayUser(this.dir, dir),
      readyCheck: () => answers(status, '/healthz'),
    });
    return { process: proc, endpoint, dir };
  }

  private async startExtra(spec: ProcessSpec & { name: string }): Promise<RunningProcess> {
    if (spec.command === '') throw new Error(`${spec.name}: no binary was given for it`);
    const proc = await startProcess({ ...spec, env: spec.env ?? { PATH: process.env.PATH }, readyTimeoutMs: 30_000 });
    this.extras.push(proc);
    return proc;
  }

  /** Everything every process of the stack has written to its stdout and stderr so far. */
  output(): string {
    return [...this.running.values(), ...this.extras].map((proc) => proc.stdout() + proc.stderr()).join('\n');
  }

  /** Stops every process this stack started, by PID, then removes its directory. */
  async stop(): Promise<void> {
    for (const proc of this.extras.splice(0).reverse()) {
      await stopProcess(proc, { signal: 'SIGTERM', timeoutMs: 10_000 });
    }
    for (const name of [...START_ORDER].reverse()) {
      await stopProcess(this.running.get(name), { signal: 'SIGTERM', timeoutMs: 10_000 });
      this.running.delete(name);
    }
    removeTempDir(this.dir);
  }
}
