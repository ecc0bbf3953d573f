import { setTimeout as sleep } from 'node:timers/promises';
import type Docker from 'dockerode';

/** A task as the Engine API lists it, with what the suite reads. */
export interface SwarmTask {
  readonly ID: string;
  readonly Slot?: number;
  readonly DesiredState: string;
  readonly Status: { readonly State: string; readonly Err?: string; readonly ContainerStatus?: { readonly ContainerID?: string } };
  readonly NetworksAttachments?: { readonly Network: { readonly Spec: { readonly Name: string } }; readonly Addresses: string[] }[];
}

const POLL_MS = 1_000;

/** The services of a deployed stack on the suite's swarm, by name (as `docker service ls` shows them). */
export class SwarmServices {
  constructor(private readonly docker: Docker) {}

  service(name: string): Docker.Service {
    return this.docker.getService(name);
  }

  /** The service's tasks Swarm wants running now (those it is replacing excluded). */
  async tasks(name: string): Promise<SwarmTask[]> {
    return (await this.docker.listTasks({ filters: { service: [name], 'desired-state': ['running'] } })) as SwarmTask[];
  }

  /** The containers of the service's running tasks. */
  async containers(name: string): Promise<Docker.Container[]> {
    const running = (await this.tasks(name)).filter((task) => task.Status.State === 'running' && task.Status.ContainerStatus?.ContainerID);
    return running.map((task) => this.docker.getContainer(task.Status.ContainerStatus!.ContainerID!));
  }

  /** Waits, bounded, until the service runs its desired number of tasks, healthy where it has a healthcheck (Swarm reports such a task running only then). */
  async untilConverged(name: string, timeoutMs: number): Promise<{ done: boolean; detail: string }> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const [desired, tasks] = await Promise.all([this.desiredTasks(name), this.tasks(name)]);
      const running = tasks.filter((task) => task.Status.State === 'running');
      const detail = `${running.length}/${desired} tasks running${tasks.filter((t) => t.Status.Err).map((t) => `; ${t.Status.State}: ${t.Status.Err}`).join('')}`;
      if (running.length === desired && tasks.length === desired) return { done: true, detail };
      if (Date.now() + POLL_MS > deadline) return { done: false, detail };
      await sleep(POLL_MS);
    }
  }

  private async desiredTasks(name: string): Promise<number> {
    const { Spec } = (await this.service(name).inspect()) as { Spec: { Mode: { Replicated?: { Replicas: number } } } };
    if (Spec.Mode.Replicated !== undefined) return Spec.Mode.Replicated.Replicas;
    const nodes = (await this.docker.listNodes()) as { Status: { State: string }; Spec: { Availability: string } }[];
    return nodes.filter((node) => node.Status.State === 'ready' && node.Spec.Availability === 'active').length;
  }

  /** `docker service update`: the service's current spec changed by `change`, then sent back at its version. */
  async update(name: string, change: (spec: Docker.ServiceSpec) => Docker.ServiceSpec): Promise<void> {
    const service = this.service(name);
    const { Version, Spec } = (await service.inspect()) as { Version: { Index: number }; Spec: Docker.ServiceSpec };
    await service.update({ version: Version.Index, ...change(Spec) });
  }
}
