/**
 * The metric catalogs are for tests and tooling: the app's reads prom-client,
 * which must not load when `cdktf synth` runs main.ts.
 */
import { join } from 'node:path';
import { REPO_ROOT } from '../support/synth-stack';
import { reachableModules } from './support/import-graph';

describe('the synth path', () => {
  const modules = reachableModules(join(REPO_ROOT, 'main.ts')).map((file) => file.slice(REPO_ROOT.length + 1));

  it('reaches the dashboards and the constructs that attach them', () => {
    expect(modules).toEqual(expect.arrayContaining(['dashboards/index.ts', 'constructs/nginx-exporter.ts']));
  });

  it('never imports a metric catalog or the app sources', () => {
    expect(modules.filter((file) => file.startsWith('dashboards/catalog/') || file.startsWith('app/'))).toEqual([]);
  });

  it('would notice if it did (the walk follows imports into the catalogs)', () => {
    const fromCatalogs = reachableModules(join(REPO_ROOT, 'dashboards', 'catalog', 'index.ts'));
    expect(fromCatalogs).toContain(join(REPO_ROOT, 'app', 'src', 'metrics.ts'));
  });
});
