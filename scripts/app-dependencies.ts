/**
 * Installs the demo app's dependencies (`npm ci` in app/) unless app/node_modules already holds
 * exactly what app/package-lock.json pins. The app's build and tests and the type check need
 * them; installing the package must not (it runs no install-time scripts), so the npm scripts
 * and the jest suites that need them call this first.
 *
 *   npx ts-node --transpile-only scripts/app-dependencies.ts
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const APP_DIR = join(__dirname, '..', 'app');
const INSTALL_TIMEOUT_MS = 10 * 60_000;

type LockedPackages = Record<string, unknown>;

function lockedPackages(lockfile: string): LockedPackages {
  const { packages } = JSON.parse(readFileSync(lockfile, 'utf8')) as { packages: LockedPackages };
  // The lockfile's "" entry is the app itself, which npm's record of node_modules leaves out.
  const { '': _app, ...dependencies } = packages;
  return dependencies;
}

/** npm's own record of what it installed (node_modules/.package-lock.json) against the lockfile. */
export function appDependenciesInstalled(appDir: string = APP_DIR): boolean {
  const installed = join(appDir, 'node_modules', '.package-lock.json');
  if (!existsSync(installed)) return false;
  return JSON.stringify(lockedPackages(join(appDir, 'package-lock.json'))) === JSON.stringify(lockedPackages(installed));
}

export function ensureAppDependencies(appDir: string = APP_DIR): void {
  if (appDependenciesInstalled(appDir)) return;
  console.error(`installing the demo app's dependencies: npm ci in ${appDir}`);
  const npm = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: appDir, stdio: ['ignore', 2, 2], timeout: INSTALL_TIMEOUT_MS });
  if (npm.status !== 0) throw new Error(`npm ci in ${appDir} failed (${npm.error?.message ?? `exit status ${npm.status}`})`);
}

if (require.main === module) ensureAppDependencies();
