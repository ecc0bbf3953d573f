import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type Docker from 'dockerode';
import type { Endpoint } from '../../config/endpoint';
import type { SentinelStackProps } from '../../constructs/stack/sentinel-stack';
import { IMAGES } from '../../constructs/engine/images';
import { httpRequest } from '../support/app-http';
import { freePort, makeTempDir, removeTempDir, waitFor } from '../support/app-processes';
import { alertUntilEveryReceiverFails } from '../support/failing-receivers';
import { everyTargetUp, firingAlert } from '../support/stack-checks';
import { REPO_ROOT } from '../support/synth-stack';
import { codeBlockUnder, commandLines } from '../docs/support/code-blocks';
import { Deployment, providerCliConfig, withoutColours } from './support/deployment';
import { describeWithEngine, dockerClient, engineHost } from './support/engine';
import { leftovers, removeLeftovers } from './support/engine-probes';
import { FAILING_SINK_PORTS, startFailingSink } from './support/failing-sink';

/** main.ts's stack, as the README deploys it: its names, its default ports. */
const NAME_PREFIX = 'sentinel';
const PROMETHEUS: Endpoint = { host: '127.0.0.1', port: 9090 };
const ALERTMANAGER: Endpoint = { host: '127.0.0.1', port: 9093 };
const GATEWAY_PORT = 80;
const STACK_DIR = join(REPO_ROOT, 'cdktf.out', 'stacks', 'sentinel');
const NEIGHBOUR_PREFIX = 'neighbour';
const FAILING_SINK = 'failing-sink';
const token = () => randomBytes(12).toString('hex');
/** The neighbour's receivers, one of each kind, all at the failing sink; the secrets fresh for the run, so that one found in a log can only have leaked there. */
const NEIGHBOUR_SECRETS = {
  alertmanager_webhook_ops_url: `http://${FAILING_SINK}:${FAILING_SINK_PORTS.http}/webhook/${token()}`,
  alertmanager_slack_chat_webhook_url: `http://${FAILING_SINK}:${FAILING_SINK_PORTS.http}/slack/services/T0/B0/${token()}`,
  alertmanager_pagerduty_pager_routing_key: token(),
  alertmanager_email_mail_smtp_password: token(),
};

/** The README's Deploy block (install, plan, deploy), its offline twin and its Remove block, as the docs give them. */
const QUICK_START = commandLines(codeBlockUnder('README.md', 'Deploy'));
const OFFLINE = commandLines(codeBlockUnder('docs/offline-deploy.md', 'On the host'));
const REMOVE = commandLines(codeBlockUnder('README.md', 'Remove'));

/** The Grafana password of the Quick start's deploy line. */
function readmePassword(): string {
  const password = /TF_VAR_grafana_admin_password='([^']+)' npm run deploy/.exec(QUICK_START.join('\n'))?.[1];
  if (password === undefined) throw new Error("the README's deploy line sets no Grafana password");
  return password;
}

describeWithEngine("the README's deploy, offline deploy and destroy, with the real provider", () => {
  const docker: Docker = dockerClient();
  const stateHome = makeTempDir('sentinel-readme-state');
  const imagesDir = makeTempDir('sentinel-readme-images');
  let neighbour: Deployment | undefined;
  // The user's shell: the suite's engine and a state directory of the suite's own; nothing else set.
  const shellEnv = (): NodeJS.ProcessEnv => ({ ...process.env, DOCKER_HOST: engineHost(), XDG_STATE_HOME: stateHome, CHECKPOINT_DISABLE: undefined });
  const run = (line: string, env = shellEnv()) => {
    const result = spawnSync('bash', ['-euo', 'pipefail', '-c', line], { cwd: REPO_ROOT, env, encoding: 'utf8', timeout: 900_000, maxBuffer: 256 * 1024 * 1024 });
    return { status: result.status, output: withoutColours(`${result.stdout}\n${result.stderr}`) };
  };
  /** Terraform in a stack's synth output, as cdktf runs it there, with the password the README deploys with. */
  const terraformIn = (stackDir: string, args: string[]) =>
    spawnSync('terraform', args, {
      cwd: stackDir,
      env: { ...shellEnv(), TF_CLI_CONFIG_FILE: providerCliConfig(), TF_VAR_grafana_admin_password: readmePassword() },
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    });
  const visits = async () => (JSON.parse((await httpRequest(GATEWAY_PORT, { path: '/' })).body) as { visits: number }).visits;

  beforeAll(async () => {
    // The checkout's synth output, from an earlier run with another state directory: init would refuse its backend.
    rmSync(join(REPO_ROOT, 'cdktf.out'), { recursive: true, force: true });
    await removeLeftovers(docker, NAME_PREFIX);
    await removeLeftovers(docker, NEIGHBOUR_PREFIX);
  }, 120_000);

  afterAll(async () => {
    if ((await leftovers(docker, NEIGHBOUR_PREFIX)).containers.length > 0) await neighbour?.destroy();
    if ((await leftovers(docker, NAME_PREFIX)).containers.length > 0) run('npm run destroy');
    removeTempDir(stateHome);
    removeTempDir(imagesDir);
  }, 300_000);

  it("plans with the README's plan line before anything exists, and creates nothing", async () => {
    expect(QUICK_START).toEqual([
      'npm ci',
      expect.stringMatching(/^TF_VAR_grafana_admin_password='[^']{12,}' npm run plan$/),
      expect.stringMatching(/^TF_VAR_grafana_admin_password='[^']{12,}' npm run deploy$/),
    ]);
    const planned = run(QUICK_START[1]!, { ...shellEnv(), TF_CLI_CONFIG_FILE: providerCliConfig() });
    if (planned.status !== 0) throw new Error(`the README's plan line failed:\n${planned.output.slice(-6000)}`);
    expect(planned.output).toMatch(/Plan: \d+ to add, 0 to change, 0 to destroy/);
    expect(await leftovers(docker, NAME_PREFIX)).toEqual({ containers: [], networks: [], volumes: [] });
  }, 900_000);

  it("deploys with offline-deploy.md's \"On the host\" block as written, the README's deploy line its last", () => {
    expect(OFFLINE.at(-1)).toBe(QUICK_START.at(-1));
    // What the connected machine hands over: the pinned images, saved (here the stand-ins under the pinned names).
    const [load] = OFFLINE;
    expect(load).toMatch(/^docker load -i sentinel-images\.tar$/);
    const saved = run(`docker save -o ${join(imagesDir, 'sentinel-images.tar')} $(npm run --silent images)`);
    expect(saved.status).toBe(0);
    const deployed = run(OFFLINE.join('\n').replace('sentinel-images.tar', join(imagesDir, 'sentinel-images.tar')));
    if (deployed.status !== 0) throw new Error(`the README's commands failed:\n${deployed.output.slice(-6000)}`);
    expect(deployed.output).toMatch(/Apply complete! Resources: \d+ added, 0 changed, 0 destroyed/);
  }, 900_000);

  it('lists every pinned image with `npm run images`', () => {
    expect(run('npm run --silent images').output.trim().split('\n')).toEqual(Object.values(IMAGES));
  });

  it('brings every container to healthy (or running, without a healthcheck), counts a visit, has every target up and the Watchdog in Alertmanager', async () => {
    const containers = await docker.listContainers({ all: true });
    const states = Object.fromEntries(
      containers.filter((c) => c.Names[0]!.startsWith(`/${NAME_PREFIX}-`)).map((c) => [c.Names[0]!.slice(1), /\((healthy|unhealthy|health: starting)\)/.exec(c.Status)?.[1] ?? c.State]),
    );
    expect(Object.keys(states).sort()).toEqual(
      ['alertmanager', 'app', 'gateway', 'grafana', 'nginx-exporter', 'node-exporter', 'prometheus', 'redis', 'redis-exporter'].map((name) => `${NAME_PREFIX}-${name}`),
    );
    expect(Object.entries(states).filter(([name, state]) => state !== (name === `${NAME_PREFIX}-nginx-exporter` ? 'running' : 'healthy'))).toEqual([]);
    const first = await visits();
    expect(await visits()).toBe(first + 1);
    const up = await everyTargetUp(PROMETHEUS, ['app', 'prometheus', 'alertmanager', 'grafana', 'nginx', 'redis', 'node']);
    expect(up.filter((sample) => sample.value[1] !== '1')).toEqual([]);
    expect((await firingAlert(ALERTMANAGER, 'Watchdog')).labels.alertname).toBe('Watchdog');
  }, 180_000);

  it('settles: `terraform plan -detailed-exitcode` exits 0, and the plan of a second `npm run deploy` is empty, read from its JSON', () => {
    const plan = terraformIn(STACK_DIR, ['plan', '-detailed-exitcode', '-input=false', '-lock=false', '-no-color', '-out=settled.tfplan']);
    expect([plan.status, plan.status === 0 ? '' : plan.stdout.slice(-4000)]).toEqual([0, '']);
    const json = JSON.parse(terraformIn(STACK_DIR, ['show', '-json', 'settled.tfplan']).stdout) as { resource_changes: { change: { actions: string[] } }[] };
    expect(json.resource_changes.length).toBeGreaterThan(20);
    expect(json.resource_changes.filter((change) => change.change.actions.join() !== 'no-op')).toEqual([]);
    const again = run(QUICK_START.at(-1)!, { ...shellEnv(), TF_CLI_CONFIG_FILE: providerCliConfig() });
    expect([again.status, again.output.match(/No changes\.|Resources: \d+ added/)?.[0]]).toEqual([0, 'No changes.']);
  }, 300_000);

  it('plans no change when another checkout of the same sources synthesizes the stack', () => {
    const checkout = join(imagesDir, 'another-checkout');
    expect(run(`bash scripts/copy-checkout.sh ${checkout} && ln -s ${join(REPO_ROOT, 'node_modules')} ${join(checkout, 'node_modules')}`).status).toBe(0);
    const synth = spawnSync('npm', ['run', '--silent', 'synth'], { cwd: checkout, env: shellEnv(), encoding: 'utf8', timeout: 300_000 });
    expect([synth.status, synth.status === 0 ? '' : synth.stderr.slice(-2000)]).toEqual([0, '']);
    const stackDir = join(checkout, 'cdktf.out', 'stacks', 'sentinel');
    expect(terraformIn(stackDir, ['init', '-input=false', '-no-color']).status).toBe(0);
    const plan = terraformIn(stackDir, ['plan', '-detailed-exitcode', '-input=false', '-lock=false', '-no-color']);
    expect([plan.status, plan.status === 0 ? '' : plan.stdout.slice(-4000)]).toEqual([0, '']);
  }, 300_000);

  describe('a neighbour on the same engine: another name prefix, its own subnets and ports, receivers with secrets', () => {
    let neighbourGateway = 0;
    let neighbourAlertmanagerPort = 0;

    beforeAll(async () => {
      neighbourGateway = await freePort();
      neighbourAlertmanagerPort = await freePort();
      const props: SentinelStackProps = {
        namePrefix: NEIGHBOUR_PREFIX,
        networks: { edgeSubnet: '172.30.10.0/24', internalSubnet: '172.30.20.0/24', monitoringSubnet: '172.30.30.0/24' },
        gateway: { hostPort: neighbourGateway },
        prometheus: { hostPort: await freePort() },
        alertmanager: {
          hostPort: neighbourAlertmanagerPort,
          receivers: [
            { kind: 'webhook', name: 'ops' },
            { kind: 'slack', name: 'chat' },
            { kind: 'pagerduty', name: 'pager', apiUrl: `http://${FAILING_SINK}:${FAILING_SINK_PORTS.http}/pagerduty/v2/enqueue` },
            { kind: 'email', name: 'mail', smarthost: `${FAILING_SINK}:${FAILING_SINK_PORTS.smtp}`, from: 'sentinel@example.test', to: ['oncall@example.test'], requireTls: false, authUsername: 'sentinel' },
          ],
          routes: [{ severity: 'critical', receivers: ['ops', 'chat', 'pager', 'mail'] }],
        },
        grafana: { hostPort: await freePort() },
      };
      neighbour = await Deployment.create({
        stackId: 'sentinel',
        appFile: 'plain-app.ts',
        props,
        secrets: NEIGHBOUR_SECRETS,
        log: (line) => console.log(`neighbour: ${line}`),
      });
    }, 900_000);

    it('shares no container, network, volume or subnet with the first stack', async () => {
      const [first, second] = await Promise.all([leftovers(docker, NAME_PREFIX), leftovers(docker, NEIGHBOUR_PREFIX)]);
      expect(second.containers.length).toBe(9);
      expect(second.volumes.length).toBeGreaterThan(0);
      for (const kind of ['containers', 'networks', 'volumes'] as const) expect(first[kind].filter((name) => second[kind].includes(name))).toEqual([]);
      const subnets = async (names: readonly string[]) =>
        Promise.all(names.map(async (name) => ((await docker.getNetwork(name).inspect()).IPAM as { Config: { Subnet: string }[] }).Config[0]!.Subnet));
      const [firstSubnets, secondSubnets] = await Promise.all([subnets(first.networks), subnets(second.networks)]);
      expect(firstSubnets.filter((subnet) => secondSubnets.includes(subnet))).toEqual([]);
      expect((await httpRequest(neighbourGateway, { path: '/' })).status).toBe(200);
    });

    it("writes no secret into any container's log while every receiver fails, though Alertmanager logs the failures", async () => {
      const { Image: appImage } = await docker.getContainer(`${NEIGHBOUR_PREFIX}-app`).inspect();
      const sink = await startFailingSink(docker, { image: appImage, network: `${NEIGHBOUR_PREFIX}-monitoring`, alias: FAILING_SINK });
      try {
        await alertUntilEveryReceiverFails({ host: '127.0.0.1', port: neighbourAlertmanagerPort }, { alertname: 'ReceiversDown', severity: 'critical', job: 'app' });
      } finally {
        await sink.remove({ force: true });
      }
      const { containers } = await leftovers(docker, NEIGHBOUR_PREFIX);
      const logs = await Promise.all(containers.map(async (name) => [name, (await docker.getContainer(name).logs({ stdout: true, stderr: true })).toString('utf8')] as const));
      expect(logs.length).toBe(9);
      expect(logs.find(([name]) => name === `${NEIGHBOUR_PREFIX}-alertmanager`)?.[1]).toMatch(/Notify attempt failed|Notify for alerts failed|notify retry canceled/i);
      for (const [name, log] of logs) {
        expect([name, Object.entries(NEIGHBOUR_SECRETS).filter(([, value]) => log.includes(value)).map(([secret]) => secret)]).toEqual([name, []]);
      }
    }, 240_000);

    it('is destroyed by `npm run destroy` without its receiver secrets, leaving the first stack serving with its data', async () => {
      const before = await visits();
      await neighbour!.destroy();
      expect(await leftovers(docker, NEIGHBOUR_PREFIX)).toEqual({ containers: [], networks: [], volumes: [] });
      expect(await visits()).toBe(before + 1);
    }, 300_000);
  });

  it("removes everything of the stack, volumes included, with the README's Remove block and no secret set", async () => {
    expect(REMOVE).toEqual(['npm run destroy']);
    const destroyed = run(REMOVE.join('\n'), { ...shellEnv(), TF_CLI_CONFIG_FILE: providerCliConfig() });
    expect([destroyed.status, destroyed.status === 0 ? '' : destroyed.output.slice(-4000)]).toEqual([0, '']);
    expect(await leftovers(docker, NAME_PREFIX)).toEqual({ containers: [], networks: [], volumes: [] });
    await waitFor(async () => ((await httpRequest(GATEWAY_PORT, { path: '/', timeoutMs: 1_000 }).catch(() => undefined)) === undefined ? true : undefined), {
      what: 'the gateway port to close',
      timeoutMs: 10_000,
    });
  }, 300_000);

  it('finds the provider build in its cache: a second install builds nothing', () => {
    const again = spawnSync('bash', [join(REPO_ROOT, 'terraform-provider', 'install.sh')], { encoding: 'utf8', timeout: 120_000 });
    expect([again.status, again.stdout.trim(), again.stderr]).toEqual([0, `TF_CLI_CONFIG_FILE=${providerCliConfig()}`, '']);
  }, 120_000);
});
