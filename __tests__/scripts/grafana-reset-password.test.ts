import { spawnSync } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/synth-stack';
import { useTempDir } from '../support/temp-dir';

const SCRIPT = join(REPO_ROOT, 'scripts', 'grafana-reset-password.sh');

describe('npm run grafana:reset-password', () => {
  const dir = useTempDir('grafana-reset');
  // A docker that records how it was called, in place of the engine.
  const run = (env: Record<string, string>) => {
    const fake = join(dir(), 'docker');
    writeFileSync(fake, `#!/bin/sh\nprintf '%s\\n' "$@" > "${dir()}/args"\ncat > "${dir()}/stdin"\n`);
    chmodSync(fake, 0o755);
    return spawnSync('bash', [SCRIPT], { env: { PATH: `${dir()}:${process.env.PATH}`, ...env }, encoding: 'utf8' });
  };

  it("sets the running Grafana's admin password from TF_VAR_grafana_admin_password, on standard input only", () => {
    const result = run({ TF_VAR_grafana_admin_password: 'a-new-long-secret' });
    expect(result.status).toBe(0);
    const args = readFileSync(join(dir(), 'args'), 'utf8').trim().split('\n');
    expect(args).toEqual(['exec', '-i', 'sentinel-grafana', 'grafana', 'cli', 'admin', 'reset-admin-password', '--password-from-stdin']);
    expect(readFileSync(join(dir(), 'stdin'), 'utf8')).toBe('a-new-long-secret');
  });

  it('finds the container of a stack with another name prefix', () => {
    expect(run({ TF_VAR_grafana_admin_password: 'a-new-long-secret', SENTINEL_NAME_PREFIX: 'ops' }).status).toBe(0);
    expect(readFileSync(join(dir(), 'args'), 'utf8')).toContain('ops-grafana');
  });

  it.each([[{}], [{ TF_VAR_grafana_admin_password: 'short' }]])('refuses a missing or short password (%j), as the deploy does', (env) => {
    const result = run(env);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('at least 12 characters');
  });
});
