import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { makeTempDir, removeTempDir } from '../__tests__/support/app-processes';

export interface SynthRun {
  readonly seconds: number;
  /** Peak resident set size of the largest process of the run (GNU time's %M), MiB. */
  readonly peakRssMiB: number;
}

export interface SynthCommands {
  /** cdktf.json's "app", as `cdktf synth` runs it. */
  readonly full: string;
  /** The same command with main.ts replaced by the empty app. */
  readonly empty: string;
  readonly fullStack: string;
  readonly emptyStack: string;
}

export function synthCommands(repoRoot: string, emptyAppPath: string): SynthCommands {
  const { app } = JSON.parse(readFileSync(join(repoRoot, 'cdktf.json'), 'utf8')) as { app?: string };
  if (app === undefined || !/(^|\s)main\.ts(\s|$)/.test(app)) {
    throw new Error(`cdktf.json's "app" (${JSON.stringify(app)}) does not run main.ts: cannot derive the empty app's command from it`);
  }
  return { full: app, empty: app.replace(/(^|\s)main\.ts(?=\s|$)/, `$1${relative(repoRoot, emptyAppPath)}`), fullStack: 'sentinel', emptyStack: 'empty' };
}

/**
 * Runs `command` as `cdktf synth` runs the app (through a shell, in the project directory, with
 * the environment the CLI sets) under GNU time, into a fresh output directory; checks that the
 * stack's cdk.tf.json was written.
 */
export function timeSynth(gnuTime: string, repoRoot: string, command: string, stack: string): SynthRun {
  const outdir = makeTempDir('sentinel-bench-synth');
  try {
    const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('TF_VAR_')));
    const started = performance.now();
    const run = spawnSync(gnuTime, ['-f', 'BENCH_TIME %e %M', 'sh', '-c', command], {
      cwd: repoRoot,
      env: {
        ...env,
        NODE_OPTIONS: env.NODE_OPTIONS ?? '--max-old-space-size=4096',
        CHECKPOINT_DISABLE: '1',
        CDKTF_OUTDIR: outdir,
        CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS: 'true',
        CDKTF_CONTEXT_JSON: JSON.stringify({ cdktfRelativeModules: [] }),
        SYNTH_HCL_OUTPUT: 'false',
      },
      encoding: 'utf8',
      timeout: 120_000,
      killSignal: 'SIGKILL',
    });
    const seconds = (performance.now() - started) / 1000;
    const stderr = run.stderr ?? '';
    const timing = /BENCH_TIME (\S+) (\d+)/.exec(stderr);
    const output = join(outdir, 'stacks', stack, 'cdk.tf.json');
    if (run.status !== 0 || timing === null || !existsSync(output)) {
      throw new Error(`synth failed: ${command} (exit ${run.status ?? run.signal})\n${stderr.slice(-2000)}`);
    }
    return { seconds, peakRssMiB: Number(timing[2]) / 1024 };
  } finally {
    removeTempDir(outdir);
  }
}
