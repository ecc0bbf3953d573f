// Stands in for many app replicas at once: each GET /metrics fetches one real app's /metrics and
// answers it `copies` times over, each copy with its own `copy` label (bench/exposition-copies.ts).
// Usage: node -r ts-node/register/transpile-only copies-server.ts <host> <port> <app port> <copies>
import { Agent, createServer } from 'node:http';
import { httpRequest } from '../__tests__/support/app-http';
import { copiesOf } from './exposition-copies';

const [host, portText, appPortText, copiesText] = process.argv.slice(2);
const [port, appPort, copies] = [portText, appPortText, copiesText].map(Number);
const isPort = (value: number) => Number.isInteger(value) && value >= 1 && value <= 65535;
if (!host || !isPort(port) || !isPort(appPort) || !(Number.isInteger(copies) && copies >= 1)) {
  process.stderr.write('usage: copies-server <host> <port> <app port> <copies>\n');
  process.exit(2);
}

const agent = new Agent({ keepAlive: true, maxSockets: 1 });
const server = createServer((req, res) => {
  if (req.url !== '/metrics') {
    res.writeHead(404).end();
    return;
  }
  httpRequest(appPort, { path: '/metrics', timeoutMs: 4_000, agent }).then(
    (answer) => {
      if (answer.status === 200) {
        res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8' }).end(copiesOf(answer.body, copies));
      } else {
        res.writeHead(502, { 'Content-Type': 'text/plain' }).end(`the app answered ${answer.status}`);
      }
    },
    (err: unknown) => {
      res.writeHead(502, { 'Content-Type': 'text/plain' }).end(String(err));
    },
  );
});
server.listen(port, host);
process.on('SIGTERM', () => {
  agent.destroy();
  server.close(() => process.exit(0));
});
