/**
 * Every panel query of every dashboard the stack provisions, with Grafana's
 * variables replaced as Grafana would at query time, must be PromQL that
 * Prometheus' own parser and type checker accept: they are written as recording
 * rules and checked with `promtool check rules`.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { panelQueries } from '../../dashboards';
import { describeWithTools, TOOLS } from '../support/external-tools';
import { useTempDir } from '../support/temp-dir';
import { substituteGrafanaVariables } from './support/grafana-vars';
import { shippedStack } from './support/shipped-stack';

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

/**
 * Grafana runs panel queries as range queries, which need an instant vector or a
 * scalar. promtool accepts any expression as a rule, a range vector included;
 * `+ 0` makes its type checker reject everything else.
 */
function asGraphableRule(record: string, expr: string): { record: string; expr: string } {
  return { record, expr: `(${expr}) + 0` };
}

const { dashboards } = shippedStack();

describeWithTools('dashboard queries under promtool', [TOOLS.promtool], ([promtool]) => {
  const tempDir = useTempDir('dashboards-promtool');

  it('checks all five provisioned dashboards', () => {
    expect(dashboards).toHaveLength(5);
  });

  it('rejects a broken expression (the check is real)', () => {
    const file = join(tempDir(), 'broken.rules.yml');
    writeFileSync(file, stringify({ groups: [{ name: 'broken', rules: [{ record: 'x:broken', expr: 'sum(rate(x[1m])' }] }] }));
    expect(checkRules(promtool, file).status).not.toBe(0);
  });

  it('rejects an expression Grafana could not graph (the type check is real)', () => {
    const file = join(tempDir(), 'mistyped.rules.yml');
    writeFileSync(file, stringify({ groups: [{ name: 'mistyped', rules: [asGraphableRule('x:mistyped', 'x[1m]')] }] }));
    const result = checkRules(promtool, file);
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(/binary expression must contain only scalar and instant vector types/);
  });

  it.each(dashboards.map((d) => [d.uid, d] as const))('accepts every query of %s', (_uid, dashboard) => {
    const queries = panelQueries(dashboard.json);
    expect(queries.length).toBeGreaterThan(0);
    const prefix = dashboard.uid.replace(/[^A-Za-z0-9_]/g, '_');
    const rules = queries.map((q) =>
      asGraphableRule(`dashboard:${prefix}:panel_${q.panelId}_${q.refId}`, substituteGrafanaVariables(q.expr)),
    );
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
