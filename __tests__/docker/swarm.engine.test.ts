import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { VISITS_KEY } from '../../app/src/redis';
import type { Endpoint } from '../../config/endpoint';
import { APP_SOURCE_DIR } from '../../constructs/components/sentinel-app';
import type { SentinelStackProps } from '../../constructs/stack/sentinel-stack';
import { LIVE_STACK_PROPS } from '../live/support/live-configs';
import { promQuery } from '../live/support/live-http';
import { httpRequest } from '../support/app-http';
import { freePort, waitFor } from '../support/app-processes';
import { everyPanelWithData, everyTargetUp, firingAlert, resolvedAlert, sendTrafficMix, visitsDuring } from '../support/stack-checks';
import { dashboardQueries } from '../live/support/live-panels';
import { describeWithEngine, dockerClient } from './support/engine';
import { execIn } from './support/engine-probes';
import { Deployment, type PlannedChange } from './support/deployment';
import { removeSwarmLeftovers, swarmLeftovers, swarmMode, type SwarmMode } from './support/swarm-mode';
import { loopbackForwarder, type LoopbackForwarder } from './support/swarm-probes';
import { SwarmServices } from './support/swarm-services';
import { grafanaDashboards, placementLabels } from './support/swarm-synth';

// Its own names and subnets, so the Docker suite's stack can run on the same engine at the same time.
const NAME_PREFIX = 'swarmsuite';
const SUBNETS = { edgeSubnet: '172.29.10.0/24', internalSubnet: '172.29.20.0/24', monitoringSubnet: '172.29.30.0/24' };
const service = (name: string) => `${NAME_PREFIX}-${name}`;
const APP = service('app');
const MONITORING_NETWORK = service('monitoring');
const DESIRED_APP_REPLICAS = 3;
const SCALED_APP_REPLICAS = 5;
const SCRAPE_INTERVAL_MS = 5_000;
// A target appears at the first DNS refresh after its task runs and counts once scraped: two intervals, plus one for the query's own lag.
const NEW_TARGETS_WITHIN_MS = 2 * SCRAPE_INTERVAL_MS + SCRAPE_INTERVAL_MS;
// A killed task's in-flight visits fail, and so do those the gateway still sends to its address: for
// up to 1 s it keeps Swarm's DNS answer, and a connection to the gone address fails after at most
// the 2 s connect timeout. So every failure ends within 3 s of the kill, plus 1 s of margin.
const KILLED_TASK_FAILURE_WINDOW_MS = 4_000;
const CONCURRENT_VISITS = 60;
// Paced, so each client's bounded visits last through a deploy (about 40 s) or a rolling update (about 80 s).
const DEPLOY_VISIT_PAUSE_MS = 25;
const ROLLOUT_VISIT_PAUSE_MS = 50;
// The gateway publishes its port on the node (no ingress mesh without IPVS), so its one task stops
// before the next starts: visits fail from the old task's stop until the new one listens.
const GATEWAY_SWAP_FAILURE_WINDOW_MS = 15_000;
// Short, so the suite sees ReplicasMismatch fire; the stack's default is 5m.
const REPLICAS_MISMATCH_FOR = '10s';
/** A placement constraint no node meets: a task that must meet it stays pending. */
const NOWHERE = 'node.labels.sentinel-swarm-suite-nowhere==true';

describeWithEngine('the swarm stack on a single-node Docker Swarm, deployed by `npm run deploy:swarm`', () => {
  const docker: Docker = dockerClient();
  const services = new SwarmServices(docker);
  let swarm: SwarmMode | undefined;
  let deployment: Deployment | undefined;
  let forwarder: LoopbackForwarder | undefined;
  let gatewayPort = 0;
  const applied = (): SwarmServices => {
    if (!deployment) throw new Error('the stack was not deployed');
    return services;
  };
  const serviceNames = () => Object.values(deployment!.synthesized().resource.docker_service ?? {}).map((body) => body.name as string);
  const prometheus = (): Endpoint => forwarder!.endpoints.prometheus!;
  const alertmanager = (): Endpoint => forwarder!.endpoints.alertmanager!;
  const visit = () => httpRequest(gatewayPort, { path: '/', timeoutMs: 15_000 });
  const visitsOf = (body: string) => (JSON.parse(body) as { visits: number }).visits;
  const appInstances = async (query = `up{job="app"} == 1`) => (await promQuery(prometheus(), query)).map((sample) => sample.metric.instance!);
  const requestsByInstance = async () =>
    Object.fromEntries((await promQuery(prometheus(), 'sum by (instance) (http_requests_total{job="app"})')).map((s) => [s.metric.instance!, Number(s.value[1])]));
  const setAppReplicas = (replicas: number) =>
    applied().update(APP, (spec) => ({ ...spec, Mode: { Replicated: { Replicas: replicas } } }));

  let stackFile = '';
  let props: SentinelStackProps;

  beforeAll(async () => {
    const startedAt = Date.now();
    swarm = await swarmMode(docker);
    await removeSwarmLeftovers(docker, NAME_PREFIX);
    gatewayPort = await freePort();
    props = {
      ...LIVE_STACK_PROPS,
      namePrefix: NAME_PREFIX,
      networks: SUBNETS,
      gateway: { hostPort: gatewayPort },
      app: { ...LIVE_STACK_PROPS.app, replicas: DESIRED_APP_REPLICAS },
      prometheus: { ...LIVE_STACK_PROPS.prometheus, replicasMismatchFor: REPLICAS_MISMATCH_FOR },
    };
    deployment = await Deployment.synthesize({ stackId: 'sentinel-swarm', appFile: 'swarm-app.ts', props, log: (line) => console.log(`swarm deploy: ${line}`) });
    stackFile = `${deployment.stackDir}/cdk.tf.json`;
    // As an operator does before the first deploy: the node that keeps each stateful service's data.
    await swarm.label(placementLabels(stackFile));
    await deployment.deploy();
    forwarder = await loopbackForwarder(docker, MONITORING_NETWORK, {
      prometheus: { host: 'prometheus', port: 9090 },
      alertmanager: { host: 'alertmanager', port: 9093 },
    });
    console.log(`swarm deploy: stack up in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
  }, 900_000);

  afterAll(async () => {
    await forwarder?.remove().catch(() => undefined);
    if ((await swarmLeftovers(docker, NAME_PREFIX)).services.length > 0) await deployment?.destroy();
    await removeSwarmLeftovers(docker, NAME_PREFIX);
    await swarm?.end();
  }, 300_000);

  it('runs every service at its desired task count, the app at three replicas', async () => {
    const counts = await Promise.all(
      serviceNames().map(async (name) => [name, (await applied().untilConverged(name, 60_000)).detail] as const),
    );
    expect(Object.fromEntries(counts)[APP]).toBe(`${DESIRED_APP_REPLICAS}/${DESIRED_APP_REPLICAS} tasks running`);
    for (const [name, detail] of counts) expect([name, detail]).toEqual([name, expect.stringMatching(/^(\d+)\/\1 tasks running$/)]);
  }, 120_000);

  describe('a deploy of a change, read from the plan before it is applied', () => {
    /** The services the plan touches, by name, with what it does to each; configs, secrets and images (named by content) aside. */
    const servicesTouched = (changes: readonly PlannedChange[]) =>
      Object.fromEntries(Object.entries(deployment!.touched(changes)).filter(([key]) => key.startsWith('docker_service:')).map(([key, actions]) => [key.slice('docker_service:'.length), actions]));
    const otherTypes = (changes: readonly PlannedChange[]) => [...new Set(changes.map((change) => change.address.split('.')[0]!).filter((type) => type !== 'docker_service'))].sort();

    it('plans nothing right after the deploy, read from the plan JSON', () => {
      expect(deployment!.plan()).toEqual([]);
    });

    it(`rolls a gateway config change out without hanging: the gateway alone updated, visits failing only while its one task is swapped (within ${GATEWAY_SWAP_FAILURE_WINDOW_MS / 1000} s)`, async () => {
      const edits = { gatewayMaxBodySize: '2m' };
      const changes = await deployment!.plannedChanges(props, edits);
      expect(servicesTouched(changes)).toEqual({ [service('gateway')]: 'update' });
      expect(otherTypes(changes)).toEqual(['docker_config']);
      const startedAt = Date.now();
      const tally = await visitsDuring(gatewayPort, () => deployment!.deploy(props, edits), undefined, DEPLOY_VISIT_PAUSE_MS);
      expect(tally.ranOut).toBe(false);
      const failures = tally.failedAt.map((at) => at - tally.failedAt[0]!);
      console.log(`gateway rolled in ${((Date.now() - startedAt) / 1000).toFixed(1)} s; ${tally.counted.length} visits answered, ${tally.failed} failed over ${((failures.at(-1) ?? 0) / 1000).toFixed(1)} s`);
      expect(tally.counted.length).toBeGreaterThan(0);
      expect(failures.filter((offset) => offset > GATEWAY_SWAP_FAILURE_WINDOW_MS)).toEqual([]);
      expect(new Set(tally.counted).size).toBe(tally.counted.length);
      expect(deployment!.plan()).toEqual([]);
    }, 600_000);

    it('rolls an edit of the app source out one task at a time, the image rebuilt, with no failed visit', async () => {
      const edit = join(APP_SOURCE_DIR, 'swarm-suite-edit.txt');
      writeFileSync(edit, `an edit at ${new Date().toISOString()}\n`);
      try {
        const changes = await deployment!.plannedChanges();
        expect(servicesTouched(changes)).toEqual({ [APP]: 'update' });
        expect(otherTypes(changes)).toEqual(['docker_image']);
        const tally = await visitsDuring(gatewayPort, () => deployment!.deploy(), undefined, DEPLOY_VISIT_PAUSE_MS);
        expect(tally.ranOut).toBe(false);
        console.log(`app rolled onto its new image; ${tally.counted.length} visits answered, ${tally.failed} failed`);
        expect(tally.failed).toBe(0);
        expect(new Set(tally.counted).size).toBe(tally.counted.length);
      } finally {
        rmSync(edit, { force: true });
      }
      // Back to the checkout's sources for the rest of the suite.
      await deployment!.deploy();
      expect(deployment!.plan()).toEqual([]);
    }, 900_000);
  });

  it('has each app replica as an up target of its own in Prometheus, found by DNS', async () => {
    await everyTargetUp(prometheus(), ['app', 'prometheus', 'alertmanager', 'nginx', 'redis', 'node']);
    const taskAddresses = async () =>
      (await applied().tasks(APP))
        .flatMap((task) => (task.NetworksAttachments ?? []).filter((a) => a.Network.Spec.Name === MONITORING_NETWORK).map((a) => a.Addresses[0]!.split('/')[0]!))
        .sort();
    // Tasks of the rollouts before have gone from DNS, and their targets go stale within a few scrapes.
    const matched = await waitFor(async () => {
      const [up, tasks] = await Promise.all([appInstances(), taskAddresses()]);
      const addresses = up.map((instance) => instance.split(':')[0]!).sort();
      return addresses.join() === tasks.join() ? { addresses, tasks } : undefined;
    }, { what: `the ${DESIRED_APP_REPLICAS} tasks' addresses as the up app targets`, timeoutMs: 60_000, intervalMs: 1_000 });
    expect(matched.addresses).toHaveLength(DESIRED_APP_REPLICAS);
    expect(new Set(matched.addresses).size).toBe(DESIRED_APP_REPLICAS);
  }, 120_000);

  it("reaches every replica through the gateway: each replica's own request counter grows", async () => {
    const before = await requestsByInstance();
    for (let round = 0; round < 30; round++) await Promise.all([visit(), visit(), visit()]);
    const grown = await waitFor(async () => {
      const after = await requestsByInstance();
      const instances = Object.keys(after);
      const growing = instances.filter((instance) => after[instance]! > (before[instance] ?? 0));
      return instances.length === DESIRED_APP_REPLICAS && growing.length === DESIRED_APP_REPLICAS ? growing : undefined;
    }, { what: "every replica's http_requests_total to grow", timeoutMs: 4 * SCRAPE_INTERVAL_MS, intervalMs: 1_000 });
    expect(grown).toHaveLength(DESIRED_APP_REPLICAS);
  }, 60_000);

  it('gives every panel of every dashboard data after a bounded mix of traffic', async () => {
    await sendTrafficMix(gatewayPort);
    const results = await everyPanelWithData(prometheus(), dashboardQueries(grafanaDashboards(stackFile, service('grafana'))));
    expect(results.length).toBeGreaterThan(50);
    expect(results.filter((row) => row.series === 0)).toEqual([]);
  }, 120_000);

  it('hands out every number once across replicas: concurrent visits get distinct, consecutive numbers, none lost', async () => {
    const responses = await Promise.all(Array.from({ length: CONCURRENT_VISITS }, visit));
    expect(responses.map((response) => response.status)).toEqual(responses.map(() => 200));
    const numbers = responses.map((response) => visitsOf(response.body)).sort((a, b) => a - b);
    expect(new Set(numbers).size).toBe(CONCURRENT_VISITS);
    expect(numbers[numbers.length - 1]! - numbers[0]! + 1).toBe(CONCURRENT_VISITS);
    const [redis] = await applied().containers(service('redis'));
    const stored = Number((await execIn(redis!, ['redis-cli', '--raw', 'GET', VISITS_KEY])).output.trim());
    expect(stored).toBe(numbers[numbers.length - 1]);
  }, 60_000);

  it(`replaces a killed app task, every failed visit within ${KILLED_TASK_FAILURE_WINDOW_MS / 1000} s of the kill (16 clients, one visit after another each)`, async () => {
    const before = new Set((await applied().tasks(APP)).map((task) => task.ID));
    const [victim] = await applied().containers(APP);
    let killedAt = 0;
    let replacedAfterMs = 0;
    const tally = await visitsDuring(gatewayPort, async () => {
      killedAt = Date.now();
      await victim!.kill();
      const converged = await waitFor(async () => {
        const tasks = (await applied().tasks(APP)).filter((task) => task.Status.State === 'running');
        return tasks.length === DESIRED_APP_REPLICAS && tasks.some((task) => !before.has(task.ID)) ? tasks : undefined;
      }, { what: 'Swarm to replace the killed task', timeoutMs: 60_000, intervalMs: 250 });
      replacedAfterMs = Date.now() - killedAt;
      expect(converged).toHaveLength(DESIRED_APP_REPLICAS);
    }, 3_000);
    const lastFailureMs = Math.max(0, ...tally.failedAt.map((at) => at - killedAt));
    console.log(
      `killed task replaced in ${(replacedAfterMs / 1000).toFixed(1)} s; ${tally.counted.length} visits answered, ` +
        `${tally.failed} failed, the last ${(lastFailureMs / 1000).toFixed(1)} s after the kill`,
    );
    expect(tally.counted.length).toBeGreaterThan(0);
    expect(tally.failedAt.filter((at) => at - killedAt > KILLED_TASK_FAILURE_WINDOW_MS)).toEqual([]);
    expect(new Set(tally.counted).size).toBe(tally.counted.length);
  }, 120_000);

  it(`finds ${SCALED_APP_REPLICAS} app targets within ${NEW_TARGETS_WITHIN_MS / 1000} s of Swarm running ${SCALED_APP_REPLICAS} tasks (two scrape intervals and one of margin)`, async () => {
    try {
      await setAppReplicas(SCALED_APP_REPLICAS);
      const converged = await applied().untilConverged(APP, 90_000);
      expect(converged).toEqual({ done: true, detail: `${SCALED_APP_REPLICAS}/${SCALED_APP_REPLICAS} tasks running` });
      const runningAt = Date.now();
      await waitFor(async () => ((await appInstances()).length === SCALED_APP_REPLICAS ? true : undefined), {
        what: `${SCALED_APP_REPLICAS} app targets up`,
        timeoutMs: NEW_TARGETS_WITHIN_MS,
        intervalMs: 250,
      });
      console.log(`${SCALED_APP_REPLICAS} targets up ${((Date.now() - runningAt) / 1000).toFixed(1)} s after the tasks ran`);
    } finally {
      await setAppReplicas(DESIRED_APP_REPLICAS);
      await applied().untilConverged(APP, 90_000);
    }
  }, 240_000);

  it('rolls the app onto a new spec one task at a time under load, with no failed visit', async () => {
    const updateState = async () => ((await applied().service(APP).inspect()) as { UpdateStatus?: { State: string; Message?: string } }).UpdateStatus;
    const startedAt = Date.now();
    const tally = await visitsDuring(gatewayPort, async () => {
      // A changed env is a new task spec: Swarm rolls every task, as a redeploy with a new image does.
      await applied().update(APP, (spec) => {
        const task = spec.TaskTemplate as Docker.ContainerTaskSpec;
        const env = [...(task.ContainerSpec!.Env ?? []), `SWARM_SUITE_ROLLOUT=${Date.now()}`];
        return { ...spec, TaskTemplate: { ...task, ContainerSpec: { ...task.ContainerSpec, Env: env } } };
      });
      const done = await waitFor(async () => {
        const status = await updateState();
        return status && status.State !== 'updating' ? status : undefined;
      }, { what: 'the rolling update to finish', timeoutMs: 240_000, intervalMs: 1_000 });
      expect(done.State).toBe('completed');
    }, undefined, ROLLOUT_VISIT_PAUSE_MS);
    expect(tally.ranOut).toBe(false);
    console.log(`rolling update of ${DESIRED_APP_REPLICAS} tasks in ${((Date.now() - startedAt) / 1000).toFixed(1)} s; ${tally.counted.length} visits answered, ${tally.failed} failed`);
    expect(tally.failed).toBe(0);
    expect(tally.counted.length).toBeGreaterThan(0);
    expect(new Set(tally.counted).size).toBe(tally.counted.length);
  }, 300_000);

  it('fires TargetDown (a warning: one replica of three) while a task answers no scrape, and resolves it when it does again', async () => {
    const [held] = await applied().containers(APP);
    // Paused, not killed: the task stays in DNS and in Swarm's count, so the replica is a target that is down.
    await held!.pause();
    try {
      const alert = await firingAlert(alertmanager(), 'TargetDown', (a) => a.labels.job === 'app');
      expect(alert.labels.severity).toBe('warning');
    } finally {
      await held!.unpause();
    }
    await resolvedAlert(alertmanager(), 'TargetDown', (a) => a.labels.job === 'app', 90_000);
  }, 240_000);

  it('fires ReplicasMismatch while Swarm can run only two of the three app tasks, and resolves it once it runs three again', async () => {
    const original = ((await applied().service(APP).inspect()) as { Spec: Docker.ServiceSpec }).Spec;
    try {
      // Stop-first onto a spec no node can run: the first task stops, its replacement stays pending.
      await applied().update(APP, (spec) => {
        const task = spec.TaskTemplate as Docker.ContainerTaskSpec;
        return {
          ...spec,
          UpdateConfig: { ...spec.UpdateConfig, Parallelism: 1, Order: 'stop-first', FailureAction: 'pause' },
          TaskTemplate: { ...task, Placement: { ...task.Placement, Constraints: [...(task.Placement?.Constraints ?? []), NOWHERE] } },
        };
      });
      const alert = await firingAlert(alertmanager(), 'ReplicasMismatch', (a) => a.labels.job === 'app');
      expect(alert.labels.severity).toBe('warning');
      expect(alert.annotations.summary).toMatch(/app runs 2 of 3 desired tasks/);
    } finally {
      await applied().update(APP, () => original);
    }
    expect((await applied().untilConverged(APP, 120_000)).detail).toBe(`${DESIRED_APP_REPLICAS}/${DESIRED_APP_REPLICAS} tasks running`);
    await resolvedAlert(alertmanager(), 'ReplicasMismatch', (a) => a.labels.job === 'app', 90_000);
  }, 300_000);

  it('removes every service, config, secret, network and volume, and every task container, with `npm run destroy:swarm` and no secret', async () => {
    expect((await swarmLeftovers(docker, NAME_PREFIX)).services.length).toBeGreaterThan(0);
    await forwarder?.remove();
    forwarder = undefined;
    await deployment!.destroy();
    // A removed service's tasks stop asynchronously.
    const left = await waitFor(async () => {
      const now = await swarmLeftovers(docker, NAME_PREFIX);
      return now.containers.length === 0 ? now : undefined;
    }, { what: 'the task containers to go', timeoutMs: 60_000, intervalMs: 1_000 });
    expect(left).toEqual({ services: [], containers: [], configs: [], secrets: [], networks: [], volumes: [] });
  }, 300_000);
});
