/**
 * The app's metric catalog reads its real registry through prom-client, which must not
 * load when `cdktf synth` runs main.ts; the other catalogs are plain data its sources declare.
 */
import { join } from 'node:path';
import { REPO_ROOT } from '../support/synth-stack';
import { reachableModules } from './support/import-graph';

describe('the synth path', () => {
  const modules = reachableModules(join(REPO_ROOT, 'main.ts')).map((file) => file.slice(REPO_ROOT.length + 1));

  it('reaches the dashboards and the constructs that attach them', () => {
    expect(modules).toEqual(expect.arrayContaining(['dashboards/index.ts', 'constructs/components/nginx-exporter.ts']));
  });

  it("never imports the app's catalog, the catalogs' index or the app sources", () => {
    const forbidden = ['dashboards/catalog/app.ts', 'dashboards/catalog/index.ts'];
    expect(modules.filter((file) => forbidden.includes(file) || file.startsWith('app/'))).toEqual([]);
  });

  it('would notice if it did (the walk follows imports into the catalogs)', () => {
    const fromCatalogs = reachableModules(join(REPO_ROOT, 'dashboards', 'catalog', 'index.ts'));
    expect(fromCatalogs).toContain(join(REPO_ROOT, 'app', 'src', 'metrics.ts'));
  });
});
