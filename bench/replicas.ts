// `npx ts-node --transpile-only bench/replicas.ts`: what a second replica of the app buys behind
// the gateway on this machine. The same wrk load through nginx (the production nginx.conf from
// renderNginxConf) to one app process, then to two (the app's upstream block listing both, as
// `replicas: 2` on one host renders it), on one Redis. Prints its figures; writes nothing.
import { chmodSync, existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Endpoint } from '../config/endpoint';
import { SENTINEL_HTTP_METRICS } from '../dashboards/metrics';
import { LiveStack } from '../__tests__/live/support/live-stack';
import { httpRequest } from '../__tests__/support/app-http';
import { APP_ENTRY } from '../__tests__/support/app-stack';
import { makeTempDir, removeTempDir } from '../__tests__/support/app-processes';
import { awaitQuiet, cpuSnapshot, cpuSplit, type CpuSplit } from './cpu';
import { median } from './stats';
import { StatusLog } from './status-log';
import { checkAborted, interrupted, intFromEnv, log, runScript } from './script';
import { locateBenchTools } from './tools';
import { runWrk, type WrkResult } from './wrk';
import { redirectTmpdir } from './tmpdir';

const PARAMS = {
  reps: intFromEnv('BENCH_REPS', 5, 1, 20),
  seconds: intFromEnv('BENCH_SECONDS', 10, 2, 60),
  warmupSeconds: intFromEnv('BENCH_WARMUP_SECONDS', 3, 1, 60),
  connections: intFromEnv('BENCH_CONNECTIONS', 64, 1, 1000),
  // As bench/run.ts: one wrk thread, so wrk never takes more than one core.
  threads: 1,
} as const;

/** Other processes below this many cores count as a quiet machine; each wait is bounded. */
const QUIET = { otherCores: 0.15, perRunWaitMs: 15_000 } as const;

type Replicas = 'one' | 'two';

interface Run {
  readonly replicas: Replicas;
  readonly rep: number;
  readonly wrk: WrkResult;
  readonly non2xx: number;
  /** Requests each app process answered, from its own request counter. */
  readonly answeredBy: readonly number[];
  readonly cpu: CpuSplit;
}

interface RepSet {
  readonly apps: readonly Endpoint[];
  readonly gateways: Record<Replicas, { readonly url: string; readonly statusLog: StatusLog }>;
}

const fmt = (value: number, digits = 0): string => value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

const USER_REQUESTS = new RegExp(`^${SENTINEL_HTTP_METRICS.requests}\\{[^}]*\\b${SENTINEL_HTTP_METRICS.routeLabel}="/"[^}]*\\} (\\S+)$`);

/** The requests to `/` an app process has counted itself, from its /metrics. */
async function userRequestsCounted(app: Endpoint): Promise<number> {
  const { body } = await httpRequest(app.port, { path: '/metrics' });
  return body.split('\n').reduce((total, line) => total + Number(USER_REQUESTS.exec(line)?.[1] ?? 0), 0);
}

async function main(): Promise<void> {
  const tools = locateBenchTools();
  if (!existsSync(APP_ENTRY)) throw new Error(`${APP_ENTRY} is missing: run \`npm --prefix app run build\``);
  log(`bench:replicas: ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, load average ${loadavg()[0].toFixed(2)}; ${PARAMS.reps} × ${PARAMS.seconds} s each, wrk -t${PARAMS.threads} -c${PARAMS.connections}`);
  const dir = makeTempDir('sentinel-bench-replicas');
  const tmpdir = redirectTmpdir(dir);
  // Run as root, LiveStack starts nginx as nobody, which must pass through to its own directory.
  for (const path of [dir, tmpdir.tmp]) chmodSync(path, 0o711);
  let live: LiveStack | undefined;
  const runs: Run[] = [];
  try {
    live = await LiveStack.start({ redisServer: tools.redisServer, nginx: tools.nginx }, { only: ['redis'] });
    const stack = live;
    const cpuRoots = new Map<number, string>([[stack.process('redis').pid, 'redis']]);
    // Fresh processes each repetition: two processes of one build differ by up to ±20 % on this
    // virtual machine for as long as they run (bench/README.md), and each pair shares its first app.
    const sets: RepSet[] = [];
    for (let rep = 1; rep <= PARAMS.reps; rep++) {
      checkAborted();
      const apps = [await stack.startExtraApp(`a-${rep}`, {}), await stack.startExtraApp(`b-${rep}`, {})];
      const one = await stack.startExtraGateway(`one-${rep}`, apps[0]!.endpoint);
      const two = await stack.startExtraGateway(`two-${rep}`, apps.map((app) => app.endpoint));
      for (const app of apps) cpuRoots.set(app.process.pid, 'app');
      for (const gateway of [one, two]) cpuRoots.set(gateway.process.pid, 'nginx');
      const gateway = (endpoint: Endpoint, accessLogDir: string) => ({ url: `http://${endpoint.host}:${endpoint.port}/`, statusLog: new StatusLog(join(accessLogDir, 'access.log')) });
      sets.push({
        apps: apps.map((app) => app.endpoint),
        gateways: { one: gateway(one.endpoint, one.dir), two: gateway(two.endpoint, two.dir) },
      });
    }

    const load = async (set: RepSet, replicas: Replicas, seconds: number) =>
      runWrk({ binary: tools.wrk, url: set.gateways[replicas].url, threads: PARAMS.threads, connections: PARAMS.connections, durationSeconds: seconds, scriptDir: dir, signal: interrupted.signal });

    const measure = async (set: RepSet, replicas: Replicas, rep: number): Promise<void> => {
      await awaitQuiet(cpuRoots, QUIET.otherCores, QUIET.perRunWaitMs);
      checkAborted();
      const gateway = set.gateways[replicas];
      gateway.statusLog.mark();
      const countedBefore = await Promise.all(set.apps.map(userRequestsCounted));
      const before = cpuSnapshot();
      const wrk = await load(set, replicas, PARAMS.seconds);
      const cpu = cpuSplit(before, cpuSnapshot(), cpuRoots);
      await sleep(200); // answers to the requests in flight when wrk stopped reach the logs
      const countedAfter = await Promise.all(set.apps.map(userRequestsCounted));
      const answeredBy = countedAfter.map((count, index) => count - countedBefore[index]!);
      const non2xx = Math.max(wrk.statusErrors, gateway.statusLog.count().non2xx);
      runs.push({ replicas, rep, wrk, non2xx, answeredBy, cpu });
      log(
        `  ${replicas} replica${replicas === 'one' ? ' ' : 's'} #${rep}  ${fmt(wrk.rps).padStart(6)} req/s  p50 ${wrk.latencyMs.p50.toFixed(2)} ms  p99 ${wrk.latencyMs.p99.toFixed(2)} ms  ` +
          `errors ${wrk.socketErrors + non2xx}  answered ${answeredBy.map((n) => fmt(n)).join(' / ')}  ` +
          `CPU app ${(cpu.ours.app ?? 0).toFixed(2)} nginx ${(cpu.ours.nginx ?? 0).toFixed(2)} wrk ${(cpu.ours.wrk ?? 0).toFixed(2)} redis ${(cpu.ours.redis ?? 0).toFixed(2)} other ${cpu.other.toFixed(2)}`,
      );
    };

    log(`bench:replicas: each repetition after a ${PARAMS.warmupSeconds} s warm-up of both gateways, one and two replicas back to back, in reverse order every other repetition`);
    for (const [index, set] of sets.entries()) {
      const rep = index + 1;
      for (const replicas of ['one', 'two'] as const) await load(set, replicas, PARAMS.warmupSeconds);
      const order: Replicas[] = rep % 2 === 1 ? ['one', 'two'] : ['two', 'one'];
      for (const replicas of order) await measure(set, replicas, rep);
    }
    printSummary(runs);
  } finally {
    await live?.stop();
    tmpdir.restore();
    removeTempDir(dir);
  }
}

function printSummary(runs: readonly Run[]): void {
  const of = (replicas: Replicas) => runs.filter((run) => run.replicas === replicas);
  const ratios = of('two').map((two) => two.wrk.rps / of('one').find((one) => one.rep === two.rep)!.wrk.rps);
  const row = (replicas: Replicas) => {
    const set = of(replicas);
    const cores = (pick: (cpu: CpuSplit) => number) => median(set.map((run) => pick(run.cpu))).toFixed(2);
    // Steadier than req/s on a shared machine: what one request costs, in each process and in all of ours.
    const perRequest = (pick: (cpu: CpuSplit) => number) => median(set.map((run) => (pick(run.cpu) / run.wrk.rps) * 1e6)).toFixed(1);
    const ours = (cpu: CpuSplit) => Object.values(cpu.ours).reduce((total, value) => total + value, 0);
    return (
      `| ${replicas === 'one' ? 1 : 2} | ${fmt(median(set.map((run) => run.wrk.rps)))} (${fmt(Math.min(...set.map((run) => run.wrk.rps)))}–${fmt(Math.max(...set.map((run) => run.wrk.rps)))}) ` +
      `| ${median(set.map((run) => run.wrk.latencyMs.p50)).toFixed(2)} | ${median(set.map((run) => run.wrk.latencyMs.p99)).toFixed(2)} ` +
      `| ${set.reduce((total, run) => total + run.wrk.socketErrors + run.non2xx, 0)} | ${cores((cpu) => cpu.ours.app ?? 0)} | ${cores((cpu) => cpu.ours.nginx ?? 0)} | ${cores((cpu) => cpu.ours.wrk ?? 0)} | ${cores((cpu) => cpu.other)} ` +
      `| ${perRequest((cpu) => cpu.ours.app ?? 0)} | ${perRequest(ours)} |`
    );
  };
  const shares = of('two').map((run) => run.answeredBy[0]! / Math.max(1, run.answeredBy[0]! + run.answeredBy[1]!));
  process.stdout.write(
    [
      '| replicas | req/s, median (range) | p50 ms | p99 ms | errors | app cores | nginx cores | wrk cores | other cores | app µs/request | all of ours µs/request |',
      '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
      row('one'),
      row('two'),
      '',
      `two replicas / one, per repetition: ${ratios.map((ratio) => ratio.toFixed(2)).join(', ')}; median ${median(ratios).toFixed(2)}`,
      `share of the first app under two replicas: ${shares.map((share) => `${(share * 100).toFixed(0)} %`).join(', ')}`,
      '',
    ].join('\n'),
  );
}

runScript('bench:replicas', main);
