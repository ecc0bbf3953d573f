import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type Docker from 'dockerode';
import type { Endpoint } from '../../config/endpoint';
import { IMAGES } from '../../constructs/engine/images';
import type { SentinelStackProps } from '../../constructs/stack/sentinel-stack';
import { GO_COMPONENTS, type GoComponent, goComponent, isGoComponentName } from '../../scripts/go-components/components';
import { LIVE_STACK_PROPS } from '../live/support/live-configs';
import { ORDERS_USER_PATHS, sendOrdersTraffic } from '../support/orders-service';
import { promQuery } from '../live/support/live-http';
import { liveDashboardQueries } from '../live/support/live-panels';
import { httpRequest } from '../support/app-http';
import { freePort, waitFor } from '../support/app-processes';
import { everyPanelWithData, evaluatedRuleGroups, sendTrafficMix, unhealthyRules } from '../support/stack-checks';
import { REPO_ROOT } from '../support/synth-stack';
import { createSilence, silenceIds } from './support/alertmanager-silences';
import { Deployment } from './support/deployment';
import { describeWithEngine, dockerClient, engineHost } from './support/engine';
import { leftovers, namingRelease, removeLeftovers, runningVersions } from './support/engine-probes';
import { readSynthesized } from './support/read-synthesized';

/**
 * The pins before 2026-12-07 (docs/upgrading.md), each built here by its stand-in's directory. All
 * but the Redis exporter's 1.66.0, which the Go checksum database has no record of (404), so the
 * module proxy's copy cannot be verified: it stays at its current pin, and holds no data anyway.
 */
const EARLIER_PINS = {
  gateway: { standIn: 'gateway', image: 'nginxinc/nginx-unprivileged:1.27.3-alpine' },
  redis: { standIn: 'redis', image: 'redis:7.4.1-alpine' },
  prometheus: { standIn: 'prometheus', image: 'prom/prometheus:v2.55.1' },
  alertmanager: { standIn: 'alertmanager', image: 'prom/alertmanager:v0.27.0' },
  nginxExporter: { standIn: 'nginx-exporter', image: 'nginx/nginx-prometheus-exporter:1.3.0' },
  nodeExporter: { standIn: 'node-exporter', image: 'prom/node-exporter:v1.8.2' },
} as const satisfies Partial<Record<keyof typeof IMAGES, { standIn: string; image: string }>>;

/** The earlier pins of the Go components, as built. */
function earlierGoComponents(): GoComponent[] {
  return Object.entries(EARLIER_PINS).flatMap(([key, { image }]) => (isGoComponentName(key) ? [goComponent(key, image)] : []));
}

const NAME_PREFIX = 'sentinel';
const SCRAPE_INTERVAL_S = 5;

describeWithEngine('an upgrade from the earlier pins to the current ones, by `npm run deploy`', () => {
  const docker: Docker = dockerClient();
  let deployment: Deployment;
  let props: SentinelStackProps;
  const hostPorts = { gateway: 0, prometheus: 0, alertmanager: 0, grafana: 0 };
  const prometheus = (): Endpoint => ({ host: '127.0.0.1', port: hostPorts.prometheus });
  const alertmanager = (): Endpoint => ({ host: '127.0.0.1', port: hostPorts.alertmanager });
  const visit = () => httpRequest(hostPorts.gateway, { path: '/' });
  const visits = async () => JSON.parse((await visit()).body).visits as number;

  /** Expects each component's container in the running stack to report the component's release. */
  const expectRunning = async (components: readonly GoComponent[]) => {
    for (const { component, firstLine } of await runningVersions(docker, deployment.containerNames(), components)) {
      expect([component.name, firstLine]).toEqual([component.name, expect.stringMatching(namingRelease(component.version))]);
    }
  };

  beforeAll(async () => {
    await removeLeftovers(docker, NAME_PREFIX);
    execFileSync('bash', [join(REPO_ROOT, 'docker/stand-ins/build.sh'), ...Object.values(EARLIER_PINS).map(({ standIn, image }) => `${standIn}=${image}`)], {
      env: { ...process.env, DOCKER_HOST: engineHost() },
      stdio: ['ignore', 'inherit', 'inherit'],
      timeout: 1_800_000,
    });
    for (const key of Object.keys(hostPorts) as (keyof typeof hostPorts)[]) hostPorts[key] = await freePort();
    props = {
      ...LIVE_STACK_PROPS,
      gateway: { hostPort: hostPorts.gateway },
      prometheus: { ...LIVE_STACK_PROPS.prometheus, hostPort: hostPorts.prometheus },
      alertmanager: { hostPort: hostPorts.alertmanager },
      grafana: { hostPort: hostPorts.grafana },
    };
    const images = Object.fromEntries(Object.entries(EARLIER_PINS).map(([key, { image }]) => [key, image]));
    deployment = await Deployment.create({ stackId: 'sentinel', appFile: 'suite-app.ts', props, edits: { images }, log: (line) => console.log(`upgrade: ${line}`) });
  }, 2_400_000);

  afterAll(async () => {
    if ((await leftovers(docker, NAME_PREFIX)).containers.length > 0) await deployment?.destroy();
  }, 300_000);

  it('runs the earlier releases first', async () => {
    await expectRunning(earlierGoComponents());
  }, 60_000);

  it("keeps Redis' counter, Prometheus' samples and Alertmanager's silences across the upgrade, and every rule and panel has data after it", async () => {
    await sendTrafficMix(hostPorts.gateway);
    // A minute of samples under the earlier Prometheus, read at a moment before the upgrade.
    await waitFor(async () => {
      const [sample] = await promQuery(prometheus(), `count_over_time(up{job="app"}[1m])`);
      return Number(sample?.value[1] ?? 0) >= 60 / SCRAPE_INTERVAL_S - 1 || undefined;
    }, { what: 'a minute of samples', timeoutMs: 120_000, intervalMs: 5_000 });
    const at = Math.floor(Date.now() / 1000) - 1;
    const samples = async () => Number((await promQuery(prometheus(), `count_over_time(up{job="app"}[1m] @ ${at})`))[0]?.value[1] ?? 0);
    const samplesBefore = await samples();
    const silence = await createSilence(alertmanager());
    const lastVisit = await visits();

    await deployment.deploy(props, {});

    await expectRunning(earlierGoComponents().map(({ name }) => GO_COMPONENTS[name]));
    expect(await visits()).toBe(lastVisit + 1);
    expect(await samples()).toBe(samplesBefore);
    expect(await silenceIds(alertmanager())).toContain(silence);
    expect(unhealthyRules(await evaluatedRuleGroups(prometheus()))).toEqual([]);
    await Promise.all([sendTrafficMix(hostPorts.gateway), sendOrdersTraffic(hostPorts.gateway, { paths: ORDERS_USER_PATHS, rounds: 40 })]);
    const panels = await everyPanelWithData(prometheus(), liveDashboardQueries(readSynthesized(`${deployment.stackDir}/cdk.tf.json`)));
    expect(panels.filter((row) => row.series === 0)).toEqual([]);
  }, 1_200_000);
});
