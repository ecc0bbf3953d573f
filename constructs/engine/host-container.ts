import type { ContainerConfig, ContainerUpload, ContainerVolumes, Image, Network, Service } from '../framework/docker';
import { Container } from '../framework/docker';
import { type Construct, DataResource, Lazy, type TerraformResource } from '../framework/framework';
import {
  addressOf,
  type ConfigFile,
  filesOf,
  type Healthcheck,
  LOG_ROTATION,
  type NoHealthcheck,
  nonEmpty,
  probeSettings,
  replicaNames,
  type ServiceContainerProps,
  STOP_GRACE_SECONDS,
  type VolumeMount,
} from './service-spec';
import { stackContextOf } from '../stack/stack-context';
import { terraformLiteral } from './terraform-literal';

const WAIT_FOR_HEALTHY_SECONDS = 120;

/** The probe, and Terraform waiting for it to pass: where there is no probe, there is nothing to wait for. */
function healthcheckSettings(healthcheck: Healthcheck | NoHealthcheck): Partial<ContainerConfig> {
  if ('unavailableBecause' in healthcheck) return { wait: false };
  return {
    healthcheck: probeSettings(healthcheck),
    wait: true,
    waitTimeout: WAIT_FOR_HEALTHY_SECONDS,
  };
}

/**
 * The provider plans a changed probe as an in-place update that never reaches the engine (its
 * update path leaves healthchecks alone), so the plan would show it forever: a record of the
 * probe that is replaced whenever the probe changes, replacing the container with it.
 */
function probeRecord(scope: Construct, healthcheck: Healthcheck | NoHealthcheck): DataResource | undefined {
  if ('unavailableBecause' in healthcheck) return undefined;
  return new DataResource(scope, 'healthcheck', { triggersReplace: probeSettings(healthcheck) });
}

function toVolume(mount: VolumeMount): ContainerVolumes {
  return 'volume' in mount
    ? { volumeName: mount.volume.name, containerPath: mount.containerPath }
    : { hostPath: mount.hostPath, containerPath: mount.containerPath, readOnly: true };
}

function uploads(props: ServiceContainerProps): ContainerConfig['upload'] {
  if (typeof props.files === 'function') return Lazy.anyValue({ produce: () => filesOf(props).map(toUpload) });
  return nonEmpty(filesOf(props).map(toUpload));
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

/**
 * `docker_container.<id>.id` as Terraform's replace_triggered_by wants it: cdktf would
 * render a resource there as a `${...}` interpolation, which Terraform rejects. The id
 * alone, so that only a replacement of the upstream replaces this container, not an
 * in-place update of one of its attributes.
 */
function identityOf(resource: TerraformResource): string {
  return `${addressOf(resource)}.id`;
}

// Docker reports memory_swap as -1 on hosts without swap accounting, so the provider would
// plan a change to every container on every apply; the limit is still set at create.
const IGNORED_DRIFT = ['memory_swap'];

/**
 * The service as containers on the Docker host, one per replica: each has a name and DNS alias
 * of its own (`replicaNames`), so a client that lists them (the gateway, Prometheus) reaches each.
 */
export function hostContainers(scope: Construct, props: ServiceContainerProps, image: Image): Container[] {
  const replicas = props.replicas ?? 1;
  // Two containers would share one data volume, or claim one host port or the host's namespaces.
  const exclusive = (props.volumes ?? []).length > 0 || (props.publish ?? []).length > 0 || props.hostNamespaces !== undefined;
  if (replicas > 1 && exclusive) {
    throw new Error(`${props.serviceName}: one container on one host, as it mounts volumes, publishes ports or shares the host's namespaces`);
  }
  const probe = probeRecord(scope, props.healthcheck);
  // The first replica keeps the construct id a single container always had: its Terraform address stays.
  return replicaNames(props.serviceName, replicas).map((name, index) =>
    hostContainer(scope, props, image, probe, { id: index === 0 ? 'container' : `container-${index + 1}`, name }),
  );
}

/** One replica of the service as a container on the Docker host. */
function hostContainer(scope: Construct, props: ServiceContainerProps, image: Image, probe: DataResource | undefined, replica: { id: string; name: string }): Container {
  const upstreams = () => (props.upstreams?.() ?? []).flatMap((upstream) => upstream.resources);
  const { namePrefix, networks } = stackContextOf(scope);
  const dependencies = (): (Container | Service | Network)[] => [
    ...upstreams(),
    ...(props.hostNamespaces ? [networks[props.hostNamespaces.listensOn]] : []),
  ];
  const container = new Container(scope, replica.id, {
    name: `${namePrefix}-${replica.name}`,
    image: image.imageId,
    user: props.user,
    command: props.command ? [...props.command] : undefined,
    env: nonEmpty(Object.entries(props.env ?? {}).map(([key, value]) => `${key}=${typeof value === 'string' ? value : value.secret}`)),
    restart: 'unless-stopped',
    memory: props.memoryMb,
    memorySwap: props.memoryMb,
    logDriver: 'json-file',
    logOpts: LOG_ROTATION,
    capabilities: { drop: ['ALL'] },
    // dockerd adds label=disable to a container in the host's PID namespace; declared, so the
    // provider's read-back matches and the plan settles instead of replacing it on every apply.
    securityOpts: ['no-new-privileges:true', ...(props.hostNamespaces ? ['label=disable'] : [])],
    readOnly: props.readOnlyRootFilesystem ?? false,
    ...healthcheckSettings(props.healthcheck),
    networksAdvanced: nonEmpty(props.networks.map((role) => ({ name: networks[role].name, aliases: [replica.name] }))),
    networkMode: props.hostNamespaces ? 'host' : undefined,
    pidMode: props.hostNamespaces ? 'host' : undefined,
    ports: nonEmpty((props.publish ?? []).map((port) => ({ internal: port.containerPort, external: port.hostPort, ip: port.hostIp }))),
    volumes: nonEmpty((props.volumes ?? []).map(toVolume)),
    upload: uploads(props),
    // Time for in-flight requests to drain after SIGTERM, on restart and on destroy.
    stopTimeout: STOP_GRACE_SECONDS,
    destroyGraceSeconds: STOP_GRACE_SECONDS,
    lifecycle: {
      ignoreChanges: IGNORED_DRIFT,
      replaceTriggeredBy: Lazy.listValue({ produce: () => [...upstreams().map(identityOf), ...(probe ? [addressOf(probe)] : [])] }, { omitEmpty: true }),
    },
  });
  container.dependsOn = Lazy.listValue({ produce: () => dependencies().map(addressOf) }, { omitEmpty: true });
  return container;
}
