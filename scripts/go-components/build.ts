// `npm run go-components [name...]`: builds each Go component (default: all) at its pinned version
// from the Go module proxy, into the cache, and prints NAME=<directory of its programs> per line.
// A component already built from the same module version is not built again.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { GO_COMPONENTS, goComponent, type GoComponent, type GoComponentName, isGoComponentName } from './components';
import { componentDir, goEnvironment } from './cache';

const GO_BUILD_TIMEOUT_MS = 1_800_000;
const GO_DOWNLOAD_TIMEOUT_MS = 600_000;

function go(args: readonly string[], cwd: string): string {
  return execFileSync('go', args, { cwd, env: goEnvironment(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: GO_BUILD_TIMEOUT_MS });
}

/** What `go mod download -json` printed; nothing when go did not run. */
function downloadReport(stdout: string | null): { Dir?: string; Error?: string } {
  try {
    return JSON.parse(stdout ?? '') as { Dir?: string; Error?: string };
  } catch {
    return {};
  }
}

/** Where `go mod download` put the module; its own error (it exits non-zero and prints JSON) if it could not. */
function downloaded(module: string): string {
  const result = spawnSync('go', ['mod', 'download', '-json', module], { cwd: tmpdir(), env: goEnvironment(), encoding: 'utf8', timeout: GO_DOWNLOAD_TIMEOUT_MS });
  const reported = downloadReport(result.stdout);
  if (result.status !== 0 || reported.Dir === undefined) {
    throw new Error(`go mod download ${module}: ${reported.Error || result.stderr?.trim() || result.error?.message || 'failed'}`);
  }
  return reported.Dir;
}

/** The module's source, copied out of the read-only module cache so the build may write beside it. */
function writableSource(component: GoComponent): string {
  const dir = downloaded(`${component.module}@${component.moduleVersion}`);
  // The version the programs are stamped with comes from the pin: a module that names another release is the wrong one.
  const versionFile = join(dir, 'VERSION');
  const declared = existsSync(versionFile) ? readFileSync(versionFile, 'utf8').trim() : component.version;
  if (declared !== component.version) throw new Error(`${component.module}@${component.moduleVersion} is release ${declared}, not ${component.image}'s ${component.version}`);
  const copy = mkdtempSync(join(tmpdir(), `sentinel-go-${component.name}-`));
  cpSync(dir, copy, { recursive: true, mode: 0 });
  execFileSync('chmod', ['-R', 'u+w', copy]);
  for (const placeholder of component.placeholders) {
    mkdirSync(dirname(join(copy, placeholder)), { recursive: true });
    writeFileSync(join(copy, placeholder), '');
  }
  return copy;
}

const STAMP = 'built-from';

function goInstalled(): boolean {
  try {
    execFileSync('go', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function build(component: GoComponent): string {
  const out = componentDir(component);
  const from = `${component.module}@${component.moduleVersion}`;
  if (existsSync(join(out, STAMP)) && readFileSync(join(out, STAMP), 'utf8').trim() === from) return out;
  const started = Date.now();
  const source = writableSource(component);
  mkdirSync(dirname(out), { recursive: true });
  // Beside its destination, so that the rename is atomic; one of its own, so that two builds do not share it.
  const staging = mkdtempSync(`${out}.tmp-`);
  chmodSync(staging, 0o755);
  try {
    const ldflags = `-s -w -X ${component.versionVariable}=${component.version}`;
    for (const [program, pkg] of Object.entries(component.programs)) {
      go(['build', '-trimpath', `-tags=${component.buildTags.join(',')}`, `-ldflags=${ldflags}`, '-o', join(staging, program), pkg], source);
    }
    writeFileSync(join(staging, STAMP), `${from}\n`);
    rmSync(out, { recursive: true, force: true });
    renameSync(staging, out);
  } finally {
    rmSync(source, { recursive: true, force: true });
    rmSync(staging, { recursive: true, force: true });
  }
  console.error(`${component.name}: built ${Object.keys(component.programs).join(', ')} ${component.version} from ${from} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return out;
}

if (require.main === module) {
  // Each argument a component's name (built at its pin) or name=image (built as that image's release).
  const asked = process.argv.slice(2).map((argument) => {
    const [name = '', image] = argument.split('=');
    return { argument, name, image };
  });
  const unknown = asked.filter(({ name }) => !isGoComponentName(name)).map(({ argument }) => argument);
  if (unknown.length > 0) {
    console.error(`no Go component named ${unknown.join(', ')}; known: ${Object.keys(GO_COMPONENTS).join(', ')}`);
    process.exit(2);
  }
  if (!goInstalled()) {
    // Without Go the suites that need these programs fail under CI and skip elsewhere, naming this command.
    console.error('go is not installed: the Go components are built from the Go module proxy with Go 1.26.7 or newer');
    process.exit(process.env.CI === 'true' ? 1 : 0);
  }
  const components = asked.length > 0 ? asked.map(({ name, image }) => goComponent(name as GoComponentName, image)) : Object.values(GO_COMPONENTS);
  try {
    for (const component of components) console.log(`${component.name}=${build(component)}`);
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
}
