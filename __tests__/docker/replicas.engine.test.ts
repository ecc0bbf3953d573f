/**
 * Replicas on one host, deployed: a stack of its own (name prefix `repsuite`, its own subnets and
 * ports, beside whatever else the engine runs) with the app at `replicas: 2`, deployed by
 * `npm run deploy` with the real provider.
 */
import type Docker from 'dockerode';
import type { Endpoint } from '../../config/endpoint';
import { SENTINEL_HTTP_METRICS } from '../../dashboards/metrics';
import type { SentinelStackProps } from '../../constructs/stack/sentinel-stack';
import { LIVE_STACK_PROPS } from '../live/support/live-configs';
import { activeScrapeTargets } from '../live/support/live-http';
import { httpRequest } from '../support/app-http';
import { freePort, waitFor } from '../support/app-processes';
import { firingAlert } from '../support/stack-checks';
import { Deployment } from './support/deployment';
import { describeWithEngine, dockerClient } from './support/engine';
import { execIn } from './support/engine-probes';

const NAME_PREFIX = 'repsuite';
const REPLICAS = ['repsuite-app', 'repsuite-app-2'] as const;
const APP_PORT = 8080;
const VISITS = 40;

describeWithEngine('two replicas of the app on one Docker host', () => {
  const docker: Docker = dockerClient();
  let deployment: Deployment | undefined;
  const hostPorts = { gateway: 0, prometheus: 0, alertmanager: 0, grafana: 0 };
  const prometheus = (): Endpoint => ({ host: '127.0.0.1', port: hostPorts.prometheus });
  const alertmanager = (): Endpoint => ({ host: '127.0.0.1', port: hostPorts.alertmanager });
  const container = (name: string) => docker.getContainer(name);
  /** What the engine holds under this suite's prefix: only its own names, never another suite's. */
  const ours = async () => {
    const mine = (name: string) => name.replace(/^\//, '').startsWith(`${NAME_PREFIX}-`);
    const [containers, networks, volumes] = await Promise.all([docker.listContainers({ all: true }), docker.listNetworks(), docker.listVolumes()]);
    return {
      containers: containers.flatMap((c) => c.Names.filter(mine)),
      networks: networks.map((n) => n.Name).filter(mine),
      volumes: (volumes.Volumes ?? []).map((v) => v.Name).filter(mine),
    };
  };

  beforeAll(async () => {
    for (const key of Object.keys(hostPorts) as (keyof typeof hostPorts)[]) hostPorts[key] = await freePort();
    const props: SentinelStackProps = {
      ...LIVE_STACK_PROPS,
      namePrefix: NAME_PREFIX,
      networks: { edgeSubnet: '172.31.71.0/24', internalSubnet: '172.31.72.0/24', monitoringSubnet: '172.31.73.0/24' },
      app: { ...LIVE_STACK_PROPS.app, replicas: REPLICAS.length },
      gateway: { hostPort: hostPorts.gateway },
      prometheus: { ...LIVE_STACK_PROPS.prometheus, hostPort: hostPorts.prometheus },
      alertmanager: { hostPort: hostPorts.alertmanager },
      grafana: { hostPort: hostPorts.grafana },
    };
    deployment = await Deployment.create({ stackId: 'sentinel', appFile: 'plain-app.ts', props, log: (line) => console.log(`replicas: ${line}`) });
  }, 900_000);

  afterAll(async () => {
    if ((await ours()).containers.length > 0) await deployment?.destroy();
  }, 300_000);

  it('runs both app containers, each healthy, each under a DNS alias of its own', async () => {
    const inspected = await Promise.all(REPLICAS.map((name) => container(name).inspect()));
    expect(inspected.map((replica) => replica.State.Health?.Status)).toEqual(['healthy', 'healthy']);
    const aliases = inspected.map((replica) => replica.NetworkSettings.Networks[`${NAME_PREFIX}-edge`]?.Aliases ?? []);
    expect(aliases[0]).toContain('app');
    expect(aliases[1]).toContain('app-2');
    expect(aliases[1]).not.toContain('app');
  });

  it('has Prometheus scrape each replica as an up target of job app', async () => {
    const targets = await waitFor(
      async () => {
        const app = (await activeScrapeTargets(prometheus())).filter((target) => target.labels.job === 'app');
        return app.length === REPLICAS.length && app.every((target) => target.health === 'up') ? app : undefined;
      },
      { what: 'both app targets to be up', timeoutMs: 60_000, intervalMs: 1_000 },
    );
    expect(targets.map((target) => target.labels.instance).sort()).toEqual([`app-2:${APP_PORT}`, `app:${APP_PORT}`]);
  }, 70_000);

  it('spreads visits through the gateway over both replicas, each counting its own share', async () => {
    const before = await Promise.all(REPLICAS.map((name) => userRequestsCounted(container(name))));
    // One at a time: nginx's round robin then alternates exactly.
    const statuses: number[] = [];
    for (let visit = 0; visit < VISITS; visit++) statuses.push((await httpRequest(hostPorts.gateway, { path: '/' })).status);
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
    const after = await Promise.all(REPLICAS.map((name) => userRequestsCounted(container(name))));
    const answered = after.map((count, index) => count - before[index]!);
    expect(answered[0]! + answered[1]!).toBe(VISITS);
    expect(answered.map((count) => count >= VISITS / 4)).toEqual([true, true]);
  });

  describe('one replica stopped', () => {
    beforeAll(async () => {
      await container(REPLICAS[1]).stop({ t: 15 });
    }, 60_000);

    afterAll(async () => {
      await container(REPLICAS[1]).start();
    }, 60_000);

    it('fires TargetDown for job app as a warning that 1 of 2 replicas is up, not the page for all down', async () => {
      const alert = await firingAlert(alertmanager(), 'TargetDown', (a) => a.labels.job === 'app');
      expect(alert.labels.severity).toBe('warning');
      expect(alert.annotations.summary).toBe('1 of 2 replicas of app are up');
    }, 120_000);
  });

  it('leaves nothing of its prefix behind after `npm run destroy`', async () => {
    await deployment!.destroy();
    expect(await ours()).toEqual({ containers: [], networks: [], volumes: [] });
  }, 300_000);
});

const USER_REQUESTS = new RegExp(`^${SENTINEL_HTTP_METRICS.requests}\\{[^}]*\\b${SENTINEL_HTTP_METRICS.routeLabel}="/"[^}]*\\} (\\S+)$`);

/** The visits to `/` a replica has counted itself, read from its /metrics inside its container. */
async function userRequestsCounted(replica: Docker.Container): Promise<number> {
  const fetchMetrics = `require('http').get('http://127.0.0.1:${APP_PORT}/metrics', (response) => response.pipe(process.stdout))`;
  const result = await execIn(replica, ['node', '-e', fetchMetrics]);
  if (result.exitCode !== 0) throw new Error(`reading a replica's metrics: ${result.output}`);
  return result.output.split(/\r?\n/).reduce((total, line) => total + Number(USER_REQUESTS.exec(line)?.[1] ?? 0), 0);
}
