import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { appDependenciesInstalled } from '../../scripts/app-dependencies';
import { useTempDir } from '../support/temp-dir';

const LOCKED = {
  'node_modules/ioredis': { version: '5.9.2', resolved: 'https://registry.npmjs.org/ioredis/-/ioredis-5.9.2.tgz' },
  'node_modules/prom-client': { version: '15.1.3', resolved: 'https://registry.npmjs.org/prom-client/-/prom-client-15.1.3.tgz' },
};

describe("scripts/app-dependencies.ts: whether the demo app's dependencies need installing", () => {
  const tempDir = useTempDir('app-dependencies');
  let count = 0;

  /** An app directory with its lockfile and, if given, npm's record of what node_modules holds. */
  function appDir(installed?: Record<string, unknown>): string {
    const dir = join(tempDir(), `app-${count++}`);
    mkdirSync(dir);
    writeFileSync(join(dir, 'package-lock.json'), JSON.stringify({ name: 'app', lockfileVersion: 3, packages: { '': { name: 'app' }, ...LOCKED } }));
    if (installed !== undefined) {
      mkdirSync(join(dir, 'node_modules'));
      writeFileSync(join(dir, 'node_modules', '.package-lock.json'), JSON.stringify({ name: 'app', lockfileVersion: 3, packages: installed }));
    }
    return dir;
  }

  it("are installed when node_modules holds exactly the lockfile's packages (npm leaves the app's own entry out)", () => {
    expect(appDependenciesInstalled(appDir(LOCKED))).toBe(true);
  });

  it('are not when nothing was installed', () => {
    expect(appDependenciesInstalled(appDir())).toBe(false);
  });

  it('are not when the lockfile pins another version than node_modules holds', () => {
    expect(appDependenciesInstalled(appDir({ ...LOCKED, 'node_modules/prom-client': { version: '15.1.2' } }))).toBe(false);
  });

  it('are not when a package is missing from node_modules', () => {
    const { 'node_modules/ioredis': _ioredis, ...withoutIoredis } = LOCKED;
    expect(appDependenciesInstalled(appDir(withoutIoredis))).toBe(false);
  });
});
