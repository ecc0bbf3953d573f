import { createHash } from 'node:crypto';
import { Config, Secret, Service } from '../framework/docker';
import { Aspects, type Construct, Fn, Lazy } from '../framework/framework';
import {
  addressOf,
  type ConfigFile,
  filesOf,
  LOG_ROTATION,
  nonEmpty,
  probeSettings,
  type ServiceContainerProps,
  STOP_GRACE_SECONDS,
  type VolumeMount,
} from './service-spec';
import { stackContextOf } from '../stack/stack-context';
import { hclTemplate } from './terraform-literal';

const MIB = 1024 * 1024;
/** A Swarm publishes on every interface of its node: only ports meant to be public are published. */
const PUBLIC = '0.0.0.0';

function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 10);
}

/** The node label a stateful service is placed by, where its named volume lives. */
export function placementLabel(namePrefix: string, serviceName: string): string {
  return `${namePrefix}.${serviceName}`;
}

function toMount(mount: VolumeMount) {
  return 'volume' in mount
    ? { target: mount.containerPath, source: mount.volume.name, type: 'volume' }
    : { target: mount.containerPath, source: mount.hostPath, type: 'bind', readOnly: true };
}

// Where a registry answers, Swarm adds the image's platforms to a service's placement when it is
// created; the stack declares none, so they are the engine's to keep.
const PLATFORMS = 'task_spec[0].placement[0].platforms';
/** Swarm's template for the name of the node a task runs on. */
const NODE_HOSTNAME = '{{.Node.Hostname}}';

/** Constraints, if any; with a registry a placement always, whose platforms the engine fills in. */
function placement(constraints: string[], registry: boolean) {
  if (registry) return { constraints: nonEmpty(constraints), maxReplicas: 0 };
  return constraints.length > 0 ? { constraints } : undefined;
}

/**
 * The service as a Swarm service: replicated (or one task per node for what describes a host),
 * updated one task at a time and rolled back when new tasks fail their healthcheck; its files
 * as Swarm configs, and what holds secrets as Swarm secrets, named by their content, so a
 * changed file is a new config and the service rolls onto it.
 */
export function swarmService(scope: Construct, props: ServiceContainerProps, image: string): Service {
  const { namePrefix, networks, registry } = stackContextOf(scope);
  const name = `${namePrefix}-${props.serviceName}`;
  // Produced lazily, so in Terraform's own (snake_case) attribute names: no provider binding maps them.
  const configs: { config_id: string; config_name: string; file_name: string }[] = [];
  const secrets: { secret_id: string; secret_name: string; file_name: string }[] = [];
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(props.env ?? {})) {
    if (typeof value === 'string') {
      env[key] = value;
      continue;
    }
    const fileName = key.toLowerCase();
    const secret = new Secret(scope, `secret-${fileName}`, {
      name: `${name}-${fileName}-${Fn.substr(Fn.sha256(value.secret), 0, 10)}`,
      data: Fn.base64encode(value.secret),
      lifecycle: { createBeforeDestroy: true },
    });
    secrets.push({ secret_id: secret.id, secret_name: secret.name, file_name: fileName });
    env[`${key}__FILE`] = `/run/secrets/${fileName}`;
  }
  const deliver = (file: ConfigFile) => {
    if ('terraformTemplate' in file) {
      // A file with secrets in it: a Swarm secret, never readable back through the API.
      const template = hclTemplate(file.terraformTemplate);
      const secret = new Secret(scope, `file-${shortHash(file.path)}`, {
        name: `${name}-\${substr(sha256(${template}), 0, 10)}`,
        data: `\${base64encode(${template})}`,
        lifecycle: { createBeforeDestroy: true },
      });
      secrets.push({ secret_id: secret.id, secret_name: secret.name, file_name: file.path });
      return;
    }
    // A renderer is called at synth time, once every construct is in the stack.
    const content = () => (typeof file.content === 'string' ? file.content : file.content());
    const config = new Config(scope, `file-${shortHash(file.path)}`, {
      name: Lazy.stringValue({ produce: () => `${name}-${shortHash(`${file.path}\n${content()}`)}` }),
      data: Lazy.stringValue({ produce: () => Buffer.from(content()).toString('base64') }),
      lifecycle: { createBeforeDestroy: true },
    });
    configs.push({ config_id: config.id, config_name: config.name, file_name: file.path });
  };
  // Files given as a function are known once every construct is in the stack: every file's
  // config is made then, on the aspect's first visit (the scope itself). A later synth of the
  // same stack finds them made.
  let delivered = false;
  Aspects.of(scope).add({
    visit: () => {
      if (delivered) return;
      delivered = true;
      filesOf(props).forEach(deliver);
    },
  });

  const stateful = (props.volumes ?? []).some((mount) => 'volume' in mount);
  const published = (props.publish ?? []).filter((port) => port.hostIp === PUBLIC);
  // The old task must stop first where two would clash: a data volume two tasks must never share
  // (Redis' AOF, Prometheus' TSDB lock), or a host-mode port the old task holds until it stops.
  const stopFirst = stateful || published.length > 0;
  const rollout = { parallelism: 1, order: stopFirst ? 'stop-first' : 'start-first', failureAction: 'rollback', monitor: '30s', delay: '5s' };
  const global = props.hostNamespaces !== undefined;
  const { healthcheck } = props;
  const probed = !('unavailableBecause' in healthcheck);
  const roles = props.hostNamespaces ? [props.hostNamespaces.listensOn] : props.networks;
  const service = new Service(scope, 'service', {
    name,
    taskSpec: {
      containerSpec: {
        image,
        // What describes a host answers to its node's name (node_uname_info's nodename), not a container id.
        hostname: global ? NODE_HOSTNAME : undefined,
        args: props.command ? [...props.command] : undefined,
        env: Object.keys(env).length > 0 ? env : undefined,
        user: props.user,
        readOnly: props.readOnlyRootFilesystem ?? false,
        capDrop: ['ALL'],
        healthcheck: probed ? probeSettings(healthcheck) : undefined,
        stopGracePeriod: `${STOP_GRACE_SECONDS}s`,
        configs: Lazy.anyValue({ produce: () => nonEmpty(configs) }),
        secrets: Lazy.anyValue({ produce: () => nonEmpty(secrets) }),
        mounts: nonEmpty((props.volumes ?? []).map(toMount)),
      },
      // Provider 4.x reads a network back as `id` (its `name` is deprecated, and set would differ
      // from the read-back on every plan); the 3.6.2 bindings know only `name`, hence Terraform's own keys.
      networksAdvanced: Lazy.anyValue({ produce: () => roles.map((role) => ({ id: networks[role].id, aliases: [props.serviceName] })) }),
      resources: { limits: { memoryBytes: props.memoryMb * MIB } },
      // The window as the engine reports it back (unset is sent as 0 and read as 0s): no diff on the next plan.
      restartPolicy: { condition: 'any', delay: '5s', window: '0s' },
      placement: placement(stateful ? [`node.labels.${placementLabel(namePrefix, props.serviceName)}==true`] : [], registry !== undefined),
      logDriver: { name: 'json-file', options: LOG_ROTATION },
    },
    mode: global ? { global: true } : { replicated: { replicas: props.replicas ?? 1 } },
    updateConfig: rollout,
    rollbackConfig: { parallelism: rollout.parallelism, order: rollout.order, monitor: rollout.monitor },
    // A name resolves to its tasks' own addresses (DNS round robin), and a port is published on
    // the node its task runs on: Swarm's virtual IPs and ingress mesh need the kernel's IPVS,
    // which not every host has (the CI host has not), and this works on every host.
    endpointSpec: {
      mode: 'dnsrr',
      ports: nonEmpty(
        published.map((port) => ({ targetPort: port.containerPort, publishedPort: port.hostPort, publishMode: 'host' })),
      ),
    },
    // Terraform waits until every task runs (and, with a probe, is healthy); the provider offers
    // that wait for replicated services only.
    convergeConfig: probed && !global ? { delay: '5s', timeout: '3m' } : undefined,
    ...(registry === undefined ? {} : { lifecycle: { ignoreChanges: [PLATFORMS] } }),
  });
  service.dependsOn = Lazy.listValue({ produce: () => (props.upstreams?.() ?? []).flatMap((upstream) => upstream.resources.map(addressOf)) }, { omitEmpty: true });
  return service;
}
