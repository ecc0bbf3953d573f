import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type Docker from 'dockerode';

/** Put on the swarm suite's own fixtures (the loopback forwarder), so one a killed run left behind is found. */
export const SWARM_SUITE_LABEL = 'org.sentinel.swarm-suite';
export const SWARM_SUITE_LABELS = { [SWARM_SUITE_LABEL]: 'true' } as const;
/** A node label saying this suite turned swarm mode on, so a run killed before leaving is still undone by the next. */
const INITIALISED_HERE = `${SWARM_SUITE_LABEL}.initialised`;
const labelFilter = { label: [`${SWARM_SUITE_LABEL}=true`] };
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

/** The stack's services, task containers, configs, secrets, networks and volumes (every name starts with its prefix), and the suite's fixtures. */
export async function swarmLeftovers(docker: Docker, namePrefix: string): Promise<SwarmLeftovers> {
  const ours = (name: string) => name.replace(/^\//, '').startsWith(`${namePrefix}-`);
  const swarmActive = (await localNodeState(docker)).state === 'active';
  const [services, containers, fixtures, configs, secrets, networks, volumes] = await Promise.all([
    swarmActive ? (docker.listServices() as Promise<{ Spec: { Name: string } }[]>) : [],
    docker.listContainers({ all: true }),
    docker.listContainers({ all: true, filters: labelFilter }),
    swarmActive ? (docker.listConfigs() as Promise<{ Spec: { Name: string } }[]>) : [],
    swarmActive ? (docker.listSecrets() as unknown as Promise<{ Spec: { Name: string } }[]>) : [],
    docker.listNetworks(),
    docker.listVolumes(),
  ]);
  return {
    services: services.map((s) => s.Spec.Name).filter(ours),
    containers: [...containers.filter((c) => ours(c.Names[0] ?? '')), ...fixtures].map((c) => c.Names[0] ?? c.Id),
    configs: configs.map((c) => c.Spec.Name).filter(ours),
    secrets: secrets.map((s) => s.Spec.Name).filter(ours),
    networks: networks.map((n) => n.Name).filter(ours),
    volumes: (volumes.Volumes ?? []).map((v) => v.Name).filter(ours),
  };
}

/** Waits, bounded, until no task container of the stack is left: a removed service's tasks stop asynchronously. */
async function untilTaskContainersGone(docker: Docker, namePrefix: string): Promise<void> {
  const deadline = Date.now() + GONE_TIMEOUT_MS;
  for (;;) {
    const left = (await swarmLeftovers(docker, namePrefix)).containers;
    if (left.length === 0) return;
    if (Date.now() > deadline) {
      // Stopped tasks linger as exited containers until the swarm prunes them: those can go by force.
      for (const name of left) await docker.getContainer(name.replace(/^\//, '')).remove({ force: true }).catch(() => undefined);
      return;
    }
    await sleep(POLL_MS);
  }
}

/** Removes what a killed run of the swarm suite left behind, by name: services first, their tasks' resources after. */
export async function removeSwarmLeftovers(docker: Docker, namePrefix: string): Promise<void> {
  const left = await swarmLeftovers(docker, namePrefix);
  for (const name of left.services) await docker.getService(name).remove();
  await untilTaskContainersGone(docker, namePrefix);
  for (const name of left.configs) await docker.getConfig(name).remove();
  for (const name of left.secrets) await docker.getSecret(name).remove();
  for (const name of left.networks) await docker.getNetwork(name).remove();
  for (const name of left.volumes) await docker.getVolume(name).remove();
}
