/**
 * Every panel query, with Grafana's variables replaced as Grafana would at query
 * time, must be PromQL that Prometheus' own parser accepts: they are written as
 * recording rules and checked with `promtool check rules`.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { allDashboards, panelQueries } from '../../dashboards';
import { describeWithTools, TOOLS } from '../support/debian-tool';
import { useTempDir } from '../support/temp-dir';
import { substituteGrafanaVariables } from './support/grafana-vars';

interface CheckResult {
  readonly status: number;
  readonly output: string;
}

function checkRules(promtool: string, file: string): CheckResult {
  try {
    const out = execFileSync(promtool, ['check', 'rules', file], { encoding: 'utf8', stdio: 'pipe' });
    return { status: 0, output: out };
  } catch (error) {
    const e = error as { status?: number; stdout?: string; stderr?: string };
    return { status: e.status ?? -1, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

describeWithTools('dashboard queries under promtool', [TOOLS.promtool], ([promtool]) => {
  const tempDir = useTempDir('dashboards-promtool');

  it('rejects a broken expression (the check is real)', () => {
    const file = join(tempDir(), 'broken.rules.yml');
    writeFileSync(file, stringify({ groups: [{ name: 'broken', rules: [{ record: 'x:broken', expr: 'sum(rate(x[1m])' }] }] }));
    expect(checkRules(promtool, file).status).not.toBe(0);
  });

  it.each(allDashboards().map((f) => [f.uid, f] as const))('accepts every query of %s', (_uid, dashboard) => {
    const queries = panelQueries(dashboard.json);
    expect(queries.length).toBeGreaterThan(0);
    const prefix = dashboard.uid.replace(/[^A-Za-z0-9_]/g, '_');
    const rules = queries.map((q) => ({
      record: `dashboard:${prefix}:panel_${q.panelId}_${q.refId}`,
      expr: substituteGrafanaVariables(q.expr),
    }));
    for (const r of rules) expect(r.expr).not.toContain('$');
    const file = join(tempDir(), `${dashboard.uid}.rules.yml`);
    writeFileSync(file, stringify({ groups: [{ name: dashboard.uid, rules }] }));

    const result = checkRules(promtool, file);
    expect({ status: result.status, output: result.output }).toEqual({
      status: 0,
      output: expect.stringContaining(`SUCCESS: ${rules.length} rules found`),
    });
  });
});
