import { spawn } from 'node:child_process';

export interface ChildOutput {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** stdout and stderr, in the order they arrived. */
  readonly out: string;
}

/**
 * Runs `binary` until it exits and collects what it printed. Past `timeoutMs` it is killed by
 * PID; rejects if it cannot start or `signal` aborts it.
 */
export function runToEnd(binary: string, args: readonly string[], timeoutMs: number, signal?: AbortSignal): Promise<ChildOutput> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'], signal });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    const guard = setTimeout(() => {
      if (child.pid !== undefined && child.exitCode === null) process.kill(child.pid, 'SIGKILL');
    }, timeoutMs);
    child.once('error', (err) => {
      clearTimeout(guard);
      reject(err);
    });
    child.once('close', (code, exitSignal) => {
      clearTimeout(guard);
      if (signal?.aborted) reject(new Error('interrupted'));
      else resolve({ code, signal: exitSignal, out });
    });
  });
}
