import type Docker from 'dockerode';
import { PROBE_LABEL } from './engine-probes';

export const FAILING_SINK_PORTS = { http: 8080, smtp: 8025 } as const;

// Every HTTP request answered 500 after its body, every SMTP session refused at the greeting.
const SINK_SCRIPT = `
const http = require('node:http');
const net = require('node:net');
http.createServer((request, response) => {
  request.resume();
  request.on('end', () => { response.writeHead(500); response.end('failing on purpose\\n'); });
}).listen(${FAILING_SINK_PORTS.http});
net.createServer((socket) => socket.end('554 5.3.0 failing on purpose\\r\\n')).listen(${FAILING_SINK_PORTS.smtp});
`;

/**
 * A container on `network`, found there as `alias`, where every receiver fails: run with Node from
 * `image`, unprivileged, labelled as the suite's probe so a killed run's is removed. Remove it when done.
 */
export async function startFailingSink(docker: Docker, { image, network, alias }: { image: string; network: string; alias: string }): Promise<Docker.Container> {
  const container = await docker.createContainer({
    Image: image,
    Entrypoint: ['node', '-e', SINK_SCRIPT],
    Cmd: [],
    User: '65534:65534',
    Labels: { [PROBE_LABEL]: 'true' },
    HostConfig: { NetworkMode: network, CapDrop: ['ALL'], SecurityOpt: ['no-new-privileges:true'] },
    NetworkingConfig: { EndpointsConfig: { [network]: { Aliases: [alias] } } },
  });
  await container.start();
  return container;
}
