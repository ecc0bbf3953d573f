import { rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type Docker from 'dockerode';
import { VISITS_KEY } from '../../app/src/redis';
import type { Endpoint } from '../../config/endpoint';
import { serviceOverviewTitle } from '../../dashboards';
import { APP_SOURCE_DIR } from '../../constructs/components/sentinel-app';
import { IMAGES } from '../../constructs/engine/images';
import { GO_COMPONENTS } from '../../scripts/go-components/components';
import type { SentinelStackProps } from '../../constructs/stack/sentinel-stack';
import { LIVE_STACK_PROPS } from '../live/support/live-configs';
import { promQuery } from '../live/support/live-http';
import { liveDashboardQueries } from '../live/support/live-panels';
import { httpRequest } from '../support/app-http';
import { freePort, waitFor } from '../support/app-processes';
import { ORDERS_METRICS, ORDERS_PORT, ORDERS_USER_PATHS, ordersServiceProps, sendOrdersTraffic } from '../support/orders-service';
import { everyPanelWithData, everyTargetUp, evaluatedRuleGroups, firingAlert, sendTrafficMix, unhealthyRules, visitsAcrossFrozenRedis, expectCountedOnceAcrossFrozenRedis } from '../support/stack-checks';
import { describeWithEngine, dockerClient } from './support/engine';
import { Deployment, type PlannedChange } from './support/deployment';
import type { SuiteEdits } from './support/suite-edits';
import { containersByImageTag, execIn, firstOutputLine, hostListeners, leftovers, memoryLimitBytes, probe, processStatus, namingRelease, removeLeftovers, runningVersions, uidOf } from './support/engine-probes';
import { readSynthesized } from './support/read-synthesized';

const NAME_PREFIX = 'sentinel';
const MIB = 1024 * 1024;
const ORDERS = 'sentinel-orders';
const ORDERS_ROUTE = ordersServiceProps().route;
// Its user routes as the service sees them once the gateway has taken the prefix off.
const ORDERS_USER_ROUTES = ['/', '/{id}'];

describeWithEngine('the stack on a Docker engine', () => {
  const docker: Docker = dockerClient();
  let deployment: Deployment;
  let stackFile = '';
  const container = (name: string) => docker.getContainer(name);
  const volumeNames = async () => ((await docker.listVolumes()).Volumes ?? []).map((volume) => volume.Name);
  let volumesAtStart: string[] = [];
  const hostPorts = { gateway: 0, prometheus: 0, alertmanager: 0, grafana: 0 };
  const prometheus = (): Endpoint => ({ host: '127.0.0.1', port: hostPorts.prometheus });
  const alertmanager = (): Endpoint => ({ host: '127.0.0.1', port: hostPorts.alertmanager });
  const visit = () => httpRequest(hostPorts.gateway, { path: '/' });
  const visitsOf = (body: string) => JSON.parse(body).visits as number;

  beforeAll(async () => {
    await removeLeftovers(docker, NAME_PREFIX);
    volumesAtStart = await volumeNames();
    for (const key of Object.keys(hostPorts) as (keyof typeof hostPorts)[]) hostPorts[key] = await freePort();
    const props: SentinelStackProps = {
      ...LIVE_STACK_PROPS,
      gateway: { hostPort: hostPorts.gateway },
      prometheus: { ...LIVE_STACK_PROPS.prometheus, hostPort: hostPorts.prometheus },
      alertmanager: { hostPort: hostPorts.alertmanager },
      grafana: { hostPort: hostPorts.grafana },
    };
    deployment = await Deployment.create({ stackId: 'sentinel', appFile: 'suite-app.ts', props, log: (line) => console.log(`deploy: ${line}`) });
    stackFile = `${deployment.stackDir}/cdk.tf.json`;
  }, 900_000);

  afterAll(async () => {
    if ((await leftovers(docker, NAME_PREFIX)).containers.length > 0) await deployment?.destroy();
  }, 300_000);

  it('brings every container to healthy, or running where it has no healthcheck', async () => {
    const states = await Promise.all(
      deployment.containerNames().map(async (name) => {
        const state = (await container(name).inspect()).State;
        return [name, state.Health?.Status ?? state.Status] as const;
      }),
    );
    expect(Object.fromEntries(states)).toEqual({
      'sentinel-alertmanager': 'healthy',
      'sentinel-app': 'healthy',
      'sentinel-gateway': 'healthy',
      'sentinel-grafana': 'healthy',
      'sentinel-nginx-exporter': 'running',
      'sentinel-node-exporter': 'healthy',
      [ORDERS]: 'healthy',
      'sentinel-prometheus': 'healthy',
      'sentinel-redis': 'healthy',
      'sentinel-redis-exporter': 'healthy',
    });
  });

  it("has every scrape target up through Prometheus' published port (Grafana's is the placeholder's)", async () => {
    const jobs = ['app', 'orders', 'prometheus', 'alertmanager', 'nginx', 'redis', 'node', 'grafana'];
    const up = await everyTargetUp(prometheus(), jobs);
    const byJob = Object.fromEntries(up.map((sample) => [sample.metric.job, sample.value[1]]));
    expect(byJob).toEqual(Object.fromEntries(jobs.map((job) => [job, '1'])));
  }, 70_000);

  it('evaluates every rule group without error', async () => {
    const groups = await evaluatedRuleGroups(prometheus());
    expect(unhealthyRules(groups)).toEqual([]);
    expect(groups.map((g) => g.name)).toEqual(expect.arrayContaining(['app-red', 'app-alerts', 'orders-red', 'orders-alerts', 'targets', 'prometheus', 'alertmanager', 'gateway']));
  }, 100_000);

  it("counts visits through the gateway's published port", async () => {
    const first = await visit();
    const second = await visit();
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(visitsOf(second.body)).toBe(visitsOf(first.body) + 1);
  });

  it("routes /orders/ and /orders/42 from the gateway's published port to the orders service, which counts them itself", async () => {
    const orders = container(ORDERS);
    const before = await ordersUserRequests(orders);
    const [list, one] = await Promise.all(ORDERS_USER_PATHS.map((path) => httpRequest(hostPorts.gateway, { path })));
    expect([list!.status, one!.status]).toEqual([200, 200]);
    expect(JSON.parse(one!.body)).toEqual({ id: 42, state: 'shipped' });
    const after = await ordersUserRequests(orders);
    expect(ORDERS_USER_ROUTES.map((route) => after[route]! - (before[route] ?? 0))).toEqual([1, 1]);
  });

  it("opens the runbook link an alert carries: the gateway's page, with the alert's section", async () => {
    const link = new URL((await firingAlert(alertmanager(), 'Watchdog')).annotations.runbook_url!);
    expect([link.protocol, link.hostname, Number(link.port)]).toEqual(['http:', 'localhost', hostPorts.gateway]);
    const page = await httpRequest(hostPorts.gateway, { path: link.pathname });
    expect([page.status, page.headers['content-type']]).toEqual([200, 'text/html']);
    expect(page.body).toContain(`id="${link.hash.slice(1)}"`);
  });

  it("gives every panel of every dashboard, the orders service's included, data after a bounded mix of traffic", async () => {
    await Promise.all([sendTrafficMix(hostPorts.gateway), sendOrdersTraffic(hostPorts.gateway, { paths: ORDERS_USER_PATHS, rounds: 40 })]);
    const results = await everyPanelWithData(prometheus(), liveDashboardQueries(readSynthesized(stackFile)));
    expect(results.filter((row) => row.series === 0)).toEqual([]);
    expect(results.filter((row) => row.dashboard === serviceOverviewTitle('orders')).length).toBeGreaterThan(0);
  }, 150_000);

  it("shows the host's own interfaces in the node exporter's metrics, from a port on the monitoring address alone", async () => {
    const monitoring = await docker.getNetwork('sentinel-monitoring').inspect();
    // Docker names a bridge after its network's id: an interface only the host's namespace has.
    const bridge = `br-${(monitoring.Id as string).slice(0, 12)}`;
    const devices = (await promQuery(prometheus(), 'node_network_receive_bytes_total')).map((sample) => sample.metric.device);
    expect(devices).toEqual(expect.arrayContaining([bridge, 'lo']));
    expect(hostListeners(9100)).toEqual([(monitoring.IPAM as { Config: { Gateway: string }[] }).Config[0]!.Gateway]);
  });

  describe('isolation, as the engine enforces it', () => {
    it('publishes the gateway alone on 0.0.0.0, the UIs on 127.0.0.1 only', async () => {
      const bindings = await Promise.all(
        deployment.containerNames().map(async (name) => {
          const ports = (await container(name).inspect()).NetworkSettings.Ports ?? {};
          return Object.values(ports).flatMap((list) => (list ?? []).map((binding) => `${name} ${binding.HostIp}`));
        }),
      );
      expect(bindings.flat().sort()).toEqual([
        'sentinel-alertmanager 127.0.0.1',
        'sentinel-gateway 0.0.0.0',
        'sentinel-grafana 127.0.0.1',
        'sentinel-prometheus 127.0.0.1',
      ]);
    });

    it("lets nothing on the gateway's networks resolve or reach Redis", async () => {
      const redisAddress = await addressOn(container('sentinel-redis'), 'sentinel-internal');
      for (const network of ['sentinel-edge', 'sentinel-monitoring']) {
        const resolved = await probe(docker, network, ['getent', 'hosts', 'redis']);
        expect([network, resolved.exitCode]).toEqual([network, 2]);
        const reached = await probe(docker, network, ['timeout', '3', 'redis-cli', '-h', redisAddress, 'ping']);
        expect([network, reached.exitCode === 0, reached.output.includes('PONG')]).toEqual([network, false, false]);
      }
      // The same probe on the internal network does reach it, so the probe itself works.
      const control = await probe(docker, 'sentinel-internal', ['redis-cli', '-h', 'redis', 'ping']);
      expect(control.output).toContain('PONG');
    }, 60_000);

    // dockerd 20.10 gives containers on an internal network a default route to the bridge, and
    // drops whatever is forwarded off the network: so what holds is that nothing off it is reached.
    it('lets a container on the internal network reach nothing off that network', async () => {
      const gatewayOnEdge = await addressOn(container('sentinel-gateway'), 'sentinel-edge');
      const appOnEdge = await addressOn(container('sentinel-app'), 'sentinel-edge');
      for (const [address, port] of [[gatewayOnEdge, 8080], [appOnEdge, 8080]] as const) {
        const reached = await probe(docker, 'sentinel-internal', tcpConnect(address, port));
        expect([address, reached.exitCode]).not.toEqual([address, 0]);
      }
      const appOnInternal = await addressOn(container('sentinel-app'), 'sentinel-internal');
      expect((await probe(docker, 'sentinel-internal', tcpConnect(appOnInternal, 8080))).exitCode).toBe(0);
    }, 60_000);

    it("keeps /metrics, the orders service's and stub_status off the public port", async () => {
      for (const path of ['/metrics', '/metrics/', '//metrics', '/stub_status', `${ORDERS_ROUTE}metrics`]) {
        const response = await httpRequest(hostPorts.gateway, { path });
        expect([path, response.status]).toEqual([path, 404]);
        expect(response.body).not.toMatch(new RegExp(`http_requests_total|${ORDERS_METRICS.requests}|Active connections`));
      }
    });

    it('joins the orders service to the edge and monitoring networks only, not the internal one', async () => {
      const networks = Object.keys((await container(ORDERS).inspect()).NetworkSettings.Networks).sort();
      expect(networks).toEqual(['sentinel-edge', 'sentinel-monitoring']);
    });
  });

  it('runs in each Go component exactly the version the stack pins, and shows how far the nginx and Redis stand-ins are from theirs', async () => {
    // Each image's entrypoint is one of its programs, which every one of them answers `--version` with.
    for (const { component, entrypoint, firstLine } of await runningVersions(docker, deployment.containerNames(), Object.values(GO_COMPONENTS))) {
      expect([component.image, Object.keys(component.programs)]).toEqual([component.image, expect.arrayContaining([basename(entrypoint)])]);
      expect([component.image, firstLine]).toEqual([component.image, expect.stringMatching(namingRelease(component.version))]);
    }
    const byImage = await containersByImageTag(docker, deployment.containerNames());
    const reported = (image: string, command: readonly string[]) => firstOutputLine(byImage.get(image)!, command);
    console.log(
      `pinned beside what the stand-ins run: ${IMAGES.gateway} runs ${await reported(IMAGES.gateway, ['nginx', '-v'])}; ` +
        `${IMAGES.redis} runs ${await reported(IMAGES.redis, ['redis-server', '--version'])}`,
    );
  }, 60_000);

  describe('hardening at run time', () => {
    it('runs every process as its configured non-root user, with no capabilities and no-new-privileges', async () => {
      for (const name of deployment.containerNames()) {
        const status = await processStatus(container(name));
        const configured = deployment.declared(name).user as string;
        const uid = /^\d+/.test(configured) ? Number(configured.split(':')[0]) : await uidOf(container(name), configured);
        expect([name, status.uid, status.capEff, status.noNewPrivs]).toEqual([name, uid, '0000000000000000', 1]);
        expect(status.uid).not.toBe(0);
      }
    }, 60_000);

    it('refuses writes to the root filesystems of the app and the orders service', async () => {
      for (const name of ['sentinel-app', ORDERS]) {
        // /tmp is writable by every user, so only the read-only root filesystem can refuse this.
        const write = await execIn(container(name), ['node', '-e', "require('fs').writeFileSync('/tmp/written', 'x')"]);
        expect([name, write.exitCode === 0, write.output]).toEqual([name, false, expect.stringContaining('EROFS')]);
      }
    });

    it('holds every container to its configured memory limit, without swap', async () => {
      for (const name of deployment.containerNames()) {
        const configured = (deployment.declared(name).memory as number) * MIB;
        const inspected = (await container(name).inspect()).HostConfig;
        expect([name, inspected.Memory, inspected.MemorySwap]).toEqual([name, configured, configured]);
        expect([name, await memoryLimitBytes(container(name))]).toEqual([name, configured]);
      }
    });
  });

  it('counts every visit answered 200 once, and no visit answered 503 unless Redis froze just after counting it', async () => {
    const redis = container('sentinel-redis');
    const result = await visitsAcrossFrozenRedis(hostPorts.gateway, {
      visitCounter: async () => Number((await execIn(redis, ['redis-cli', '--raw', 'GET', VISITS_KEY])).output.trim()),
      // Frozen, not stopped: the app's connection stays open and its commands wait in it.
      freeze: () => redis.pause(),
      thaw: () => redis.unpause(),
    });
    expectCountedOnceAcrossFrozenRedis(result);
  }, 60_000);

  describe('the orders service failing', () => {
    // Its server is PID 1 (the image's entrypoint execs it); the stand-in has no kill binary, the shell's builtin serves.
    // Node handles the signal on its event loop, after exec returns: the switch shows in its answers.
    const toggleFailureMode = async (then: 'failing' | 'serving') => {
      const signalled = await execIn(container(ORDERS), ['sh', '-c', 'kill -USR2 1']);
      if (signalled.exitCode !== 0) throw new Error(`signalling the orders service failed: ${signalled.output}`);
      const status = then === 'failing' ? 500 : 200;
      await waitFor(async () => (await httpRequest(hostPorts.gateway, { path: ORDERS_ROUTE })).status === status, {
        what: `the orders service to answer ${status} at ${ORDERS_ROUTE}`,
        timeoutMs: 10_000,
      });
    };

    beforeAll(() => toggleFailureMode('failing'));

    afterAll(() => toggleFailureMode('serving'));

    it('answers 500 on its user routes through the gateway', async () => {
      const statuses = await Promise.all(ORDERS_USER_PATHS.map(async (path) => (await httpRequest(hostPorts.gateway, { path })).status));
      expect(statuses).toEqual([500, 500]);
    });

    it('fires HighErrorRate for job orders in Alertmanager under bounded traffic', async () => {
      const alert = await whileSendingOrdersTraffic(hostPorts.gateway, () => firingAlert(alertmanager(), 'HighErrorRate', (a) => a.labels.job === 'orders'));
      expect(alert.labels).toMatchObject({ severity: 'critical', job: 'orders' });
    }, 120_000);
  });

  describe('Redis stopped', () => {
    let lastAcknowledged = 0;

    beforeAll(async () => {
      lastAcknowledged = visitsOf((await visit()).body);
      await container('sentinel-redis').stop({ t: 15 });
    }, 60_000);

    it('answers 503 through the gateway and fires RedisUnreachable', async () => {
      const failed = await waitFor(async () => ((await visit()).status === 503 ? visit() : undefined), { what: '/ to answer 503', timeoutMs: 15_000 });
      expect(failed.status).toBe(503);
      const alert = await firingAlert(alertmanager(), 'RedisUnreachable');
      expect(alert.labels).toMatchObject({ severity: 'critical', job: 'app' });
    }, 120_000);

    it('recovers when Redis starts again, the counter continuing', async () => {
      await container('sentinel-redis').start();
      const next = await waitFor(async () => {
        const response = await visit();
        return response.status === 200 ? visitsOf(response.body) : undefined;
      }, { what: 'visits to succeed again', timeoutMs: 60_000, intervalMs: 500 });
      expect(next).toBe(lastAcknowledged + 1);
    }, 90_000);
  });

  describe('app stopped', () => {
    beforeAll(async () => {
      await container('sentinel-app').stop({ t: 15 });
    }, 60_000);

    it('gets a quick error from the gateway and fires TargetDown for the app', async () => {
      const startedAt = Date.now();
      const response = await visit();
      expect([502, 503, 504]).toContain(response.status);
      expect(Date.now() - startedAt).toBeLessThan(3_000);
      const alert = await firingAlert(alertmanager(), 'TargetDown', (a) => a.labels.job === 'app');
      expect(alert.labels.severity).toBe('critical');
    }, 120_000);

    it('recovers when the app starts again', async () => {
      await container('sentinel-app').start();
      const response = await waitFor(async () => ((await visit()).status === 200 ? visit() : undefined), {
        what: 'the gateway to reach the restarted app',
        timeoutMs: 60_000,
        intervalMs: 500,
      });
      expect(response.status).toBe(200);
    }, 90_000);
  });

  it("serves again through the unchanged gateway once Docker restarts the app after a crash", async () => {
    const app = container('sentinel-app');
    const before = (await app.inspect()).RestartCount;
    const gatewayId = (await container('sentinel-gateway').inspect()).Id;
    // A crash, not a stop: the process dies under the engine, and the restart policy brings it back.
    process.kill((await app.inspect()).State.Pid, 'SIGKILL');
    await waitFor(async () => (await app.inspect()).RestartCount > before, { what: 'Docker to restart the app', timeoutMs: 30_000, intervalMs: 250 });
    const response = await waitFor(async () => ((await visit()).status === 200 ? visit() : undefined), {
      what: 'the gateway to reach the restarted app',
      timeoutMs: 60_000,
      intervalMs: 500,
    });
    expect(response.status).toBe(200);
    expect((await container('sentinel-gateway').inspect()).Id).toBe(gatewayId);
  }, 120_000);

  describe('data survives what users do', () => {
    it('continues the counter when the Redis container is replaced on its volume', async () => {
      const before = visitsOf((await visit()).body);
      expect(deployment.replace('sentinel-redis')).toEqual(['sentinel-redis']);
      const after = await waitFor(async () => {
        const response = await visit();
        return response.status === 200 ? visitsOf(response.body) : undefined;
      }, { what: 'visits to succeed on the new Redis', timeoutMs: 60_000, intervalMs: 500 });
      expect(after).toBe(before + 1);
    }, 180_000);

    it('keeps the samples when the Prometheus container is replaced', async () => {
      const at = Math.floor(Date.now() / 1000) - 5;
      const samples = async () => (await promQuery(prometheus(), `count_over_time(up{job="prometheus"}[1m] @ ${at})`))[0]?.value[1];
      const before = await samples();
      expect(Number(before)).toBeGreaterThan(0);
      deployment.replace('sentinel-prometheus');
      const after = await waitFor(async () => samples(), { what: 'the new Prometheus to answer', timeoutMs: 60_000, intervalMs: 1_000 });
      expect(after).toBe(before);
    }, 180_000);

    it('serves through the gateway again when the app is replaced the way Terraform replaces it', async () => {
      expect(deployment.replace('sentinel-app')).toEqual(['sentinel-app', 'sentinel-gateway']);
      const response = await waitFor(async () => ((await visit()).status === 200 ? visit() : undefined), {
        what: 'the replaced gateway to serve the replaced app',
        timeoutMs: 30_000,
        intervalMs: 500,
      });
      expect(response.status).toBe(200);
    }, 300_000);
  });

  describe('a deploy of a change, read from the plan before it is applied', () => {
    let props: SentinelStackProps;
    // Each change stays deployed for the next test: the edits add up.
    let edits: SuiteEdits = {};
    const visitCount = async () => {
      const response = await visit();
      return response.status === 200 ? visitsOf(response.body) : undefined;
    };
    const samplesBefore = async (at: number) => (await promQuery(prometheus(), `count_over_time(up{job="prometheus"}[1m] @ ${at})`))[0]?.value[1];
    const touched = (changes: readonly PlannedChange[]) => deployment.touched(changes);
    // The provider's default: the old container goes before the new one is created.
    const REPLACED = 'delete+create';

    beforeAll(() => {
      props = JSON.parse(deployment.env.SENTINEL_STACK_PROPS!) as SentinelStackProps;
    });

    it('plans nothing right after the deploy: `terraform plan -detailed-exitcode` exits 0, and a second `npm run deploy` changes nothing', async () => {
      // Exit 0 is "no changes"; 2 would be a diff, which execFileSync reports as an error.
      expect(() => deployment.terraform(['plan', '-detailed-exitcode', '-input=false', '-lock=false'])).not.toThrow();
      await deployment.deploy();
      expect(await deployment.plannedChanges()).toEqual([]);
    }, 300_000);

    it('replaces Prometheus and Grafana for an alert threshold a panel draws, and nothing else', async () => {
      const changed = { ...props, app: { ...(props.app || {}), alerts: { ...(props.app || {}).alerts, errorRatio: 0.2 } } };
      expect(touched(await deployment.plannedChanges(changed))).toEqual({
        'docker_container:sentinel-prometheus': REPLACED,
        // The service dashboard's error-ratio panel draws the alert's threshold.
        'docker_container:sentinel-grafana': REPLACED,
      });
    }, 120_000);

    it("replaces Prometheus alone for an alert's delay no panel draws, its stored samples kept", async () => {
      const at = Math.floor(Date.now() / 1000) - 5;
      const before = await samplesBefore(at);
      const changed = { ...props, app: { ...(props.app || {}), alerts: { ...(props.app || {}).alerts, redisDownFor: '20s' as const } } };
      expect(touched(await deployment.plannedChanges(changed))).toEqual({ 'docker_container:sentinel-prometheus': REPLACED });
      await deployment.deploy(changed);
      const after = await waitFor(() => samplesBefore(at), { what: 'the new Prometheus to answer', timeoutMs: 60_000, intervalMs: 1_000 });
      expect(after).toBe(before);
      props = changed;
    }, 300_000);

    it('rebuilds the app image for an edit of its source and replaces the app and the gateway that resolves it, the counter continuing', async () => {
      const before = await visitCount();
      const edit = join(APP_SOURCE_DIR, 'deploy-suite-edit.txt');
      writeFileSync(edit, `an edit at ${new Date().toISOString()}\n`);
      try {
        const changes = touched(await deployment.plannedChanges());
        expect(changes).toEqual({
          [`docker_image:${Object.values(deployment.synthesized().resource.docker_image!).map((image) => image.name as string).find((name) => name.startsWith('sentinel-app:'))}`]: REPLACED,
          'docker_container:sentinel-app': REPLACED,
          'docker_container:sentinel-gateway': REPLACED,
        });
        await deployment.deploy();
      } finally {
        rmSync(edit, { force: true });
      }
      const after = await waitFor(visitCount, { what: 'visits through the new app', timeoutMs: 60_000, intervalMs: 500 });
      expect(after).toBe(before! + 1);
      // Back to the checkout's sources: the image of the first deploy, still on the engine, and nothing else.
      expect(Object.keys(touched(await deployment.plannedChanges())).sort()).toEqual(['docker_container:sentinel-app', 'docker_container:sentinel-gateway', expect.stringMatching(/^docker_image:sentinel-app:/)]);
      await deployment.deploy();
    }, 600_000);

    it('replaces Grafana alone for an edit of a dashboard', async () => {
      edits = { ...edits, appDashboardDescription: 'edited by the deploy suite' };
      expect(touched(await deployment.plannedChanges(props, edits))).toEqual({ 'docker_container:sentinel-grafana': REPLACED });
      await deployment.deploy(props, edits);
      expect(await deployment.plannedChanges()).toEqual([]);
    }, 300_000);

    it('brings a changed healthcheck to the container, replacing it and the gateway that resolves it', async () => {
      edits = { ...edits, ordersProbeInterval: '7s' };
      const changes = touched(await deployment.plannedChanges(props, edits));
      // The provider alone would update the probe in place, never reaching the engine: the record of the probe is replaced with it, and replaces the container.
      const probeRecord = Object.keys(changes).find((key) => key.startsWith('terraform_data:orders_healthcheck_')) ?? 'the record of the probe';
      expect(changes).toEqual({ [probeRecord]: REPLACED, [`docker_container:${ORDERS}`]: REPLACED, 'docker_container:sentinel-gateway': REPLACED });
      await deployment.deploy(props, edits);
      expect((await container(ORDERS).inspect()).Config.Healthcheck?.Interval).toBe(7_000_000_000);
      expect(await deployment.plannedChanges()).toEqual([]);
    }, 300_000);
  });

  it('leaves no container, network or volume behind after `npm run destroy`, which needs no secret', async () => {
    expect((await leftovers(docker, NAME_PREFIX)).containers.length).toBeGreaterThan(0);
    await deployment.destroy();
    expect(await leftovers(docker, NAME_PREFIX)).toEqual({ containers: [], networks: [], volumes: [] });
    // Anonymous volumes too (an image's VOLUME the stack mounts nothing on, a probe's): none is new.
    expect((await volumeNames()).filter((name) => !volumesAtStart.includes(name))).toEqual([]);
  }, 300_000);
});

/** Runs `work` while requests to the orders service keep its request rates fed: at most 2 minutes, 4 rounds a second. */
async function whileSendingOrdersTraffic<T>(gatewayPort: number, work: () => Promise<T>): Promise<T> {
  let finished = false;
  const traffic = sendOrdersTraffic(gatewayPort, { paths: ORDERS_USER_PATHS, rounds: 480, intervalMs: 250, until: () => finished });
  try {
    return await work();
  } finally {
    finished = true;
    await traffic;
  }
}

/** The orders service's own request counts of its user routes, summed over status codes, read from its /metrics inside its container. */
async function ordersUserRequests(orders: Docker.Container): Promise<Record<string, number>> {
  const fetchMetrics = `require('http').get('http://127.0.0.1:${ORDERS_PORT}/metrics', (response) => response.pipe(process.stdout))`;
  const result = await execIn(orders, ['node', '-e', fetchMetrics]);
  if (result.exitCode !== 0) throw new Error(`reading the orders service's metrics: ${result.output}`);
  const sample = new RegExp(`^${ORDERS_METRICS.requests}\\{.*\\b${ORDERS_METRICS.routeLabel}="([^"]*)".*\\} (\\S+)$`);
  const counts: Record<string, number> = {};
  for (const line of result.output.split(/\r?\n/)) {
    const [, route, value] = sample.exec(line) ?? [];
    if (route !== undefined && ORDERS_USER_ROUTES.includes(route)) counts[route] = (counts[route] ?? 0) + Number(value);
  }
  return counts;
}

/** A probe command that exits 0 when a TCP connection opens within 3 s. */
function tcpConnect(address: string, port: number): string[] {
  return ['timeout', '3', 'bash', '-c', `exec 3<>/dev/tcp/${address}/${port}`];
}

async function addressOn(container: Docker.Container, network: string): Promise<string> {
  const address = (await container.inspect()).NetworkSettings.Networks[network]?.IPAddress;
  if (!address) throw new Error(`container is not on ${network}`);
  return address;
}
