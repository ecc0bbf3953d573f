import { readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/** Where CPU time went during a run, in cores (CPU seconds per wall second). */
export interface CpuSplit {
  /** Per component of ours: labels given by the caller, plus "wrk" and "bench". */
  readonly ours: Readonly<Record<string, number>>;
  /** Everything else that ran on the machine meanwhile (other users' processes, kernel threads). */
  readonly other: number;
  readonly busy: number;
}

interface ProcTicks {
  readonly ppid: number;
  /** utime + stime of the process itself. */
  readonly ticks: number;
  /** cutime + cstime: children it has waited for. */
  readonly childTicks: number;
}

export interface CpuSnapshot {
  readonly at: number;
  /** Busy ticks of the whole machine (everything but idle and iowait). */
  readonly busy: number;
  readonly procs: ReadonlyMap<number, ProcTicks>;
}

// USER_HZ: the unit of /proc/stat and /proc/<pid>/stat on every Linux architecture Node runs on.
const TICKS_PER_SECOND = 100;

function readProc(pid: number): ProcTicks | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'latin1');
  } catch {
    return undefined; // exited meanwhile
  }
  // The command name may hold spaces and parentheses: the fields start after the last ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]), childTicks: Number(fields[13]) + Number(fields[14]) };
}

export function cpuSnapshot(): CpuSnapshot {
  const [, user, nice, system, , , irq, softirq, steal] = readFileSync('/proc/stat', 'latin1').split('\n')[0].trim().split(/\s+/).map(Number);
  const procs = new Map<number, ProcTicks>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const proc = readProc(Number(entry));
    if (proc !== undefined) procs.set(Number(entry), proc);
  }
  return { at: performance.now(), busy: user + nice + system + irq + softirq + steal, procs };
}

/**
 * Splits the CPU time between two snapshots: each process under one of `roots` (pid → label;
 * children such as nginx workers count for their root), the bench process itself, the
 * children it reaped meanwhile (wrk, whose time lands in the bench's cutime when it exits),
 * and everything else.
 */
export function cpuSplit(before: CpuSnapshot, after: CpuSnapshot, roots: ReadonlyMap<number, string>): CpuSplit {
  const seconds = (after.at - before.at) / 1000;
  const toCores = (ticks: number) => ticks / TICKS_PER_SECOND / seconds;
  const labelOf = (pid: number): string | undefined => {
    for (let current = pid, hops = 0; current > 1 && hops < 64; hops++) {
      const label = roots.get(current);
      if (label !== undefined) return label;
      if (current === process.pid) return 'bench';
      current = after.procs.get(current)?.ppid ?? 0;
    }
    return undefined;
  };
  const ours: Record<string, number> = {};
  let oursTotal = 0;
  for (const [pid, now] of after.procs) {
    const label = labelOf(pid);
    if (label === undefined) continue;
    const delta = now.ticks - (before.procs.get(pid)?.ticks ?? 0);
    ours[label] = (ours[label] ?? 0) + delta;
    oursTotal += delta;
  }
  const self = process.pid;
  const reaped = (after.procs.get(self)?.childTicks ?? 0) - (before.procs.get(self)?.childTicks ?? 0);
  ours.wrk = (ours.wrk ?? 0) + reaped;
  oursTotal += reaped;
  const busy = after.busy - before.busy;
  return {
    ours: Object.fromEntries(Object.entries(ours).map(([label, ticks]) => [label, toCores(ticks)])),
    other: Math.max(0, toCores(busy - oursTotal)),
    busy: toCores(busy),
  };
}

/**
 * Waits until processes other than ours have used less than `maxOtherCores` over one second,
 * for at most `maxWaitMs`; returns how long it waited, in milliseconds.
 */
export async function awaitQuiet(roots: ReadonlyMap<number, string>, maxOtherCores: number, maxWaitMs: number): Promise<number> {
  const started = performance.now();
  const maxChecks = Math.ceil(maxWaitMs / 1000) + 1;
  for (let check = 0; check < maxChecks; check++) {
    const before = cpuSnapshot();
    await sleep(1000);
    if (cpuSplit(before, cpuSnapshot(), roots).other < maxOtherCores) break;
    if (performance.now() - started >= maxWaitMs) break;
  }
  return performance.now() - started;
}
