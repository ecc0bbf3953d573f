// `npm run bench`: the stack's real processes on loopback under wrk, plus the synth; prints a
// table and writes it into bench/results.md. bench/README.md says what is measured and how.
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Endpoint } from '../config/endpoint';
import { type LiveProcess, LiveStack } from '../__tests__/live/support/live-stack';
import { httpRequest } from '../__tests__/support/app-http';
import { freePort, makeTempDir, removeTempDir, type RunningProcess, startProcess, stopProcess } from '../__tests__/support/app-processes';
import { APP_ENTRY } from '../__tests__/support/app-stack';
import { awaitQuiet, type CpuSplit, cpuSnapshot, cpuSplit } from './cpu';
import { redisBenchmarkIncr, type RedisBenchResult } from './redis-bench';
import { type BenchResults, type LoadRun, renderReport, spliceResults } from './report';
import { allSettledOrThrow } from './settled';
import { burst, fetchText, type ScrapeRun, scrapeRepeatedly, seriesIn } from './scrape';
import { median } from './stats';
import { StatusLog } from './status-log';
import { synthCommands, type SynthRun, timeSynth } from './synth';
import { locateBenchTools, machineInfo } from './tools';
import { effectivePauseMs, runWrk, type WrkResult } from './wrk';
import { checkAborted, intFromEnv, interrupted, log, runScript } from './script';
import { redirectTmpdir } from './tmpdir';

const REPO_ROOT = resolve(__dirname, '..');
const RESULTS_FILE = process.env.BENCH_RESULTS_FILE ?? join(__dirname, 'results.md');

/** Load parameters; the environment may shorten them for a quick look, never for the committed results. */
const PARAMS = {
  reps: intFromEnv('BENCH_REPS', 5, 1, 20),
  seconds: intFromEnv('BENCH_SECONDS', 10, 2, 60),
  warmupSeconds: intFromEnv('BENCH_WARMUP_SECONDS', 3, 1, 60),
  connections: intFromEnv('BENCH_CONNECTIONS', 64, 1, 1000),
  // One wrk thread: on two cores wrk then never takes more than one, and the servers keep the rest.
  threads: 1,
  synthReps: intFromEnv('BENCH_SYNTH_REPS', 5, 1, 20),
  scrapePauseMs: 100,
  randomPaths: 10_000,
  redisClients: 50,
  redisRequests: 200_000,
} as const;

/** Other processes below this many cores count as a quiet machine; the waits and re-runs are bounded. */
const QUIET = { otherCores: 0.15, perRunWaitMs: 15_000, totalWaitMs: 60_000, maxRetries: 4 } as const;

interface LoadResult {
  readonly wrk: WrkResult;
  readonly non2xx: number;
  readonly clientClosed: number;
  readonly cpu: CpuSplit;
}

/** The processes of one repetition: the app behind its nginx, the same app without metrics, the ceiling. */
interface RepSet {
  /** The app behind `gateway`, for direct requests and scrapes. */
  readonly app: Endpoint;
  readonly gatewayEndpoint: Endpoint;
  readonly gateway: Target;
  readonly ceiling: Target;
  readonly direct: Target;
  readonly metricsOff: Target;
}

/** A load target: where wrk points, and the log in which its server writes each answer's status. */
interface Target {
  readonly key: string;
  readonly url: string;
  readonly statusLog: StatusLog;
}



const fmt = (value: number, digits = 0): string =>
  value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

const urlOf = (endpoint: Endpoint): string => `http://${endpoint.host}:${endpoint.port}/`;

async function startConstantServer(): Promise<{ process: RunningProcess; endpoint: Endpoint }> {
  const endpoint: Endpoint = { host: '127.0.0.1', port: await freePort() };
  const proc = await startProcess({
    name: 'constant-server',
    command: process.execPath,
    args: ['-r', 'ts-node/register/transpile-only', join(__dirname, 'constant-server.ts'), endpoint.host, String(endpoint.port)],
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH },
    readyCheck: async () => (await httpRequest(endpoint.port, { path: '/', timeoutMs: 1_000 })).status === 200,
    readyTimeoutMs: 30_000,
  });
  return { process: proc, endpoint };
}

function randomPaths(count: number): string[] {
  // Distinct by construction (the index), random otherwise: segments, depth and query strings vary.
  return Array.from({ length: count }, (_, i) => {
    const noise = randomBytes(6).toString('hex');
    const depth = 1 + (i % 3);
    const segments = Array.from({ length: depth }, (_, d) => (d === 0 ? `bench-${i.toString(36)}-${noise}` : randomBytes(3).toString('hex')));
    return `/${segments.join('/')}${i % 4 === 0 ? `?q=${noise}` : ''}`;
  });
}

async function main(): Promise<void> {
  const tools = locateBenchTools();
  if (!existsSync(APP_ENTRY)) throw new Error(`${APP_ENTRY} is missing: run \`npm --prefix app run build\` (npm run bench does)`);
  const machine = machineInfo(tools);
  const startedAt = new Date();
  log(
    `bench: ${machine.cpu}, ${machine.cores} cores, load average ${machine.loadAtStart.toFixed(2)}; ` +
      `${PARAMS.reps} × ${PARAMS.seconds} s per figure, wrk -t${PARAMS.threads} -c${PARAMS.connections}`,
  );
  if (machine.loadAtStart > 0.5) log('bench: the machine is busy before the bench starts; expect noisy figures (see "other processes").');

  const dir = makeTempDir('sentinel-bench');
  // The temp dirs of LiveStack and of the live configs' synth go inside the bench's directory,
  // removed with it whatever happens.
  const tmpdir = redirectTmpdir(dir);
  // Run as root, LiveStack starts nginx as nobody, which must pass through to its own directory.
  for (const path of [dir, tmpdir.tmp]) chmodSync(path, 0o711);
  let live: LiveStack | undefined;
  const runs: LoadRun[] = [];
  const redisRuns: RedisBenchResult[] = [];
  const scrapes: BenchResults['scrapes'] = { peak: [], half: [] };
  let idleScrapes: BenchResults['idleScrapes'] | undefined;
  const synthFull: SynthRun[] = [];
  const synthEmpty: SynthRun[] = [];
  const constants: RunningProcess[] = [];
  let series: BenchResults['series'] | undefined;
  let pacedTargetRps = 0;
  let pacingMeanMs = 0;
  try {
    try {
      // The live stack's Redis; the apps and nginx instances are started next to it, below.
      const only: LiveProcess[] = ['redis'];
      log('bench: starting redis-server from the live stack configs…');
      live = await LiveStack.start({ redisServer: tools.redisServer, nginx: tools.nginx }, { only });
      const stack = live;
      const cpuRoots = new Map<number, string>([[stack.process('redis').pid, 'redis']]);

      // Every repetition gets its own processes, all on the stack's Redis and from its renderers:
      // an app (metrics on) behind its own nginx, an app with METRICS_ENABLED=false, and the constant
      // server behind its own nginx. Two processes of the same build differ by up to ±20 % in
      // throughput on this virtual machine, for as long as they run; with one set, that draw alone
      // would decide every ratio.
      const sets: RepSet[] = [];
      log(`bench: starting ${PARAMS.reps} sets of app, app without metrics, constant server and two nginx…`);
      for (let rep = 1; rep <= PARAMS.reps; rep++) {
        checkAborted();
        const appLog = join(dir, `app-${rep}.log`);
        const offLog = join(dir, `app-metrics-off-${rep}.log`);
        const app = await stack.startExtraApp(`on-${rep}`, { METRICS_ENABLED: 'true' }, appLog);
        const off = await stack.startExtraApp(`off-${rep}`, { METRICS_ENABLED: 'false' }, offLog);
        const gateway = await stack.startExtraGateway(`gateway-${rep}`, app.endpoint);
        const constant = await startConstantServer();
        constants.push(constant.process);
        const ceiling = await stack.startExtraGateway(`ceiling-${rep}`, constant.endpoint);
        for (const [pid, label] of [
          [app.process.pid, 'app'],
          [off.process.pid, 'app'],
          [gateway.process.pid, 'nginx'],
          [ceiling.process.pid, 'nginx'],
          [constant.process.pid, 'constant'],
        ] as const) {
          cpuRoots.set(pid, label);
        }
        sets.push({
          app: app.endpoint,
          gatewayEndpoint: gateway.endpoint,
          gateway: { key: 'gateway', url: urlOf(gateway.endpoint), statusLog: new StatusLog(join(gateway.dir, 'access.log')) },
          ceiling: { key: 'ceiling', url: urlOf(ceiling.endpoint), statusLog: new StatusLog(join(ceiling.dir, 'access.log')) },
          direct: { key: 'direct', url: urlOf(app.endpoint), statusLog: new StatusLog(appLog) },
          metricsOff: { key: 'metricsOff', url: urlOf(off.endpoint), statusLog: new StatusLog(offLog) },
        });
      }

      const scrape = (endpoint: Endpoint, path: string, pauseMs: number, durationSeconds: number) =>
        scrapeRepeatedly({ wrk: tools.wrk, endpoint, path, pauseMs, durationSeconds, scriptDir: dir, signal: interrupted.signal });
      const load = async (target: Target, seconds: number, pacing?: number): Promise<LoadResult> => {
        checkAborted();
        target.statusLog.mark();
        const before = cpuSnapshot();
        const wrk = await runWrk({
          binary: tools.wrk,
          url: target.url,
          threads: PARAMS.threads,
          connections: PARAMS.connections,
          durationSeconds: seconds,
          scriptDir: dir,
          pause: pacing === undefined ? undefined : { randomMeanMs: pacing },
          signal: interrupted.signal,
        });
        const cpu = cpuSplit(before, cpuSnapshot(), cpuRoots);
        await sleep(200); // answers to the requests in flight when wrk stopped reach the logs
        const logged = target.statusLog.count();
        return { wrk, non2xx: Math.max(wrk.statusErrors, logged.non2xx), clientClosed: logged.clientClosed, cpu };
      };

      // A shared machine: before each measured run wait (bounded) for other processes to go quiet,
      // and run once more (bounded) when they were busy during it; the busy run is listed, not used.
      let quietBudgetMs: number = QUIET.totalWaitMs;
      let retriesLeft: number = QUIET.maxRetries;
      const measure = async <T>(
        phase: LoadRun['phase'],
        target: Target,
        rep: number,
        runOnce: () => Promise<{ result: LoadResult; extra: T }>,
      ): Promise<T> => {
        for (let attempt = 1; attempt <= 2; attempt++) {
          if (quietBudgetMs > 0) {
            const waitedMs = await awaitQuiet(cpuRoots, QUIET.otherCores, Math.min(QUIET.perRunWaitMs, quietBudgetMs));
            quietBudgetMs -= waitedMs;
          }
          checkAborted();
          const { result, extra } = await runOnce();
          const retry = result.cpu.other >= QUIET.otherCores && attempt === 1 && retriesLeft > 0;
          runs.push({ phase, target: target.key, rep, ...result, discarded: retry });
          const { wrk } = result;
          log(
            `  ${phase.padEnd(10)} ${target.key.padEnd(10)} #${rep}  ${fmt(wrk.rps).padStart(7)} req/s  ` +
              `p50 ${wrk.latencyMs.p50.toFixed(2)} ms  p99 ${wrk.latencyMs.p99.toFixed(2)} ms  errors ${wrk.socketErrors + result.non2xx}  ` +
              `other CPU ${result.cpu.other.toFixed(2)}${retry ? '  (busy machine: once more)' : ''}`,
          );
          if (!retry) return extra;
          retriesLeft--;
        }
        throw new Error('unreachable: the second attempt is always kept');
      };
      const plain = (target: Target, seconds: number, pacing?: number) => async () => ({
        result: await load(target, seconds, pacing),
        extra: undefined,
      });
      // /metrics and, as a control on its own connection, /healthz (a constant answer): the same
      // load delays both alike, so the difference between them is what producing /metrics costs.
      const withScrapes = (set: RepSet, seconds: number, pacing?: number) => async () => {
        const [result, metrics, healthz] = await allSettledOrThrow(
          load(set.gateway, seconds, pacing),
          scrape(set.app, '/metrics', PARAMS.scrapePauseMs, seconds),
          scrape(set.app, '/healthz', PARAMS.scrapePauseMs, seconds),
        );
        return { result, extra: { metrics, healthz } };
      };

      // /metrics and /healthz with nothing else running: what a scrape costs by itself.
      log('bench: /metrics and /healthz on an idle app');
      const idle = async (path: string): Promise<ScrapeRun> => {
        await scrape(sets[0].app, path, 20, 1); // warm-up
        return scrape(sets[0].app, path, 20, 4);
      };
      idleScrapes = { '/metrics': await idle('/metrics'), '/healthz': await idle('/healthz') };

      // The pairs compared (gateway and ceiling, app with metrics on and off) run back to back, and
      // every other repetition in reverse order, so a drift of the machine's speed cancels out.
      log(`bench: peak load, each repetition after a ${PARAMS.warmupSeconds} s warm-up of its processes`);
      for (const [i, set] of sets.entries()) {
        const rep = i + 1;
        const order = [set.gateway, set.ceiling, set.direct, set.metricsOff];
        for (const target of order) await load(target, PARAMS.warmupSeconds);
        for (const target of rep % 2 === 1 ? order : [...order].reverse()) await measure('peak', target, rep, plain(target, PARAMS.seconds));
      }

      // Half of the gateway's peak, paced by wrk's delay(); one short trial calibrates the pause.
      const gatewayPeak = runs.filter((run) => run.phase === 'peak' && run.target === 'gateway' && !run.discarded);
      pacedTargetRps = median(gatewayPeak.map((run) => run.wrk.rps)) / 2;
      // Each connection cycles through a pause (mean pacingMeanMs) and a request (latency); two short
      // trials measure what a request adds to the cycle at this rate.
      const cycleMs = (rps: number) => (PARAMS.connections / rps) * 1000;
      pacingMeanMs = Math.max(0.5, cycleMs(pacedTargetRps) - 1);
      for (let trial = 1; trial <= 2; trial++) {
        const { wrk } = await load(sets[0].gateway, Math.min(PARAMS.seconds, 3), pacingMeanMs);
        const requestMs = Math.max(0, cycleMs(wrk.rps) - effectivePauseMs(pacingMeanMs));
        pacingMeanMs = Math.max(0.5, cycleMs(pacedTargetRps) - requestMs);
      }
      log(`bench: half of peak: ${fmt(pacedTargetRps)} req/s, a mean pause of ${pacingMeanMs.toFixed(1)} ms per connection`);
      for (const [i, set] of sets.entries()) await measure('half', set.gateway, i + 1, plain(set.gateway, PARAMS.seconds, pacingMeanMs));

      log(`bench: /metrics and /healthz, ${PARAMS.scrapePauseMs} ms apart, while the gateway runs at peak, then at half of peak`);
      for (const [i, set] of sets.entries()) scrapes.peak.push(await measure('scrape', set.gateway, i + 1, withScrapes(set, PARAMS.seconds)));
      for (const [i, set] of sets.entries()) {
        scrapes.half.push(await measure('scrapeHalf', set.gateway, i + 1, withScrapes(set, PARAMS.seconds, pacingMeanMs)));
      }

      // Series: one random path first (the "unmatched" 404 series appear once), then 10 000 more,
      // through a gateway whose app has served minutes of load (every kind of GC has shown up).
      const seriesSet = sets[0];
      checkAborted();
      log(`bench: ${fmt(PARAMS.randomPaths)} distinct random paths through the gateway`);
      const [prime, ...paths] = randomPaths(PARAMS.randomPaths + 1);
      const seriesBeforeAny = seriesIn(await fetchText(seriesSet.app, '/metrics'));
      await burst(seriesSet.gatewayEndpoint, [prime], 1, 10_000);
      const before = seriesIn(await fetchText(seriesSet.app, '/metrics'));
      const statuses = await burst(seriesSet.gatewayEndpoint, paths, 16, 120_000);
      const after = seriesIn(await fetchText(seriesSet.app, '/metrics'));
      const beforeSet = new Set(before);
      const afterSet = new Set(after);
      series = {
        beforeAnyRandomPath: seriesBeforeAny.length,
        before: before.length,
        after: after.length,
        added: after.filter((line) => !beforeSet.has(line)),
        removed: before.filter((line) => !afterSet.has(line)),
        statuses: Object.fromEntries([...statuses].map(([status, count]) => [String(status), count])),
      };
      log(`  series ${series.before} → ${series.after}; answers ${JSON.stringify(series.statuses)}`);

      log(`bench: redis-benchmark -t incr, ${PARAMS.reps} runs`);
      for (let rep = 1; rep <= PARAMS.reps; rep++) {
        checkAborted();
        const result = await redisBenchmarkIncr(tools.redisBenchmark, live.endpoints.redis, PARAMS.redisClients, PARAMS.redisRequests, interrupted.signal);
        redisRuns.push(result);
        log(`  redis      INCR       #${rep}  ${fmt(result.opsPerSecond).padStart(7)} ops/s  p50 ${result.p50Ms} ms  p99 ${result.p99Ms} ms`);
      }
    } finally {
      log('bench: stopping the processes');
      try {
        for (const constant of constants) await stopProcess(constant, { timeoutMs: 10_000 });
      } finally {
        await live?.stop();
        tmpdir.restore();
      }
    }

    const commands = synthCommands(REPO_ROOT, join(__dirname, 'empty-app.ts'));
    log(`bench: synth, ${PARAMS.synthReps} runs each after one warm-up each: "${commands.full}" vs "${commands.empty}"`);
    timeSynth(tools.gnuTime, REPO_ROOT, commands.full, commands.fullStack);
    timeSynth(tools.gnuTime, REPO_ROOT, commands.empty, commands.emptyStack);
    for (let rep = 1; rep <= PARAMS.synthReps; rep++) {
      checkAborted();
      const full = timeSynth(tools.gnuTime, REPO_ROOT, commands.full, commands.fullStack);
      const empty = timeSynth(tools.gnuTime, REPO_ROOT, commands.empty, commands.emptyStack);
      synthFull.push(full);
      synthEmpty.push(empty);
      log(
        `  synth      #${rep}  full ${full.seconds.toFixed(2)} s ${full.peakRssMiB.toFixed(0)} MiB, ` +
          `empty ${empty.seconds.toFixed(2)} s ${empty.peakRssMiB.toFixed(0)} MiB`,
      );
    }

    if (series === undefined) throw new Error('the series check did not run');
    if (idleScrapes === undefined) throw new Error('the idle scrapes did not run');
    const results: BenchResults = {
      startedAt,
      finishedAt: new Date(),
      machine,
      params: PARAMS,
      runs,
      paced: { targetRps: pacedTargetRps, pacingMeanMs },
      scrapes,
      idleScrapes,
      series,
      redis: redisRuns,
      synth: { command: commands.full, emptyCommand: commands.empty, full: synthFull, empty: synthEmpty },
    };
    const report = renderReport(results);
    process.stdout.write(`\n${report}\n`);
    const previous = existsSync(RESULTS_FILE) ? readFileSync(RESULTS_FILE, 'utf8') : undefined;
    writeFileSync(RESULTS_FILE, spliceResults(previous, report));
    log(`bench: results written to ${RESULTS_FILE}`);
  } finally {
    removeTempDir(dir);
  }
}

runScript('bench', main);
