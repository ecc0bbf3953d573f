import { setTimeout as sleep } from 'node:timers/promises';
import type Docker from 'dockerode';
import { requireUnderstood, UnsupportedAttributeError } from './container-spec';
import { createInDependencyOrder, createNetwork, createOrUndo, evaluateTemplates, ignoreMissing, mapStrings, readStack, readyImage, type RehearsalOptions, type Resources, resolveString } from './rehearsal';
import { kernelHasIpvs, SWARM_REHEARSAL_LABELS, untilTaskContainersGone } from './swarm-mode';
import { type ResolvedService, serviceSpec, type SwarmServiceSpec } from './swarm-service-spec';

/** As the Docker suite's options; `leaveOut` names services. */
export type SwarmRehearsalOptions = RehearsalOptions;

/** A task as the Engine API lists it, with what the suite reads. */
export interface SwarmTask {
  readonly ID: string;
  readonly Slot?: number;
  readonly DesiredState: string;
  readonly Status: { readonly State: string; readonly Err?: string; readonly ContainerStatus?: { readonly ContainerID?: string } };
  readonly NetworksAttachments?: { readonly Network: { readonly Spec: { readonly Name: string } }; readonly Addresses: string[] }[];
}

const UNDERSTOOD = {
  docker_volume: ['//', 'name'],
  // create_before_destroy shapes replacements only: nothing to do at create.
  docker_config: ['//', 'name', 'data', 'lifecycle'],
  docker_secret: ['//', 'name', 'data', 'lifecycle'],
  lifecycle: ['create_before_destroy', 'ignore_changes'],
} as const;
// Networks', images' and services' attributes are checked where they are created (createNetwork, readyImage, serviceSpec).
const RESOURCE_TYPES = ['docker_network', 'docker_volume', 'docker_config', 'docker_secret', 'docker_image', 'docker_service'] as const;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const POLL_MS = 1_000;

interface Created {
  readonly id: string;
  readonly name: string;
}

function base64Data(where: string, value: unknown): string {
  if (typeof value !== 'string' || value.length % 4 !== 0 || !BASE64.test(value)) {
    throw new UnsupportedAttributeError(`${where}: the provider sends base64 data, got ${typeof value === 'string' ? `${value.length} characters that are not base64` : JSON.stringify(value)}`);
  }
  return value;
}

/**
 * `cdktf deploy` of the swarm stack rehearsed without the provider binary: overlay networks,
 * configs, secrets, images, then each service (after the services it depends on, converged
 * when the stack asks Terraform to wait), through the Engine API the way kreuzwerker/docker
 * 3.6.x does; anything it does not understand fails the run. Everything it creates is
 * labelled and removed by ID.
 */
export class SwarmRehearsal {
  private readonly networks = new Map<string, Created>();
  private readonly volumes = new Map<string, string>();
  private readonly configs = new Map<string, Created>();
  private readonly secrets = new Map<string, Created>();
  private readonly images = new Map<string, Created>();
  /** Service address → its spec and the ID of the service once created. */
  private readonly services = new Map<string, { spec: SwarmServiceSpec; id?: string }>();
  private evaluated = new Map<string, string>();

  private constructor(private readonly options: SwarmRehearsalOptions, private readonly resources: Resources) {}

  static async apply(options: SwarmRehearsalOptions): Promise<SwarmRehearsal> {
    const { resources, variables } = readStack(options.stackFile, RESOURCE_TYPES);
    const rehearsal = new SwarmRehearsal(options, withoutLeftOutServices(resources, options));
    return createOrUndo(rehearsal, async () => {
      rehearsal.evaluated = evaluateTemplates(rehearsal.resources, variables, options);
      await rehearsal.createAll();
    });
  }

  private attribute(type: string, name: string, attribute: string): string {
    const address = `${type}.${name}`;
    const created: Partial<Record<string, Map<string, Created>>> = {
      docker_network: this.networks,
      docker_config: this.configs,
      docker_secret: this.secrets,
      docker_image: this.images,
    };
    const entry = created[type]?.get(address);
    const found =
      entry && (attribute === 'id' || attribute === 'name') ? entry[attribute]
      : type === 'docker_image' && attribute === 'image_id' ? entry?.id
      : type === 'docker_volume' && attribute === 'name' ? this.volumes.get(address)
      : type === 'docker_service' && attribute === 'id' ? this.services.get(address)?.id
      : undefined;
    if (found === undefined) throw new UnsupportedAttributeError(`\${${address}.${attribute}}: not created, or not an attribute the rehearsal knows`);
    return found;
  }

  private of(type: (typeof RESOURCE_TYPES)[number]): [string, Record<string, unknown>][] {
    // As the provider receives them: references resolved, templates evaluated, escapes undone.
    const resolve = (text: string) => resolveString(text, this.evaluated, (referenced, name, attribute) => this.attribute(referenced, name, attribute));
    return Object.entries(this.resources[type] ?? {}).map(([name, body]) => [`${type}.${name}`, mapStrings(body, resolve) as Record<string, unknown>]);
  }

  private async createAll(): Promise<void> {
    const { docker } = this.options;
    for (const [address, body] of this.of('docker_network')) this.networks.set(address, await createNetwork(docker, address, body, SWARM_REHEARSAL_LABELS));
    for (const [address, body] of this.of('docker_volume')) {
      requireUnderstood(address, body, UNDERSTOOD.docker_volume);
      await docker.createVolume({ Name: body.name as string, Labels: SWARM_REHEARSAL_LABELS });
      this.volumes.set(address, body.name as string);
    }
    for (const kind of ['docker_config', 'docker_secret'] as const) {
      for (const [address, body] of this.of(kind)) {
        requireUnderstood(address, body, UNDERSTOOD[kind]);
        if (body.lifecycle !== undefined) requireUnderstood(`${address}.lifecycle`, body.lifecycle, UNDERSTOOD.lifecycle);
        const spec = { Name: body.name as string, Data: base64Data(`${address}.data`, body.data), Labels: SWARM_REHEARSAL_LABELS };
        const { id } = (await (kind === 'docker_config' ? docker.createConfig(spec) : docker.createSecret(spec))) as { id: string };
        (kind === 'docker_config' ? this.configs : this.secrets).set(address, { id, name: spec.Name });
      }
    }
    for (const [address, body] of this.of('docker_image')) this.images.set(address, { id: await readyImage(this.options, address, body), name: body.name as string });

    for (const [address, body] of this.of('docker_service')) this.services.set(address, { spec: labelled(serviceSpec(address, body as ResolvedService)) });
    for (const [address, { spec }] of this.services) {
      const missing = spec.dependsOn.filter((dependency) => !this.services.has(dependency));
      if (missing.length > 0) throw new UnsupportedAttributeError(`${address} depends on ${missing.join(', ')}, which is left out`);
    }
    this.requireLoadBalancing();
    await this.createServices();
  }

  private requireLoadBalancing(): void {
    if (kernelHasIpvs()) return;
    const needing = [...this.services].flatMap(([address, { spec }]) => {
      const endpoint = spec.create.EndpointSpec!;
      return [
        ...(endpoint.Mode === 'vip' ? [`${address}.endpoint_spec.mode vip`] : []),
        ...(endpoint.Ports ?? []).filter((port) => port.PublishMode === 'ingress').map((port) => `${address}.endpoint_spec.ports ${port.PublishedPort} ingress`),
      ];
    });
    if (needing.length > 0) {
      throw new UnsupportedAttributeError(
        `Swarm's virtual IPs and ingress routing mesh are IPVS load balancers, and this kernel has no IPVS (CONFIG_IP_VS): ` +
          `they would be created and never answer. Needing them: ${needing.join('; ')}. ` +
          'Endpoint mode dnsrr and publish mode host work without it.',
      );
    }
  }

  /** Creates every service, each after (and, where it converges, once converged) the services it depends on; the rest in parallel. */
  private createServices(): Promise<void> {
    return createInDependencyOrder([...this.services.keys()], (address) => this.services.get(address)!.spec, (address) => this.createService(address));
  }

  private async createService(address: string): Promise<void> {
    const entry = this.services.get(address)!;
    const { spec } = entry;
    const startedAt = Date.now();
    const created = (await this.options.docker.createService(spec.create)) as { ID?: string; id?: string };
    entry.id = created.ID ?? created.id;
    if (spec.converge === undefined) {
      this.options.log(`${spec.name} created`);
      return;
    }
    const converged = await this.untilConverged(spec.name, spec.converge.timeoutMs, spec.converge.delayMs);
    if (!converged.done) throw new Error(`not converged within ${spec.converge.timeoutMs / 1000} s: ${converged.detail}`);
    this.options.log(`${spec.name} converged (${converged.detail}) in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
  }

  /** Waits, bounded, until the service runs its desired number of tasks, healthy where it has a healthcheck (Swarm reports such a task running only then). */
  async untilConverged(name: string, timeoutMs: number, pollMs = POLL_MS): Promise<{ done: boolean; detail: string }> {
    const deadline = Date.now() + timeoutMs;
    let detail = 'not looked yet';
    for (;;) {
      const [desired, tasks] = await Promise.all([this.desiredTasks(name), this.tasks(name)]);
      const running = tasks.filter((task) => task.Status.State === 'running');
      detail = `${running.length}/${desired} tasks running${tasks.filter((t) => t.Status.Err).map((t) => `; ${t.Status.State}: ${t.Status.Err}`).join('')}`;
      if (running.length === desired && tasks.length === desired) return { done: true, detail };
      if (Date.now() + pollMs > deadline) return { done: false, detail };
      await sleep(pollMs);
    }
  }

  private async desiredTasks(name: string): Promise<number> {
    const replicas = this.specOf(name).replicas;
    if (replicas !== undefined) {
      const current = (await this.service(name).inspect()) as { Spec: { Mode: { Replicated?: { Replicas: number } } } };
      return current.Spec.Mode.Replicated?.Replicas ?? replicas;
    }
    const nodes = (await this.options.docker.listNodes()) as { Status: { State: string }; Spec: { Availability: string } }[];
    return nodes.filter((node) => node.Status.State === 'ready' && node.Spec.Availability === 'active').length;
  }

  specOf(name: string): SwarmServiceSpec {
    const entry = [...this.services.values()].find((candidate) => candidate.spec.name === name);
    if (!entry) throw new Error(`no service named ${name} in this rehearsal`);
    return entry.spec;
  }

  /** The service by name (as `docker service ls` shows it). */
  service(name: string): Docker.Service {
    const entry = [...this.services.values()].find((candidate) => candidate.spec.name === name);
    if (entry?.id === undefined) throw new Error(`no service named ${name} in this rehearsal`);
    return this.options.docker.getService(entry.id);
  }

  serviceNames(): string[] {
    return [...this.services.values()].map((entry) => entry.spec.name);
  }

  /** The service's tasks Swarm wants running now (those it is replacing excluded). */
  async tasks(name: string): Promise<SwarmTask[]> {
    return (await this.options.docker.listTasks({ filters: { service: [name], 'desired-state': ['running'] } })) as SwarmTask[];
  }

  /** The containers of the service's running tasks. */
  async containers(name: string): Promise<Docker.Container[]> {
    const running = (await this.tasks(name)).filter((task) => task.Status.State === 'running' && task.Status.ContainerStatus?.ContainerID);
    return running.map((task) => this.options.docker.getContainer(task.Status.ContainerStatus!.ContainerID!));
  }

  /** `docker service update`: the service's current spec changed by `change`, then sent back at its version. */
  async update(name: string, change: (spec: Docker.ServiceSpec) => Docker.ServiceSpec): Promise<void> {
    const service = this.service(name);
    const { Version, Spec } = (await service.inspect()) as { Version: { Index: number }; Spec: Docker.ServiceSpec };
    await service.update({ version: Version.Index, ...change(Spec) });
  }

  /** Removes every service, then every config, secret, network and volume this rehearsal created, by ID; images stay as the cache. */
  async destroy(): Promise<void> {
    const { docker } = this.options;
    for (const entry of this.services.values()) {
      if (entry.id !== undefined) await docker.getService(entry.id).remove().catch(ignoreMissing);
      entry.id = undefined;
    }
    await untilTaskContainersGone(docker);
    for (const { id } of this.secrets.values()) await docker.getSecret(id).remove().catch(ignoreMissing);
    this.secrets.clear();
    for (const { id } of this.configs.values()) await docker.getConfig(id).remove().catch(ignoreMissing);
    this.configs.clear();
    for (const { id } of this.networks.values()) await docker.getNetwork(id).remove().catch(ignoreMissing);
    this.networks.clear();
    const taskVolumes = (await docker.listVolumes({ filters: { label: Object.entries(SWARM_REHEARSAL_LABELS).map(([k, v]) => `${k}=${v}`) } })).Volumes ?? [];
    for (const name of new Set([...this.volumes.values(), ...taskVolumes.map((volume) => volume.Name)])) await docker.getVolume(name).remove().catch(ignoreMissing);
    this.volumes.clear();
  }
}

/**
 * The rehearsal's label on the service, its task containers and the volumes its tasks create
 * (Swarm creates a task's named volume on the node it lands on), so teardown finds them all.
 */
function labelled(spec: SwarmServiceSpec): SwarmServiceSpec {
  const task = spec.create.TaskTemplate as Docker.ContainerTaskSpec;
  const container = task.ContainerSpec!;
  const mounts = container.Mounts?.map((mount) =>
    mount.Type === 'volume' ? { ...mount, VolumeOptions: { Labels: SWARM_REHEARSAL_LABELS } as unknown as Docker.MountSettings['VolumeOptions'] } : mount,
  );
  return {
    ...spec,
    create: {
      ...spec.create,
      Labels: { ...spec.create.Labels, ...SWARM_REHEARSAL_LABELS },
      TaskTemplate: { ...task, ContainerSpec: { ...container, Labels: { ...container.Labels, ...SWARM_REHEARSAL_LABELS }, Mounts: mounts } },
    },
  };
}

/** The stack without the left-out services and the configs, secrets and images only they use. */
function withoutLeftOutServices(resources: Resources, { leaveOut, log }: SwarmRehearsalOptions): Resources {
  const services = Object.entries(resources.docker_service ?? {});
  const kept = services.filter(([, body]) => !((body.name as string) in leaveOut));
  for (const [, body] of services.filter((entry) => !kept.includes(entry))) log(`leaving out ${body.name as string}: ${leaveOut[body.name as string]}`);
  const referenced = new Set<string>();
  mapStrings(Object.fromEntries(kept), (text) => {
    for (const match of text.matchAll(/\$\{(docker_[a-z_]+\.[A-Za-z0-9_-]+)\./g)) referenced.add(match[1]!);
  });
  const usedOnly = (type: string) => Object.fromEntries(Object.entries(resources[type] ?? {}).filter(([name]) => referenced.has(`${type}.${name}`)));
  return {
    ...resources,
    docker_service: Object.fromEntries(kept),
    docker_config: usedOnly('docker_config'),
    docker_secret: usedOnly('docker_secret'),
    docker_image: usedOnly('docker_image'),
  };
}
