import type { Endpoint } from '../config/endpoint';
import { runToEnd } from './run-to-end';

export interface RedisBenchResult {
  readonly opsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

/** `redis-benchmark -t incr` against `redis`: no pipelining, `clients` connections, `requests` commands. */
export async function redisBenchmarkIncr(
  binary: string,
  redis: Endpoint,
  clients: number,
  requests: number,
  signal?: AbortSignal,
): Promise<RedisBenchResult> {
  const args = ['-h', redis.host, '-p', String(redis.port), '-t', 'incr', '-c', String(clients), '-n', String(requests), '--csv'];
  const { code, signal: exitSignal, out } = await runToEnd(binary, args, 120_000, signal);
  // "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"
  const row = out.split('\n').find((line) => line.startsWith('"INCR"'));
  const fields = row?.split(',').map((field) => Number(field.replace(/"/g, '')));
  if (code !== 0 || fields === undefined || !(fields[1] > 0)) {
    throw new Error(`redis-benchmark ${args.join(' ')} ended with ${exitSignal ?? code}:\n${out.slice(-1000)}`);
  }
  return { opsPerSecond: fields[1], p50Ms: fields[4], p99Ms: fields[6] };
}
