/**
 * A team's new CDKTF TypeScript project, written from scratch as `cdktf init --template
 * typescript` lays one out (its tsconfig.json is the template's, unchanged), that installs
 * Sentinel from a packed tarball instead of cloning this repository.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSynthesized, REPO_ROOT, type Synthesized } from '../../support/synth-stack';

const REPO_PACKAGE = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
  name: string;
  devDependencies: Record<string, string>;
};
/** The cdktf CLI the repository runs; the team's project would have its own, the same release. */
const CDKTF_CLI = join(REPO_ROOT, 'node_modules', '.bin', 'cdktf');
const CDKTF_TEMPLATE_TSCONFIG = join(REPO_ROOT, 'node_modules', 'cdktf-cli', 'bundle', 'templates', 'typescript', 'tsconfig.json');

export const PACKAGE_NAME = REPO_PACKAGE.name;

export interface Run {
  readonly status: number | null;
  /** stdout and stderr, one after the other. */
  readonly output: string;
}

/** The environment without what `npm run` adds, so a command in the project is not told about this repository. */
function environment(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('npm_') && name !== 'INIT_CWD'));
  return { ...env, CHECKPOINT_DISABLE: '1' };
}

export function run(command: string, args: readonly string[], cwd: string, timeoutMs: number): Run {
  const result = spawnSync(command, args, { cwd, env: environment(), encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 });
  const timedOut = result.error ? ` (${result.error.message})` : '';
  return { status: result.status, output: `${result.stdout ?? ''}${result.stderr ?? ''}${timedOut}` };
}

/** Fails with the command's output, so a broken step says why. */
export function runOrFail(command: string, args: readonly string[], cwd: string, timeoutMs: number): string {
  const result = run(command, args, cwd, timeoutMs);
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} in ${cwd} exited ${result.status}:\n${result.output}`);
  return result.output;
}

export interface PackedTarball {
  readonly path: string;
  /** The paths the tarball holds, relative to the package's directory. */
  readonly files: readonly string[];
}

/** `npm pack` of the checkout (its prepack builds dist/), into `destination`. */
export function packCheckout(destination: string): PackedTarball {
  const output = runOrFail('npm', ['pack', '--json', '--pack-destination', destination], REPO_ROOT, 5 * 60_000);
  const [packed] = JSON.parse(output.slice(output.indexOf('['), output.lastIndexOf(']') + 1)) as { filename: string; files: { path: string }[] }[];
  return { path: join(destination, packed!.filename), files: packed!.files.map((file) => file.path) };
}

export interface TeamStack {
  /** The props of the team's stack, as TypeScript. */
  readonly props: string;
  /** Where the gateway routes the team's own service. */
  readonly route: string;
}

/** The team's service: an image from its registry, its own thresholds; nothing Sentinel ships. */
export const TEAM_SERVICE = { name: 'orders', port: 8000, errorRatio: 0.1 } as const;

function mainTs(team: TeamStack): string {
  return `import { App } from 'cdktf';
import { MonitoredService, SentinelStack } from '${PACKAGE_NAME}';

const app = new App();
const stack = new SentinelStack(app, 'team', ${team.props});
new MonitoredService(stack, '${TEAM_SERVICE.name}', {
  image: 'registry.example.com/${TEAM_SERVICE.name}:1.4.2',
  port: ${TEAM_SERVICE.port},
  route: '${team.route}',
  healthcheck: { command: ['wget', '-q', '-O', '/dev/null', 'http://127.0.0.1:${TEAM_SERVICE.port}/health'] },
  alerts: { errorRatio: ${TEAM_SERVICE.errorRatio} },
});
// The stack as it comes, its demo app built from the installed package.
new SentinelStack(app, 'demo', {});
app.synth();
`;
}

/** The project's package.json: the framework at the versions this repository uses, Sentinel from the tarball. */
function packageJson(tarball: string): string {
  const pinned = (...names: string[]) => Object.fromEntries(names.map((name) => [name, REPO_PACKAGE.devDependencies[name]]));
  return `${JSON.stringify(
    {
      name: 'pkgtest-team-app',
      version: '1.0.0',
      private: true,
      scripts: { build: 'tsc', synth: 'cdktf synth' },
      dependencies: { ...pinned('cdktf', 'constructs', '@cdktf/provider-docker'), [PACKAGE_NAME]: `file:${tarball}` },
      devDependencies: pinned('@types/node', 'typescript', 'ts-node'),
    },
    null,
    2,
  )}\n`;
}

const CDKTF_JSON = {
  language: 'typescript',
  app: 'npx ts-node main.ts',
  projectId: 'pkgtest-team-app',
  sendCrashReports: 'false',
  terraformProviders: [],
  terraformModules: [],
  context: {},
};

/** Writes the project into `dir` and installs its dependencies, the tarball among them. */
export function createTeamProject(dir: string, tarball: string, team: TeamStack): void {
  if (!existsSync(CDKTF_CLI)) throw new Error(`no cdktf CLI at ${CDKTF_CLI}: run npm ci first`);
  mkdirSync(dir);
  writeFileSync(join(dir, 'package.json'), packageJson(tarball));
  writeFileSync(join(dir, 'tsconfig.json'), readFileSync(CDKTF_TEMPLATE_TSCONFIG));
  writeFileSync(join(dir, 'cdktf.json'), `${JSON.stringify(CDKTF_JSON, null, 2)}\n`);
  writeFileSync(join(dir, 'main.ts'), mainTs(team));
  runOrFail('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline'], dir, 5 * 60_000);
}

/** `cdktf synth` in the project, as the team runs it; the stack's cdk.tf.json, parsed. */
export function synthTeamProject(dir: string): (stackId: string) => Synthesized {
  runOrFail(CDKTF_CLI, ['synth'], dir, 5 * 60_000);
  return (stackId) => parseSynthesized(readFileSync(join(dir, 'cdktf.out', 'stacks', stackId, 'cdk.tf.json'), 'utf8'));
}

/**
 * The same project with `main.ts` replaced by `source` (its installed packages shared), for
 * the type check of a mistake. Beside the project, not in it: its tsconfig.json takes every .ts file.
 */
export function variantOf(projectDir: string, variantDir: string, source: string): void {
  mkdirSync(variantDir);
  for (const file of ['package.json', 'tsconfig.json']) writeFileSync(join(variantDir, file), readFileSync(join(projectDir, file)));
  symlinkSync(join(projectDir, 'node_modules'), join(variantDir, 'node_modules'));
  writeFileSync(join(variantDir, 'main.ts'), source);
}
