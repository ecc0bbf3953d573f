// `npm run pins`: each pinned image, the newest release the Go module proxy knows for the Go
// components, and whether a newer one exists, so moving a pin is a decision taken with the facts.
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { IMAGES } from '../../constructs/engine/images';
import { goEnvironment } from './cache';
import { GO_COMPONENTS, type GoComponent, isGoComponentName, releaseOfModuleVersion } from './components';
import { compareReleases, parseRelease, type Release } from './release';

/** The newest stable release among the module versions the proxy lists; undefined when it lists none. */
export function newestRelease(component: GoComponent, listed: readonly string[]): Release | undefined {
  const releases = listed.map((version) => releaseOfModuleVersion(component, version)).filter((release): release is Release => release !== undefined);
  return releases.sort(compareReleases).pop();
}

function listedVersions(component: GoComponent): string[] | string {
  try {
    const output = execFileSync('go', ['list', '-m', '-versions', component.module], { cwd: tmpdir(), env: goEnvironment(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
    return output.trim().split(/\s+/).slice(1);
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? error);
    return /403|not available/.test(stderr) ? 'the proxy refuses to list its versions' : `go list failed: ${stderr.trim().split('\n')[0]}`;
  }
}

function report(name: keyof typeof IMAGES): string[] {
  const image = IMAGES[name];
  if (!isGoComponentName(name)) return [image, '', 'not built from the Go module proxy here: check its registry'];
  const component = GO_COMPONENTS[name];
  const listed = listedVersions(component);
  if (typeof listed === 'string') return [image, '', listed];
  const newest = newestRelease(component, listed);
  const pinned = parseRelease(component.version)!;
  if (newest === undefined) return [image, '', 'the proxy lists no release'];
  const verdict = compareReleases(newest, pinned) > 0 ? 'NEWER RELEASE' : 'current';
  return [image, newest.join('.'), verdict];
}

if (require.main === module) {
  const rows = [['pinned image', 'newest on the Go module proxy', 'status'], ...(Object.keys(IMAGES) as (keyof typeof IMAGES)[]).map(report)];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  for (const row of rows) console.log(row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd());
}
