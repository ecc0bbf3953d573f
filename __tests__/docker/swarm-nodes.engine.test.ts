import type Docker from 'dockerode';
import { VISITS_KEY } from '../../app/src/redis';
import type { Endpoint } from '../../config/endpoint';
import { HOST_UID } from '../../dashboards';
import { IMAGES } from '../../constructs/engine/images';
import type { SentinelStackProps } from '../../constructs/stack/sentinel-stack';
import { LIVE_STACK_PROPS } from '../live/support/live-configs';
import { promQuery } from '../live/support/live-http';
import { dashboardQueries } from '../live/support/live-panels';
import { httpRequest } from '../support/app-http';
import { freePort, waitFor } from '../support/app-processes';
import { everyTargetUp, firingAlert, resolvedAlert, visitsDuring } from '../support/stack-checks';
import { Deployment } from './support/deployment';
import { execIn } from './support/engine-probes';
import { watchAlerts } from './support/alert-watch';
import { createSilence, silenceIds } from './support/alertmanager-silences';
import { cutLink, describeWithSwarmHosts, hostClient, loopbackRelay, type LoopbackRelay, pullOnto, restoreLink, SWARM_HOSTS, SWARM_REGISTRY } from './support/swarm-hosts';
import { removeSwarmLeftovers, swarmLeftovers } from './support/swarm-mode';
import { loopbackForwarder, type LoopbackForwarder } from './support/swarm-probes';
import { SwarmServices, type SwarmTask } from './support/swarm-services';
import { grafanaDashboards } from './support/swarm-synth';

// The stack's default name prefix: docker/swarm-hosts.sh labels the nodes for it, as docs/swarm.md says an operator does.
const NAME_PREFIX = 'sentinel-swarm';
const service = (name: string) => `${NAME_PREFIX}-${name}`;
const APP = service('app');
const DESIRED_APP_REPLICAS = 3;
const MANAGER = SWARM_HOSTS[0]!;
const STATEFUL = ['redis', 'prometheus', 'alertmanager', 'grafana'] as const;
const SCRAPE_INTERVAL_MS = 5_000;
// The node cut off: docker/swarm-hosts.sh labels no stateful service onto it, and Terraform talks to another.
const VICTIM = SWARM_HOSTS[2]!;
// Swarm marks a node down after three missed heartbeats (5 s apart), then reschedules its tasks, which start and pass their probe.
const RESCHEDULED_WITHIN_MS = 60_000;
// Paced, so each client's bounded visits last through the cut, the rescheduling and the return (a minute or two).
const VISIT_PAUSE_MS = 50;

interface NodeView {
  readonly id: string;
  readonly hostname: string;
  readonly address: string;
  readonly labels: Record<string, string>;
}

describeWithSwarmHosts('the swarm stack on three Swarm managers, its images from a private registry, deployed by `npm run deploy:swarm`', () => {
  const docker: Docker = hostClient(MANAGER);
  const services = new SwarmServices(docker);
  let deployment: Deployment | undefined;
  let forwarder: LoopbackForwarder | undefined;
  const relays: LoopbackRelay[] = [];
  let gateway: LoopbackRelay;
  let prometheus: Endpoint;
  let alertmanager: Endpoint;
  let props: SentinelStackProps;
  let gatewayPort = 0;

  const nodes = async (): Promise<Map<string, NodeView>> => {
    const listed = (await docker.listNodes()) as { ID: string; Description: { Hostname: string }; Status: { Addr: string }; Spec: { Labels?: Record<string, string> } }[];
    return new Map(listed.map((node) => [node.ID, { id: node.ID, hostname: node.Description.Hostname, address: node.Status.Addr, labels: node.Spec.Labels ?? {} }]));
  };
  const running = async (name: string): Promise<SwarmTask[]> => (await services.tasks(name)).filter((task) => task.Status.State === 'running');
  const nodeOf = (task: SwarmTask) => (task as SwarmTask & { NodeID: string }).NodeID;
  const monitoringAddress = (task: SwarmTask) => task.NetworksAttachments!.find((a) => a.Network.Spec.Name === service('monitoring'))!.Addresses[0]!.split('/')[0]!;
  /** The gateway publishes its port on the node its one task runs on. */
  const gatewayEndpoint = async (): Promise<Endpoint> => {
    const [task] = await running(service('gateway'));
    if (!task) throw new Error('no gateway task runs');
    return { host: (await nodes()).get(nodeOf(task))!.address, port: gatewayPort };
  };
  /** A task's container, through the engine of the node it runs on. */
  const containerOf = async (task: SwarmTask): Promise<Docker.Container> => {
    const hostname = (await nodes()).get(nodeOf(task))!.hostname;
    return hostClient(SWARM_HOSTS.find((host) => host.name === hostname)!).getContainer(task.Status.ContainerStatus!.ContainerID!);
  };
  const visit = () => httpRequest(gateway.port, { path: '/', timeoutMs: 15_000 });
  /**
   * Waits until every manager is in Raft again. A returned node is `ready` before it is a reachable
   * manager: losing another node before then leaves one manager of three, no quorum and no leader.
   */
  const everyManagerReachable = () =>
    waitFor(async () => {
      const listed = (await docker.listNodes()) as { ManagerStatus?: { Reachability?: string } }[];
      return (listed.length === SWARM_HOSTS.length && listed.every((node) => node.ManagerStatus?.Reachability === 'reachable')) || undefined;
    }, { what: 'every manager to be reachable', timeoutMs: 120_000, intervalMs: 1_000 });
  const requestsByInstance = async () =>
    Object.fromEntries((await promQuery(prometheus, 'sum by (instance) (http_requests_total{job="app"})')).map((s) => [s.metric.instance!, Number(s.value[1])]));

  beforeAll(async () => {
    const startedAt = Date.now();
    await removeSwarmLeftovers(docker, NAME_PREFIX);
    gatewayPort = await freePort();
    props = {
      ...LIVE_STACK_PROPS,
      registry: { address: SWARM_REGISTRY, protocol: 'http', credentials: 'none' },
      // This kernel has no ESP: an encrypted overlay carries nothing between its nodes.
      networks: { encryptInternal: false },
      gateway: { hostPort: gatewayPort },
      app: { ...LIVE_STACK_PROPS.app, replicas: DESIRED_APP_REPLICAS },
      // Short, so a node's loss can show it; the stack's default is 5m.
      prometheus: { ...LIVE_STACK_PROPS.prometheus, replicasMismatchFor: '10s' },
    };
    deployment = await Deployment.create({
      stackId: 'sentinel-swarm',
      appFile: 'swarm-app.ts',
      props,
      dockerHost: `unix://${MANAGER.socket}`,
      log: (line) => console.log(`swarm-nodes deploy: ${line}`),
    });
    gateway = await loopbackRelay(await gatewayEndpoint());
    relays.push(gateway);
    // A test fixture on the first manager, published on its address on the bridge, relayed to loopback.
    const forwarderImage = `${SWARM_REGISTRY}/${IMAGES.gateway}`;
    await pullOnto(docker, forwarderImage);
    forwarder = await loopbackForwarder(docker, service('monitoring'), { prometheus: { host: 'prometheus', port: 9090 }, alertmanager: { host: 'alertmanager', port: 9093 } }, { image: forwarderImage, hostIp: MANAGER.address });
    const [toPrometheus, toAlertmanager] = await Promise.all([loopbackRelay(forwarder.endpoints.prometheus!), loopbackRelay(forwarder.endpoints.alertmanager!)]);
    relays.push(toPrometheus, toAlertmanager);
    prometheus = { host: '127.0.0.1', port: toPrometheus.port };
    alertmanager = { host: '127.0.0.1', port: toAlertmanager.port };
    console.log(`swarm-nodes deploy: stack up in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
  }, 1_200_000);

  afterAll(async () => {
    await Promise.all(relays.map((relay) => relay.close()));
    await forwarder?.remove().catch(() => undefined);
    if ((await swarmLeftovers(docker, NAME_PREFIX)).services.length > 0) await deployment?.destroy();
    await removeSwarmLeftovers(docker, NAME_PREFIX);
  }, 600_000);

  it('runs on three ready managers, every service at its desired task count, the app at three replicas', async () => {
    const view = [...(await nodes()).values()].map((node) => node.hostname).sort();
    expect(view).toEqual(SWARM_HOSTS.map((host) => host.name));
    const counts = Object.fromEntries(
      await Promise.all(Object.values(deployment!.synthesized().resource.docker_service ?? {}).map(async (body) => [body.name as string, (await services.untilConverged(body.name as string, 120_000)).detail] as const)),
    );
    expect(counts[APP]).toBe(`${DESIRED_APP_REPLICAS}/${DESIRED_APP_REPLICAS} tasks running`);
    expect(counts[service('node-exporter')]).toBe('3/3 tasks running');
    for (const [name, detail] of Object.entries(counts)) expect([name, detail]).toEqual([name, expect.stringMatching(/^(\d+)\/\1 tasks running$/)]);
  }, 300_000);

  it('names every image in the registry by digest, and plans nothing right after the deploy', async () => {
    const images = await Promise.all(
      Object.values(deployment!.synthesized().resource.docker_service ?? {}).map(async (body) => {
        const { Spec } = (await services.service(body.name as string).inspect()) as { Spec: { TaskTemplate: { ContainerSpec: { Image: string } } } };
        return [body.name as string, Spec.TaskTemplate.ContainerSpec.Image] as const;
      }),
    );
    for (const [name, image] of images) expect([name, image]).toEqual([name, expect.stringMatching(/^10\.231\.0\.1:5000\/[^@]+@sha256:[0-9a-f]{64}$/)]);
    expect(deployment!.plan()).toEqual([]);
  }, 300_000);

  it('spreads the app over at least two nodes, each replica an up target of its own', async () => {
    const tasks = await running(APP);
    const byNode = await nodes();
    const placed = tasks.map((task) => byNode.get(nodeOf(task))!.hostname);
    console.log(`app replicas on ${placed.sort().join(', ')}`);
    expect(tasks).toHaveLength(DESIRED_APP_REPLICAS);
    expect(new Set(placed).size).toBeGreaterThanOrEqual(2);
    await everyTargetUp(prometheus, ['app', 'prometheus', 'alertmanager', 'nginx', 'redis', 'node']);
    const addresses = tasks.map(monitoringAddress).sort();
    const matched = await waitFor(async () => {
      const up = (await promQuery(prometheus, 'up{job="app"} == 1')).map((sample) => sample.metric.instance!.split(':')[0]!).sort();
      return up.join() === addresses.join() ? up : undefined;
    }, { what: "the app tasks' addresses as the up app targets", timeoutMs: 60_000, intervalMs: 1_000 });
    expect(new Set(matched).size).toBe(DESIRED_APP_REPLICAS);
  }, 180_000);

  it("reaches every replica, on every node, through the gateway: each replica's own request counter grows", async () => {
    const before = await requestsByInstance();
    for (let round = 0; round < 30; round++) {
      const responses = await Promise.all([visit(), visit(), visit()]);
      expect(responses.map((response) => response.status)).toEqual([200, 200, 200]);
    }
    const grown = await waitFor(async () => {
      const after = await requestsByInstance();
      const growing = Object.keys(after).filter((instance) => after[instance]! > (before[instance] ?? 0));
      return Object.keys(after).length === DESIRED_APP_REPLICAS && growing.length === DESIRED_APP_REPLICAS ? growing : undefined;
    }, { what: "every replica's http_requests_total to grow", timeoutMs: 4 * SCRAPE_INTERVAL_MS, intervalMs: 1_000 });
    expect(grown).toHaveLength(DESIRED_APP_REPLICAS);
  }, 120_000);

  it("runs the node exporter on every node, and the Host dashboard's series come one from each node's own exporter", async () => {
    const byNode = await nodes();
    const tasks = await running(service('node-exporter'));
    expect(tasks.map((task) => byNode.get(nodeOf(task))!.hostname).sort()).toEqual(SWARM_HOSTS.map((host) => host.name));
    // Each exporter reports the name of the node it runs on: three instances, three node names, each its own task's node.
    const nodenameOf = Object.fromEntries(tasks.map((task) => [monitoringAddress(task), byNode.get(nodeOf(task))!.hostname]));
    const reported = await waitFor(async () => {
      const samples = await promQuery(prometheus, 'node_uname_info{job="node"}');
      return samples.length === SWARM_HOSTS.length ? samples : undefined;
    }, { what: 'node_uname_info from three exporters', timeoutMs: 30_000, intervalMs: 1_000 });
    expect(Object.fromEntries(reported.map((s) => [s.metric.instance!.split(':')[0]!, s.metric.nodename]))).toEqual(nodenameOf);
    const host = grafanaDashboards(`${deployment!.stackDir}/cdk.tf.json`, service('grafana')).filter((dashboard) => dashboard.uid === HOST_UID);
    // Every query whose series keep the instance: one series set per node (a panel's max across nodes keeps none).
    let perInstance = 0;
    for (const query of dashboardQueries(host)) {
      const samples = (await promQuery(prometheus, query.promql)).filter((sample) => sample.metric.instance !== undefined);
      if (samples.length === 0) continue;
      perInstance += 1;
      const instances = new Set(samples.map((sample) => sample.metric.instance!.split(':')[0]!));
      expect([query.panel, [...instances].sort()]).toEqual([query.panel, Object.keys(nodenameOf).sort()]);
    }
    expect(perInstance).toBeGreaterThan(3);
  }, 120_000);

  // docs/capacity.md scales these counts by node and by app task.
  it('scrapes series from every target, those of each node exporter and of each app task printed by job', async () => {
    const scraped = await promQuery(prometheus, 'scrape_samples_scraped');
    const byJob = new Map<string, number[]>();
    for (const sample of scraped) byJob.set(sample.metric.job!, [...(byJob.get(sample.metric.job!) ?? []), Number(sample.value[1])]);
    const head = Number((await promQuery(prometheus, 'prometheus_tsdb_head_series'))[0]!.value[1]);
    console.log(
      `series per scrape, by job (one figure per target): ${[...byJob].sort(([a], [b]) => a.localeCompare(b)).map(([job, counts]) => `${job} ${counts.sort((a, b) => a - b).join('/')}`).join(', ')}; ` +
        `Prometheus head: ${head} series`,
    );
    expect(byJob.get('node')).toHaveLength(SWARM_HOSTS.length);
    expect(byJob.get('app')).toHaveLength(DESIRED_APP_REPLICAS);
    expect(scraped.filter((sample) => !(Number(sample.value[1]) > 0)).map((sample) => sample.metric.instance)).toEqual([]);
  }, 60_000);

  it('runs Redis, Prometheus, Alertmanager and Grafana each on the node labelled for it', async () => {
    const byNode = await nodes();
    for (const name of STATEFUL) {
      const tasks = await running(service(name));
      expect([name, tasks.length]).toEqual([name, 1]);
      const node = byNode.get(nodeOf(tasks[0]!))!;
      expect([name, node.labels[`${NAME_PREFIX}.${name}`]]).toEqual([name, 'true']);
      // The label is on that node alone: Swarm had no other choice.
      expect([name, [...byNode.values()].filter((other) => other.labels[`${NAME_PREFIX}.${name}`] === 'true').map((other) => other.hostname)]).toEqual([name, [node.hostname]]);
    }
  }, 60_000);

  it("keeps Redis', Prometheus' and Alertmanager's data across a deploy that updates them, each back on its own node", async () => {
    const before = Object.fromEntries(await Promise.all(STATEFUL.map(async (name) => [name, (await running(service(name)))[0]!] as const)));
    const visitsBefore = (JSON.parse((await visit()).body) as { visits: number }).visits;
    const samples = async () => Number((await promQuery(prometheus, 'count_over_time(up{job="prometheus"}[1h])'))[0]?.value[1] ?? 0);
    // Enough history that a fresh TSDB could not have as much a minute later.
    const samplesBefore = await waitFor(async () => ((await samples()) >= 20 ? samples() : undefined), { what: '20 samples of up{job="prometheus"}', timeoutMs: 150_000, intervalMs: 5_000 });
    const silenceId = await createSilence(alertmanager);

    const updated = { ...props, redis: { memoryMb: 200 }, prometheus: { ...props.prometheus, memoryMb: 900 }, alertmanager: { memoryMb: 100 } };
    await deployment!.deploy(updated);
    props = updated;

    for (const name of ['redis', 'prometheus', 'alertmanager'] as const) {
      expect((await services.untilConverged(service(name), 120_000)).done).toBe(true);
      const [after] = await running(service(name));
      expect([name, after!.ID === before[name]!.ID]).toEqual([name, false]);
      expect([name, nodeOf(after!)]).toEqual([name, nodeOf(before[name]!)]);
    }
    gateway.target = await gatewayEndpoint();
    const visitsAfter = (JSON.parse((await visit()).body) as { visits: number }).visits;
    expect(visitsAfter).toBe(visitsBefore + 1);
    const samplesAfter = await waitFor(async () => {
      const count = await samples().catch(() => 0);
      return count >= samplesBefore ? count : undefined;
    }, { what: 'Prometheus to answer with its history', timeoutMs: 90_000, intervalMs: 2_000 });
    expect(samplesAfter).toBeGreaterThanOrEqual(samplesBefore);
    expect(await silenceIds(alertmanager)).toContain(silenceId);
    expect(deployment!.plan()).toEqual([]);
  }, 900_000);

  it('leaves the stack in Redis on its node: the counter there is the last visit handed out', async () => {
    const [task] = await running(service('redis'));
    const container = await containerOf(task!);
    const last = (JSON.parse((await visit()).body) as { visits: number }).visits;
    expect(Number((await execIn(container, ['redis-cli', '--raw', 'GET', VISITS_KEY])).output.trim())).toBe(last);
  }, 60_000);

  it(`keeps answering 16 clients while a node is cut off: its tasks rescheduled within ${RESCHEDULED_WITHIN_MS / 1000} s, no visit counted twice or lost; NodeDown and TargetDown fire, and every alert of the loss resolves once it is back`, async () => {
    const byNode = await nodes();
    const victim = [...byNode.values()].find((node) => node.hostname === VICTIM.name)!;
    expect(STATEFUL.filter((name) => victim.labels[`${NAME_PREFIX}.${name}`] === 'true')).toEqual([]);
    const serviceNames = Object.values(deployment!.synthesized().resource.docker_service ?? {}).map((body) => body.name as string);
    const replicated = Object.values(deployment!.synthesized().resource.docker_service ?? {}).filter((body) => !(body.mode as { global?: boolean }).global).map((body) => body.name as string);
    const nodeState = async (id: string) => ((await docker.getNode(id).inspect()) as { Status: { State: string } }).Status.State;
    const tasksOn = async (nodeId: string) =>
      ((await docker.listTasks({ filters: { node: [nodeId], 'desired-state': ['running'] } })) as (SwarmTask & { ServiceID: string })[]).filter((task) => task.Status.State === 'running');
    const serviceIds = new Map((await docker.listServices() as { ID: string; Spec: { Name: string } }[]).map((s) => [s.ID, s.Spec.Name]));
    console.log(`on ${VICTIM.name} before the cut: ${(await tasksOn(victim.id)).map((task) => serviceIds.get(task.ServiceID)).sort().join(', ')}`);
    // ReplicasMismatch waits its `for` on fewer tasks found than desired, which lasts only from the old task's
    // leaving DNS to its replacement's first scrape: it fires in some runs, and must resolve like the others.
    const watched = ['NodeDown', 'TargetDown', 'ReplicasMismatch'];
    const watch = watchAlerts(alertmanager, watched);
    const timings: Record<string, number> = {};
    let cutAt = 0;
    const tally = await visitsDuring(gateway.port, async () => {
      cutAt = Date.now();
      cutLink(VICTIM);
      try {
        await waitFor(async () => (await nodeState(victim.id)) === 'down' || undefined, {
          what: `Swarm to mark ${VICTIM.name} down`,
          timeoutMs: 90_000,
          intervalMs: 500,
        });
        timings.markedDown = Date.now() - cutAt;
        // A global service's task stays with its node: only the replicated ones move.
        await waitFor(async () => {
          for (const name of replicated) {
            const { done } = await services.untilConverged(name, 0);
            if (!done) return undefined;
          }
          return (await Promise.all(replicated.map(running))).flat().every((task) => nodeOf(task) !== victim.id) || undefined;
        }, { what: `every service to run its tasks on the other nodes`, timeoutMs: RESCHEDULED_WITHIN_MS, intervalMs: 500 });
        timings.rescheduled = Date.now() - cutAt;
        gateway.target = await gatewayEndpoint();
        await firingAlert(alertmanager, 'NodeDown', (alert) => alert.labels.job === 'node');
        timings.nodeDownFired = Date.now() - cutAt;
      } finally {
        restoreLink(VICTIM);
      }
      timings.restored = Date.now() - cutAt;
      await waitFor(async () => (await nodeState(victim.id)) === 'ready' || undefined, {
        what: `${VICTIM.name} to be ready again`,
        timeoutMs: 90_000,
        intervalMs: 500,
      });
      timings.readyAgain = Date.now() - cutAt;
      await everyManagerReachable();
      timings.managerReachableAgain = Date.now() - cutAt;
      for (const name of watched) {
        await resolvedAlert(alertmanager, name);
        timings[`${name}Resolved`] = Date.now() - cutAt;
      }
    }, 3_000, VISIT_PAUSE_MS);
    const sightings = await watch.stop();
    const failures = tally.failedAt.map((at) => at - cutAt);
    console.log(
      `node cut off: ${Object.entries(timings).map(([what, ms]) => `${what} ${(ms / 1000).toFixed(1)} s`).join(', ')}; ` +
        `${tally.counted.length} visits answered, ${tally.failed} failed, the last ${((Math.max(0, ...failures)) / 1000).toFixed(1)} s after the cut; ` +
        `alerts seen: ${sightings.map((s) => `${s.alertname}{job=${s.job}} ${(s.firstSeenMs / 1000).toFixed(0)}–${(s.lastSeenMs / 1000).toFixed(0)} s`).join(', ')}`,
    );
    expect(tally.ranOut).toBe(false);
    expect(tally.counted.length).toBeGreaterThan(0);
    expect(new Set(tally.counted).size).toBe(tally.counted.length);
    expect(failures.filter((offset) => offset > RESCHEDULED_WITHIN_MS)).toEqual([]);
    expect(sightings.map((s) => `${s.alertname}/${s.job}`)).toEqual(expect.arrayContaining(['NodeDown/node', 'TargetDown/app']));
    // No acknowledged visit lost: Redis' counter holds at least the highest number handed out.
    const [redisTask] = await running(service('redis'));
    const stored = Number((await execIn(await containerOf(redisTask!), ['redis-cli', '--raw', 'GET', VISITS_KEY])).output.trim());
    expect(stored).toBeGreaterThanOrEqual(Math.max(...tally.counted));
    for (const name of serviceNames) expect([name, (await services.untilConverged(name, 120_000)).done]).toEqual([name, true]);
    expect(deployment!.plan()).toEqual([]);
  }, 900_000);

  it("holds Redis to its node when that node is cut off: visits answer 503 and are not counted, Redis waits for its node and continues there from its volume, no acknowledged visit lost", async () => {
    const byNode = await nodes();
    const redisNode = [...byNode.values()].find((node) => node.labels[`${NAME_PREFIX}.redis`] === 'true')!;
    const host = SWARM_HOSTS.find((candidate) => candidate.name === redisNode.hostname)!;
    expect(host).not.toBe(MANAGER);
    await everyManagerReachable();
    const [before] = await running(service('redis'));
    const watch = watchAlerts(alertmanager, ['RedisUnreachable']);
    const timings: Record<string, number> = {};
    let cutAt = 0;
    let pending: SwarmTask | undefined;
    const tally = await visitsDuring(gateway.port, async () => {
      cutAt = Date.now();
      cutLink(host);
      try {
        // Its replacement can go nowhere else: it waits for the labelled node.
        pending = await waitFor(async () => (await services.tasks(service('redis'))).find((task) => task.ID !== before!.ID && task.Status.State === 'pending'), {
          what: "Redis' replacement task to wait for its node",
          timeoutMs: 90_000,
          intervalMs: 500,
        });
        timings.replacementPending = Date.now() - cutAt;
        await firingAlert(alertmanager, 'RedisUnreachable');
        timings.redisUnreachableFired = Date.now() - cutAt;
        // Whatever else the node ran has moved: the gateway may have been there.
        await waitFor(async () => ((await running(service('gateway'))).some((task) => nodeOf(task) !== redisNode.id) ? true : undefined), { what: 'the gateway to run on another node', timeoutMs: RESCHEDULED_WITHIN_MS, intervalMs: 500 });
        gateway.target = await gatewayEndpoint();
      } finally {
        restoreLink(host);
      }
      timings.restored = Date.now() - cutAt;
      const back = await waitFor(async () => (await running(service('redis'))).find((task) => task.ID !== before!.ID && nodeOf(task) === redisNode.id), {
        what: 'Redis to run again on its node',
        timeoutMs: 120_000,
        intervalMs: 500,
      });
      expect(back).toBeDefined();
      timings.redisBack = Date.now() - cutAt;
      await waitFor(async () => ((await visit().catch(() => undefined))?.status === 200 ? true : undefined), { what: 'a visit to be counted again', timeoutMs: 60_000, intervalMs: 500 });
      timings.visitsCountedAgain = Date.now() - cutAt;
    }, 3_000, VISIT_PAUSE_MS);
    const sightings = await watch.stop();
    console.log(
      `Redis' node cut off: ${Object.entries(timings).map(([what, ms]) => `${what} ${(ms / 1000).toFixed(1)} s`).join(', ')}; ` +
        `pending because: ${pending?.Status.Err ?? (pending as unknown as { Status: { Message?: string } })?.Status.Message ?? '?'}; ` +
        `${tally.counted.length} visits counted, ${tally.failed} failed; alerts seen: ${sightings.map((s) => `${s.alertname} ${(s.firstSeenMs / 1000).toFixed(0)}–${(s.lastSeenMs / 1000).toFixed(0)} s`).join(', ')}`,
    );
    expect(tally.ranOut).toBe(false);
    expect(tally.failed).toBeGreaterThan(0);
    expect(new Set(tally.counted).size).toBe(tally.counted.length);
    // No acknowledged visit lost: the counter Redis kept on its volume holds every number handed out, and goes on from there.
    const [redisTask] = await running(service('redis'));
    const stored = Number((await execIn(await containerOf(redisTask!), ['redis-cli', '--raw', 'GET', VISITS_KEY])).output.trim());
    expect(stored).toBeGreaterThanOrEqual(Math.max(...tally.counted));
    await resolvedAlert(alertmanager, 'RedisUnreachable');
    for (const name of Object.values(deployment!.synthesized().resource.docker_service ?? {}).map((body) => body.name as string)) {
      expect([name, (await services.untilConverged(name, 120_000)).done]).toEqual([name, true]);
    }
    expect(deployment!.plan()).toEqual([]);
  }, 900_000);

  it('removes every service, config, secret and network, and every task container on every node, with `npm run destroy:swarm` and no secret', async () => {
    expect((await swarmLeftovers(docker, NAME_PREFIX)).services.length).toBeGreaterThan(0);
    await forwarder?.remove();
    forwarder = undefined;
    const stackVolumes = Object.values(deployment!.synthesized().resource.docker_volume ?? {}).map((body) => body.name as string);
    await deployment!.destroy();
    for (const host of SWARM_HOSTS) {
      const left = await waitFor(async () => {
        const now = await swarmLeftovers(hostClient(host), NAME_PREFIX);
        return now.containers.length === 0 ? now : undefined;
      }, { what: `the task containers on ${host.name} to go`, timeoutMs: 90_000, intervalMs: 1_000 });
      // Swarm creates a task's named volume on the node the task runs on; Terraform removes only the one on the manager it talks to.
      console.log(`${host.name}: left ${JSON.stringify(left)}`);
      expect([host.name, { ...left, volumes: [] }]).toEqual([host.name, { services: [], containers: [], configs: [], secrets: [], networks: [], volumes: [] }]);
      expect([host.name, left.volumes.filter((volume) => !stackVolumes.includes(volume))]).toEqual([host.name, []]);
      if (host === MANAGER) expect(left.volumes).toEqual([]);
    }
  }, 600_000);
});
