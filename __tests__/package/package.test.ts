/**
 * Sentinel as a team adopts it: `npm pack`, then a new CDKTF TypeScript project, written from
 * scratch, installs the tarball, declares a stack with a service of its own, synthesizes it
 * with `cdktf synth`, and type-checks with plain `tsc` against the package's declarations.
 * Needs npm and its registry (the project's framework packages; the npm cache serves most).
 *
 *   npm run test:package
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parse } from 'yaml';
import { containerNamed, type Synthesized, uploadedFile } from '../support/synth-stack';
import { useTempDir } from '../support/temp-dir';
import { createTeamProject, packCheckout, type PackedTarball, PACKAGE_NAME, run, runOrFail, synthTeamProject, TEAM_SERVICE, type TeamStack, variantOf } from './support/team-project';

// The team's service at `/`, no demo app.
const TEAM_STACK: TeamStack = { props: '{ app: false }', route: '/' };

const tempDir = useTempDir('package');
let tarball: PackedTarball;
let projectDir: string;

beforeAll(() => {
  tarball = packCheckout(tempDir());
  projectDir = join(tempDir(), 'team-app');
  createTeamProject(projectDir, tarball.path, TEAM_STACK);
}, 10 * 60_000);

describe('the packed tarball', () => {
  it('holds the compiled package, the demo app sources and the runbook the gateway serves, nothing else', () => {
    const shipped = /^(package\.json|README\.md|LICENSE|docs\/runbook\.md|dist\/.+\.(js|d\.ts)|dist\/constructs\/validation\/props\.schema\.json|app\/(Dockerfile|\.dockerignore|package\.json|package-lock\.json|tsconfig\.json|src\/[\w-]+\.ts))$/;
    expect(tarball.files.filter((file) => !shipped.test(file))).toEqual([]);
    expect(tarball.files).toEqual(
      expect.arrayContaining(['dist/index.js', 'dist/index.d.ts', 'app/Dockerfile', 'app/package-lock.json', 'app/src/main.ts', 'docs/runbook.md']),
    );
    // The app's catalog reads prom-client, which is no dependency of the package.
    expect(tarball.files.filter((file) => file.startsWith('dist/app/') || file === 'dist/dashboards/catalog/app.js')).toEqual([]);
  });

  it('installs with its framework as peers and runs no script at install', () => {
    const installed = JSON.parse(readFileSync(join(projectDir, 'node_modules', PACKAGE_NAME, 'package.json'), 'utf8')) as {
      scripts?: Record<string, string>;
      dependencies?: Record<string, string>;
      peerDependencies?: Record<string, string>;
    };
    expect(Object.keys(installed.scripts ?? {}).filter((name) => /^(pre|post)?install$|^prepare$/.test(name))).toEqual([]);
    const peers = ['@cdktf/provider-docker', 'cdktf', 'constructs'];
    expect(Object.keys(installed.peerDependencies ?? {}).sort()).toEqual(peers);
    // A dependency would install a second copy of the framework beside the team's, and constructs from one are not from the other.
    for (const peer of peers) expect(installed.dependencies ?? {}).not.toHaveProperty([peer]);
  });
});

describe('a new CDKTF project that installs the tarball', () => {
  it('imports the public API from the package root, and no internal module by its path', () => {
    const script = `const sentinel = require('${PACKAGE_NAME}');
const outcome = (path) => { try { require(path); return 'loaded'; } catch (error) { return error.code; } };
console.log(JSON.stringify({
  exports: Object.keys(sentinel).sort(),
  internal: outcome('${PACKAGE_NAME}/dist/constructs/stack/sentinel-stack'),
  packageJson: outcome('${PACKAGE_NAME}/package.json'),
  misspelled: (() => {
    const { App } = require('cdktf');
    try { new sentinel.SentinelStack(new App(), 'typo', { gateway: { hostport: 8080 } }); return 'accepted'; } catch (error) { return error.message; }
  })(),
}));`;
    const imported = JSON.parse(runOrFail('node', ['-e', script], projectDir, 60_000)) as { exports: string[]; internal: string; packageJson: string; misspelled: string };
    expect(imported.exports).toEqual([
      'ALERTMANAGER_DEFAULTS',
      'APP_DEFAULTS',
      'GATEWAY_DEFAULTS',
      'GRAFANA_DEFAULTS',
      'InvalidPropError',
      'MonitoredService',
      'NETWORKS_DEFAULTS',
      'PROMETHEUS_DEFAULTS',
      'REDIS_DEFAULTS',
      'REGISTRY_DEFAULTS',
      'SENTINEL_HTTP_METRICS',
      'SERVICE_DEFAULTS',
      'STACK_DEFAULTS',
      'SentinelStack',
      'UnknownPropError',
      'synthesize',
    ]);
    expect(imported.internal).toBe('ERR_PACKAGE_PATH_NOT_EXPORTED');
    expect(imported.packageJson).toBe('loaded');
    // Plain JavaScript, or ts-node without a type check: the props schema shipped beside the code still refuses it.
    expect(imported.misspelled).toBe('gateway.hostport is not a prop; did you mean hostPort?');
  });

  let team: Synthesized;
  let demo: Synthesized;

  beforeAll(() => {
    const stackOf = synthTeamProject(projectDir);
    team = stackOf('team');
    demo = stackOf('demo');
  }, 5 * 60_000);

  it("synthesizes with `cdktf synth`, the gateway routing the team's service", () => {
    const nginxConf = uploadedFile(containerNamed(team, 'team-gateway'), '/etc/nginx/nginx.conf');
    expect(nginxConf).toContain(`server ${TEAM_SERVICE.name}:${TEAM_SERVICE.port};`);
    expect(nginxConf).toMatch(new RegExp(`location ${TEAM_STACK.route} \\{\\s+proxy_pass http://${TEAM_SERVICE.name}[/;]`));
  });

  it('leaves the demo app and its Redis out, as the props ask', () => {
    const names = Object.values(team.resources.docker_container ?? {}).map((container) => (container as { name: string }).name);
    expect(names).toContain(`team-${TEAM_SERVICE.name}`);
    expect(names.filter((name) => /^team-(app|redis)/.test(name))).toEqual([]);
  });

  it("scrapes the team's service as a job of its own", () => {
    const config = parse(uploadedFile(containerNamed(team, 'team-prometheus'), '/etc/prometheus/prometheus.yml')) as {
      scrape_configs: { job_name: string; static_configs: { targets: string[] }[] }[];
    };
    const job = config.scrape_configs.find((scrape) => scrape.job_name === TEAM_SERVICE.name);
    expect(job?.static_configs[0]?.targets).toEqual([`${TEAM_SERVICE.name}:${TEAM_SERVICE.port}`]);
  });

  it("evaluates the service's rule groups, at the threshold the team set", () => {
    const { groups } = parse(uploadedFile(containerNamed(team, 'team-prometheus'), '/etc/prometheus/rules/sentinel.yml')) as {
      groups: { name: string; rules: { alert?: string; expr: string }[] }[];
    };
    const service = TEAM_SERVICE.name;
    expect(groups.map((group) => group.name)).toEqual(expect.arrayContaining([`${service}-red`, `${service}-alerts`]));
    const highErrorRate = groups.find((group) => group.name === `${service}-alerts`)?.rules.find((rule) => rule.alert === 'HighErrorRate');
    expect(highErrorRate?.expr).toContain(`job="${service}"`);
    expect(highErrorRate?.expr).toMatch(new RegExp(` > ${TEAM_SERVICE.errorRatio}$`));
  });

  it("provisions the service's dashboard in Grafana", () => {
    const dashboard = JSON.parse(uploadedFile(containerNamed(team, 'team-grafana'), `/etc/grafana/dashboards/sentinel-service-${TEAM_SERVICE.name}.json`)) as {
      title: string;
    };
    expect(dashboard.title).toBe(`Sentinel / Service: ${TEAM_SERVICE.name}`);
  });

  it("builds the demo app's image from the app/ directory the package installed", () => {
    const images = Object.values(demo.resources.docker_image ?? {}) as { name: string; build?: { context: string } }[];
    const context = images.find((image) => image.name.startsWith('demo-app:'))?.build?.context;
    expect(context).toBeDefined();
    // Terraform runs in the stack's output directory; the context is relative to it.
    const appDir = resolve(projectDir, 'cdktf.out', 'stacks', 'demo', context!);
    expect(appDir).toBe(join(projectDir, 'node_modules', PACKAGE_NAME, 'app'));
    for (const input of ['Dockerfile', 'package.json', 'package-lock.json', 'tsconfig.json', 'src/main.ts']) {
      expect(existsSync(join(appDir, input))).toBe(true);
    }
  });
});

describe("the project's own type check, plain tsc against the package's declarations", () => {
  it('passes for the project as written', () => {
    const tsc = run('npx', ['tsc', '--noEmit', '-p', '.'], projectDir, 2 * 60_000);
    expect(tsc.output).toBe('');
    expect(tsc.status).toBe(0);
  });

  it('fails on a misspelled prop, naming it and the type it is not in', () => {
    const variantDir = join(dirname(projectDir), 'team-app-typo');
    variantOf(
      projectDir,
      variantDir,
      `import { App } from 'cdktf';
import { SentinelStack } from '${PACKAGE_NAME}';

new SentinelStack(new App(), 'team', { gateway: { hostport: 8080 } });
`,
    );
    const tsc = run('npx', ['tsc', '--noEmit', '-p', '.'], variantDir, 2 * 60_000);
    expect(tsc.output).toContain("'hostport' does not exist in type 'GatewayOptions'. Did you mean to write 'hostPort'?");
    expect(tsc.status).not.toBe(0);
  });
});
