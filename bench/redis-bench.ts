import { spawn } from 'node:child_process';
import type { Endpoint } from '../config/endpoint';

export interface RedisBenchResult {
  readonly opsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

/** `redis-benchmark -t incr` against `redis`: no pipelining, `clients` connections, `requests` commands. */
export function redisBenchmarkIncr(
  binary: string,
  redis: Endpoint,
  clients: number,
  requests: number,
  signal?: AbortSignal,
): Promise<RedisBenchResult> {
  const args = ['-h', redis.host, '-p', String(redis.port), '-t', 'incr', '-c', String(clients), '-n', String(requests), '--csv'];
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'], signal });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    const guard = setTimeout(() => {
      if (child.pid !== undefined && child.exitCode === null) process.kill(child.pid, 'SIGKILL');
    }, 120_000);
    child.once('error', (err) => {
      clearTimeout(guard);
      reject(err);
    });
    child.once('close', (code, signal) => {
      clearTimeout(guard);
      // "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"
      const row = out.split('\n').find((line) => line.startsWith('"INCR"'));
      const fields = row?.split(',').map((field) => Number(field.replace(/"/g, '')));
      if (code !== 0 || fields === undefined || !(fields[1] > 0)) {
        reject(new Error(`redis-benchmark ${args.join(' ')} ended with ${signal ?? code}:\n${out.slice(-1000)}`));
        return;
      }
      resolve({ opsPerSecond: fields[1], p50Ms: fields[4], p99Ms: fields[6] });
    });
  });
}
