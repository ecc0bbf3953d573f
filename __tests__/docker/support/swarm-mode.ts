import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type Docker from 'dockerode';

/** Put on everything the swarm rehearsal creates; not the Docker suite's label, so neither suite's cleanup touches the other's. */
export const SWARM_REHEARSAL_LABEL = 'org.sentinel.swarm-rehearsal';
export const SWARM_REHEARSAL_LABELS = { [SWARM_REHEARSAL_LABEL]: 'true' } as const;
/** A node label saying this suite turned swarm mode on, so a run killed before leaving is still undone by the next. */
const INITIALISED_HERE = `${SWARM_REHEARSAL_LABEL}.initialised`;
const labelFilter = { label: [`${SWARM_REHEARSAL_LABEL}=true`] };
const GATEWAY_BRIDGE = 'docker_gwbridge';
const GONE_TIMEOUT_MS = 60_000;
const POLL_MS = 500;

export interface SwarmMode {
  /** The node the single-node swarm runs on. */
  readonly nodeId: string;
  /** Adds node labels (as an operator does for placement), remembered so `end` removes them. */
  label(labels: Readonly<Record<string, string>>): Promise<void>;
  /** Removes the node labels added, and leaves the swarm when this suite turned swarm mode on. */
  end(): Promise<void>;
}

async function localNodeState(docker: Docker): Promise<{ state: string; nodeId: string }> {
  const info = (await docker.info()) as { Swarm: { LocalNodeState: string; NodeID: string } };
  return { state: info.Swarm.LocalNodeState, nodeId: info.Swarm.NodeID };
}

async function updateNodeLabels(docker: Docker, nodeId: string, change: (labels: Record<string, string>) => Record<string, string>): Promise<void> {
  const node = docker.getNode(nodeId);
  const { Version, Spec } = (await node.inspect()) as { Version: { Index: number }; Spec: { Labels?: Record<string, string> } };
  await node.update({ version: Version.Index, ...Spec, Labels: change({ ...(Spec.Labels ?? {}) }) });
}

/**
 * Swarm mode on the suite's engine: `docker swarm init --advertise-addr 127.0.0.1` when the
 * engine is in no swarm (left again at the end), the engine's own swarm otherwise.
 */
export async function swarmMode(docker: Docker): Promise<SwarmMode> {
  let { state, nodeId } = await localNodeState(docker);
  let initialisedHere = false;
  // Swarm mode creates this bridge for its tasks' outside traffic and leaves it behind when the node leaves.
  const hadGatewayBridge = (await docker.listNetworks({ filters: { name: [GATEWAY_BRIDGE] } })).some((network) => network.Name === GATEWAY_BRIDGE);
  if (state === 'inactive') {
    await docker.swarmInit({ ListenAddr: '127.0.0.1:2377', AdvertiseAddr: '127.0.0.1' });
    ({ state, nodeId } = await localNodeState(docker));
    await updateNodeLabels(docker, nodeId, (labels) => ({ ...labels, [INITIALISED_HERE]: 'true' }));
    initialisedHere = true;
  } else if (state === 'active') {
    const { Spec } = (await docker.getNode(nodeId).inspect()) as { Spec: { Labels?: Record<string, string> } };
    initialisedHere = Spec.Labels?.[INITIALISED_HERE] === 'true';
  }
  if (state !== 'active') throw new Error(`the engine's swarm state is "${state}": the suite needs an active single-node swarm or none`);
  const added = new Set<string>();
  return {
    nodeId,
    async label(labels) {
      Object.keys(labels).forEach((key) => added.add(key));
      await updateNodeLabels(docker, nodeId, (current) => ({ ...current, ...labels }));
    },
    async end() {
      if (initialisedHere) {
        await docker.swarmLeave({ force: true });
        if (!hadGatewayBridge) await docker.getNetwork(GATEWAY_BRIDGE).remove().catch(() => undefined);
        return;
      }
      await updateNodeLabels(docker, nodeId, (current) => Object.fromEntries(Object.entries(current).filter(([key]) => !added.has(key))));
    },
  };
}

/**
 * Swarm's ingress routing mesh and its services' virtual IPs are IPVS load balancers in the
 * kernel; without IPVS the engine creates them and nothing answers. dockerd loads the module
 * when swarm mode starts, so with swarm mode on its absence means the kernel has none.
 */
export function kernelHasIpvs(): boolean {
  return existsSync('/proc/net/ip_vs') || existsSync('/proc/sys/net/ipv4/vs');
}

export interface SwarmLeftovers {
  readonly services: string[];
  readonly containers: string[];
  readonly configs: string[];
  readonly secrets: string[];
  readonly networks: string[];
  readonly volumes: string[];
}

/** What a swarm rehearsal created and has not removed, by name. */
export async function swarmLeftovers(docker: Docker): Promise<SwarmLeftovers> {
  const swarmActive = (await localNodeState(docker)).state === 'active';
  const [services, containers, configs, secrets, networks, volumes] = await Promise.all([
    swarmActive ? (docker.listServices({ filters: labelFilter }) as Promise<{ Spec: { Name: string } }[]>) : [],
    docker.listContainers({ all: true, filters: labelFilter }),
    swarmActive ? (docker.listConfigs({ filters: labelFilter }) as Promise<{ Spec: { Name: string } }[]>) : [],
    swarmActive ? (docker.listSecrets({ filters: labelFilter }) as unknown as Promise<{ Spec: { Name: string } }[]>) : [],
    docker.listNetworks({ filters: labelFilter }),
    docker.listVolumes({ filters: labelFilter }),
  ]);
  return {
    services: services.map((s) => s.Spec.Name),
    containers: containers.map((c) => c.Names[0] ?? c.Id),
    configs: configs.map((c) => c.Spec.Name),
    secrets: secrets.map((s) => s.Spec.Name),
    networks: networks.map((n) => n.Name),
    volumes: (volumes.Volumes ?? []).map((v) => v.Name),
  };
}

/** Waits, bounded, until no container carrying the label is left: a removed service's tasks stop asynchronously. */
export async function untilTaskContainersGone(docker: Docker): Promise<void> {
  const deadline = Date.now() + GONE_TIMEOUT_MS;
  for (;;) {
    const left = await docker.listContainers({ all: true, filters: labelFilter });
    if (left.length === 0) return;
    if (Date.now() > deadline) {
      // Stopped tasks linger as exited containers until the swarm prunes them: those can go by force.
      for (const info of left) await docker.getContainer(info.Id).remove({ force: true }).catch(() => undefined);
      return;
    }
    await sleep(POLL_MS);
  }
}

/** Removes what a swarm rehearsal killed halfway left behind (it carries the label): services first, their tasks' resources after. */
export async function removeSwarmLeftovers(docker: Docker): Promise<void> {
  if ((await localNodeState(docker)).state === 'active') {
    for (const info of (await docker.listServices({ filters: labelFilter })) as { ID: string }[]) await docker.getService(info.ID).remove();
    await untilTaskContainersGone(docker);
    for (const info of (await docker.listConfigs({ filters: labelFilter })) as { ID: string }[]) await docker.getConfig(info.ID).remove();
    for (const info of (await docker.listSecrets({ filters: labelFilter })) as unknown as { ID: string }[]) await docker.getSecret(info.ID).remove();
  }
  for (const info of await docker.listContainers({ all: true, filters: labelFilter })) await docker.getContainer(info.Id).remove({ force: true });
  for (const info of await docker.listNetworks({ filters: labelFilter })) await docker.getNetwork(info.Id).remove();
  for (const info of (await docker.listVolumes({ filters: labelFilter })).Volumes ?? []) await docker.getVolume(info.Name).remove();
}
