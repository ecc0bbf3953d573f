import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';
import type { SentinelStackProps } from '../../constructs/stack/sentinel-stack';
import { freePort, makeTempDir, removeTempDir, waitFor } from '../support/app-processes';
import { REPO_ROOT } from '../support/synth-stack';
import { providerCliConfig, withoutColours } from './support/deployment';
import { describeWithEngine, dockerClient, engineHost } from './support/engine';
import { leftovers, removeLeftovers } from './support/engine-probes';
import { describeWithPostgres, PostgresServer } from './support/postgres-server';

const NAME_PREFIX = 'pgsuite';
/** The stack's secret variables, given to deploy and plan (as TF_VAR_<name>), never to destroy. */
const SECRETS = { grafana_admin_password: 'backend-suite-grafana-password', alertmanager_webhook_ops_url: 'http://127.0.0.1:9/pgsuite-webhook' };
/** The suite's app, by its path in a checkout: the same in every copy, so nothing names the copy's directory. */
const APP = 'npx ts-node --transpiler sucrase/ts-node-plugin __tests__/docker/support/pg-backend-app.ts';
const STACK_OUTPUT = join('cdktf.out', 'stacks', 'sentinel');
const LOCK_REFUSED = 'Error acquiring the state lock';
const COMMAND_TIMEOUT_MS = 900_000;

interface Result {
  readonly status: number | null;
  readonly output: string;
}

describeWithEngine("a stack's state in PostgreSQL, shared by checkouts", () => {
  describeWithPostgres("Terraform's pg backend on a PostgreSQL server of the suite's own", (postgresBin) => {
    const docker: Docker = dockerClient();
    // Made in beforeAll: a skipped describe's body still runs, and its afterAll does not.
    let workDir = '';
    const stateHome = (): string => join(workDir, 'state');
    let postgres: PostgresServer | undefined;
    let props: SentinelStackProps = {};
    let applying: ChildProcessWithoutNullStreams | undefined;
    let copies = 0;

    /** A user's shell: the engine, the provider's CLI configuration and the backend's connection string; no secret variable. */
    const shellEnv = (): NodeJS.ProcessEnv => ({
      ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('TF_VAR_'))),
      CHECKPOINT_DISABLE: undefined,
      DOCKER_HOST: engineHost(),
      TF_CLI_CONFIG_FILE: providerCliConfig(),
      XDG_STATE_HOME: stateHome(),
      PG_CONN_STR: postgres!.connectionString,
      SENTINEL_STACK_PROPS: JSON.stringify(props),
    });
    const deployEnv = (): NodeJS.ProcessEnv => ({ ...shellEnv(), ...Object.fromEntries(Object.entries(SECRETS).map(([name, value]) => [`TF_VAR_${name}`, value])) });
    const run = (command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Result => {
      const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', timeout: COMMAND_TIMEOUT_MS, maxBuffer: 256 * 1024 * 1024 });
      return { status: result.status, output: withoutColours(`${result.stdout}\n${result.stderr}`) };
    };
    /** `npm run <script>` in a checkout, as written in package.json, with the suite's app. */
    const npm = (checkout: string, script: string, env = deployEnv()): Result => run('npm', ['run', script, '--', '--app', APP], checkout, env);
    const terraform = (checkout: string, args: readonly string[], env = deployEnv()): Result => run('terraform', args, join(checkout, STACK_OUTPUT), env);
    const succeeded = (result: Result): [number | null, string] => [result.status, result.status === 0 ? '' : result.output.slice(-6000)];
    /** A new checkout of the sources, as a clone has them, with the dependencies installed (the main checkout's). */
    const newCheckout = (): string => {
      const checkout = join(workDir, `checkout-${++copies}`);
      const copied = run('bash', [join(REPO_ROOT, 'scripts', 'copy-checkout.sh'), checkout], REPO_ROOT, process.env);
      if (copied.status !== 0) throw new Error(`copy-checkout.sh failed:\n${copied.output}`);
      // A worktree whose node_modules is a symlink (which .gitignore's `node_modules/` does not match) copies it as it is.
      if (!existsSync(join(checkout, 'node_modules'))) symlinkSync(join(REPO_ROOT, 'node_modules'), join(checkout, 'node_modules'));
      return checkout;
    };
    const synthesized = (checkout: string): string => readFileSync(join(checkout, STACK_OUTPUT, 'cdk.tf.json'), 'utf8');
    /** The resources the backend's state holds, read from PostgreSQL itself. */
    const resourcesInState = (): number => {
      const rows = postgres!.query("select json_array_length(data::json -> 'resources') from terraform_remote_state.states where name = 'default'");
      if (rows.length !== 1) throw new Error(`no state of the default workspace in PostgreSQL: ${JSON.stringify(rows)}`);
      return Number(rows[0]);
    };
    /** The gateway container's resource name in the checkout's synthesized stack. */
    const containerAddress = (checkout: string, service: string): string =>
      Object.entries(JSON.parse(synthesized(checkout)).resource.docker_container as Record<string, { name: string }>).find(([, body]) => body.name === `${NAME_PREFIX}-${service}`)![0];
    const gatewayId = async (): Promise<string> => (await docker.getContainer(`${NAME_PREFIX}-gateway`).inspect()).Id;

    let first = '';
    let teammate = '';

    beforeAll(async () => {
      await removeLeftovers(docker, NAME_PREFIX);
      workDir = makeTempDir('pgsuite-backend');
      postgres = await PostgresServer.start(postgresBin);
      props = {
        namePrefix: NAME_PREFIX,
        networks: { edgeSubnet: '172.29.61.0/24', internalSubnet: '172.29.62.0/24', monitoringSubnet: '172.29.63.0/24' },
        gateway: { hostPort: await freePort(), bindAddress: '127.0.0.1' },
        prometheus: { hostPort: await freePort() },
        // A receiver with a secret URL, which destroy must do without.
        alertmanager: { hostPort: await freePort(), receivers: [{ kind: 'webhook', name: 'ops' }], routes: [{ severity: 'critical', receivers: ['ops'] }] },
        grafana: { hostPort: await freePort() },
      };
      first = newCheckout();
      teammate = newCheckout();
    }, 300_000);

    afterAll(async () => {
      try {
        if (applying !== undefined && applying.exitCode === null) applying.kill('SIGTERM');
        if ((await leftovers(docker, NAME_PREFIX)).containers.length > 0) {
          const destroyed = npm(teammate, 'destroy', shellEnv());
          if (destroyed.status !== 0) console.error(`npm run destroy failed:\n${destroyed.output.slice(-4000)}`);
          await removeLeftovers(docker, NAME_PREFIX);
        }
        // The demo app's image is built for this prefix and kept on destroy (keep_locally).
        for (const image of await docker.listImages()) {
          for (const tag of (image.RepoTags ?? []).filter((name) => name.startsWith(`${NAME_PREFIX}-`))) await docker.getImage(tag).remove();
        }
      } finally {
        await postgres?.stop();
        if (workDir !== '') removeTempDir(workDir);
      }
    }, 600_000);

    it('deploys the stack with `npm run deploy`, its state in PostgreSQL and in no local file', async () => {
      const deployed = npm(first, 'deploy');
      expect(succeeded(deployed)).toEqual([0, '']);
      expect(deployed.output).toMatch(/Apply complete! Resources: \d+ added, 0 changed, 0 destroyed/);
      expect((await leftovers(docker, NAME_PREFIX)).containers.length).toBe(9);
      expect(resourcesInState()).toBeGreaterThan(20);
      expect(existsSync(stateHome()) ? readdirSync(stateHome(), { recursive: true }) : []).toEqual([]);
      expect(existsSync(join(first, STACK_OUTPUT, 'terraform.tfstate'))).toBe(false);
    }, COMMAND_TIMEOUT_MS);

    it('leaves no path of the synthesizing machine, no address and no password of the server in cdk.tf.json', () => {
      const json = synthesized(first);
      expect(JSON.parse(json).terraform.backend).toEqual({ pg: { conn_str: '' } });
      const { password, port } = new URL(postgres!.connectionString);
      const machineSpecific = { checkout: first, workDir, repo: REPO_ROOT, home: homedir(), password, serverAddress: `127.0.0.1:${port}` };
      expect(Object.entries(machineSpecific).filter(([, value]) => json.includes(value))).toEqual([]);
    });

    it("refuses a teammate's `npm run plan` with the lock error while an apply holds the lock, and plans no change once it is cancelled", async () => {
      const synth = npm(teammate, 'synth');
      expect(succeeded(synth)).toEqual([0, '']);
      const gatewayBefore = await gatewayId();
      // The first checkout's apply of a change, waiting at its approval prompt with the state locked.
      const address = containerAddress(first, 'gateway');
      let applyOutput = '';
      applying = spawn('terraform', ['apply', '-no-color', `-replace=docker_container.${address}`], { cwd: join(first, STACK_OUTPUT), env: deployEnv() });
      applying.stdout.on('data', (chunk: Buffer) => (applyOutput += chunk.toString('utf8')));
      applying.stderr.on('data', (chunk: Buffer) => (applyOutput += chunk.toString('utf8')));
      const applyExit = new Promise<number | null>((resolve) => applying!.once('exit', resolve));
      await waitFor(
        () => {
          if (applying!.exitCode !== null) throw new Error(`terraform apply exited ${applying!.exitCode}:\n${applyOutput.slice(-4000)}`);
          return applyOutput.includes('Enter a value:');
        },
        { what: 'terraform apply to ask for approval', timeoutMs: 120_000, intervalMs: 200 },
      );

      const refused = npm(teammate, 'plan');
      expect(refused.status).not.toBe(0);
      expect(refused.output).toContain(LOCK_REFUSED);
      expect(refused.output).not.toMatch(/No changes\.|Plan: \d+ to add/);

      applying.stdin.end('no\n');
      expect(await applyExit).toBe(1);
      expect(applyOutput).toContain('Apply cancelled.');
      expect(await gatewayId()).toBe(gatewayBefore);

      const planned = npm(teammate, 'plan');
      expect(succeeded(planned)).toEqual([0, '']);
      expect(planned.output).toContain('No changes. Your infrastructure matches the configuration.');
    }, COMMAND_TIMEOUT_MS);

    it('shows a change with `npm run plan` and exits 0, changing nothing until a deploy', async () => {
      const gatewayBefore = await gatewayId();
      const changed = { ...props, gateway: { ...props.gateway, hostPort: await freePort() } };
      const planned = npm(teammate, 'plan', { ...deployEnv(), SENTINEL_STACK_PROPS: JSON.stringify(changed) });
      expect(succeeded(planned)).toEqual([0, '']);
      // The alerts' runbook links name the gateway's port, so Prometheus takes its new rules too.
      expect(planned.output).toMatch(/Plan: 2 to add, \d+ to change, 2 to destroy/);
      for (const service of ['gateway', 'prometheus']) {
        expect(planned.output).toMatch(new RegExp(`# docker_container\\.${containerAddress(teammate, service)} \\(.*\\) must be replaced`));
      }
      expect(await gatewayId()).toBe(gatewayBefore);
    }, COMMAND_TIMEOUT_MS);

    it('finds the deployed stack from a fresh copy after the first checkout is deleted, and plans no change', () => {
      rmSync(first, { recursive: true, force: true });
      const fresh = newCheckout();
      expect(succeeded(npm(fresh, 'synth'))).toEqual([0, '']);
      expect(succeeded(terraform(fresh, ['init', '-input=false', '-no-color']))).toEqual([0, '']);
      const plan = terraform(fresh, ['plan', '-detailed-exitcode', '-input=false', '-no-color']);
      expect(succeeded(plan)).toEqual([0, '']);
      expect(plan.output).toContain('No changes. Your infrastructure matches the configuration.');
    }, COMMAND_TIMEOUT_MS);

    it('destroys the stack with `npm run destroy` and no secret set, leaving no resource in the shared state', async () => {
      const destroyed = npm(teammate, 'destroy', shellEnv());
      expect(succeeded(destroyed)).toEqual([0, '']);
      expect(await leftovers(docker, NAME_PREFIX)).toEqual({ containers: [], networks: [], volumes: [] });
      expect(resourcesInState()).toBe(0);
    }, COMMAND_TIMEOUT_MS);
  });
});
