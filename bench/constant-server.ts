// The ceiling: the smallest useful Node HTTP server, answering every request with a constant
// JSON body the size of the app's. Same runtime and keep-alive timeout as the app, no logging,
// no Redis, no metrics. Usage: node -r ts-node/register/transpile-only constant-server.ts <host> <port>
import { createServer } from 'node:http';

const [host, portText] = process.argv.slice(2);
const port = Number(portText);
if (!host || !Number.isInteger(port) || port < 1 || port > 65535) {
  process.stderr.write('usage: constant-server <host> <port>\n');
  process.exit(2);
}

const body = Buffer.from('{"visits":1234567}');
const headers = { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(body.length) };

const server = createServer((_req, res) => {
  res.writeHead(200, headers);
  res.end(body);
});
// As in the app: longer than the gateway's upstream keepalive_timeout, so nginx closes idle connections first.
server.keepAliveTimeout = 65_000;
server.listen(port, host);
process.on('SIGTERM', () => server.close(() => process.exit(0)));
