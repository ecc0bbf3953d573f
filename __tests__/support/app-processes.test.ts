import { createServer } from 'node:net';
import { firstEphemeralPort, freePort, startProcess, waitFor } from './app-processes';

const listenOn = (port: number): Promise<void> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => server.close(() => resolve()));
  });

describe('freePort', () => {
  it('hands out distinct ports below the range of outgoing connections, each free to listen on', async () => {
    const ports: number[] = [];
    for (let i = 0; i < 20; i++) ports.push(await freePort());
    expect(new Set(ports).size).toBe(ports.length);
    for (const port of ports) {
      expect(port).toBeLessThan(firstEphemeralPort());
      await listenOn(port);
    }
  });
});

describe('waitFor', () => {
  it('fails with the signal reason as soon as the signal aborts', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('gave up')), 50);
    await expect(waitFor(() => false, { what: 'never', timeoutMs: 60_000, intervalMs: 10, signal: controller.signal })).rejects.toThrow('gave up');
  });

  it('names what it waited for and the last error when time runs out', async () => {
    const failing = () => Promise.reject(new Error('refused'));
    await expect(waitFor(failing, { what: 'the thing', timeoutMs: 50, intervalMs: 10 })).rejects.toThrow(
      'timed out after 50 ms waiting for the thing (last error: refused)',
    );
  });
});

describe('startProcess', () => {
  it('reports a process that exits before it is ready, with its output, instead of waiting out the timeout', async () => {
    const start = startProcess({
      name: 'quitter',
      command: '/bin/sh',
      args: ['-c', 'echo cannot bind >&2; exit 3'],
      readyCheck: async () => false,
      readyTimeoutMs: 60_000,
    });
    await expect(start).rejects.toThrow(/quitter exited before it was ready, with \{"code":3,"signal":null\}[\s\S]*cannot bind/);
  });
});
