// Where the app spends its CPU under load: runs redis-server and the built app with
// `node --cpu-prof`, drives GET / (or PROFILE_PATH) with wrk for PROFILE_SECONDS, stops the app
// (SIGTERM, so the profile is written) and prints the hottest frames and packages.
//
//   npx ts-node --transpile-only bench/profile-app.ts            # metrics on
//   METRICS_ENABLED=false npx ts-node --transpile-only bench/profile-app.ts
//
// PROFILE_KEEP=<dir> keeps the .cpuprofile there (open it in Chrome DevTools); otherwise the temp dir is removed.
import { cpSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { httpRequest } from '../__tests__/support/app-http';
import { freePort, makeTempDir, removeTempDir, type RunningProcess, startProcess, stopProcess } from '../__tests__/support/app-processes';
import { APP_DIR, APP_ENTRY, appEnv, startRedis } from '../__tests__/support/app-stack';
import { locateBenchTools } from './tools';
import { runWrk } from './wrk';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Self time per frame and per package (or node internal / app file), as shares of all samples. */
export function summarizeProfile(profile: CpuProfile, top = 25): string {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfTime = new Map<number, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    selfTime.set(id, (selfTime.get(id) ?? 0) + dt);
    total += dt;
  });
  const frames = new Map<string, number>();
  const packages = new Map<string, number>();
  for (const [id, time] of selfTime) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const where = url === '' ? '(native)' : url.replace(/^file:\/\//, '');
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(where)?.[1] ?? (where.startsWith('node:') ? 'node internals' : where.includes('/app/dist/') ? 'app' : where);
    const frame = `${functionName || '(anonymous)'}  ${where.split('/').slice(-2).join('/')}:${lineNumber + 1}`;
    frames.set(frame, (frames.get(frame) ?? 0) + time);
    packages.set(pkg, (packages.get(pkg) ?? 0) + time);
  }
  const list = (entries: Map<string, number>, n: number) =>
    [...entries].sort((a, b) => b[1] - a[1]).slice(0, n).map(([name, time]) => `${((100 * time) / total).toFixed(1).padStart(5)} %  ${name}`);
  return [`self time by package (${(total / 1e6).toFixed(1)} s sampled):`, ...list(packages, 12), '', 'hottest frames:', ...list(frames, top)].join('\n');
}

async function main(): Promise<void> {
  const tools = locateBenchTools();
  const seconds = Number(process.env.PROFILE_SECONDS ?? 10);
  const path = process.env.PROFILE_PATH ?? '/';
  const dir = makeTempDir('sentinel-profile');
  let redis: RunningProcess | undefined;
  let app: RunningProcess | undefined;
  try {
    const redisPort = await freePort();
    redis = await startRedis({ binary: tools.redisServer, port: redisPort, dir });
    const port = await freePort();
    const env = appEnv({ port, redisPort, env: process.env.METRICS_ENABLED ? { METRICS_ENABLED: process.env.METRICS_ENABLED } : {} });
    app = await startProcess({
      name: 'app',
      command: '/bin/sh',
      args: ['-c', `exec "${process.execPath}" --cpu-prof --cpu-prof-dir="${dir}" "${APP_ENTRY}" >"${join(dir, 'app.log')}"`],
      cwd: APP_DIR,
      env,
      readyCheck: async () => (await httpRequest(port, { path: '/healthz', timeoutMs: 1_000 })).status === 200,
    });
    const url = `http://127.0.0.1:${port}${path}`;
    await runWrk({ binary: tools.wrk, url, threads: 1, connections: 64, durationSeconds: 3, scriptDir: dir });
    const result = await runWrk({ binary: tools.wrk, url, threads: 1, connections: 64, durationSeconds: seconds, scriptDir: dir });
    console.log(`${url}: ${result.rps.toFixed(0)} req/s, p99 ${result.latencyMs.p99.toFixed(2)} ms (METRICS_ENABLED=${process.env.METRICS_ENABLED ?? 'true'})`);
    await stopProcess(app, { timeoutMs: 15_000 });
    const file = readdirSync(dir).find((name) => name.endsWith('.cpuprofile'));
    if (file === undefined) throw new Error('the app wrote no .cpuprofile');
    console.log(summarizeProfile(JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile));
    if (process.env.PROFILE_KEEP) {
      cpSync(join(dir, file), join(process.env.PROFILE_KEEP, file));
      console.log(`profile kept: ${join(process.env.PROFILE_KEEP, file)}`);
    }
  } finally {
    await stopProcess(app);
    await stopProcess(redis);
    removeTempDir(dir);
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 1;
  });
}
