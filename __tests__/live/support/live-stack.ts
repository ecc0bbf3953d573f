import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Endpoint } from '../../../config/endpoint';
import { httpRequest } from '../../support/app-http';
import { freePort, makeTempDir, removeTempDir, type RunningProcess, startProcess, stopProcess } from '../../support/app-processes';
import { APP_DIR, APP_ENTRY, redisAnswersPing } from '../../support/app-stack';
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

export type LiveProcess = 'redis' | 'app' | 'gateway' | 'alertmanager' | 'prometheus' | 'nginxExporter' | 'redisExporter' | 'nodeExporter';

/** Start order: what a process talks to is up before it. */
const START_ORDER: readonly LiveProcess[] = ['redis', 'app', 'gateway', 'alertmanager', 'prometheus', 'nginxExporter', 'redisExporter', 'nodeExporter'];

interface ProcessSpec {
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly readyCheck: () => Promise<boolean>;
}

async function answers(endpoint: Endpoint, path: string): Promise<boolean> {
  return (await httpRequest(endpoint.port, { path, timeoutMs: 1_000 })).status === 200;
}

const listen = (endpoint: Endpoint) => `${endpoint.host}:${endpoint.port}`;

export class LiveStack {
  private readonly running = new Map<LiveProcess, RunningProcess>();

  private constructor(
    readonly dir: string,
    readonly endpoints: LiveEndpoints,
    readonly configs: LiveConfigs,
    private readonly specs: Record<LiveProcess, ProcessSpec>,
  ) {}

  /** Writes every config into its own directory under one temp dir and starts every process. */
  static async start(binaries: LiveBinaries): Promise<LiveStack> {
    const dir = makeTempDir('sentinel-live');
    try {
      const port = async (): Promise<Endpoint> => ({ host: '127.0.0.1', port: await freePort() });
      const endpoints: LiveEndpoints = {
        gateway: await port(),
        gatewayStatus: await port(),
        app: await port(),
        redis: await port(),
        prometheus: await port(),
        alertmanager: await port(),
        nginxExporter: await port(),
        redisExporter: await port(),
        nodeExporter: await port(),
      };
      const dirs = Object.fromEntries(
        ['nginx', 'redis', 'prometheus', 'rules', 'alertmanager', 'app', 'exporters'].map((name) => {
          const path = join(dir, name);
          mkdirSync(path);
          return [name, path];
        }),
      ) as Record<'nginx' | 'redis' | 'prometheus' | 'rules' | 'alertmanager' | 'app' | 'exporters', string>;
      const configs = liveConfigs(endpoints, { nginxDir: dirs.nginx, redisDataDir: dirs.redis, rulesDir: dirs.rules });
      writeFileSync(join(dirs.nginx, 'nginx.conf'), configs.nginxConf);
      writeFileSync(join(dirs.redis, 'redis.conf'), configs.redisConf);
      writeFileSync(join(dirs.prometheus, 'prometheus.yml'), configs.prometheusYml);
      writeFileSync(join(dirs.rules, 'sentinel.yml'), configs.rulesYml);
      writeFileSync(join(dirs.alertmanager, 'alertmanager.yml'), configs.alertmanagerYml);

      const specs: Record<LiveProcess, ProcessSpec> = {
        redis: {
          command: binaries.redisServer,
          args: [join(dirs.redis, 'redis.conf')],
          cwd: dirs.redis,
          readyCheck: () => redisAnswersPing(endpoints.redis.port),
        },
        app: {
          command: process.execPath,
          args: [APP_ENTRY],
          cwd: APP_DIR,
          env: {
            PATH: process.env.PATH,
            HOST: endpoints.app.host,
            PORT: String(endpoints.app.port),
            REDIS_URL: `redis://${listen(endpoints.redis)}`,
          },
          readyCheck: () => answers(endpoints.app, '/healthz'),
        },
        gateway: {
          command: binaries.nginx,
          args: ['-p', dirs.nginx, '-c', join(dirs.nginx, 'nginx.conf'), '-e', 'stderr', '-g', 'daemon off;'],
          cwd: dirs.nginx,
          readyCheck: () => answers(endpoints.gatewayStatus, '/healthz'),
        },
        alertmanager: {
          command: binaries.alertmanager,
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
          command: binaries.prometheus,
          args: [
            `--config.file=${join(dirs.prometheus, 'prometheus.yml')}`,
            `--storage.tsdb.path=${join(dirs.prometheus, 'data')}`,
            `--web.listen-address=${listen(endpoints.prometheus)}`,
            '--web.enable-lifecycle',
          ],
          cwd: dirs.prometheus,
          readyCheck: () => answers(endpoints.prometheus, '/-/ready'),
        },
        nginxExporter: {
          command: binaries.nginxExporter,
          args: [
            `-nginx.scrape-uri=http://${listen(endpoints.gatewayStatus)}/stub_status`,
            `-web.listen-address=${listen(endpoints.nginxExporter)}`,
          ],
          cwd: dirs.exporters,
          readyCheck: () => answers(endpoints.nginxExporter, '/metrics'),
        },
        redisExporter: {
          command: binaries.redisExporter,
          args: [`-redis.addr=redis://${listen(endpoints.redis)}`, `-web.listen-address=${listen(endpoints.redisExporter)}`],
          cwd: dirs.exporters,
          readyCheck: () => answers(endpoints.redisExporter, '/metrics'),
        },
        nodeExporter: {
          command: binaries.nodeExporter,
          args: [`--web.listen-address=${listen(endpoints.nodeExporter)}`],
          cwd: dirs.exporters,
          readyCheck: () => answers(endpoints.nodeExporter, '/metrics'),
        },
      };
      const stack = new LiveStack(dir, endpoints, configs, specs);
      try {
        for (const name of START_ORDER) await stack.start(name);
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

  /** Stops every process this stack started, by PID, then removes its directory. */
  async stop(): Promise<void> {
    for (const name of [...START_ORDER].reverse()) {
      await stopProcess(this.running.get(name), { signal: 'SIGTERM', timeoutMs: 10_000 });
      this.running.delete(name);
    }
    removeTempDir(this.dir);
  }
}
