import type Docker from 'dockerode';
import { IMAGES } from '../../../constructs/engine/images';
import type { Endpoint } from '../../../config/endpoint';
import { freePort } from '../../support/app-processes';
import { pack } from 'tar-stream';
import { SWARM_SUITE_LABELS } from './swarm-mode';

/** Loopback ports on the host that reach services on one of the stack's attachable overlay networks. */
export interface LoopbackForwarder {
  /** The loopback endpoint for each forwarded service, by the name given. */
  readonly endpoints: Readonly<Record<string, Endpoint>>;
  remove(): Promise<void>;
}

// Swarm's DNS, inside every container on an overlay network: names are looked up per request, so a replaced task is found.
const SWARM_DNS = '127.0.0.11';
const FIRST_LISTEN_PORT = 8080;

function forwarderConfig(targets: readonly Endpoint[]): string {
  const servers = targets.map(
    (target, i) => `  server {
    listen ${FIRST_LISTEN_PORT + i};
    location / {
      set $target ${target.host}:${target.port};
      proxy_pass http://$target;
    }
  }`,
  );
  return `pid /tmp/nginx.pid;
error_log stderr warn;
events {}
http {
  access_log off;
  resolver ${SWARM_DNS} valid=1s;
  client_body_temp_path /tmp/client_body;
  proxy_temp_path /tmp/proxy;
  fastcgi_temp_path /tmp/fastcgi;
  uwsgi_temp_path /tmp/uwsgi;
  scgi_temp_path /tmp/scgi;
${servers.join('\n')}
}
`;
}

/**
 * A test fixture, not part of the stack: the swarm stack publishes only its public port (Swarm
 * publishes on every interface), so Prometheus and Alertmanager are reached through an nginx
 * (the gateway's stand-in image) on their overlay network, published on 127.0.0.1 alone.
 */
export interface ForwarderOptions {
  /** The nginx image to run. @default the gateway's pinned image */
  readonly image?: string;
  /** The address of the engine's host it is published on. @default 127.0.0.1 */
  readonly hostIp?: string;
}

export async function loopbackForwarder(docker: Docker, network: string, targets: Readonly<Record<string, Endpoint>>, options: ForwarderOptions = {}): Promise<LoopbackForwarder> {
  const { image = IMAGES.gateway, hostIp = '127.0.0.1' } = options;
  const names = Object.keys(targets);
  const hostPorts = await Promise.all(names.map(() => freePort()));
  const listenPorts = names.map((_, i) => `${FIRST_LISTEN_PORT + i}/tcp`);
  const container = await docker.createContainer({
    Image: image,
    Cmd: ['nginx', '-g', 'daemon off;', '-c', '/tmp/forwarder.conf'],
    Entrypoint: [],
    User: '101:101',
    Labels: SWARM_SUITE_LABELS,
    ExposedPorts: Object.fromEntries(listenPorts.map((port) => [port, {}])),
    HostConfig: {
      NetworkMode: network,
      PortBindings: Object.fromEntries(listenPorts.map((port, i) => [port, [{ HostIp: hostIp, HostPort: String(hostPorts[i]) }]])),
      CapDrop: ['ALL'],
      SecurityOpt: ['no-new-privileges:true'],
    },
  });
  try {
    await container.putArchive(await tarOf([{ path: '/tmp/forwarder.conf', content: forwarderConfig(Object.values(targets)), mode: 0o644 }]), { path: '/' });
    await container.start();
  } catch (error) {
    await container.remove({ force: true });
    throw error;
  }
  return {
    endpoints: Object.fromEntries(names.map((name, i) => [name, { host: hostIp, port: hostPorts[i]! }])),
    remove: () => container.remove({ force: true }),
  };
}

/** Files as a tar archive, owned by root. */
async function tarOf(files: readonly { path: string; content: string | Buffer; mode: number }[]): Promise<Buffer> {
  const archive = pack();
  for (const file of files) archive.entry({ name: file.path.replace(/^\//, ''), mode: file.mode, uid: 0, gid: 0 }, file.content);
  archive.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of archive) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
