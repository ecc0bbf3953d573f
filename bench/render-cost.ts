// `npm run bench:render`: where the app's /metrics render spends its time when a scrape finds it
// cold, as Prometheus' does (one scrape every few seconds). Builds the app's metrics in this
// process (app/src/metrics.ts, prom-client's default collectors), holds sockets open so the
// handle and descriptor collectors have a server's worth to count, and times each family's
// collection and formatting and the whole exposition after a pause, and back to back. Prints the figures;
// writes nothing into the repository.
import { createServer, connect, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { createMetrics } from '../app/src/metrics';
import { median, sum } from './stats';
import { checkAborted, intFromEnv, runScript } from './script';

const PARAMS = {
  rounds: intFromEnv('RENDER_ROUNDS', 200, 10, 10_000),
  // Prometheus scrapes every 5 s; already after 100 ms the render costs as much as cold (bench Session 5).
  pauseMs: intFromEnv('RENDER_PAUSE_MS', 100, 0, 10_000),
  // About what the gateway's upstream pool and a few clients keep open on a busy app.
  sockets: intFromEnv('RENDER_SOCKETS', 70, 0, 1_000),
} as const;

const microseconds = (since: bigint): number => Number(process.hrtime.bigint() - since) / 1e3;

async function main(): Promise<void> {
  const metrics = createMetrics();
  const server = createServer((socket) => socket.on('error', () => undefined));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const clients: Socket[] = Array.from({ length: PARAMS.sockets }, () => connect(port, '127.0.0.1'));
  try {
    for (let i = 0; i < 1_000; i++) metrics.httpRequestDuration.observe({ method: 'GET', route: '/', status_code: '200' }, 0.002);
    await sleep(200);
    const perFamily = new Map<string, number[]>();
    const cold: number[] = [];
    const warm: number[] = [];
    let bytes = 0;
    for (let round = 0; round < PARAMS.rounds; round++) {
      checkAborted();
      await sleep(PARAMS.pauseMs);
      for (const { name } of metrics.registry.getMetricsAsArray()) {
        const start = process.hrtime.bigint();
        await metrics.registry.getSingleMetricAsString(name);
        const samples = perFamily.get(name) ?? [];
        samples.push(microseconds(start));
        perFamily.set(name, samples);
      }
      await sleep(PARAMS.pauseMs);
      let start = process.hrtime.bigint();
      bytes = (await metrics.exposition()).length;
      cold.push(microseconds(start));
      start = process.hrtime.bigint();
      await metrics.exposition();
      warm.push(microseconds(start));
    }
    const families = [...perFamily].map(([name, samples]) => ({ name, us: median(samples) })).sort((a, b) => b.us - a.us);
    const collected = sum(families.map((family) => family.us));
    console.log(`| /metrics render (${bytes} B, ${PARAMS.rounds} rounds, ${PARAMS.sockets} sockets open) | median µs |`);
    console.log('| --- | ---: |');
    console.log(`| whole exposition, ${PARAMS.pauseMs} ms after the last | ${median(cold).toFixed(0)} |`);
    console.log(`| whole exposition, right after another | ${median(warm).toFixed(0)} |`);
    console.log(`| each of prom-client's families collected and formatted on its own, ${PARAMS.pauseMs} ms after the last render: sum | ${collected.toFixed(0)} |`);
    for (const { name, us } of families.filter((family) => family.us >= 10)) console.log(`| — ${name} | ${us.toFixed(0)} |`);
  } finally {
    for (const client of clients) client.destroy();
    server.close();
  }
}

runScript('bench:render', main);
