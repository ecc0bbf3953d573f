import { spawnSync } from 'node:child_process';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { type ExternalTool, locate, TOOLS } from '../__tests__/support/external-tools';

/** Everything the bench runs besides node; each names the Debian package that provides it. */
export const BENCH_TOOLS = {
  wrk: { binary: 'wrk', install: 'apt-get install wrk', requiredInCi: false },
  redisBenchmark: { binary: 'redis-benchmark', install: 'apt-get install redis-tools', requiredInCi: false },
  redisServer: TOOLS.redisServer,
  nginx: TOOLS.nginx,
  // GNU time reports the peak RSS of the synth; the shell builtin `time` cannot.
  gnuTime: { binary: 'time', install: 'apt-get install time', requiredInCi: false },
} as const satisfies Record<string, ExternalTool>;

export type BenchTool = keyof typeof BENCH_TOOLS;

/** Absolute paths of every tool; throws one message listing what to install when any is missing. */
export function locateBenchTools(): Record<BenchTool, string> {
  const found = Object.fromEntries(
    (Object.keys(BENCH_TOOLS) as BenchTool[]).map((name) => [name, locate(BENCH_TOOLS[name])]),
  ) as Record<BenchTool, string | undefined>;
  const missing = (Object.keys(found) as BenchTool[]).filter((name) => found[name] === undefined);
  if (missing.length > 0) {
    const packages = [...new Set(missing.map((name) => /apt-get install (.+)$/.exec(BENCH_TOOLS[name].install)?.[1] ?? BENCH_TOOLS[name].binary))];
    throw new Error(
      `the bench needs ${missing.map((name) => BENCH_TOOLS[name].binary).join(', ')}, which ${missing.length === 1 ? 'is' : 'are'} not installed.\n` +
        `Install with: sudo apt-get install ${packages.join(' ')}`,
    );
  }
  return found as Record<BenchTool, string>;
}

function firstLine(binary: string, args: readonly string[]): string {
  const result = spawnSync(binary, args, { encoding: 'utf8', timeout: 10_000 });
  return `${result.stdout ?? ''}${result.stderr ?? ''}`.split('\n').find((line) => line.trim() !== '')?.trim() ?? 'unknown';
}

export interface MachineInfo {
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly kernel: string;
  /** 1-minute load average when the bench started: anything else busy on the machine skews every figure. */
  readonly loadAtStart: number;
  readonly versions: Readonly<Record<string, string>>;
}

export function machineInfo(tools: Record<BenchTool, string>): MachineInfo {
  const versionOf = (text: string, pattern: RegExp) => pattern.exec(text)?.[1] ?? text;
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    kernel: release(),
    loadAtStart: loadavg()[0],
    versions: {
      node: process.version,
      nginx: versionOf(firstLine(tools.nginx, ['-v']), /nginx\/(\S+)/),
      'redis-server': versionOf(firstLine(tools.redisServer, ['--version']), /v=(\S+)/),
      'redis-benchmark': versionOf(firstLine(tools.redisBenchmark, ['--version']), /redis-benchmark (\S+)/),
      wrk: versionOf(firstLine(tools.wrk, ['-v']), /^wrk (\S+)/),
    },
  };
}
