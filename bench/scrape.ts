import { Agent, request } from 'node:http';
import type { Endpoint } from '../config/endpoint';

export interface ScrapeSample {
  readonly ms: number;
  readonly bytes: number;
  readonly status: number;
}

/** One GET on a kept-alive connection, timed from sending to the last byte of the body. */
function timedGet(agent: Agent, endpoint: Endpoint, path: string, timeoutMs: number): Promise<ScrapeSample & { body: string }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = request({ host: endpoint.host, port: endpoint.port, path, agent, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        resolve({ ms: performance.now() - started, bytes: body.length, status: res.statusCode ?? 0, body: body.toString('utf8') });
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${path} took over ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  });
}

/**
 * Scrapes `path` at a fixed rate, as Prometheus does but faster so a run yields enough samples
 * for a p99, until `durationMs` has passed; one connection, kept alive, like Prometheus.
 */
export async function scrapeRepeatedly(endpoint: Endpoint, path: string, intervalMs: number, durationMs: number): Promise<ScrapeSample[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const samples: ScrapeSample[] = [];
  const start = performance.now();
  const maxScrapes = Math.ceil(durationMs / intervalMs) + 1;
  try {
    for (let i = 0; i < maxScrapes && performance.now() - start < durationMs; i++) {
      const { ms, bytes, status } = await timedGet(agent, endpoint, path, 5_000);
      samples.push({ ms, bytes, status });
      const wait = start + (i + 1) * intervalMs - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
  } finally {
    agent.destroy();
  }
  return samples;
}

/** Series in a Prometheus text exposition: its sample lines (neither comments nor blank). */
export function seriesIn(exposition: string): string[] {
  return exposition.split('\n').filter((line) => line !== '' && !line.startsWith('#')).map((line) => line.slice(0, line.lastIndexOf(' ')));
}

export async function fetchText(endpoint: Endpoint, path: string): Promise<string> {
  const agent = new Agent({ keepAlive: false });
  try {
    const response = await timedGet(agent, endpoint, path, 10_000);
    if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}`);
    return response.body;
  } finally {
    agent.destroy();
  }
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
      const { status } = await timedGet(agent, endpoint, path, 5_000);
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
