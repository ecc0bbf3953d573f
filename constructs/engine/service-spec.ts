// What a service is, whichever engine runs it: the props of ServiceContainer and what both renderers share.
import type { Duration } from '../../config/duration';
import type { Container, Image, Service, Volume } from '../framework/docker';
import type { TerraformResource } from '../framework/framework';
import type { NetworkRole } from './networks';
import type { PublishedPort } from './published-port';

/** A probe run inside the container: exec form, or a shell line where a pipe is needed. */
export type Healthcheck = ({ readonly command: readonly string[] } | { readonly shellCommand: string }) & {
  readonly interval?: Duration;
  readonly startPeriod?: Duration;
};

/** For images with nothing to probe with (no shell, no HTTP client): say why. */
export interface NoHealthcheck {
  readonly unavailableBecause: string;
}

export type ConfigFile = { readonly path: string } & (
  | {
      /** The file's text, or a renderer called at synth time, once every construct is in the stack. */
      readonly content: string | (() => string);
    }
  | {
      /** Text already written as a Terraform template, to interpolate values known only at apply time. */
      readonly terraformTemplate: string;
    }
);

export type VolumeMount = { readonly containerPath: string } & (
  | { readonly volume: Volume }
  /** A host directory, always mounted read-only. */
  | { readonly hostPath: string }
);

/**
 * A value that must not show in `docker inspect`: on Swarm a secret file at
 * `/run/secrets/<name>`, named to the process by `<VARIABLE>__FILE` (as Grafana reads it);
 * on one host, where the container's environment is the only way in, the variable itself.
 */
export interface SecretValue {
  readonly secret: string;
}

/** What a service runs as, for the services that resolve it by name: a container per replica on one host, one service on a Swarm. */
export interface RunningService {
  readonly resources: readonly (Container | Service)[];
}

export interface ServiceContainerProps {
  /** Short name: the DNS alias on every network and the suffix of the container name. */
  readonly serviceName: string;
  /** A pulled image reference (`name:tag`) or an image built by the stack. */
  readonly image: string | Image;
  /** The stack's networks it joins, by role; none in the host's network namespace. */
  readonly networks: readonly NetworkRole[];
  readonly healthcheck: Healthcheck | NoHealthcheck;
  readonly memoryMb: number;
  /** User the process runs as; every image here supports running unprivileged. */
  readonly user: string;
  readonly command?: readonly string[];
  /** Its environment; a `{ secret }` value is kept out of the engine's inspect output where the engine can (Swarm). */
  readonly env?: Readonly<Record<string, string | SecretValue>>;
  /** Files uploaded before start; a function is called at synth time, once every construct is in the stack. */
  readonly files?: readonly ConfigFile[] | (() => readonly ConfigFile[]);
  readonly volumes?: readonly VolumeMount[];
  readonly publish?: readonly PublishedPort[];
  /** Only for images with no uploaded files: Docker refuses uploads into a read-only root. */
  readonly readOnlyRootFilesystem?: boolean;
  /**
   * Services this one resolves by name once, at start (nginx upstreams): it starts
   * after they are healthy and is replaced whenever one of them is. A function is called
   * at synth time, once every construct is in the stack.
   */
  readonly upstreams?: () => readonly RunningService[];
  /**
   * The host's network and PID namespaces instead of networks of the stack, for an exporter
   * that describes the host itself; `networks` must then be empty. It is created after the
   * network whose address it listens on.
   */
  readonly hostNamespaces?: { readonly listensOn: NetworkRole };
  /**
   * How many run it: tasks of the one service on a Swarm; on one host, containers, each named
   * and aliased on its own (`replicaNames`). @default 1
   */
  readonly replicas?: number;
}

/**
 * On one host, each replica's short name (DNS alias and container-name suffix): the first keeps
 * the service's own, so going from one replica to several leaves the running container alone;
 * the others are `<serviceName>-2`, `<serviceName>-3`, …
 */
export function replicaNames(serviceName: string, replicas: number): string[] {
  return Array.from({ length: replicas }, (_, index) => (index === 0 ? serviceName : `${serviceName}-${index + 1}`));
}

const HEALTHCHECK_TIMEOUT: Duration = '3s';
const HEALTHCHECK_RETRIES = 5;
export const STOP_GRACE_SECONDS = 15;
export const LOG_ROTATION = { 'max-size': '10m', 'max-file': '3' };

/** The probe as both engines take it: exec form or a shell line, with its timing. */
export function probeSettings(healthcheck: Healthcheck) {
  return {
    test: 'command' in healthcheck ? ['CMD', ...healthcheck.command] : ['CMD-SHELL', healthcheck.shellCommand],
    interval: healthcheck.interval ?? '10s',
    timeout: HEALTHCHECK_TIMEOUT,
    retries: HEALTHCHECK_RETRIES,
    startPeriod: healthcheck.startPeriod ?? '10s',
  };
}

/** Files known at construction, or rendered once every construct is in the stack. */
export function filesOf(props: ServiceContainerProps): readonly ConfigFile[] {
  const { files = [] } = props;
  return typeof files === 'function' ? files() : files;
}

/** Empty lists stay out of the synthesized JSON. */
export function nonEmpty<T>(list: T[]): T[] | undefined {
  return list.length > 0 ? list : undefined;
}


/** `<type>.<name>`, as depends_on lists a resource. */
export function addressOf(resource: TerraformResource): string {
  return `${resource.terraformResourceType}.${resource.friendlyUniqueId}`;
}
