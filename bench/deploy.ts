/**
 * `npm run bench:deploy`: how long deploying takes with the real provider, on the Docker
 * engine at DOCKER_HOST (docker/engine.sh's by default), each phase timed on its own as
 * `cdktf deploy` runs them (synth, terraform init, plan, apply):
 *   - a first deploy on an empty engine, until every container is healthy (the provider waits);
 *   - a no-op re-deploy;
 *   - a one-threshold change (an alert's ratio: Prometheus replaced);
 *   - destroy.
 * Median of 3 rounds, printed as a table. The stack is main.ts's, with free host ports, its state
 * and synth output in temp directories; everything it created is destroyed at the end of a round.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { SentinelStackProps } from '../constructs/stack/sentinel-stack';
import { freePort, makeTempDir, removeTempDir } from '../__tests__/support/app-processes';
import { providerCliConfig } from '../__tests__/docker/support/deployment';
import { REPO_ROOT } from '../__tests__/support/synth-stack';
import { median } from './stats';

const ROUNDS = 3;
const STACK = 'sentinel';
const PHASES = ['synth', 'init', 'plan', 'apply'] as const;
type Phase = (typeof PHASES)[number];
const STEPS = ['first deploy', 'no-op re-deploy', 'one threshold', 'destroy'] as const;
type Step = (typeof STEPS)[number];

function timed(run: () => void): number {
  const started = performance.now();
  run();
  return (performance.now() - started) / 1000;
}

/** One round: the four steps on a fresh state, each phase in seconds. */
async function round(env: NodeJS.ProcessEnv): Promise<Record<Step, Record<Phase, number>>> {
  const outDir = makeTempDir('sentinel-bench-deploy-out');
  const stateDir = makeTempDir('sentinel-bench-deploy-state');
  const ports = { gateway: await freePort(), prometheus: await freePort(), alertmanager: await freePort(), grafana: await freePort() };
  const baseProps: SentinelStackProps = {
    gateway: { hostPort: ports.gateway },
    prometheus: { hostPort: ports.prometheus },
    alertmanager: { hostPort: ports.alertmanager },
    grafana: { hostPort: ports.grafana },
  };
  const app = `npx ts-node --transpiler sucrase/ts-node-plugin ${join(REPO_ROOT, '__tests__', 'docker', 'support', 'plain-app.ts')}`;
  const stackDir = join(outDir, 'stacks', STACK);
  const runEnv = (props: SentinelStackProps) => ({ ...env, XDG_STATE_HOME: stateDir, SENTINEL_STACK_PROPS: JSON.stringify(props) });
  const run = (command: string, args: string[], cwd: string, props: SentinelStackProps) =>
    execFileSync(command, args, { cwd, env: runEnv(props), stdio: 'pipe', maxBuffer: 256 * 1024 * 1024, timeout: 900_000 });
  const phases = (props: SentinelStackProps, destroy = false): Record<Phase, number> => ({
    synth: timed(() => run('npm', ['run', '--silent', 'synth', '--', '--app', app, '--output', outDir], REPO_ROOT, props)),
    init: timed(() => run('terraform', ['init', '-input=false'], stackDir, props)),
    plan: timed(() => run('terraform', ['plan', '-input=false', ...(destroy ? ['-destroy'] : []), '-out=bench.tfplan'], stackDir, props)),
    apply: timed(() => run('terraform', ['apply', '-input=false', 'bench.tfplan'], stackDir, props)),
  });
  try {
    const changed: SentinelStackProps = { ...baseProps, app: { alerts: { errorRatio: 0.2 } } };
    return {
      'first deploy': phases(baseProps),
      'no-op re-deploy': phases(baseProps),
      'one threshold': phases(changed),
      destroy: phases(changed, true),
    };
  } finally {
    removeTempDir(outDir);
    removeTempDir(stateDir);
  }
}

async function main(): Promise<void> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CHECKPOINT_DISABLE: '1',
    TF_CLI_CONFIG_FILE: providerCliConfig(),
    DOCKER_HOST: process.env.DOCKER_HOST ?? 'unix:///run/sentinel-engine/docker.sock',
    TF_VAR_grafana_admin_password: 'bench-grafana-password',
  };
  const rounds: Record<Step, Record<Phase, number>>[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    rounds.push(await round(env));
    console.error(`round ${i + 1} of ${ROUNDS} done`);
  }
  console.log(`Deploy times, median of ${ROUNDS} rounds (s), kreuzwerker/docker built from source, images already on the engine:\n`);
  console.log(`| step | ${PHASES.join(' | ')} | total |`);
  console.log(`| --- | ${PHASES.map(() => '---:').join(' | ')} | ---: |`);
  for (const step of STEPS) {
    const cells = PHASES.map((phase) => median(rounds.map((r) => r[step][phase])));
    const total = median(rounds.map((r) => PHASES.reduce((sum, phase) => sum + r[step][phase], 0)));
    console.log(`| ${step} | ${cells.map((value) => value.toFixed(1)).join(' | ')} | ${total.toFixed(1)} |`);
  }
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
