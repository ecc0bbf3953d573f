import type Docker from 'dockerode';
import { healthcheck, list, nanoseconds, requireUnderstood, UnsupportedAttributeError } from './container-spec';

/** What the provider does with one `docker_service`: the create call, then (with `converge_config`) a wait. */
export interface SwarmServiceSpec {
  readonly name: string;
  /** Engine API body of the service create call. */
  readonly create: Docker.CreateServiceOptions;
  /** Tasks the service should run: its replicas, or undefined for a global service (one per eligible node). */
  readonly replicas?: number;
  /** Set when the stack asks Terraform to wait until every task runs: how often to look, and for how long at most. */
  readonly converge?: { readonly delayMs: number; readonly timeoutMs: number };
  /** Resource addresses (`docker_service.x`) created, and converged, before this one. */
  readonly dependsOn: readonly string[];
}

/** A `docker_service` whose references and templates are already resolved to the values the provider receives. */
export type ResolvedService = Record<string, unknown>;

/** The provider's defaults (kreuzwerker/docker 3.6.x) where the stack leaves an attribute out. */
const PROVIDER_DEFAULTS = {
  fileUid: '0',
  fileGid: '0',
  fileMode: 0o444,
  endpointMode: 'vip',
  publishMode: 'ingress',
  protocol: 'tcp',
  convergeDelay: '7s',
  convergeTimeout: '3m',
  update: { parallelism: 1, delay: '0s', failureAction: 'pause', monitor: '5s', maxFailureRatio: '0.0', order: 'stop-first' },
} as const;

/** Every attribute the stack may set, and nothing else: a new one fails the rehearsal until it is mapped here. */
const UNDERSTOOD = {
  // create_before_destroy and ignore_changes shape plans and replacements only: nothing to do at create.
  service: ['//', 'name', 'labels', 'task_spec', 'mode', 'update_config', 'rollback_config', 'endpoint_spec', 'converge_config', 'depends_on', 'lifecycle'],
  lifecycle: ['create_before_destroy', 'ignore_changes'],
  labels: ['label', 'value'],
  task_spec: ['container_spec', 'networks_advanced', 'resources', 'restart_policy', 'placement', 'log_driver'],
  container_spec: ['image', 'args', 'command', 'env', 'user', 'read_only', 'cap_add', 'cap_drop', 'healthcheck', 'stop_grace_period', 'stop_signal', 'configs', 'secrets', 'mounts', 'hostname'],
  file_reference: { configs: ['config_id', 'config_name', 'file_name', 'file_uid', 'file_gid', 'file_mode'], secrets: ['secret_id', 'secret_name', 'file_name', 'file_uid', 'file_gid', 'file_mode'] },
  mounts: ['target', 'source', 'type', 'read_only'],
  networks_advanced: ['name', 'aliases'],
  resources: ['limits', 'reservation'],
  resource_amounts: ['memory_bytes', 'nano_cpus'],
  restart_policy: ['condition', 'delay', 'max_attempts', 'window'],
  placement: ['constraints', 'max_replicas'],
  log_driver: ['name', 'options'],
  mode: ['replicated', 'global'],
  replicated: ['replicas'],
  rollout: ['parallelism', 'delay', 'failure_action', 'monitor', 'max_failure_ratio', 'order'],
  endpoint_spec: ['mode', 'ports'],
  ports: ['target_port', 'published_port', 'publish_mode', 'protocol', 'name'],
  converge_config: ['delay', 'timeout'],
} as const;

const MOUNT_TYPES = ['volume', 'bind', 'tmpfs'] as const;

/** A nested block the stack may leave out: `{}` then, so its attributes take their defaults. */
function block(where: string, value: unknown, known: readonly string[]): Record<string, unknown> {
  return value === undefined ? {} : requireUnderstood(where, value, known);
}

function requiredDuration(where: string, value: unknown): number {
  return nanoseconds(where, value) ?? 0;
}

function fileReferences(where: string, value: unknown, kind: 'configs' | 'secrets') {
  const id = kind === 'configs' ? 'config' : 'secret';
  return list(where, value).map((entry, i) => {
    const reference = requireUnderstood(`${where}[${i}]`, entry, UNDERSTOOD.file_reference[kind]);
    if (typeof reference.file_name !== 'string') throw new UnsupportedAttributeError(`${where}[${i}].file_name: required, got ${JSON.stringify(reference.file_name)}`);
    const file = {
      Name: reference.file_name,
      UID: (reference.file_uid as string | undefined) ?? PROVIDER_DEFAULTS.fileUid,
      GID: (reference.file_gid as string | undefined) ?? PROVIDER_DEFAULTS.fileGid,
      Mode: (reference.file_mode as number | undefined) ?? PROVIDER_DEFAULTS.fileMode,
    };
    return { file, id: reference[`${id}_id`] as string, name: reference[`${id}_name`] as string | undefined };
  });
}

function mounts(where: string, value: unknown): Docker.MountSettings[] {
  return list(where, value).map((entry, i) => {
    const mount = requireUnderstood(`${where}[${i}]`, entry, UNDERSTOOD.mounts);
    const type = mount.type as Docker.MountType;
    if (!(MOUNT_TYPES as readonly string[]).includes(type)) throw new UnsupportedAttributeError(`${where}[${i}].type: not a mount type: ${JSON.stringify(type)}`);
    return { Target: mount.target as string, Source: mount.source as string, Type: type, ReadOnly: mount.read_only === true };
  });
}

function rollout(where: string, value: unknown): Docker.UpdateConfig | undefined {
  if (value === undefined) return undefined;
  const config = requireUnderstood(where, value, UNDERSTOOD.rollout);
  const defaults = PROVIDER_DEFAULTS.update;
  return {
    Parallelism: (config.parallelism as number | undefined) ?? defaults.parallelism,
    Delay: requiredDuration(`${where}.delay`, config.delay ?? defaults.delay),
    FailureAction: (config.failure_action as string | undefined) ?? defaults.failureAction,
    Monitor: requiredDuration(`${where}.monitor`, config.monitor ?? defaults.monitor),
    MaxFailureRatio: Number(config.max_failure_ratio ?? defaults.maxFailureRatio),
    Order: (config.order as string | undefined) ?? defaults.order,
  };
}

function mode(where: string, value: unknown): { spec: Docker.ServiceMode; replicas?: number } {
  const chosen = block(where, value, UNDERSTOOD.mode);
  if (chosen.global === true) {
    if (chosen.replicated !== undefined) throw new UnsupportedAttributeError(`${where}: both global and replicated`);
    return { spec: { Global: {} } };
  }
  const replicas = (block(`${where}.replicated`, chosen.replicated, UNDERSTOOD.replicated).replicas as number | undefined) ?? 1;
  return { spec: { Replicated: { Replicas: replicas } }, replicas };
}

function endpoint(where: string, value: unknown): Docker.EndpointSpec {
  const spec = block(where, value, UNDERSTOOD.endpoint_spec);
  return {
    Mode: (spec.mode as string | undefined) ?? PROVIDER_DEFAULTS.endpointMode,
    Ports: list(`${where}.ports`, spec.ports).map((entry, i) => {
      const port = requireUnderstood(`${where}.ports[${i}]`, entry, UNDERSTOOD.ports);
      return {
        Name: port.name as string | undefined,
        Protocol: (port.protocol as Docker.PortConfig['Protocol']) ?? PROVIDER_DEFAULTS.protocol,
        TargetPort: port.target_port as number,
        PublishedPort: port.published_port as number | undefined,
        PublishMode: (port.publish_mode as Docker.PortConfig['PublishMode']) ?? PROVIDER_DEFAULTS.publishMode,
      };
    }),
  };
}

function resourceAmounts(where: string, value: unknown): Docker.Resources | undefined {
  if (value === undefined) return undefined;
  const amounts = requireUnderstood(where, value, UNDERSTOOD.resource_amounts);
  return { MemoryBytes: amounts.memory_bytes as number | undefined, NanoCPUs: amounts.nano_cpus as number | undefined };
}

function envList(where: string, value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new UnsupportedAttributeError(`${where}: expected a map, got ${JSON.stringify(value)}`);
  return Object.entries(value).map(([key, text]) => `${key}=${String(text)}`);
}

function serviceLabels(where: string, value: unknown): Record<string, string> {
  return Object.fromEntries(
    list(where, value).map((entry, i) => {
      const label = requireUnderstood(`${where}[${i}]`, entry, UNDERSTOOD.labels);
      return [label.label as string, label.value as string];
    }),
  );
}

/**
 * The Engine API calls kreuzwerker/docker 3.6.x makes for one `docker_service`: create the
 * service from its task spec, mode, rollout and endpoint settings, then, when
 * `converge_config` is set, wait until its tasks run.
 */
export function serviceSpec(address: string, resource: ResolvedService): SwarmServiceSpec {
  const service = requireUnderstood(address, resource, UNDERSTOOD.service);
  block(`${address}.lifecycle`, service.lifecycle, UNDERSTOOD.lifecycle);
  const at = `${address}.task_spec`;
  const task = requireUnderstood(at, service.task_spec, UNDERSTOOD.task_spec);
  const container = requireUnderstood(`${at}.container_spec`, task.container_spec, UNDERSTOOD.container_spec);
  const resources = block(`${at}.resources`, task.resources, UNDERSTOOD.resources);
  const restart = task.restart_policy === undefined ? undefined : requireUnderstood(`${at}.restart_policy`, task.restart_policy, UNDERSTOOD.restart_policy);
  const placement = task.placement === undefined ? undefined : requireUnderstood(`${at}.placement`, task.placement, UNDERSTOOD.placement);
  const logDriver = task.log_driver === undefined ? undefined : requireUnderstood(`${at}.log_driver`, task.log_driver, UNDERSTOOD.log_driver);
  const { spec: modeSpec, replicas } = mode(`${address}.mode`, service.mode);
  const converge = service.converge_config === undefined ? undefined : requireUnderstood(`${address}.converge_config`, service.converge_config, UNDERSTOOD.converge_config);
  const configs = fileReferences(`${at}.container_spec.configs`, container.configs, 'configs');
  const secrets = fileReferences(`${at}.container_spec.secrets`, container.secrets, 'secrets');

  return {
    name: service.name as string,
    replicas,
    create: {
      Name: service.name as string,
      Labels: serviceLabels(`${address}.labels`, service.labels),
      TaskTemplate: {
        ContainerSpec: {
          Image: container.image as string,
          Command: container.command as string[] | undefined,
          Args: container.args as string[] | undefined,
          Env: envList(`${at}.container_spec.env`, container.env),
          User: container.user as string | undefined,
          Hostname: container.hostname as string | undefined,
          ReadOnly: container.read_only === true,
          CapabilityAdd: container.cap_add as string[] | undefined,
          CapabilityDrop: container.cap_drop as string[] | undefined,
          HealthCheck: healthcheck(`${at}.container_spec.healthcheck`, container.healthcheck),
          StopGracePeriod: nanoseconds(`${at}.container_spec.stop_grace_period`, container.stop_grace_period),
          StopSignal: container.stop_signal as string | undefined,
          Configs: configs.map(({ file, id, name }) => ({ File: file, ConfigID: id, ConfigName: name })),
          Secrets: secrets.map(({ file, id, name }) => ({ File: file, SecretID: id, SecretName: name })),
          Mounts: mounts(`${at}.container_spec.mounts`, container.mounts),
        },
        Networks: list(`${at}.networks_advanced`, task.networks_advanced).map((entry, i) => {
          const network = requireUnderstood(`${at}.networks_advanced[${i}]`, entry, UNDERSTOOD.networks_advanced);
          return { Target: network.name as string, Aliases: (network.aliases as string[] | undefined) ?? [] };
        }),
        Resources: {
          Limits: resourceAmounts(`${at}.resources.limits`, resources.limits),
          Reservations: resourceAmounts(`${at}.resources.reservation`, resources.reservation),
        },
        RestartPolicy: restart && {
          Condition: restart.condition as string | undefined,
          Delay: nanoseconds(`${at}.restart_policy.delay`, restart.delay),
          MaxAttempts: restart.max_attempts as number | undefined,
          Window: nanoseconds(`${at}.restart_policy.window`, restart.window),
        },
        Placement: placement && { Constraints: placement.constraints as string[] | undefined, MaxReplicas: placement.max_replicas as number | undefined },
        LogDriver: logDriver && { Name: logDriver.name as string, Options: logDriver.options as Record<string, string> | undefined },
      },
      Mode: modeSpec,
      UpdateConfig: rollout(`${address}.update_config`, service.update_config),
      RollbackConfig: rollout(`${address}.rollback_config`, service.rollback_config),
      EndpointSpec: endpoint(`${address}.endpoint_spec`, service.endpoint_spec),
    },
    converge: converge && {
      delayMs: requiredDuration(`${address}.converge_config.delay`, converge.delay ?? PROVIDER_DEFAULTS.convergeDelay) / 1e6,
      timeoutMs: requiredDuration(`${address}.converge_config.timeout`, converge.timeout ?? PROVIDER_DEFAULTS.convergeTimeout) / 1e6,
    },
    // Networks, configs, secrets and images exist before any service: only services order the creates.
    dependsOn: (list(`${address}.depends_on`, service.depends_on) as string[]).filter((dependency) => dependency.startsWith('docker_service.')),
  };
}
