import { accessSync, constants } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';
import { programPath } from '../../scripts/go-components/cache';
import { GO_COMPONENTS, type GoComponentName } from '../../scripts/go-components/components';
import { describeWith } from './describe-with';

/** A binary that some tests run for real. */
export interface ExternalTool {
  /** Its name on the PATH, or its absolute path. */
  readonly binary: string;
  /** What to install or build when it is missing. */
  readonly install: string;
  /** CI installs or builds it, so CI fails rather than skips without it. */
  readonly requiredInCi: boolean;
}

function debian(binary: string, debianPackage: string): ExternalTool {
  return { binary, install: `install it with apt-get install ${debianPackage}`, requiredInCi: true };
}

/** A program of a Go component, built at the version the stack pins: the one that deploys. */
function pinned(name: GoComponentName, program: string): ExternalTool {
  const component = GO_COMPONENTS[name];
  return {
    binary: programPath(component, program),
    install: `build ${component.name} ${component.version} with \`npm run --silent go-components ${name}\` (Go 1.26.7 or newer and the Go module proxy)`,
    requiredInCi: true,
  };
}

export const TOOLS = {
  promtool: pinned('prometheus', 'promtool'),
  prometheus: pinned('prometheus', 'prometheus'),
  amtool: pinned('alertmanager', 'amtool'),
  alertmanager: pinned('alertmanager', 'alertmanager'),
  nginx: debian('nginx', 'nginx-light'),
  redisServer: debian('redis-server', 'redis-server'),
  redisCli: debian('redis-cli', 'redis-tools'),
  nginxExporter: pinned('nginxExporter', 'nginx-prometheus-exporter'),
  redisExporter: pinned('redisExporter', 'redis_exporter'),
  nodeExporter: pinned('nodeExporter', 'node_exporter'),
  // Not in Debian's archive; the project's machines carry it (1.11), so CI fails without it.
  terraform: { binary: 'terraform', install: 'install Terraform 1.5 or newer from HashiCorp', requiredInCi: true },
} as const satisfies Record<string, ExternalTool>;

const SYSTEM_DIRS = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

/** Absolute path of the tool's binary, or undefined when it is not installed. */
export function locate(tool: ExternalTool): string | undefined {
  if (isAbsolute(tool.binary)) return executable(tool.binary) ? tool.binary : undefined;
  const dirs = [...(process.env.PATH ?? '').split(delimiter).filter(Boolean), ...SYSTEM_DIRS];
  for (const dir of dirs) {
    const candidate = join(dir, tool.binary);
    if (executable(candidate)) return candidate;
  }
  return undefined;
}

/** Whether the file at `path` exists and may be executed. */
export function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * `describe` for tests that run real tools. When one is missing the block fails
 * under CI=true if CI is meant to install it, and is skipped otherwise with a
 * message that says what to install.
 */
export function describeWithTools(name: string, tools: readonly ExternalTool[], body: (paths: string[]) => void): void {
  const paths = tools.map(locate);
  const missing = tools.filter((_, i) => paths[i] === undefined);
  const prerequisite = {
    need: 'its tools installed',
    missing: missing.length === 0 ? undefined : `${missing.map((t) => t.binary).join(', ')} not found: ${missing.map((t) => t.install).join('; ')}`,
    requiredInCi: missing.some((tool) => tool.requiredInCi),
  };
  describeWith(name, prerequisite, () => body(missing.length === 0 ? (paths as string[]) : []));
}
