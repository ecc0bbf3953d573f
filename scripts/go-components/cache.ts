// Where Go components are built and found: the suites read the binaries from here.
import { join } from 'node:path';
import type { GoComponent } from './components';

/** The machine's cache (SENTINEL_CACHE, default /var/cache/sentinel), shared with the provider's build. */
function cacheRoot(): string {
  return process.env.SENTINEL_CACHE ?? '/var/cache/sentinel';
}

/** The directory a component's programs are built into, one per module version. */
export function componentDir(component: GoComponent): string {
  return join(cacheRoot(), 'go-components', `${component.name}@${component.moduleVersion}`);
}

/** The path of one of a component's programs, whether built yet or not. */
export function programPath(component: GoComponent, program: string): string {
  if (!Object.hasOwn(component.programs, program)) throw new Error(`${component.name} has no program ${program}`);
  return join(componentDir(component), program);
}

/** Module and build caches in the machine's cache; no workspace file of the caller's applies. */
export function goEnvironment(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    GOMODCACHE: join(cacheRoot(), 'go', 'mod'),
    GOCACHE: join(cacheRoot(), 'go', 'build'),
    GOWORK: 'off',
    // Static binaries, as the releases are: the nginx exporter's image has no C library.
    CGO_ENABLED: '0',
    GOFLAGS: '-mod=mod',
  };
}
