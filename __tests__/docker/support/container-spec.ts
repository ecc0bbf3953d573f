import type { ContainerCreateOptions } from 'dockerode';
import { durationMs } from '../../../config/duration';

/** A network the container joins, with the DNS aliases it answers to there. */
export interface NetworkAttachment {
  readonly network: string;
  readonly aliases: readonly string[];
}

export interface UploadedFile {
  readonly path: string;
  readonly content: string;
}

/** What the provider does with one `docker_container`, in the order it does it. */
export interface ContainerSpec {
  readonly name: string;
  /** Engine API body for the create call (on the first network). */
  readonly create: ContainerCreateOptions;
  /** The networks joined after the create call, before the start. */
  readonly moreNetworks: readonly NetworkAttachment[];
  /** Written into the created container before it starts. */
  readonly uploads: readonly UploadedFile[];
  /** Seconds to wait for `healthy` after the start, when the stack asks for the wait. */
  readonly waitTimeoutSeconds?: number;
  /** Stop timeout when the container is destroyed. */
  readonly destroyGraceSeconds: number;
  /** Resource addresses (`docker_container.x`) created before this one. */
  readonly dependsOn: readonly string[];
  /** Resource addresses (`docker_container.x`) whose replacement replaces this container too. */
  readonly replaceTriggeredBy: readonly string[];
}

/** A `docker_container` whose strings Terraform has already evaluated. */
export type ResolvedContainer = Record<string, unknown>;

// The provider's defaults where the stack leaves an attribute out.
const PROVIDER_DEFAULT_WAIT_TIMEOUT_SECONDS = 60;
const PROVIDER_DEFAULT_DESTROY_GRACE_SECONDS = 0;
const MIB = 1024 * 1024;

/** Every attribute the stack may set, and nothing else: a new one fails the rehearsal until it is mapped here. */
const UNDERSTOOD = {
  container: ['//', 'name', 'image', 'user', 'command', 'env', 'restart', 'memory', 'memory_swap', 'log_driver', 'log_opts',
    'capabilities', 'security_opts', 'read_only', 'healthcheck', 'wait', 'wait_timeout', 'networks_advanced', 'ports',
    'volumes', 'upload', 'stop_timeout', 'destroy_grace_seconds', 'depends_on', 'lifecycle', 'network_mode', 'pid_mode'],
  capabilities: ['add', 'drop'],
  healthcheck: ['test', 'interval', 'timeout', 'retries', 'start_period'],
  networks_advanced: ['name', 'aliases'],
  ports: ['internal', 'external', 'ip', 'protocol'],
  volumes: ['volume_name', 'host_path', 'container_path', 'read_only'],
  upload: ['file', 'content'],
  // ignore_changes shapes plans only: nothing to do at create.
  lifecycle: ['replace_triggered_by', 'ignore_changes'],
} as const;

export class UnsupportedAttributeError extends Error {}

export function requireUnderstood(where: string, value: unknown, known: readonly string[]): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new UnsupportedAttributeError(`${where}: expected an object, got ${JSON.stringify(value)}`);
  }
  const unknown = Object.keys(value).filter((key) => !known.includes(key));
  if (unknown.length > 0) {
    throw new UnsupportedAttributeError(`${where}: the rehearsal does not understand ${unknown.map((key) => `"${key}"`).join(', ')}`);
  }
  return value as Record<string, unknown>;
}

export function list(where: string, value: unknown): unknown[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new UnsupportedAttributeError(`${where}: expected a list, got ${JSON.stringify(value)}`);
  return value;
}

export function nanoseconds(where: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const ms = typeof value === 'string' ? durationMs(value) : undefined;
  if (ms === undefined) throw new UnsupportedAttributeError(`${where}: not a duration: ${JSON.stringify(value)}`);
  return ms * 1_000_000;
}

function mebibytes(value: unknown): number | undefined {
  return typeof value === 'number' ? value * MIB : undefined;
}

export function healthcheck(where: string, value: unknown): ContainerCreateOptions['Healthcheck'] {
  if (value === undefined) return undefined;
  const check = requireUnderstood(where, value, UNDERSTOOD.healthcheck);
  return {
    Test: check.test as string[],
    Interval: nanoseconds(`${where}.interval`, check.interval),
    Timeout: nanoseconds(`${where}.timeout`, check.timeout),
    Retries: check.retries as number | undefined,
    StartPeriod: nanoseconds(`${where}.start_period`, check.start_period),
  };
}

function networks(where: string, value: unknown): NetworkAttachment[] {
  return list(where, value).map((entry, i) => {
    const network = requireUnderstood(`${where}[${i}]`, entry, UNDERSTOOD.networks_advanced);
    return { network: network.name as string, aliases: (network.aliases as string[] | undefined) ?? [] };
  });
}

function portBindings(where: string, value: unknown) {
  const exposed: Record<string, object> = {};
  const bindings: Record<string, { HostIp: string; HostPort: string }[]> = {};
  list(where, value).forEach((entry, i) => {
    const port = requireUnderstood(`${where}[${i}]`, entry, UNDERSTOOD.ports);
    const key = `${port.internal as number}/${(port.protocol as string | undefined) ?? 'tcp'}`;
    exposed[key] = {};
    bindings[key] = [...(bindings[key] ?? []), { HostIp: (port.ip as string | undefined) ?? '0.0.0.0', HostPort: String(port.external) }];
  });
  return { exposed, bindings };
}

function binds(where: string, value: unknown): string[] {
  return list(where, value).map((entry, i) => {
    const volume = requireUnderstood(`${where}[${i}]`, entry, UNDERSTOOD.volumes);
    const source = (volume.volume_name ?? volume.host_path) as string | undefined;
    if (source === undefined) throw new UnsupportedAttributeError(`${where}[${i}]: neither volume_name nor host_path`);
    return `${source}:${volume.container_path as string}${volume.read_only === true ? ':ro' : ''}`;
  });
}

function uploads(where: string, value: unknown): UploadedFile[] {
  return list(where, value).map((entry, i) => {
    const upload = requireUnderstood(`${where}[${i}]`, entry, UNDERSTOOD.upload);
    return { path: upload.file as string, content: upload.content as string };
  });
}

/** The container a trigger names: its identity (`.id`) or the whole resource; any other attribute is not modelled. */
function triggerAddress(where: string, trigger: string): string {
  const match = /^(docker_container\.[A-Za-z0-9_-]+)(\.id)?$/.exec(trigger);
  if (!match) throw new UnsupportedAttributeError(`${where}: the rehearsal only models triggers on a container or its id, not ${trigger}`);
  return match[1]!;
}

/**
 * The Engine API calls kreuzwerker/docker 3.6.2 makes for one `docker_container`: create
 * (config and host config from the attributes), join the other networks, upload files,
 * start, then wait for `healthy` when `wait` is set.
 */
export function containerSpec(address: string, resource: ResolvedContainer): ContainerSpec {
  const container = requireUnderstood(address, resource, UNDERSTOOD.container);
  const attachments = networks(`${address}.networks_advanced`, container.networks_advanced);
  const [first, ...rest] = attachments;
  const ports = portBindings(`${address}.ports`, container.ports);
  const capabilities =
    container.capabilities === undefined ? {} : requireUnderstood(`${address}.capabilities`, container.capabilities, UNDERSTOOD.capabilities);
  const lifecycle =
    container.lifecycle === undefined ? {} : requireUnderstood(`${address}.lifecycle`, container.lifecycle, UNDERSTOOD.lifecycle);
  const logOpts = container.log_opts as Record<string, string> | undefined;

  return {
    name: container.name as string,
    create: {
      name: container.name as string,
      Image: container.image as string,
      User: container.user as string | undefined,
      Cmd: container.command as string[] | undefined,
      Env: container.env as string[] | undefined,
      ExposedPorts: ports.exposed,
      Healthcheck: healthcheck(`${address}.healthcheck`, container.healthcheck),
      StopTimeout: container.stop_timeout as number | undefined,
      HostConfig: {
        NetworkMode: (container.network_mode as string | undefined) ?? first?.network,
        PidMode: container.pid_mode as string | undefined,
        PortBindings: ports.bindings,
        Binds: binds(`${address}.volumes`, container.volumes),
        RestartPolicy: { Name: (container.restart as string | undefined) ?? 'no' },
        Memory: mebibytes(container.memory),
        MemorySwap: mebibytes(container.memory_swap),
        LogConfig: { Type: (container.log_driver as string | undefined) ?? 'json-file', Config: logOpts ?? {} },
        CapAdd: capabilities.add as string[] | undefined,
        CapDrop: capabilities.drop as string[] | undefined,
        SecurityOpt: container.security_opts as string[] | undefined,
        ReadonlyRootfs: container.read_only === true,
      },
      NetworkingConfig: first ? { EndpointsConfig: { [first.network]: { Aliases: [...first.aliases] } } } : undefined,
    },
    moreNetworks: rest,
    uploads: uploads(`${address}.upload`, container.upload),
    waitTimeoutSeconds: container.wait === true ? ((container.wait_timeout as number | undefined) ?? PROVIDER_DEFAULT_WAIT_TIMEOUT_SECONDS) : undefined,
    destroyGraceSeconds: (container.destroy_grace_seconds as number | undefined) ?? PROVIDER_DEFAULT_DESTROY_GRACE_SECONDS,
    // Networks, volumes and images exist before any container: only containers order the creates.
    dependsOn: (list(`${address}.depends_on`, container.depends_on) as string[]).filter((dependency) => dependency.startsWith('docker_container.')),
    replaceTriggeredBy: (list(`${address}.lifecycle.replace_triggered_by`, lifecycle.replace_triggered_by) as string[]).map((trigger) =>
      triggerAddress(`${address}.lifecycle.replace_triggered_by`, trigger),
    ),
  };
}
