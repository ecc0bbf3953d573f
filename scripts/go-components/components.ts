// The stack's Go programs, built from the Go module proxy at exactly the version IMAGES pins.
import { IMAGES } from '../../constructs/engine/images';
import { compareReleases, parseRelease, type Release } from './release';

export type GoComponentName = 'prometheus' | 'alertmanager' | 'nodeExporter' | 'redisExporter' | 'nginxExporter';

/** How one pinned image's Go programs are built from its module. */
export interface GoComponent {
  readonly name: GoComponentName;
  /** The pinned image whose programs these are. */
  readonly image: string;
  /** The version the programs report: the image's tag without `v` or a variant suffix. */
  readonly version: string;
  readonly module: string;
  /** The module's version on the proxy, which for Prometheus is not its release number. */
  readonly moduleVersion: string;
  /** Each program, by the package that builds it inside the module. */
  readonly programs: Readonly<Record<string, string>>;
  /** The string variable `-ldflags -X` sets to the version. */
  readonly versionVariable: string;
  readonly buildTags: readonly string[];
  /** Files the module embeds that its release builds with npm: an empty placeholder stands in. */
  readonly placeholders: readonly string[];
}

const PROMETHEUS_COMMON_VERSION = 'github.com/prometheus/common/version.Version';

/** `prom/prometheus:v3.16.0` → `3.16.0`; `oliver006/redis_exporter:v1.97.0-alpine` → `1.97.0`. */
export function releaseOf(image: string): string {
  const tag = image.slice(image.lastIndexOf(':') + 1);
  // `-alpine` names a variant of the release; any other suffix (`-rc.0`) is no release.
  const release = /^v?(\d+\.\d+\.\d+)(?:-alpine)?$/.exec(tag)?.[1];
  if (release === undefined) throw new Error(`${image}: its tag is not a release number`);
  return release;
}

/** Prometheus publishes release 2.55.1 as module v0.55.1 and 3.16.0 as v0.316.0. */
export function prometheusModuleVersion(release: string): string {
  const [major, minor, patch] = release.split('.').map(Number) as [number, number, number];
  if (major === 2) return `v0.${minor}.${patch}`;
  if (major === 3 && minor < 100) return `v0.3${String(minor).padStart(2, '0')}.${patch}`;
  throw new Error(`Prometheus ${release}: no known module version for this release line`);
}

/** The release a module version of the component is (Prometheus' v0.316.0 is 3.16.0); undefined for a pre-release or a tag outside the numbering. */
export function releaseOfModuleVersion(component: GoComponent, moduleVersion: string): Release | undefined {
  const parsed = parseRelease(moduleVersion);
  if (parsed === undefined || component.name !== 'prometheus') return parsed;
  const [major, minor, patch] = parsed;
  if (major !== 0) return undefined;
  return minor >= 300 ? [3, minor - 300, patch] : [2, minor, patch];
}

type BuildSpec = Pick<GoComponent, 'module' | 'programs'> & Partial<Pick<GoComponent, 'moduleVersion' | 'versionVariable' | 'buildTags' | 'placeholders'>>;

/** The release `a` comes before `b`. */
function before(a: string, b: string): boolean {
  return compareReleases(parseRelease(a)!, parseRelease(b)!) < 0;
}

/** How each component's release is built: its module, programs and version variable. */
const BUILD_SPECS: Readonly<Record<GoComponentName, (release: string) => BuildSpec>> = {
  prometheus: (release) => ({
    module: 'github.com/prometheus/prometheus',
    moduleVersion: prometheusModuleVersion(release),
    programs: { prometheus: './cmd/prometheus', promtool: './cmd/promtool' },
    // Its release build also embeds the web UI (`builtinassets`), whose assets are built with npm
    // and not in the module: this build serves the API, /-/healthy, /-/ready and /metrics, no UI pages.
    buildTags: ['netgo'],
  }),
  alertmanager: () => ({
    module: 'github.com/prometheus/alertmanager',
    programs: { alertmanager: './cmd/alertmanager', amtool: './cmd/amtool' },
    // From v0.32 the UI, built with npm, is embedded from here.
    placeholders: ['ui/app/dist/index.html'],
  }),
  nodeExporter: () => ({
    module: 'github.com/prometheus/node_exporter',
    programs: { node_exporter: '.' },
  }),
  redisExporter: () => ({
    module: 'github.com/oliver006/redis_exporter',
    programs: { redis_exporter: '.' },
    versionVariable: 'main.BuildVersion',
  }),
  nginxExporter: (release) => ({
    // The project moved from nginxinc to nginx at 1.4.1.
    module: before(release, '1.4.1') ? 'github.com/nginxinc/nginx-prometheus-exporter' : 'github.com/nginx/nginx-prometheus-exporter',
    programs: { 'nginx-prometheus-exporter': '.' },
  }),
};

/** The component `name` as `image` (by default the pinned one) is built. */
export function goComponent(name: GoComponentName, image: string = IMAGES[name]): GoComponent {
  const version = releaseOf(image);
  return {
    name,
    image,
    version,
    moduleVersion: `v${version}`,
    versionVariable: PROMETHEUS_COMMON_VERSION,
    buildTags: [],
    placeholders: [],
    ...BUILD_SPECS[name](version),
  };
}

const NAMES = Object.keys(BUILD_SPECS) as GoComponentName[];

/** Every Go component at the version IMAGES pins. */
export const GO_COMPONENTS = Object.fromEntries(NAMES.map((name) => [name, goComponent(name)])) as Readonly<Record<GoComponentName, GoComponent>>;

export function isGoComponentName(name: string): name is GoComponentName {
  return Object.hasOwn(GO_COMPONENTS, name);
}
