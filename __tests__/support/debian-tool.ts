import { execFileSync } from 'node:child_process';

/** A binary from one of Debian's packages that some tests run for real. */
export interface DebianTool {
  readonly binary: string;
  readonly debianPackage: string;
}

export const TOOLS = {
  promtool: { binary: 'promtool', debianPackage: 'prometheus' },
  prometheus: { binary: 'prometheus', debianPackage: 'prometheus' },
  amtool: { binary: 'amtool', debianPackage: 'prometheus-alertmanager' },
  alertmanager: { binary: 'prometheus-alertmanager', debianPackage: 'prometheus-alertmanager' },
  nginx: { binary: 'nginx', debianPackage: 'nginx-light' },
  redisServer: { binary: 'redis-server', debianPackage: 'redis-server' },
  redisCli: { binary: 'redis-cli', debianPackage: 'redis-tools' },
} as const satisfies Record<string, DebianTool>;

const SEARCH_PATH = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

/** Absolute path of the tool's binary, or undefined when it is not installed. */
export function locate(tool: DebianTool): string | undefined {
  const path = [process.env.PATH ?? '', ...SEARCH_PATH].join(':');
  try {
    return execFileSync('sh', ['-c', `command -v ${tool.binary}`], { env: { ...process.env, PATH: path } })
      .toString()
      .trim();
  } catch {
    return undefined;
  }
}

/**
 * `describe` for tests that need real Debian binaries. When one is missing the
 * block fails under CI=true (CI must install it) and is skipped elsewhere with a
 * message that names the package to install.
 */
export function describeWithTools(name: string, tools: readonly DebianTool[], body: (paths: string[]) => void): void {
  const paths = tools.map(locate);
  const missing = tools.filter((_, i) => paths[i] === undefined);
  if (missing.length === 0) {
    describe(name, () => body(paths as string[]));
    return;
  }
  const install = `apt-get install ${[...new Set(missing.map((t) => t.debianPackage))].join(' ')}`;
  const message = `${missing.map((t) => t.binary).join(', ')} not found: ${install}`;
  if (process.env.CI === 'true') {
    describe(name, () => {
      it('has its Debian tools installed', () => {
        throw new Error(message);
      });
    });
    return;
  }
  // eslint-disable-next-line no-console
  console.warn(`Skipping "${name}": ${message}`);
  describe.skip(name, () => body([]));
}
