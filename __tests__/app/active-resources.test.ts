import { connect, createServer, type Socket } from 'node:net';
import { ACTIVE_RESOURCE_NAMES } from '../../app/src/active-resources';
import { createMetrics } from '../../app/src/metrics';
import { parsePrometheusText, samplesOf } from '../support/app-prometheus';

type Scrape = ReturnType<typeof parsePrometheusText>;

const scrape = async (metrics: ReturnType<typeof createMetrics>): Promise<Scrape> => parsePrometheusText(await metrics.exposition());
const byType = (exposition: Scrape, name: string): Map<string, number> =>
  new Map(samplesOf(exposition, name).map((sample) => [sample.labels.type, sample.value]));
const total = (exposition: Scrape, name: string): number | undefined => samplesOf(exposition, `${name}_total`)[0]?.value;
const sum = (counts: Map<string, number>): number => [...counts.values()].reduce((a, b) => a + b, 0);

/** `count` connections to a server in this process; resolves once the server has accepted them all. */
async function openConnections(count: number): Promise<{ close: () => Promise<void> }> {
  const accepted: Socket[] = [];
  const server = createServer((socket) => accepted.push(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const allAccepted = new Promise<void>((resolve) => server.on('connection', () => accepted.length === count && resolve()));
  const clients = await Promise.all(
    Array.from({ length: count }, () => new Promise<Socket>((resolve) => { const socket = connect(port, '127.0.0.1', () => resolve(socket)); })),
  );
  await allAccepted;
  const close = async (): Promise<void> => {
    for (const socket of [...clients, ...accepted]) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return { close };
}

describe('replaceActiveResourceMetrics', () => {
  afterEach(() => jest.restoreAllMocks());

  it('exposes the handles, requests and resources gauges with their totals, in place of the ones collectDefaultMetrics adds', async () => {
    const exposition = await scrape(createMetrics());
    for (const name of ACTIVE_RESOURCE_NAMES) expect(exposition.types.get(name)).toBe('gauge');
    expect([...ACTIVE_RESOURCE_NAMES].sort()).toEqual(
      ['nodejs_active_handles', 'nodejs_active_handles_total', 'nodejs_active_requests', 'nodejs_active_requests_total', 'nodejs_active_resources', 'nodejs_active_resources_total'],
    );
  });

  it('counts open sockets by type, and each total is the sum of its types', async () => {
    const metrics = createMetrics();
    const before = await scrape(metrics);
    const connections = await openConnections(5);
    try {
      const during = await scrape(metrics);
      // Five client sockets and the five the server accepted, plus the listening server.
      expect((byType(during, 'nodejs_active_handles').get('Socket') ?? 0) - (byType(before, 'nodejs_active_handles').get('Socket') ?? 0)).toBe(10);
      expect((byType(during, 'nodejs_active_handles').get('Server') ?? 0) - (byType(before, 'nodejs_active_handles').get('Server') ?? 0)).toBe(1);
      expect((byType(during, 'nodejs_active_resources').get('TCPSocketWrap') ?? 0) - (byType(before, 'nodejs_active_resources').get('TCPSocketWrap') ?? 0)).toBe(10);
      for (const name of ['nodejs_active_handles', 'nodejs_active_resources']) {
        expect(total(during, name)).toBe(sum(byType(during, name)));
      }
    } finally {
      await connections.close();
    }
  });

  it('reads each of Node\'s lists once per scrape', async () => {
    const metrics = createMetrics();
    const handles = jest.spyOn(process as unknown as { _getActiveHandles: () => unknown[] }, '_getActiveHandles');
    const resources = jest.spyOn(process, 'getActiveResourcesInfo');
    await metrics.exposition();
    expect(handles).toHaveBeenCalledTimes(1);
    expect(resources).toHaveBeenCalledTimes(1);
  });
});
