import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/synth-stack';

const SCRIPT = join(REPO_ROOT, 'scripts', 'pinned-node.sh');
const read = (file: string) => readFileSync(join(REPO_ROOT, file), 'utf8');
const major = (version: string) => Number(version.split('.')[0]);
const parts = (version: string) => version.split('.').map(Number);

/** Whether `version` is in `ranges`, written as engines here are (`^20.9.0 || ^22.0.0`, cdktf or cdktn). */
function satisfiesCaretRanges(version: string, ranges: string): boolean {
  return ranges.split(' || ').some((range) => {
    const caret = /^\^(\d+\.\d+\.\d+)$/.exec(range);
    if (!caret) throw new Error(`engines range ${range} is not ^major.minor.patch`);
    const [have, want] = [parts(version), parts(caret[1])];
    return have[0] === want[0] && (have[1] > want[1] || (have[1] === want[1] && have[2] >= want[2]));
  });
}

describe('scripts/pinned-node.sh', () => {
  const listed = spawnSync('bash', [SCRIPT], { encoding: 'utf8' });
  const pinned = listed.stdout.trim().split('\n');

  it('lists the pinned releases, exact versions of even (LTS) lines', () => {
    expect(listed.status).toBe(0);
    expect(pinned.length).toBeGreaterThan(0);
    for (const version of pinned) {
      expect(version).toMatch(/^\d+\.\d+\.\d+$/);
      expect(major(version) % 2).toBe(0);
    }
  });

  it('is what version managers pick: .nvmrc and .node-version name the newest', () => {
    const newest = [...pinned].sort((a, b) => major(b) - major(a))[0];
    expect(read('.nvmrc').trim()).toBe(newest);
    expect(read('.node-version').trim()).toBe(newest);
  });

  it("is within package.json's engines", () => {
    const engines = (JSON.parse(read('package.json')) as { engines: { node: string } }).engines.node;
    for (const version of pinned) expect(satisfiesCaretRanges(version, engines)).toBe(true);
  });

  it('refuses a line it does not pin, naming the pinned ones', () => {
    const result = spawnSync('bash', [SCRIPT, '21'], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(pinned.join(' '));
  });
});
