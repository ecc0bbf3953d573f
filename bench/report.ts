import { spawnSync } from 'node:child_process';
import type { CpuSplit } from './cpu';
import type { RedisBenchResult } from './redis-bench';
import type { ScrapeRun } from './scrape';
import { median, percentile, type Spread, spread, sum } from './stats';
import type { SynthRun } from './synth';
import type { MachineInfo } from './tools';
import type { WrkResult } from './wrk';

export interface LoadRun {
  readonly phase: 'peak' | 'half' | 'scrape' | 'scrapeHalf';
  /** gateway | direct | ceiling | metricsOff */
  readonly target: string;
  readonly rep: number;
  readonly wrk: WrkResult;
  /** Answers outside 2xx: the larger of wrk's count (>= 400) and the server's own log. */
  readonly non2xx: number;
  /** 499s in the server's log: requests wrk abandoned when its time was up (not errors; at most one per connection). */
  readonly clientClosed: number;
  readonly cpu: CpuSplit;
  /** Other processes were busy during it and it was run once more: listed, not used. */
  readonly discarded: boolean;
}

export interface ScrapeRep {
  readonly metrics: ScrapeRun;
  readonly healthz: ScrapeRun;
}

export interface BenchResults {
  readonly startedAt: Date;
  readonly finishedAt: Date;
  readonly machine: MachineInfo;
  readonly params: {
    readonly reps: number;
    readonly seconds: number;
    readonly warmupSeconds: number;
    readonly connections: number;
    readonly threads: number;
    readonly synthReps: number;
    readonly scrapePauseMs: number;
    readonly randomPaths: number;
    readonly redisClients: number;
    readonly redisRequests: number;
  };
  readonly runs: readonly LoadRun[];
  readonly paced: { readonly targetRps: number; readonly pacingMeanMs: number };
  /** Per repetition, with the gateway at peak and at half of peak: /metrics and the /healthz control. */
  readonly scrapes: { readonly peak: ScrapeRep[]; readonly half: ScrapeRep[] };
  /** Sequential scrapes of an otherwise idle app. */
  readonly idleScrapes: Readonly<Record<'/metrics' | '/healthz', ScrapeRun>>;
  readonly series: {
    readonly beforeAnyRandomPath: number;
    readonly before: number;
    readonly after: number;
    readonly added: readonly string[];
    readonly removed: readonly string[];
    readonly statuses: Readonly<Record<string, number>>;
  };
  readonly redis: readonly RedisBenchResult[];
  readonly synth: {
    readonly command: string;
    readonly emptyCommand: string;
    readonly full: readonly SynthRun[];
    readonly empty: readonly SynthRun[];
  };
}

export const TARGETS = {
  gatewayVsCeiling: 0.85,
  halfLoadP99Ms: 10,
  metricsOnVsOff: 0.95,
  // A scrape's p99 may exceed the constant /healthz control's, under the same load, by this much:
  // the tail itself is set by this VM's scheduling (bench notes, session 5).
  scrapeP99OverControlMs: 1,
  synthVsEmpty: 1.5,
} as const;

const num = (value: number, digits = 0): string =>
  Number.isFinite(value) ? value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : 'n/a';

const range = (s: Spread, digits = 0): string => (s.n > 1 ? `${num(s.min, digits)} – ${num(s.max, digits)}` : '');

const verdict = (met: boolean): string => (met ? 'met' : '**MISSED**');

function gitDescription(): string {
  const rev = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8', timeout: 5_000 });
  if (rev.status !== 0) return 'unknown commit';
  const dirty = spawnSync('git', ['status', '--porcelain'], { encoding: 'utf8', timeout: 5_000 });
  return `${rev.stdout.trim()}${dirty.stdout?.trim() ? ' + uncommitted changes' : ''}`;
}

type Row = readonly [figure: string, median: string, spread: string, target: string, verdict: string];

function table(rows: readonly Row[]): string {
  const header = '| figure | median | min – max | target | |\n| --- | ---: | ---: | --- | --- |';
  return [header, ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n');
}

/** The results as Markdown: machine, versions, load parameters, the figures and where the CPU went. */
export function renderReport(results: BenchResults): string {
  const { params, machine } = results;
  const runsOf = (phase: LoadRun['phase'], target: string) =>
    results.runs.filter((run) => run.phase === phase && run.target === target && !run.discarded).sort((a, b) => a.rep - b.rep);
  const rps = (runs: readonly LoadRun[]) => spread(runs.map((run) => run.wrk.rps));
  const p50 = (runs: readonly LoadRun[]) => spread(runs.map((run) => run.wrk.latencyMs.p50));
  const p99 = (runs: readonly LoadRun[]) => spread(runs.map((run) => run.wrk.latencyMs.p99));
  const errors = (runs: readonly LoadRun[]) => runs.reduce((total, run) => total + run.wrk.socketErrors + run.non2xx, 0);
  /** Per-repetition ratios: the targets of one repetition ran back to back. */
  const ratio = (a: readonly LoadRun[], b: readonly LoadRun[]) =>
    spread(a.map((run) => run.wrk.rps / (b.find((other) => other.rep === run.rep)?.wrk.rps ?? NaN)));

  /** CPU seconds per request of some of our processes in one run, in µs. */
  const costOf = (run: LoadRun, labels?: readonly string[]) =>
    (sum(Object.entries(run.cpu.ours).filter(([label]) => labels === undefined || labels.includes(label)).map(([, cores]) => cores)) *
      run.wrk.seconds *
      1e6) /
    run.wrk.requests;
  const pairedCost = (a: readonly LoadRun[], b: readonly LoadRun[], labels?: readonly string[]) =>
    spread(a.map((run) => costOf(run, labels) / costOf(b.find((other) => other.rep === run.rep) ?? run, labels)));
  const appCostRatio = (a: readonly LoadRun[], b: readonly LoadRun[]) => pairedCost(a, b, ['app']);
  const totalCostRatio = (a: readonly LoadRun[], b: readonly LoadRun[]) => pairedCost(a, b);
  const gateway = runsOf('peak', 'gateway');
  const direct = runsOf('peak', 'direct');
  const ceiling = runsOf('peak', 'ceiling');
  const metricsOff = runsOf('peak', 'metricsOff');
  const half = runsOf('half', 'gateway');
  const scrapeLoad = runsOf('scrape', 'gateway');
  const scrapeHalfLoad = runsOf('scrapeHalf', 'gateway');
  const redis = spread(results.redis.map((run) => run.opsPerSecond));
  // A repetition holds about 100 scrapes, whose nearest-rank p99 is simply the slowest one: the p99
  // is taken over the scrapes of all repetitions, and the slowest of each is listed as such.
  const scrapeStats = (reps: readonly ScrapeRun[]) => ({
    p50: spread(reps.map((rep) => percentile(rep.latenciesMs, 50))),
    slowest: spread(reps.map((rep) => rep.latenciesMs[rep.latenciesMs.length - 1])),
    size: spread(reps.map((rep) => rep.bytes)),
    count: reps.reduce((total, rep) => total + rep.latenciesMs.length, 0),
    pooledP99: percentile(reps.flatMap((rep) => rep.latenciesMs), 99),
  });
  type ScrapeStats = ReturnType<typeof scrapeStats>;
  const scrapeRows = (load: string, metrics: ScrapeStats, healthz: ScrapeStats): Row[] => [
    [`${load}: /metrics p50, ms (per repetition)`, num(metrics.p50.median, 2), range(metrics.p50, 2), '', ''],
    [
      `${load}: /metrics p99 of all ${num(metrics.count)} scrapes, ms`,
      num(metrics.pooledP99, 2),
      '',
      `≤ control + ${TARGETS.scrapeP99OverControlMs}`,
      verdict(metrics.pooledP99 <= healthz.pooledP99 + TARGETS.scrapeP99OverControlMs),
    ],
    [`${load}: /metrics slowest scrape of each repetition, ms`, num(metrics.slowest.median, 2), range(metrics.slowest, 2), '', ''],
    [`${load}: /healthz p50 / p99 of all ${num(healthz.count)}, ms (control, same load)`, `${num(healthz.p50.median, 2)} / ${num(healthz.pooledP99, 2)}`, '', '', ''],
  ];
  const scrapePeak = scrapeStats(results.scrapes.peak.map((rep) => rep.metrics));
  const scrapeHalf = scrapeStats(results.scrapes.half.map((rep) => rep.metrics));
  const healthzPeak = scrapeStats(results.scrapes.peak.map((rep) => rep.healthz));
  const healthzHalf = scrapeStats(results.scrapes.half.map((rep) => rep.healthz));
  const idleMetrics = scrapeStats([results.idleScrapes['/metrics']]);
  const idleHealthz = scrapeStats([results.idleScrapes['/healthz']]);
  const synthFull = spread(results.synth.full.map((run) => run.seconds));
  const synthEmpty = spread(results.synth.empty.map((run) => run.seconds));
  const synthRatio = spread(results.synth.full.map((run, i) => run.seconds / results.synth.empty[i].seconds));
  const rssFull = spread(results.synth.full.map((run) => run.peakRssMiB));
  const rssEmpty = spread(results.synth.empty.map((run) => run.peakRssMiB));

  const gatewayVsCeiling = ratio(gateway, ceiling);
  const onVsOff = ratio(direct, metricsOff);
  const halfP99 = p99(half);
  const seriesEqual = results.series.before === results.series.after;

  const latencyRows = (label: string, runs: readonly LoadRun[]): Row[] => [
    [`${label}: req/s`, num(rps(runs).median), range(rps(runs)), '', ''],
    [`${label}: p50 latency, ms`, num(p50(runs).median, 2), range(p50(runs), 2), '', ''],
    [`${label}: p99 latency, ms`, num(p99(runs).median, 2), range(p99(runs), 2), '', ''],
  ];
  const errorRow = (label: string, runs: readonly LoadRun[]): Row => {
    const count = errors(runs);
    return [`${label}: errors (non-2xx + socket), all runs`, num(count), '', '0', verdict(count === 0)];
  };

  const rows: Row[] = [
    ['**Request path** (GET /, peak)', '', '', '', ''],
    ...latencyRows('gateway → app → Redis', gateway),
    errorRow('gateway → app → Redis', gateway),
    ...latencyRows('app → Redis, direct', direct),
    errorRow('app → Redis, direct', direct),
    ['**Ceiling**', '', '', '', ''],
    ...latencyRows('gateway → constant Node server', ceiling),
    errorRow('gateway → constant Node server', ceiling),
    ['CPU per request of all our processes, ceiling ÷ gateway path (per repetition)', num(totalCostRatio(ceiling, gateway).median, 3), range(totalCostRatio(ceiling, gateway), 3), '', ''],
    ['gateway path ÷ constant ceiling (per repetition)', num(gatewayVsCeiling.median, 3), range(gatewayVsCeiling, 3), `≥ ${TARGETS.gatewayVsCeiling}`, verdict(gatewayVsCeiling.median >= TARGETS.gatewayVsCeiling)],
    [`redis-benchmark -t incr -c ${params.redisClients} (no pipelining): ops/s`, num(redis.median), range(redis), '', ''],
    ['gateway path ÷ Redis INCR', num(rps(gateway).median / redis.median, 3), '', '', ''],
    ['app direct ÷ Redis INCR', num(rps(direct).median / redis.median, 3), '', '', ''],
    [`**Half of peak** (gateway, paced at ${num(results.paced.targetRps)} req/s)`, '', '', '', ''],
    ['achieved req/s', num(rps(half).median), range(rps(half)), '', ''],
    ['achieved ÷ gateway peak', num(rps(half).median / rps(gateway).median, 3), '', '≈ 0.5', ''],
    ['p50 latency, ms', num(p50(half).median, 2), range(p50(half), 2), '', ''],
    ['p99 latency, ms', num(halfP99.median, 2), range(halfP99, 2), `< ${TARGETS.halfLoadP99Ms}`, verdict(halfP99.median < TARGETS.halfLoadP99Ms)],
    errorRow('half of peak', half),
    ['**Instrumentation cost** (app direct, peak)', '', '', '', ''],
    ['METRICS_ENABLED=false: req/s', num(rps(metricsOff).median), range(rps(metricsOff)), '', ''],
    ['METRICS_ENABLED=false: p99 latency, ms', num(p99(metricsOff).median, 2), range(p99(metricsOff), 2), '', ''],
    errorRow('METRICS_ENABLED=false', metricsOff),
    ['metrics on ÷ off, throughput (per repetition)', num(onVsOff.median, 3), range(onVsOff, 3), `≥ ${TARGETS.metricsOnVsOff}`, verdict(onVsOff.median >= TARGETS.metricsOnVsOff)],
    ['app CPU per request, metrics off ÷ on (per repetition; 1 = no cost)', num(appCostRatio(metricsOff, direct).median, 3), range(appCostRatio(metricsOff, direct), 3), '', ''],
    [`**Scrape cost** (the app's /metrics and /healthz, each on one connection ${params.scrapePauseMs} ms apart, timed by wrk, during GET / load through the gateway)`, '', '', '', ''],
    [`idle app: /metrics p50 / p99, ms (${idleMetrics.count} scrapes)`, `${num(idleMetrics.p50.median, 2)} / ${num(idleMetrics.pooledP99, 2)}`, '', '', ''],
    [`idle app: /healthz p50 / p99, ms (control, ${idleHealthz.count} requests)`, `${num(idleHealthz.p50.median, 2)} / ${num(idleHealthz.pooledP99, 2)}`, '', '', ''],
    ...scrapeRows('gateway at peak', scrapePeak, healthzPeak),
    ['gateway at peak: req/s while scraping', num(rps(scrapeLoad).median), range(rps(scrapeLoad)), '', ''],
    ...scrapeRows('gateway at half of peak', scrapeHalf, healthzHalf),
    ['/metrics size, bytes', num(scrapePeak.size.median), range(scrapePeak.size), '', ''],
    errorRow('gateway while scraping', [...scrapeLoad, ...scrapeHalfLoad]),
    [
      `series before → after ${num(params.randomPaths)} distinct random paths`,
      `${results.series.before} → ${results.series.after}`,
      '',
      'equal',
      verdict(seriesEqual),
    ],
    ['**Synth** (cdktf.json\'s app command)', '', '', '', ''],
    ['full stack: wall time, s', num(synthFull.median, 2), range(synthFull, 2), '', ''],
    ['full stack: peak RSS, MiB', num(rssFull.median), range(rssFull), '', ''],
    ['empty app: wall time, s', num(synthEmpty.median, 2), range(synthEmpty, 2), '', ''],
    ['empty app: peak RSS, MiB', num(rssEmpty.median), range(rssEmpty), '', ''],
    ['full ÷ empty, wall time (per repetition)', num(synthRatio.median, 2), range(synthRatio, 2), `≤ ${TARGETS.synthVsEmpty}`, verdict(synthRatio.median <= TARGETS.synthVsEmpty)],
  ];

  // Where the two cores went during the load runs, and what one request cost (the runs without scrapes).
  const labels = ['wrk', 'nginx', 'app', 'redis', 'constant', 'bench'];
  const runKinds: readonly (readonly [phase: LoadRun['phase'], target: string, title: string])[] = [
    ['peak', 'gateway', 'gateway → app → Redis'],
    ['peak', 'ceiling', 'gateway → constant'],
    ['peak', 'direct', 'app direct'],
    ['peak', 'metricsOff', 'app direct, metrics off'],
    ['half', 'gateway', 'gateway, half of peak'],
    ['scrape', 'gateway', 'gateway at peak + scrapes'],
    ['scrapeHalf', 'gateway', 'gateway at half + scrapes'],
  ];
  const cpuRows = runKinds.map(([phase, target, title]) => {
    const runs = runsOf(phase, target);
    const cell = (pick: (cpu: CpuSplit) => number) => num(median(runs.map((run) => pick(run.cpu))), 2);
    return `| ${title} | ${labels.map((label) => cell((cpu) => cpu.ours[label] ?? 0)).join(' | ')} | ${cell((cpu) => cpu.other)} | ${cell((cpu) => cpu.busy)} |`;
  });
  const perRequestRows = runKinds
    .filter(([phase]) => phase === 'peak' || phase === 'half')
    .map(([phase, target, title]) => {
      const runs = runsOf(phase, target);
      const cell = (only?: readonly string[]) => num(median(runs.map((run) => costOf(run, only))), 1);
      return `| ${title} | ${labels.map((label) => cell([label])).join(' | ')} | ${cell()} |`;
    });
  const used = results.runs.filter((run) => !run.discarded);
  const otherMedian = median(used.map((run) => run.cpu.other));
  const otherMax = Math.max(...used.map((run) => run.cpu.other));
  const discarded = results.runs.length - used.length;

  const rawRows = [...results.runs]
    .sort((a, b) => a.phase.localeCompare(b.phase) || a.target.localeCompare(b.target) || a.rep - b.rep)
    .map((run) =>
      `| ${run.phase} | ${run.target} | ${run.rep} | ${num(run.wrk.rps)} | ${num(run.wrk.latencyMs.p50, 2)} | ${num(run.wrk.latencyMs.p99, 2)} | ` +
      `${num(run.wrk.latencyMs.max, 1)} | ${run.wrk.socketErrors} | ${run.non2xx} | ${run.clientClosed} | ` +
      `${num(costOf(run, ['app', 'constant']), 1)} | ${num(run.cpu.other, 2)}${run.discarded ? ' (discarded)' : ''} |`,
    );

  const minutes = (results.finishedAt.getTime() - results.startedAt.getTime()) / 60_000;
  const lines = [
    `## Results of ${results.startedAt.toISOString().replace(/\.\d+Z$/, 'Z')}`,
    '',
    `\`npm run bench\`, ${num(minutes, 1)} min, on ${gitDescription()}.`,
    '',
    `- **Machine**: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB RAM, Linux ${machine.kernel}; ` +
      `1-minute load average at the start ${machine.loadAtStart.toFixed(2)}.`,
    `- **Versions**: ${Object.entries(machine.versions).map(([name, version]) => `${name} ${version}`).join(', ')}.`,
    `- **Load**: \`wrk -t${params.threads} -c${params.connections} -d${params.seconds}s --timeout 2s\`, GET / on kept-alive connections; ` +
      `${params.reps} × ${params.seconds} s per figure after a ${params.warmupSeconds} s warm-up per target; the four peak targets ` +
      'take turns within each repetition, in reverse order every other repetition, so each ratio compares runs seconds apart ' +
      'and a drift of the machine cancels out. Before each run the bench waits (bounded) for other processes to go quiet. Half of peak: the same wrk with a Lua `delay()` ' +
      `pause per connection (mean ${num(results.paced.pacingMeanMs, 1)} ms, uniform) — wrk2 is not packaged for Debian; latency is ` +
      'measured from when each request is written.',
    `- **CPU**: wrk runs one thread, so it never takes more than one of the ${machine.cores} cores; nothing is pinned, because ` +
      'pinning the servers onto the other core would starve nginx\'s second worker (`worker_processes auto`, as in production). ' +
      'The CPU split below shows who used what.',
    '- **Processes**: the live suite\'s `LiveStack` starts redis-server (its redis.conf renderer) on 127.0.0.1, and next to it, ' +
      `for each of the ${params.reps} repetitions, a fresh set: the app (\`node app/dist/main.js\`, LOG_LEVEL=info, its request ` +
      'log appended to a file) behind its own nginx (the production nginx.conf from `renderNginxConf`, access log on, via ' +
      '`startExtraGateway`), the same app with METRICS_ENABLED=false, and the constant server (`bench/constant-server.ts`) behind ' +
      'its own nginx from the same renderer. Fresh sets, because two processes of the same build differ by up to ±20 % in ' +
      'throughput on this virtual machine for as long as they run; with one set that draw would decide every ratio. "Direct" ' +
      'runs go to the set\'s app itself. Prometheus, Alertmanager and the exporters are not started.',
    '- **Errors**: wrk\'s socket errors (connect, read, write, timeout) plus answers outside 2xx, counted by wrk (≥ 400) and ' +
      'from the server\'s own log (nginx access log, app request log), whichever is larger. A 499 in those logs (client closed ' +
      'the connection) is not counted: wrk hangs up on the requests still in flight when its time is up, at most one per ' +
      'connection; the raw runs list them.',
    `- **Synth**: \`${results.synth.command}\` vs \`${results.synth.emptyCommand}\` (an App with one empty TerraformStack), run as ` +
      '`cdktf synth` runs the app (through a shell, in the project directory, with the environment the CLI sets), under GNU time ' +
      `for the peak RSS (of the largest process); ${results.synth.full.length} runs each, alternating, after one warm-up each.`,
    '',
    table(rows),
    '',
    `Series: ${results.series.beforeAnyRandomPath} before any random path; the first unmatched path adds the \`route="unmatched"\`, ` +
      `\`status_code="404"\` series once (→ ${results.series.before}); then ${num(params.randomPaths)} distinct paths ` +
      `(answers: ${Object.entries(results.series.statuses).map(([status, count]) => `${num(count)} × ${status}`).join(', ')}) ` +
      `leave ${results.series.after}.` +
      (results.series.added.length + results.series.removed.length > 0
        ? ` Added: ${results.series.added.map((line) => `\`${line}\``).join(', ') || 'none'}; removed: ${results.series.removed.map((line) => `\`${line}\``).join(', ') || 'none'}.`
        : ''),
    '',
    '### CPU time per request (µs, median of the repetitions)',
    '',
    'Steadier than throughput on a shared virtual machine: the cost of one request in each process.',
    '',
    `| run | ${labels.join(' | ')} | all of ours |`,
    `| --- |${' ---: |'.repeat(labels.length + 1)}`,
    ...perRequestRows,
    '',
    '### Where the CPU went (cores, median of the repetitions)',
    '',
    `| run | ${labels.join(' | ')} | other processes | machine busy |`,
    `| --- |${' ---: |'.repeat(labels.length + 2)}`,
    ...cpuRows,
    '',
    `Other processes on the machine used ${num(otherMedian, 2)} cores in the median run, ${num(otherMax, 2)} at most` +
      (otherMedian > 0.1 ? ' — **the machine was not quiet**: the figures are pessimistic and noisier than on an idle machine.' : '.') +
      (discarded > 0 ? ` ${discarded} run(s) overlapped busy spells of other processes and were run once more; they are listed below, marked, and not used.` : ''),
    '',
    '<details><summary>Every run</summary>',
    '',
    '| phase | target | rep | req/s | p50 ms | p99 ms | max ms | socket errors | non-2xx | 499 at the end | app µs/req | other CPU |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rawRows,
    '',
    '</details>',
  ];
  return lines.join('\n');
}

const BEGIN = '<!-- bench:results:begin — written by `npm run bench`; edit outside these markers -->';
const END = '<!-- bench:results:end -->';

/** `previous` with the region between the markers replaced by `report`; a new file when there is none. */
export function spliceResults(previous: string | undefined, report: string): string {
  const block = `${BEGIN}\n${report}\n${END}`;
  if (previous !== undefined) {
    const start = previous.indexOf(BEGIN);
    const end = previous.indexOf(END);
    if (start >= 0 && end > start) return `${previous.slice(0, start)}${block}${previous.slice(end + END.length)}`;
  }
  return `# Sentinel benchmarks\n\n${block}\n${previous === undefined ? '' : `\n${previous}`}`;
}
