// `npm run bench:capacity`: the figures docs/capacity.md builds its model from, measured on real
// processes on loopback (redis-server, the app's dist, Debian's prometheus, redis-benchmark, wrk).
// Prints them; writes nothing into the repository. bench/README.md says what is measured and how.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parse as parseYaml } from 'yaml';
import type { Endpoint } from '../config/endpoint';
import { renderPrometheusConfig } from '../config/prometheus';
import { LiveStack } from '../__tests__/live/support/live-stack';
import { httpRequest } from '../__tests__/support/app-http';
import { freePort, makeTempDir, removeTempDir, type RunningProcess, startProcess, stopProcess } from '../__tests__/support/app-processes';
import { locate, TOOLS } from '../__tests__/support/external-tools';
import { containerNamed, synthStack, uploadedFile } from '../__tests__/support/synth-stack';
import { chunkBytes, memoryPerSeries, metricTotal, type PrometheusReading, prometheusReading, samplesPerDay } from './capacity-figures';
import { cpuSnapshot, cpuSplit } from './cpu';
import { chunksInHeadChunkFile } from './head-chunks';
import { runToEnd } from './run-to-end';
import { fetchText, seriesIn } from './scrape';
import { BENCH_TOOLS } from './tools';
import { runWrk } from './wrk';
import { checkAborted, intFromEnv, interrupted, log, runScript } from './script';
import { redirectTmpdir } from './tmpdir';

const REPO_ROOT = resolve(__dirname, '..');

const PARAMS = {
  apps: intFromEnv('CAPACITY_APPS', 3, 1, 10),
  // Long enough for every series to fill and cut its first head chunk (120 samples at 5 s = 10 min).
  tsdbMinutes: intFromEnv('CAPACITY_TSDB_MINUTES', 13, 1, 30),
  copyServers: intFromEnv('CAPACITY_COPY_SERVERS', 4, 1, 20),
  copiesPerServer: intFromEnv('CAPACITY_COPIES', 50, 1, 500),
  batchingSeconds: intFromEnv('CAPACITY_BATCHING_SECONDS', 10, 2, 60),
  redisRequests: intFromEnv('CAPACITY_REDIS_REQUESTS', 200_000, 1_000, 1_000_000),
  // Settling time after a Prometheus (re)load: enough scrapes and rule evaluations at 5 s for rate() over two samples.
  settleSeconds: 25,
} as const;

/** A head chunk this close to 120 samples was cut for its length, not at a 2-hour block boundary. */
const FULL_CHUNK = { minSamples: 110, maxSamples: 130 } as const;

const fmt = (value: number, digits = 0): string =>
  value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const load1 = (): string => loadavg()[0].toFixed(2);
const listen = (endpoint: Endpoint): string => `${endpoint.host}:${endpoint.port}`;

function requireTool(binary: string | undefined, name: string, install: string): string {
  if (binary === undefined) throw new Error(`bench:capacity needs ${name}: ${install}`);
  return binary;
}

function gitDescription(): string {
  const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
  const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim() !== '';
  return dirty ? `${commit} with uncommitted changes` : commit;
}

/** The records of the stack's rule file whose expressions read job="app", with their grouping. */
interface AppRecord {
  readonly record: string;
  readonly group: string;
  readonly perRoute: boolean;
}

function appRecordsIn(rulesYml: string): AppRecord[] {
  const parsed = parseYaml(rulesYml) as { groups: { name: string; rules: { record?: string; expr: string }[] }[] };
  return parsed.groups.flatMap((group) =>
    group.rules
      .filter((rule) => rule.record !== undefined && rule.expr.includes('job="app"'))
      .map((rule) => ({ record: rule.record!, group: group.name, perRoute: /by \([^)]*\broute\b/.test(rule.expr) })),
  );
}

/** A Prometheus of Debian's package on loopback, with its config and data in `dir`. */
interface RunningPrometheus {
  readonly process: RunningProcess;
  readonly endpoint: Endpoint;
  readonly configPath: string;
  readonly dataDir: string;
}

async function startPrometheus(binary: string, dir: string, name: string, configYml: string): Promise<RunningPrometheus> {
  const home = join(dir, name);
  mkdirSync(home);
  const configPath = join(home, 'prometheus.yml');
  writeFileSync(configPath, configYml);
  const endpoint: Endpoint = { host: '127.0.0.1', port: await freePort() };
  const dataDir = join(home, 'data');
  const proc = await startProcess({
    name: `prometheus:${name}`,
    command: binary,
    args: [`--config.file=${configPath}`, `--storage.tsdb.path=${dataDir}`, `--web.listen-address=${listen(endpoint)}`],
    cwd: home,
    env: { PATH: process.env.PATH },
    readyCheck: async () => (await httpRequest(endpoint.port, { path: '/-/ready', timeoutMs: 1_000 })).status === 200,
    readyTimeoutMs: 30_000,
  });
  return { process: proc, endpoint, configPath, dataDir };
}

async function instantQuery(prometheus: RunningPrometheus, query: string): Promise<{ metric: Record<string, string>; value: number }[]> {
  const answer = await httpRequest(prometheus.endpoint.port, { path: `/api/v1/query?query=${encodeURIComponent(query)}`, timeoutMs: 10_000 });
  const body = JSON.parse(answer.body) as { status: string; data?: { result: { metric: Record<string, string>; value: [number, string] }[] } };
  if (answer.status !== 200 || body.status !== 'success' || body.data === undefined) throw new Error(`query ${query} answered ${answer.status}: ${answer.body}`);
  return body.data.result.map((row) => ({ metric: row.metric, value: Number(row.value[1]) }));
}

async function readingOf(prometheus: RunningPrometheus): Promise<PrometheusReading> {
  return prometheusReading(await fetchText(prometheus.endpoint, '/metrics'));
}

function directoryBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    total += entry.isDirectory() ? directoryBytes(path) : statSync(path).size;
  }
  return total;
}

/** One request per entry of the mix, on kept-alive connections; returns how many answers had each status. */
async function sendMix(port: number, mix: readonly { method: string; path: string; times: number }[], agent: Agent): Promise<Map<number, number>> {
  const statuses = new Map<number, number>();
  for (const { method, path, times } of mix) {
    for (let i = 0; i < times; i++) {
      const { status } = await httpRequest(port, { method, path, timeoutMs: 5_000, agent });
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
  }
  return statuses;
}

/** Every route, every method it serves plus ones it refuses, and an unknown path: the statuses a healthy app sends. */
const TRAFFIC_MIX = [
  { method: 'GET', path: '/', times: 40 },
  { method: 'GET', path: '/healthz', times: 5 },
  { method: 'HEAD', path: '/healthz', times: 2 },
  { method: 'GET', path: '/readyz', times: 5 },
  { method: 'HEAD', path: '/readyz', times: 2 },
  { method: 'GET', path: '/metrics', times: 2 },
  { method: 'HEAD', path: '/metrics', times: 1 },
  { method: 'GET', path: '/no-such-page', times: 3 },
  { method: 'POST', path: '/', times: 2 },
  { method: 'DELETE', path: '/healthz', times: 2 },
] as const;

const statusText = (statuses: Map<number, number>): string =>
  [...statuses].sort(([a], [b]) => a - b).map(([status, count]) => `${status}×${count}`).join(' ');

/** Series of an exposition grouped by the leading word of their metric name (http, nodejs, process, app). */
function seriesByPrefix(series: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const line of series) {
    const prefix = line.split(/[_{]/, 1)[0];
    counts.set(prefix, (counts.get(prefix) ?? 0) + 1);
  }
  return [...counts].sort(([, a], [, b]) => b - a).map(([prefix, count]) => `${prefix}_* ${count}`).join(', ');
}

function parseRedisBenchmarkCsv(out: string): number {
  // "test","rps",…: the data row is the one line whose second field is a number.
  for (const line of out.split('\n')) {
    const fields = line.split('","');
    const rps = Number(fields[1]?.replace(/"/g, ''));
    if (fields.length > 2 && Number.isFinite(rps) && rps > 0) return rps;
  }
  throw new Error(`no result row in redis-benchmark's output:\n${out.slice(-1000)}`);
}

/** Redis' own accounting of one command: calls and microseconds spent executing them (INFO commandstats). */
function commandStat(info: string, command: string): { calls: number; usecPerCall: number } | undefined {
  const match = new RegExp(`^cmdstat_${command}:calls=(\\d+),usec=\\d+,usec_per_call=([\\d.]+)`, 'm').exec(info);
  return match === null ? undefined : { calls: Number(match[1]), usecPerCall: Number(match[2]) };
}

async function main(): Promise<void> {
  const tools = {
    redisServer: requireTool(locate(TOOLS.redisServer), 'redis-server', TOOLS.redisServer.install),
    redisCli: requireTool(locate(TOOLS.redisCli), 'redis-cli', TOOLS.redisCli.install),
    redisBenchmark: requireTool(locate(BENCH_TOOLS.redisBenchmark), 'redis-benchmark', BENCH_TOOLS.redisBenchmark.install),
    prometheus: requireTool(locate(TOOLS.prometheus), 'prometheus', TOOLS.prometheus.install),
    wrk: requireTool(locate(BENCH_TOOLS.wrk), 'wrk', BENCH_TOOLS.wrk.install),
    nginx: locate(TOOLS.nginx) ?? '',
  };
  const prometheusVersion = /version (\S+)/.exec(execFileSync(tools.prometheus, ['--version'], { encoding: 'utf8' }))?.[1] ?? 'unknown';
  const cpu = readFileSync('/proc/cpuinfo', 'latin1').match(/^model name\s*:\s*(.*)$/m)?.[1] ?? 'unknown';
  const cores = readFileSync('/proc/cpuinfo', 'latin1').match(/^processor\s*:/gm)?.length ?? 0;
  const memGiB = Number(/^MemTotal:\s+(\d+)/m.exec(readFileSync('/proc/meminfo', 'latin1'))?.[1] ?? 0) / 2 ** 20;
  const commit = gitDescription();
  log(
    `capacity: ${new Date().toISOString()}, commit ${commit}, ${cpu}, ${cores} cores, ${memGiB.toFixed(1)} GiB; ` +
      `node ${process.version}, prometheus ${prometheusVersion}; load average ${loadavg().map((value) => value.toFixed(2)).join(' ')}`,
  );

  // The rule file exactly as the one-host stack ships it, and the stack's scrape interval.
  const synth = synthStack();
  const scrapeInterval = synth.stack.prometheus.scrapeInterval;
  const scrapeSeconds = Number(/^(\d+)s$/.exec(scrapeInterval)?.[1] ?? NaN);
  if (!Number.isFinite(scrapeSeconds)) throw new Error(`expected a scrape interval in seconds, got ${scrapeInterval}`);
  const rulesYml = uploadedFile(containerNamed(synth, 'sentinel-prometheus'), '/etc/prometheus/rules/sentinel.yml');
  const appRecords = appRecordsIn(rulesYml);
  log(
    `rules: ${appRecords.length} records read job="app" (${appRecords.filter((record) => record.perRoute).length} of them by route): ` +
      [...new Set(appRecords.map((record) => record.group))].map((group) => `${group} ${appRecords.filter((record) => record.group === group).length}`).join(', '),
  );

  const dir = makeTempDir('sentinel-capacity');
  const tmpdir = redirectTmpdir(dir);
  let live: LiveStack | undefined;
  const ownProcesses: RunningProcess[] = [];
  const agent = new Agent({ keepAlive: true, maxSockets: 4 });
  try {
    // 1. Series per app replica.
    log('capacity: starting redis-server (the stack\'s redis.conf) and the apps…');
    live = await LiveStack.start({ redisServer: tools.redisServer, nginx: tools.nginx }, { only: ['redis'] });
    const redis = live.process('redis');
    const apps: Endpoint[] = [];
    for (let i = 1; i <= PARAMS.apps; i++) {
      checkAborted();
      const app = await live.startExtraApp(`capacity-${i}`, { NODE_ENV: 'production' }, join(dir, `app-${i}.log`));
      apps.push(app.endpoint);
    }
    const seriesCounts: number[][] = apps.map(() => []);
    for (let round = 1; round <= 2; round++) {
      for (const [i, app] of apps.entries()) {
        checkAborted();
        const statuses = await sendMix(app.port, TRAFFIC_MIX, agent);
        const series = seriesIn(await fetchText(app, '/metrics'));
        seriesCounts[i].push(series.length);
        if (i === 0) log(`  mix round ${round}: answers ${statusText(statuses)}; app 1: ${series.length} series (${seriesByPrefix(series)})`);
      }
    }
    log(`series per app after each round of the mix: ${seriesCounts.map((counts) => counts.join(' → ')).join('; ')}`);
    const healthySeries = seriesCounts[0].at(-1)!;
    const healthyExposition = seriesIn(await fetchText(apps[0], '/metrics'));
    const labelSets = healthyExposition.filter((line) => line.startsWith('http_requests_total{')).length;
    const withStatus = healthyExposition.filter((line) => line.includes('status_code=')).length;
    const composition = { labelSets, perLabelSet: withStatus / labelSets, fixed: healthyExposition.length - withStatus };
    log(
      `  of them ${composition.fixed} whatever the traffic, and ${composition.perLabelSet} for each of the ${labelSets} (method, route, status) ` +
        'combinations the mix produced',
    );

    // 2. What Prometheus holds for the app job: the apps scraped with the stack's rule file, one replica then all.
    checkAborted();
    const rulesPath = join(dir, 'rules.yml');
    writeFileSync(rulesPath, rulesYml);
    const appJobConfig = (targets: Endpoint[]) =>
      renderPrometheusConfig({
        scrapeInterval,
        evaluationInterval: synth.stack.prometheus.evaluationInterval,
        jobs: [{ jobName: 'app', targets }],
        ruleFiles: [rulesPath],
        alertmanagers: [],
      });
    const rulesPrometheus = await startPrometheus(tools.prometheus, dir, 'rules', appJobConfig(apps.slice(0, 1)));
    ownProcesses.push(rulesPrometheus.process);
    const jobFigures: { replicas: number; perInstance: number[]; perTarget: number[]; recorded: number; headSeries: number }[] = [];
    for (const replicas of [1, apps.length]) {
      if (replicas !== 1) {
        writeFileSync(rulesPrometheus.configPath, appJobConfig(apps.slice(0, replicas)));
        process.kill(rulesPrometheus.process.pid, 'SIGHUP');
      }
      for (let second = 0; second < PARAMS.settleSeconds; second++) {
        checkAborted();
        await sleep(1_000);
        if (second % 5 === 0) for (const app of apps.slice(0, replicas)) await sendMix(app.port, TRAFFIC_MIX.slice(0, 1), agent);
      }
      const perInstance = await instantQuery(rulesPrometheus, 'count by (instance) ({job="app",instance!=""})');
      const perTarget = await instantQuery(rulesPrometheus, 'count by (instance) ({job="app",__name__=~"up|scrape_.+"})');
      const recorded = await instantQuery(rulesPrometheus, 'count({job="app",__name__=~".+:.+"})');
      const figures = {
        replicas,
        perInstance: perInstance.map((row) => row.value),
        perTarget: perTarget.map((row) => row.value),
        recorded: recorded[0]?.value ?? 0,
        headSeries: (await readingOf(rulesPrometheus)).headSeries,
      };
      jobFigures.push(figures);
      log(
        `  ${replicas} replica(s): series per instance ${figures.perInstance.join(', ')} (of them up/scrape_*: ${figures.perTarget.join(', ')}); ` +
          `recorded for job app ${figures.recorded}; Prometheus head ${figures.headSeries}`,
      );
    }
    await stopProcess(rulesPrometheus.process, { timeoutMs: 20_000 });

    // A Redis outage adds the 503 series of / and /readyz (and Redis' failure timings): the most a replica keeps.
    log('capacity: Redis stopped (SIGSTOP) for a moment: / and /readyz answer 503…');
    process.kill(redis.pid, 'SIGSTOP');
    let outageStatuses: Map<number, number>;
    try {
      outageStatuses = await sendMix(apps[0].port, [{ method: 'GET', path: '/', times: 1 }, { method: 'GET', path: '/readyz', times: 1 }], agent);
    } finally {
      process.kill(redis.pid, 'SIGCONT');
    }
    await sendMix(apps[0].port, TRAFFIC_MIX, agent);
    const afterOutage = seriesIn(await fetchText(apps[0], '/metrics'));
    log(`  answers during the outage ${statusText(outageStatuses)}; app 1 afterwards: ${afterOutage.length} series (+${afterOutage.length - healthySeries})`);


    // 3. Redis: what the app's per-turn batching buys, and what one command costs Redis.
    checkAborted();
    const cpuRoots = new Map<number, string>([[redis.pid, 'redis']]);
    const redisInfo = () => execFileSync(tools.redisCli, ['-h', live!.endpoints.redis.host, '-p', String(live!.endpoints.redis.port), 'INFO', 'commandstats'], { encoding: 'utf8' });
    execFileSync(tools.redisCli, ['-h', live.endpoints.redis.host, '-p', String(live.endpoints.redis.port), 'CONFIG', 'RESETSTAT']);
    const visitsOf = async (app: Endpoint) => {
      const text = await fetchText(app, '/metrics');
      const line = text.split('\n').find((candidate) => /^http_requests_total\{[^}]*route="\/"[^}]*status_code="200"/.test(candidate) && candidate.includes('method="GET"'));
      return {
        visits: Number(line?.slice(line.lastIndexOf(' ') + 1) ?? 0),
        commands: metricTotal(text.split('\n').filter((candidate) => candidate.includes('command="incrby"')).join('\n'), 'app_redis_command_duration_seconds_count') ?? 0,
      };
    };
    const batchingLoad = load1();
    const beforeBatching = await visitsOf(apps[0]);
    const cpuBefore = cpuSnapshot();
    const wrk = await runWrk({
      binary: tools.wrk,
      url: `http://${listen(apps[0])}/`,
      threads: 1,
      connections: 64,
      durationSeconds: PARAMS.batchingSeconds,
      scriptDir: dir,
      signal: interrupted.signal,
    });
    const batchingCpu = cpuSplit(cpuBefore, cpuSnapshot(), cpuRoots);
    const afterBatching = await visitsOf(apps[0]);
    const visits = afterBatching.visits - beforeBatching.visits;
    const commands = afterBatching.commands - beforeBatching.commands;
    const redisSeconds = (batchingCpu.ours.redis ?? 0) * wrk.seconds;
    const evalsha = commandStat(redisInfo(), 'evalsha');
    const batching = {
      rps: wrk.rps,
      visitsPerCommand: visits / commands,
      redisUsPerVisit: (redisSeconds / visits) * 1e6,
      redisUsPerCommand: (redisSeconds / commands) * 1e6,
      evalshaUsecPerCall: evalsha?.usecPerCall ?? NaN,
      load: batchingLoad,
      otherCores: batchingCpu.other,
    };
    log(
      `  wrk -t1 -c64 -d${PARAMS.batchingSeconds}s straight to app 1 (load ${batchingLoad}): ${fmt(wrk.rps)} req/s, ${fmt(visits)} visits in ${fmt(commands)} Redis commands ` +
        `(${batching.visitsPerCommand.toFixed(1)} per command); Redis CPU ${batching.redisUsPerVisit.toFixed(2)} µs per visit, ${batching.redisUsPerCommand.toFixed(1)} µs per command; ` +
        `INFO commandstats: evalsha ${evalsha?.calls ?? 0} calls, ${batching.evalshaUsecPerCall} µs each inside Redis; other processes ${batchingCpu.other.toFixed(2)} cores`,
    );

    // The app's own command as Redis saw it (its script's SHA1 from the slow log), to benchmark it beside a bare INCRBY.
    const redisCli = (...args: string[]) =>
      execFileSync(tools.redisCli, ['-h', live!.endpoints.redis.host, '-p', String(live!.endpoints.redis.port), ...args], { encoding: 'utf8' });
    redisCli('CONFIG', 'SET', 'slowlog-log-slower-than', '0');
    redisCli('SLOWLOG', 'RESET');
    await sendMix(apps[0].port, [{ method: 'GET', path: '/', times: 1 }], agent);
    const slowlog = redisCli('SLOWLOG', 'GET', '20');
    redisCli('CONFIG', 'SET', 'slowlog-log-slower-than', '10000');
    const sha = /evalsha\n([0-9a-f]{40})\n/i.exec(slowlog)?.[1];
    if (sha === undefined) throw new Error(`no EVALSHA of the app in Redis' slow log:\n${slowlog}`);
    // A deadline far in the future: the script always counts, as it does for a visit answered in time.
    const commandsToBench = { INCRBY: ['INCRBY', 'capacity:bench', '1'], "the app's EVALSHA": ['EVALSHA', sha, '1', 'capacity:bench', '1', '99999999999999'] } as const;
    const redisRuns: { command: string; clients: number; pipeline: number; opsPerSecond: number; usPerCommand: number; load: string; otherCores: number }[] = [];
    for (const [command, words] of Object.entries(commandsToBench)) {
      for (const pipeline of [1, 16]) {
        for (const clients of [1, 3, 10]) {
          checkAborted();
          const load = load1();
          const before = cpuSnapshot();
          const requests = PARAMS.redisRequests * (pipeline === 1 ? 1 : 10);
          const { code, out } = await runToEnd(
            tools.redisBenchmark,
            ['-h', live.endpoints.redis.host, '-p', String(live.endpoints.redis.port), '-c', String(clients), '-P', String(pipeline), '-n', String(requests), '--csv', ...words],
            180_000,
            interrupted.signal,
          );
          const split = cpuSplit(before, cpuSnapshot(), cpuRoots);
          if (code !== 0) throw new Error(`redis-benchmark ended with ${code}:\n${out.slice(-1000)}`);
          const opsPerSecond = parseRedisBenchmarkCsv(out);
          const usPerCommand = ((split.ours.redis ?? 0) / opsPerSecond) * 1e6;
          redisRuns.push({ command, clients, pipeline, opsPerSecond, usPerCommand, load, otherCores: split.other });
          log(
            `  redis-benchmark ${command} -c ${clients} -P ${pipeline} (load ${load}): ${fmt(opsPerSecond)} ops/s, ` +
              `Redis CPU ${usPerCommand.toFixed(2)} µs per command, other processes ${split.other.toFixed(2)} cores`,
          );
        }
      }
    }
    const incrby = commandStat(redisInfo(), 'incrby');
    const evalshaAfter = commandStat(redisInfo(), 'evalsha');
    log(`  INFO commandstats: incrby ${fmt(incrby?.calls ?? 0)} calls, ${incrby?.usecPerCall ?? NaN} µs each; evalsha ${fmt(evalshaAfter?.calls ?? 0)} calls, ${evalshaAfter?.usecPerCall ?? NaN} µs each (inside Redis)`);

    // 4. Prometheus' cost per series: copies of real app expositions, against a Prometheus with no targets.
    checkAborted();
    const copyServers: Endpoint[] = [];
    for (let i = 0; i < PARAMS.copyServers; i++) {
      const endpoint: Endpoint = { host: '127.0.0.1', port: await freePort() };
      const app = apps[i % apps.length];
      const server = await startProcess({
        name: `copies-server-${i + 1}`,
        command: process.execPath,
        args: ['-r', 'ts-node/register/transpile-only', join(__dirname, 'copies-server.ts'), endpoint.host, String(endpoint.port), String(app.port), String(PARAMS.copiesPerServer)],
        cwd: REPO_ROOT,
        env: { PATH: process.env.PATH },
        readyCheck: async () => (await httpRequest(endpoint.port, { path: '/metrics', timeoutMs: 2_000 })).status === 200,
        readyTimeoutMs: 30_000,
      });
      ownProcesses.push(server);
      copyServers.push(endpoint);
    }
    const tsdbConfig = (targets: Endpoint[]) =>
      renderPrometheusConfig({
        scrapeInterval,
        evaluationInterval: synth.stack.prometheus.evaluationInterval,
        jobs: targets.length === 0 ? [] : [{ jobName: 'replicas', targets }],
        ruleFiles: [],
        alertmanagers: [],
      });
    const baseline = await startPrometheus(tools.prometheus, dir, 'baseline', tsdbConfig([]));
    ownProcesses.push(baseline.process);
    const loaded = await startPrometheus(tools.prometheus, dir, 'loaded', tsdbConfig(copyServers));
    ownProcesses.push(loaded.process);
    const startedAt = new Date();
    const twoHours = 2 * 3_600_000;
    if (Math.floor(startedAt.getTime() / twoHours) !== Math.floor((startedAt.getTime() + PARAMS.tsdbMinutes * 60_000) / twoHours)) {
      log('capacity: this run crosses a 2-hour block boundary (an even hour UTC): head chunks are cut there, shorter than 120 samples');
    }
    log(
      `capacity: ${PARAMS.copyServers} targets × ${PARAMS.copiesPerServer} copies of an app's exposition, scraped every ${scrapeInterval} for ${PARAMS.tsdbMinutes} min ` +
        `(from ${startedAt.toISOString()}), against a Prometheus with no targets; light traffic to the apps meanwhile`,
    );
    const endAt = performance.now() + PARAMS.tsdbMinutes * 60_000;
    let lastReport = performance.now();
    const loads: number[] = [];
    for (let tick = 0; performance.now() < endAt && tick < PARAMS.tsdbMinutes * 60 + 60; tick++) {
      checkAborted();
      for (const app of apps) await sendMix(app.port, [{ method: 'GET', path: '/', times: 10 }, { method: 'GET', path: '/healthz', times: 1 }], agent);
      await sleep(1_000);
      if (performance.now() - lastReport >= 60_000) {
        lastReport = performance.now();
        loads.push(loadavg()[0]);
        const [base, full] = [await readingOf(baseline), await readingOf(loaded)];
        log(
          `  ${((performance.now() - (endAt - PARAMS.tsdbMinutes * 60_000)) / 60_000).toFixed(0)} min: loaded ${fmt(full.headSeries)} series, ${fmt(full.residentBytes / 2 ** 20, 1)} MiB RSS, ` +
            `${fmt(full.samplesAppended)} samples; baseline ${fmt(base.headSeries)} series, ${fmt(base.residentBytes / 2 ** 20, 1)} MiB RSS; load ${load1()}`,
        );
      }
    }
    const [baseReading, loadedReading] = [await readingOf(baseline), await readingOf(loaded)];
    const scrapedPerTarget = await instantQuery(loaded, 'scrape_samples_scraped{job="replicas"}');
    const memory = memoryPerSeries(baseReading, loadedReading);
    // A clean shutdown writes out the head chunks still buffered, so the files hold every cut chunk.
    await stopProcess(loaded.process, { timeoutMs: 60_000 });
    await stopProcess(baseline.process, { timeoutMs: 60_000 });
    const chunksDir = join(loaded.dataDir, 'chunks_head');
    const chunks = readdirSync(chunksDir).flatMap((file) => chunksInHeadChunkFile(readFileSync(join(chunksDir, file))));
    const allChunks = chunkBytes(chunks);
    const fullChunks = chunkBytes(chunks, FULL_CHUNK.minSamples, FULL_CHUNK.maxSamples);
    const walBytes = directoryBytes(join(loaded.dataDir, 'wal'));
    const walBytesPerSample = walBytes / loadedReading.samplesAppended;

    // Chunks cut at a 2-hour boundary hold fewer samples; when no chunk ran its full length, all of them stand in.
    const dayChunks = fullChunks.chunks > 0 ? { label: '110–130 samples', figures: fullChunks } : { label: 'all chunks', figures: allChunks };

    // Summary.
    const perDay = samplesPerDay(scrapeSeconds);
    const [oneReplica, manyReplicas] = jobFigures;
    const seriesPerReplica = oneReplica.perInstance[0];
    const lines = [
      '',
      `## Capacity figures of ${new Date().toISOString()}`,
      '',
      `\`npm run bench:capacity\` on ${commit}: ${cpu}, ${cores} cores, ${memGiB.toFixed(1)} GiB; node ${process.version}, prometheus ${prometheusVersion}.`,
      '',
      '| figure | value |',
      '| --- | ---: |',
      `| app /metrics series after the traffic mix (every route, 200/404/405), each replica, each round | ${seriesCounts.map((counts) => counts.join(' → ')).join('; ')} |`,
      `| of them fixed / per (method, route, status) combination × combinations | ${composition.fixed} / ${composition.perLabelSet} × ${composition.labelSets} |`,
      `| app /metrics series after a Redis outage (adds 503s) | ${afterOutage.length} |`,
      `| Prometheus series per app instance (scraped + up/scrape_*), 1 replica | ${oneReplica.perInstance.join(', ')} (up/scrape_*: ${oneReplica.perTarget.join(', ')}) |`,
      `| the same, ${manyReplicas.replicas} replicas | ${manyReplicas.perInstance.join(', ')} |`,
      `| recorded series for job app (rule file: ${appRecords.length} records, ${appRecords.filter((record) => record.perRoute).length} by route), 1 / ${manyReplicas.replicas} replicas | ${oneReplica.recorded} / ${manyReplicas.recorded} |`,
      `| visits per Redis command, app straight under wrk -c64 (load ${batching.load}) | ${batching.visitsPerCommand.toFixed(1)} at ${fmt(batching.rps)} req/s |`,
      `| Redis CPU per visit / per command there | ${batching.redisUsPerVisit.toFixed(2)} / ${batching.redisUsPerCommand.toFixed(1)} µs |`,
      `| the app's script (EVALSHA) inside Redis, INFO commandstats | ${batching.evalshaUsecPerCall} µs per call |`,
      ...redisRuns.map(
        (run) =>
          `| redis-benchmark ${run.command} -c ${run.clients} -P ${run.pipeline} (load ${run.load}, other processes ${run.otherCores.toFixed(2)} cores) | ` +
          `${fmt(run.opsPerSecond)} ops/s, ${run.usPerCommand.toFixed(2)} µs Redis CPU per command |`,
      ),
      `| inside Redis, INFO commandstats over all runs: INCRBY / EVALSHA | ${incrby?.usecPerCall ?? NaN} / ${evalshaAfter?.usecPerCall ?? NaN} µs per call |`,
      `| TSDB run: targets × copies, samples per scrape of each target | ${PARAMS.copyServers} × ${PARAMS.copiesPerServer}, ${scrapedPerTarget.map((row) => row.value).join(', ')} |`,
      `| TSDB run: minutes, scrape interval, load average (per minute) | ${PARAMS.tsdbMinutes}, ${scrapeInterval}, ${loads.map((value) => value.toFixed(1)).join(' ')} |`,
      `| head series loaded / baseline | ${fmt(loadedReading.headSeries)} / ${fmt(baseReading.headSeries)} |`,
      `| RSS loaded / baseline, MiB | ${fmt(loadedReading.residentBytes / 2 ** 20, 1)} / ${fmt(baseReading.residentBytes / 2 ** 20, 1)} |`,
      `| RSS per series, bytes | ${fmt(memory.residentBytesPerSeries)} |`,
      `| Go heap in use per series, bytes | ${fmt(memory.heapInuseBytesPerSeries)} |`,
      `| samples appended | ${fmt(loadedReading.samplesAppended)} |`,
      `| head chunks written to chunks_head (all / 110–130 samples), mean samples per chunk | ${fmt(allChunks.chunks)} / ${fmt(fullChunks.chunks)}, ${(allChunks.samples / allChunks.chunks).toFixed(1)} |`,
      `| chunk bytes per sample, encoded data (all / 110–130 samples) | ${allChunks.dataBytesPerSample.toFixed(3)} / ${fullChunks.dataBytesPerSample.toFixed(3)} |`,
      `| chunk bytes per sample with chunks_head's per-chunk header (all / 110–130 samples) | ${allChunks.storedBytesPerSample.toFixed(3)} / ${fullChunks.storedBytesPerSample.toFixed(3)} |`,
      `| WAL bytes, per sample appended | ${fmt(walBytes)}, ${walBytesPerSample.toFixed(2)} |`,
      `| per replica and day at ${scrapeInterval}: samples, chunk bytes (${dayChunks.label}, with header) | ${fmt(seriesPerReplica * perDay)}, ${fmt((seriesPerReplica * perDay * dayChunks.figures.storedBytesPerSample) / 2 ** 20, 2)} MiB |`,
      `| per replica: memory (RSS per series × series per instance) | ${fmt((seriesPerReplica * memory.residentBytesPerSeries) / 2 ** 20, 2)} MiB |`,
      '',
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    log('capacity: stopping the processes');
    agent.destroy();
    try {
      for (const proc of ownProcesses.reverse()) await stopProcess(proc, { timeoutMs: 60_000 });
    } finally {
      await live?.stop();
      tmpdir.restore();
      removeTempDir(dir);
    }
  }
}

runScript('capacity', main);
