import type { Duration } from '../config/duration';
import { Container, type ContainerConfig, type ContainerUpload, type ContainerVolumes, Image, type Network, type Volume } from './docker';
import { Construct, Lazy } from './framework';
import type { NetworkRole } from './networks';
import type { PublishedPort } from './published-port';
import { stackContextOf } from './stack-context';
import { terraformLiteral } from './terraform-literal';

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
  readonly env?: Readonly<Record<string, string>>;
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
  readonly upstreams?: () => readonly ServiceContainer[];
  /**
   * The host's network and PID namespaces instead of networks of the stack, for an exporter
   * that describes the host itself; `networks` must then be empty. It is created after the
   * network whose address it listens on.
   */
  readonly hostNamespaces?: { readonly listensOn: NetworkRole };
}

const HEALTHCHECK_TIMEOUT: Duration = '3s';
const HEALTHCHECK_RETRIES = 5;
const WAIT_FOR_HEALTHY_SECONDS = 120;
const STOP_GRACE_SECONDS = 15;
const LOG_ROTATION = { 'max-size': '10m', 'max-file': '3' };

/** The probe, and Terraform waiting for it to pass: where there is no probe, there is nothing to wait for. */
function healthcheckSettings(healthcheck: Healthcheck | NoHealthcheck): Partial<ContainerConfig> {
  if ('unavailableBecause' in healthcheck) return { wait: false };
  return {
    healthcheck: {
      test: 'command' in healthcheck ? ['CMD', ...healthcheck.command] : ['CMD-SHELL', healthcheck.shellCommand],
      interval: healthcheck.interval ?? '10s',
      timeout: HEALTHCHECK_TIMEOUT,
      retries: HEALTHCHECK_RETRIES,
      startPeriod: healthcheck.startPeriod ?? '10s',
    },
    wait: true,
    waitTimeout: WAIT_FOR_HEALTHY_SECONDS,
  };
}

function toVolume(mount: VolumeMount): ContainerVolumes {
  return 'volume' in mount
    ? { volumeName: mount.volume.name, containerPath: mount.containerPath }
    : { hostPath: mount.hostPath, containerPath: mount.containerPath, readOnly: true };
}

function uploads(files: readonly ConfigFile[] | (() => readonly ConfigFile[])): ContainerConfig['upload'] {
  if (typeof files === 'function') return Lazy.anyValue({ produce: () => files().map(toUpload) });
  return nonEmpty(files.map(toUpload));
}

function toUpload(file: ConfigFile): ContainerUpload {
  if ('terraformTemplate' in file) return { file: file.path, content: file.terraformTemplate };
  const { content } = file;
  return {
    file: file.path,
    content:
      typeof content === 'string'
        ? terraformLiteral(content)
        : Lazy.stringValue({ produce: () => terraformLiteral(content()) }),
  };
}

/** Empty lists stay out of the synthesized JSON. */
function nonEmpty<T>(list: T[]): T[] | undefined {
  return list.length > 0 ? list : undefined;
}

/**
 * `docker_container.<id>.id` as Terraform's replace_triggered_by wants it: cdktf would
 * render a resource there as a `${...}` interpolation, which Terraform rejects. The id
 * alone, so that only a replacement of the upstream replaces this container, not an
 * in-place update of one of its attributes.
 */
function identityOf(container: Container): string {
  return `${addressOf(container)}.id`;
}

/** `<type>.<name>`, as depends_on lists a resource. */
function addressOf(resource: Container | Network): string {
  return `${resource.terraformResourceType}.${resource.friendlyUniqueId}`;
}

// Docker reports memory_swap as -1 on hosts without swap accounting, so the provider would
// plan a change to every container on every apply; the limit is still set at create.
const IGNORED_DRIFT = ['memory_swap'];

/**
 * A long-running service container with the stack's safe defaults: a healthcheck
 * Terraform waits on, restart policy, memory limit, rotated logs, every capability
 * dropped, no privilege escalation, and a non-root user.
 */
export class ServiceContainer extends Construct {
  readonly container: Container;
  /** Its short name: DNS alias, and the container name after the stack's prefix. */
  readonly serviceName: string;

  constructor(scope: Construct, id: string, props: ServiceContainerProps) {
    super(scope, id);
    this.serviceName = props.serviceName;
    const image =
      typeof props.image === 'string' ? new Image(this, 'image', { name: props.image, keepLocally: true }) : props.image;
    const upstreams = () => (props.upstreams?.() ?? []).map((upstream) => upstream.container);
    if (props.hostNamespaces && props.networks.length > 0) {
      throw new Error(`${props.serviceName}: a container in the host's network namespace joins no other network`);
    }
    const { namePrefix, networks } = stackContextOf(this);
    const dependencies = () => [...upstreams(), ...(props.hostNamespaces ? [networks[props.hostNamespaces.listensOn]] : [])];

    this.container = new Container(this, 'container', {
      name: `${namePrefix}-${props.serviceName}`,
      image: image.imageId,
      user: props.user,
      command: props.command ? [...props.command] : undefined,
      env: nonEmpty(Object.entries(props.env ?? {}).map(([key, value]) => `${key}=${value}`)),
      restart: 'unless-stopped',
      memory: props.memoryMb,
      memorySwap: props.memoryMb,
      logDriver: 'json-file',
      logOpts: LOG_ROTATION,
      capabilities: { drop: ['ALL'] },
      securityOpts: ['no-new-privileges:true'],
      readOnly: props.readOnlyRootFilesystem ?? false,
      ...healthcheckSettings(props.healthcheck),
      networksAdvanced: nonEmpty(props.networks.map((role) => ({ name: networks[role].name, aliases: [props.serviceName] }))),
      networkMode: props.hostNamespaces ? 'host' : undefined,
      pidMode: props.hostNamespaces ? 'host' : undefined,
      ports: nonEmpty((props.publish ?? []).map((port) => ({ internal: port.containerPort, external: port.hostPort, ip: port.hostIp }))),
      volumes: nonEmpty((props.volumes ?? []).map(toVolume)),
      upload: uploads(props.files ?? []),
      // Time for in-flight requests to drain after SIGTERM, on restart and on destroy.
      stopTimeout: STOP_GRACE_SECONDS,
      destroyGraceSeconds: STOP_GRACE_SECONDS,
      lifecycle: {
        ignoreChanges: IGNORED_DRIFT,
        replaceTriggeredBy: Lazy.listValue({ produce: () => upstreams().map(identityOf) }, { omitEmpty: true }),
      },
    });
    this.container.dependsOn = Lazy.listValue({ produce: () => dependencies().map(addressOf) }, { omitEmpty: true });
  }
}
