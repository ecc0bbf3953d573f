import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SentinelStackProps } from '../../../constructs/stack/sentinel-stack';
import { makeTempDir, removeTempDir } from '../../support/app-processes';
import { locate, TOOLS } from '../../support/external-tools';
import { REPO_ROOT } from '../../support/synth-stack';
import { engineHost } from './engine';
import type { SuiteEdits } from './suite-edits';

const DEPLOY_TIMEOUT_MS = 900_000;
// A plan's JSON holds every uploaded file: megabytes.
const MAX_OUTPUT_BYTES = 512 * 1024 * 1024;
const GRAFANA_PASSWORD = 'deploy-suite-grafana-password';

/** What `terraform-provider/install.sh` prints: the CLI configuration that takes kreuzwerker/docker from the local mirror. */
let cliConfig: string | undefined;
export function providerCliConfig(): string {
  if (cliConfig !== undefined) return cliConfig;
  if (locate(TOOLS.terraform) === undefined) throw new Error(`terraform not found: ${TOOLS.terraform.install}`);
  const printed = execFileSync('bash', [join(REPO_ROOT, 'terraform-provider', 'install.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: DEPLOY_TIMEOUT_MS });
  const path = /^TF_CLI_CONFIG_FILE=(.+)$/m.exec(printed)?.[1];
  if (path === undefined) throw new Error(`terraform-provider/install.sh printed no TF_CLI_CONFIG_FILE: ${printed}`);
  cliConfig = path;
  return path;
}

/** One planned change: a resource's address and what Terraform will do to it (`create`, `update`, `delete`). */
export interface PlannedChange {
  readonly address: string;
  readonly actions: readonly string[];
}

export interface DeploymentOptions {
  /** The stack of the app: `sentinel` (`npm run deploy`) or `sentinel-swarm` (`npm run deploy:swarm`). */
  readonly stackId: 'sentinel' | 'sentinel-swarm';
  /** The cdktf app file in this directory that reads its props from SENTINEL_STACK_PROPS. */
  readonly appFile: string;
  readonly props: SentinelStackProps;
  /** Values of the stack's secret variables besides Grafana's password, by variable name (given as TF_VAR_<name>). */
  readonly secrets?: Readonly<Record<string, string>>;
  /** Where progress is reported. */
  readonly log: (line: string) => void;
  /** The engine Terraform talks to (a Swarm manager). @default the suite's engine (engineHost()) */
  readonly dockerHost?: string;
  /** Edits of the stack's code for the first deploy. @default none */
  readonly edits?: SuiteEdits;
}

/**
 * A stack that the product's own npm scripts deployed with the real provider: `npm run deploy`
 * (cdktf deploy) with the suite's app and props, its state in a directory of its own.
 */
export class Deployment {
  private readonly outDir = makeTempDir('sentinel-deploy-out');
  private readonly stateDir = makeTempDir('sentinel-deploy-state');
  private props: SentinelStackProps;
  private edits: SuiteEdits = {};

  private constructor(private readonly options: DeploymentOptions) {
    this.props = options.props;
  }

  /** `npm run deploy` (or `deploy:swarm`) of the app with these props; every container healthy when it returns. */
  static async create(options: DeploymentOptions): Promise<Deployment> {
    const deployment = new Deployment(options);
    await deployment.deploy(options.props, options.edits);
    return deployment;
  }

  /** `npm run synth` of the app with these props, deploying nothing yet (a Swarm's node labels come first). */
  static async synthesize(options: DeploymentOptions): Promise<Deployment> {
    const deployment = new Deployment(options);
    await deployment.npm('synth');
    return deployment;
  }

  get stackDir(): string {
    return join(this.outDir, 'stacks', this.options.stackId);
  }

  /** The environment of every command: the mirror's CLI configuration, the suite's engine and state directory. */
  get env(): NodeJS.ProcessEnv {
    return {
      ...process.env,
      CHECKPOINT_DISABLE: '1',
      TF_CLI_CONFIG_FILE: providerCliConfig(),
      DOCKER_HOST: this.options.dockerHost ?? engineHost(),
      XDG_STATE_HOME: this.stateDir,
      SENTINEL_STACK_PROPS: JSON.stringify(this.props),
      SENTINEL_SUITE_EDITS: JSON.stringify(this.edits),
      TF_VAR_grafana_admin_password: GRAFANA_PASSWORD,
      ...Object.fromEntries(Object.entries(this.options.secrets ?? {}).map(([name, value]) => [`TF_VAR_${name}`, value])),
    };
  }

  private get appArgs(): string[] {
    return ['--app', `npx ts-node --transpiler sucrase/ts-node-plugin ${join(__dirname, this.options.appFile)}`, '--output', this.outDir];
  }

  /** Runs the npm script without blocking, so a test's visits go on meanwhile. */
  private async npm(script: string, env: NodeJS.ProcessEnv = this.env): Promise<string> {
    const startedAt = Date.now();
    try {
      const { stdout } = await promisify(execFile)('npm', ['run', '--silent', script, '--', ...this.appArgs], { cwd: REPO_ROOT, env, encoding: 'utf8', timeout: DEPLOY_TIMEOUT_MS, maxBuffer: MAX_OUTPUT_BYTES });
      return stdout;
    } catch (error) {
      const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
      throw new Error(`npm run ${script} failed:\n${withoutColours(`${stdout}\n${stderr}`).slice(-6000)}`);
    } finally {
      this.options.log(`npm run ${script}: ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
    }
  }

  /** Terraform in the stack's synth output, as cdktf runs it there; a failure says what Terraform printed. */
  terraform(args: readonly string[]): string {
    try {
      return execFileSync('terraform', [...args], { cwd: this.stackDir, env: this.env, encoding: 'utf8', stdio: 'pipe', timeout: DEPLOY_TIMEOUT_MS, maxBuffer: MAX_OUTPUT_BYTES });
    } catch (error) {
      const { status, stdout = '', stderr = '' } = error as { status?: number; stdout?: string; stderr?: string };
      throw new Error(`terraform ${args.join(' ')} exited ${status}:\n${withoutColours(`${stdout}\n${stderr}`).slice(-6000)}`);
    }
  }

  /** `npm run deploy` with these props and edits (the stack's own script for a Swarm). */
  async deploy(props: SentinelStackProps = this.props, edits: SuiteEdits = this.edits): Promise<void> {
    this.props = props;
    this.edits = edits;
    await this.npm(this.options.stackId === 'sentinel' ? 'deploy' : 'deploy:swarm');
  }

  /** Synthesizes these props and edits, and returns what a deploy would change, read from the plan's JSON. */
  async plannedChanges(props: SentinelStackProps = this.props, edits: SuiteEdits = this.edits): Promise<PlannedChange[]> {
    this.props = props;
    this.edits = edits;
    await this.npm('synth');
    return this.plan();
  }

  /** The plan of the synthesized stack against the engine, as Terraform's JSON reads it: every resource it would touch. */
  plan(extraPlanArgs: readonly string[] = []): PlannedChange[] {
    this.terraform(['plan', '-input=false', '-lock=false', '-no-color', '-out=suite.tfplan', ...extraPlanArgs]);
    const plan = JSON.parse(this.terraform(['show', '-json', 'suite.tfplan'])) as { resource_changes?: { address: string; change: { actions: string[] } }[] };
    return (plan.resource_changes ?? [])
      .filter((change) => !change.change.actions.every((action) => action === 'no-op' || action === 'read'))
      .map((change) => ({ address: change.address, actions: change.change.actions }));
  }

  /** The synthesized stack as the last synth wrote it. */
  synthesized(): { resource: Record<string, Record<string, Record<string, unknown>>> } {
    return JSON.parse(readFileSync(join(this.stackDir, 'cdk.tf.json'), 'utf8'));
  }

  /** What the changes touch, as `<type>:<engine name>` (or the resource's id where it has no name) → its actions, `+`-joined. */
  touched(changes: readonly PlannedChange[]): Record<string, string> {
    const { resource } = this.synthesized();
    return Object.fromEntries(
      changes.map((change) => {
        const [type, id] = change.address.split('.') as [string, string];
        return [`${type}:${(resource[type]?.[id]?.name as string | undefined) ?? id}`, change.actions.join('+')];
      }),
    );
  }

  /** The address of the container or service with this engine name. */
  addressOf(name: string): string {
    for (const [type, resources] of Object.entries(this.synthesized().resource)) {
      for (const [id, body] of Object.entries(resources)) {
        if ((type === 'docker_container' || type === 'docker_service') && body.name === name) return `${type}.${id}`;
      }
    }
    throw new Error(`no container or service named ${name} in the stack`);
  }

  /** Names of the containers the stack declares. */
  containerNames(): string[] {
    return Object.values(this.synthesized().resource.docker_container ?? {}).map((body) => body.name as string);
  }

  /** A container's synthesized body. */
  declared(name: string): Record<string, unknown> {
    return this.synthesized().resource.docker_container![this.addressOf(name).split('.')[1]!]!;
  }

  /**
   * `terraform apply -replace` of one container, as a user forces a new one: returns the names of the
   * containers the plan replaces (the ones whose replace_triggered_by names it come along).
   */
  replace(name: string): string[] {
    const replaced = this.plan([`-replace=${this.addressOf(name)}`]).filter((change) => change.actions.includes('create') && change.address.startsWith('docker_container.'));
    this.terraform(['apply', '-input=false', '-auto-approve', 'suite.tfplan']);
    const names = Object.fromEntries(Object.entries(this.synthesized().resource.docker_container ?? {}).map(([id, body]) => [`docker_container.${id}`, body.name as string]));
    return replaced.map((change) => names[change.address]!);
  }

  /** `npm run destroy`, with no secret in the environment (it needs none); then the directories go. */
  async destroy(): Promise<void> {
    const env = Object.fromEntries(Object.entries(this.env).filter(([name]) => !name.startsWith('TF_VAR_')));
    try {
      await this.npm(this.options.stackId === 'sentinel' ? 'destroy' : 'destroy:swarm', env);
    } finally {
      removeTempDir(this.outDir);
      removeTempDir(this.stateDir);
    }
  }
}

/** Terminal output without its colour codes. */
export function withoutColours(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '');
}
