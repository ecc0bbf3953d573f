import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import Docker from 'dockerode';
import type { Endpoint } from '../../../config/endpoint';
import { describeWith } from '../../support/describe-with';

/** A node of the three-node swarm, as docker/swarm-hosts.sh makes it. */
export interface SwarmHost {
  /** Its hostname, the name Swarm shows for it. */
  readonly name: string;
  /** Its address on the bridge between the nodes. */
  readonly address: string;
  /** Its dockerd's socket, in the machine's mount namespace. */
  readonly socket: string;
}

const RUN_DIR = '/run/sentinel-swarm-hosts';
export const SWARM_HOSTS: readonly SwarmHost[] = [1, 2, 3].map((n) => ({ name: `s3-node${n}`, address: `10.231.0.${10 + n}`, socket: `${RUN_DIR}/s3-node${n}.sock` }));
/** The registry the nodes pull from, on the host's address on their bridge (plain HTTP, open). */
export const SWARM_REGISTRY = '10.231.0.1:5000';
const HOW_TO_GET_ONE =
  'start it with `sudo bash docker/swarm-hosts.sh start` (it installs Debian\'s docker.io and docker-registry if missing, and pushes the stand-in images of the engine `bash docker/engine.sh start` runs, built with `npm run docker:images`)';

export function hostClient(host: SwarmHost): Docker {
  return new Docker({ socketPath: host.socket });
}

/**
 * `describe` for suites that need the three-node swarm: without it, it fails under CI=true and
 * is skipped elsewhere, with a message that says how to start it.
 */
export function describeWithSwarmHosts(name: string, body: () => void): void {
  const absent = SWARM_HOSTS.filter((host) => !existsSync(host.socket)).map((host) => host.socket);
  const missing = absent.length === 0 ? undefined : `no three-node swarm (no ${absent.join(', ')}): ${HOW_TO_GET_ONE}`;
  describeWith(name, { need: 'the three-node swarm', missing }, body);
}

/** A port on 127.0.0.1 whose connections are passed to a target that can move (a service's task on another node). */
export interface LoopbackRelay {
  readonly port: number;
  target: Endpoint;
  close(): Promise<void>;
}

/** Relays 127.0.0.1:<free port> to `target`, each connection to the target of the moment. */
export async function loopbackRelay(target: Endpoint): Promise<LoopbackRelay> {
  const sockets = new Set<Socket>();
  const relay = { target } as { target: Endpoint };
  const server: Server = createServer((client) => {
    const upstream = connect(relay.target.port, relay.target.host);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      // Either side failing ends both: the client sees the connection fail, as it would direct.
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as { port: number };
  return Object.assign(relay, {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  });
}

/** Pulls an image onto one node's engine, waiting until the pull has finished. */
export async function pullOnto(docker: Docker, image: string): Promise<void> {
  const stream = await docker.pull(image);
  await new Promise<void>((resolve, reject) => docker.modem.followProgress(stream, (error: Error | null) => (error ? reject(error) : resolve())));
}

/** Cuts a node off the bridge (its veth's host end down), as a pulled cable would. */
export function cutLink(host: SwarmHost): void {
  execFileSync('ip', ['link', 'set', `${host.name}-h`, 'down'], { stdio: 'pipe' });
}

export function restoreLink(host: SwarmHost): void {
  execFileSync('ip', ['link', 'set', `${host.name}-h`, 'up'], { stdio: 'pipe' });
}
