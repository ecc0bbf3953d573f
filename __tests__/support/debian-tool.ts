import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { describeWith } from './describe-with';

/** A binary that some tests run for real. */
export interface ExternalTool {
  readonly binary: string;
  /** What to install when it is missing. */
  readonly install: string;
  /** CI installs it (from Debian's packages), so CI fails rather than skips without it. */
  readonly requiredInCi: boolean;
}

function debian(binary: string, debianPackage: string): ExternalTool {
  return { binary, install: `apt-get install ${debianPackage}`, requiredInCi: true };
}

export const TOOLS = {
  promtool: debian('promtool', 'prometheus'),
  prometheus: debian('prometheus', 'prometheus'),
  amtool: debian('amtool', 'prometheus-alertmanager'),
  alertmanager: debian('prometheus-alertmanager', 'prometheus-alertmanager'),
  nginx: debian('nginx', 'nginx-light'),
  redisServer: debian('redis-server', 'redis-server'),
  redisCli: debian('redis-cli', 'redis-tools'),
  nginxExporter: debian('prometheus-nginx-exporter', 'prometheus-nginx-exporter'),
  redisExporter: debian('prometheus-redis-exporter', 'prometheus-redis-exporter'),
  nodeExporter: debian('prometheus-node-exporter', 'prometheus-node-exporter'),
  // Not in Debian's archive; the project's machines carry it (1.11), so CI fails without it.
  terraform: { binary: 'terraform', install: 'Terraform 1.5 or newer from HashiCorp', requiredInCi: true },
} as const satisfies Record<string, ExternalTool>;

const SYSTEM_DIRS = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

/** Absolute path of the tool's binary, or undefined when it is not installed. */
export function locate(tool: ExternalTool): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(delimiter).filter(Boolean), ...SYSTEM_DIRS];
  for (const dir of dirs) {
    const candidate = join(dir, tool.binary);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
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
    missing: missing.length === 0 ? undefined : `${missing.map((t) => t.binary).join(', ')} not found: install ${missing.map((t) => t.install).join('; ')}`,
    requiredInCi: missing.some((tool) => tool.requiredInCi),
  };
  describeWith(name, prerequisite, () => body(missing.length === 0 ? (paths as string[]) : []));
}
