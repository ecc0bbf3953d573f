import { existsSync } from 'node:fs';
import Docker from 'dockerode';
import { describeWith } from '../../support/describe-with';

// Where docker/engine.sh puts the socket of the engine it starts.
const PROJECT_ENGINE = 'unix:///run/sentinel-engine/docker.sock';
const HOW_TO_GET_ONE = 'start one with `sudo bash docker/engine.sh start` and build the stand-in images with `npm run docker:images` (or set DOCKER_HOST)';

/** The engine the Docker suite runs on: DOCKER_HOST, else the one docker/engine.sh starts. */
export function engineHost(): string {
  return process.env.DOCKER_HOST ?? PROJECT_ENGINE;
}

function socketPath(host: string): string | undefined {
  return host.startsWith('unix://') ? host.slice('unix://'.length) : undefined;
}

export function dockerClient(): Docker {
  const socket = socketPath(engineHost());
  if (socket === undefined) throw new Error(`DOCKER_HOST=${engineHost()}: the Docker suite talks to a local engine's unix socket only`);
  return new Docker({ socketPath: socket });
}

/**
 * `describe` for suites that need a Docker engine: without one it fails under CI=true
 * and is skipped elsewhere, with a message that says how to get one.
 */
export function describeWithEngine(name: string, body: () => void): void {
  const socket = socketPath(engineHost());
  const missing = socket !== undefined && existsSync(socket) ? undefined : `no Docker engine at ${engineHost()}: ${HOW_TO_GET_ONE}`;
  describeWith(name, { need: 'a Docker engine', missing }, body);
}
