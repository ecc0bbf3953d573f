import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

/** How a child process ended: an exit code, or the signal that killed it. */
export interface ProcessExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface RunningProcess {
  readonly name: string;
  readonly pid: number;
  readonly child: ChildProcess;
  /** Everything the process wrote to stdout so far. */
  stdout(): string;
  /** Everything the process wrote to stderr so far. */
  stderr(): string;
  /** Resolves when the process has exited. */
  readonly exit: Promise<ProcessExit>;
  /** The exit, once it has happened. */
  exited(): ProcessExit | undefined;
}

export interface StartProcessOptions {
  /** Used in error messages. */
  readonly name: string;
  readonly command: string;
  readonly args?: readonly string[];
  readonly cwd?: string;
  /** The complete environment of the child; nothing is inherited implicitly. */
  readonly env?: NodeJS.ProcessEnv;
  /** Polled until it resolves true; a thrown error counts as "not yet". */
  readonly readyCheck: () => Promise<boolean>;
  readonly readyTimeoutMs?: number;
  /** Run as this user and group instead of the test's own. */
  readonly user?: { readonly uid: number; readonly gid: number };
}

export interface WaitOptions {
  /** What is being waited for, for the timeout message. */
  readonly what: string;
  readonly timeoutMs?: number;
  readonly intervalMs?: number;
  /** Ends the wait at once, failing with the signal's reason. */
  readonly signal?: AbortSignal;
}

/**
 * Polls `check` until it returns something other than undefined/false, bounded both by
 * `timeoutMs` and by the number of attempts that fit in it. Errors thrown by `check` count as "not yet".
 */
export async function waitFor<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  { what, timeoutMs = 10_000, intervalMs = 100, signal }: WaitOptions,
): Promise<T> {
  // The monotonic clock: a wall-clock step (a resumed VM, a time sync) must not end a wait early.
  const deadline = performance.now() + timeoutMs;
  const maxAttempts = Math.ceil(timeoutMs / intervalMs) + 1;
  let lastError: unknown;
  for (let attempt = 0; attempt < maxAttempts && performance.now() <= deadline; attempt++) {
    signal?.throwIfAborted();
    try {
      const result = await check();
      if (result !== undefined && result !== false) return result;
    } catch (err) {
      lastError = err;
    }
    await sleep(intervalMs, undefined, { signal }).catch(() => signal?.throwIfAborted());
  }
  const cause = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${cause}`);
}

/** Listens on `port` of 127.0.0.1 and closes again; resolves the port it got (the kernel's pick for 0), or undefined when taken. */
function probePort(port: number): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.once('error', (err: NodeJS.ErrnoException) => (err.code === 'EADDRINUSE' ? resolve(undefined) : reject(err)));
    probe.listen(port, '127.0.0.1', () => {
      const address = probe.address();
      const bound = typeof address === 'object' && address !== null ? address.port : undefined;
      probe.close(() => resolve(bound));
    });
  });
}

/** The lowest local port the kernel gives outgoing connections. */
export function firstEphemeralPort(): number {
  try {
    return Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
  } catch {
    return 32_768;
  }
}

// Below the kernel's range for the local ports of outgoing connections: a port from that range
// (bind to 0 picks one) can be taken by any connection between this probe and the server's bind.
const FIRST_TEST_PORT = 10_000;
const TEST_PORT_SPAN = firstEphemeralPort() - FIRST_TEST_PORT;
const PORT_ATTEMPTS = 100;
const handedOut = new Set<number>();

/** A TCP port on 127.0.0.1 that was free a moment ago, never handed out before by this process. */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
    // Where the kernel's range leaves no room below it, its own pick is the only choice.
    const candidate = TEST_PORT_SPAN > 0 ? FIRST_TEST_PORT + Math.floor(Math.random() * TEST_PORT_SPAN) : 0;
    if (handedOut.has(candidate)) continue;
    const port = await probePort(candidate);
    if (port !== undefined && !handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error(`no free port on 127.0.0.1 after ${PORT_ATTEMPTS} attempts`);
}

export function makeTempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `${prefix}-`));
}

export function removeTempDir(dir: string | undefined): void {
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
}

function describeOutput(proc: RunningProcess): string {
  const tail = (text: string): string => text.split('\n').slice(-40).join('\n');
  return `--- ${proc.name} stdout ---\n${tail(proc.stdout())}\n--- ${proc.name} stderr ---\n${tail(proc.stderr())}`;
}

/** Spawns a process and resolves once `readyCheck` passes; kills it and throws if it never does. */
export async function startProcess(options: StartProcessOptions): Promise<RunningProcess> {
  const child = spawn(options.command, options.args ?? [], {
    cwd: options.cwd,
    env: options.env ?? { PATH: process.env.PATH },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...options.user,
  });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout?.on('data', (chunk: Buffer) => out.push(chunk));
  child.stderr?.on('data', (chunk: Buffer) => err.push(chunk));
  let exitInfo: ProcessExit | undefined;
  const exit = new Promise<ProcessExit>((resolve) => {
    child.once('exit', (code, signal) => {
      exitInfo = { code, signal };
      resolve(exitInfo);
    });
  });
  const spawned = await new Promise<boolean>((resolve) => {
    child.once('spawn', () => resolve(true));
    child.once('error', () => resolve(false));
  });
  if (!spawned || child.pid === undefined) {
    throw new Error(`${options.name}: could not spawn ${options.command}`);
  }
  const proc: RunningProcess = {
    name: options.name,
    pid: child.pid,
    child,
    stdout: () => Buffer.concat(out).toString('utf8'),
    stderr: () => Buffer.concat(err).toString('utf8'),
    exit,
    exited: () => exitInfo,
  };
  const exitedEarly = new AbortController();
  void exit.then((how) => exitedEarly.abort(new Error(`${options.name} exited before it was ready, with ${JSON.stringify(how)}`)));
  try {
    await waitFor(options.readyCheck, {
      what: `${options.name} to become ready`,
      timeoutMs: options.readyTimeoutMs ?? 10_000,
      signal: exitedEarly.signal,
    });
  } catch (error) {
    await stopProcess(proc, { signal: 'SIGKILL' });
    throw new Error(`${(error as Error).message}\n${describeOutput(proc)}`);
  }
  return proc;
}

/**
 * Sends `signal` to the process's own PID and waits for it to exit, escalating to SIGKILL
 * after `timeoutMs`. Resolves at once when it has already exited.
 */
export async function stopProcess(
  proc: RunningProcess | undefined,
  { signal = 'SIGTERM', timeoutMs = 5_000 }: { signal?: NodeJS.Signals; timeoutMs?: number } = {},
): Promise<ProcessExit | undefined> {
  if (proc === undefined) return undefined;
  const done = proc.exited();
  if (done !== undefined) return done;
  signalIfRunning(proc, signal);
  const timedOut = Symbol('timed out');
  let timer: NodeJS.Timeout | undefined;
  const first = await Promise.race([
    proc.exit,
    new Promise<typeof timedOut>((resolve) => {
      timer = setTimeout(() => resolve(timedOut), timeoutMs);
    }),
  ]);
  clearTimeout(timer);
  if (first !== timedOut) return first;
  signalIfRunning(proc, 'SIGKILL');
  return proc.exit;
}

function signalIfRunning(proc: RunningProcess, signal: NodeJS.Signals): void {
  if (proc.exited() !== undefined) return;
  try {
    process.kill(proc.pid, signal);
  } catch (err) {
    // It exited between the check and the kill.
    if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
  }
}
