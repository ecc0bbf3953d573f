import { Agent } from 'node:http';
import { httpRequest } from '../__tests__/support/app-http';
import type { Endpoint } from '../config/endpoint';
import { runWrk } from './wrk';

/** One endpoint scraped at a steady trickle for a while. */
export interface ScrapeRun {
  /** Every scrape's latency, ascending: from writing the request to reading the whole answer. */
  readonly latenciesMs: readonly number[];
  /** Body size of one answer, fetched after the run. */
  readonly bytes: number;
}

export interface ScrapeOptions {
  readonly wrk: string;
  readonly endpoint: Endpoint;
  readonly path: string;
  /** Pause after each answer before the next request (Prometheus waits its interval; this is faster, for a p99). */
  readonly pauseMs: number;
  readonly durationSeconds: number;
  readonly scriptDir: string;
  readonly signal?: AbortSignal;
}

/**
 * Scrapes one path on one kept-alive connection, as Prometheus does, timed by wrk: a Node client
 * in the bench process added about 1 ms of its own to every answer and its own stalls to the tail.
 * Rejects if any answer was not 2xx.
 */
export async function scrapeRepeatedly(options: ScrapeOptions): Promise<ScrapeRun> {
  const { endpoint, path } = options;
  const result = await runWrk({
    binary: options.wrk,
    url: `http://${endpoint.host}:${endpoint.port}${path}`,
    threads: 1,
    connections: 1,
    durationSeconds: options.durationSeconds,
    scriptDir: options.scriptDir,
    pause: { fixedMs: options.pauseMs },
    latencySamples: true,
    signal: options.signal,
  });
  const failed = result.socketErrors + result.statusErrors;
  if (failed > 0) throw new Error(`${failed} of ${result.requests} scrapes of ${path} failed`);
  return { latenciesMs: result.latencySamplesMs ?? [], bytes: Buffer.byteLength(await fetchText(endpoint, path)) };
}

/** Series in a Prometheus text exposition: its sample lines (neither comments nor blank). */
export function seriesIn(exposition: string): string[] {
  return exposition.split('\n').filter((line) => line !== '' && !line.startsWith('#')).map((line) => line.slice(0, line.lastIndexOf(' ')));
}

export async function fetchText(endpoint: Endpoint, path: string): Promise<string> {
  const response = await httpRequest(endpoint.port, { path, timeoutMs: 10_000 });
  if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}`);
  return response.body;
}

/**
 * Sends GETs for every path, `concurrency` at a time on kept-alive connections, bounded by
 * `timeoutMs` overall; returns how many answers had each status.
 */
export async function burst(endpoint: Endpoint, paths: readonly string[], concurrency: number, timeoutMs: number): Promise<Map<number, number>> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const statuses = new Map<number, number>();
  const deadline = performance.now() + timeoutMs;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < paths.length) {
      if (performance.now() > deadline) throw new Error(`burst of ${paths.length} requests did not finish within ${timeoutMs} ms`);
      const path = paths[next++];
      const { status } = await httpRequest(endpoint.port, { path, timeoutMs: 5_000, agent });
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, worker));
  } finally {
    agent.destroy();
  }
  return statuses;
}
