/**
 * Invariants every Sentinel dashboard keeps, checked on each dashboard the stack
 * provisions into Grafana (a new dashboard is covered once a component attaches it).
 */
import { allPanels, dataPanels, panelQueries, SENTINEL_TAG } from '../../dashboards';
import { defaultsOf, gridPosOf, targetsOf, variablesOf, type VariableJson } from './support/dashboard-json';
import { callArguments, PROMQL_AGGREGATIONS, PROMQL_FUNCTIONS, promqlIdentifiers, rangeDurations } from './support/promql-names';
import { shippedStack } from './support/shipped-stack';

const DATASOURCE_REF = { type: 'prometheus', uid: '${datasource}' };
const { dashboards } = shippedStack();

/** Query variables listing Prometheus jobs: `job`, and e.g. `upstream_job` for another component's jobs. */
function jobVariables(variables: readonly VariableJson[]): VariableJson[] {
  return variables.filter((v) => v.type === 'query' && typeof v.query === 'string' && /, job\)$/.test(v.query));
}

describe.each(dashboards.map((d) => [d.uid, d] as const))('dashboard %s', (_uid, dashboard) => {
  const json = dashboard.json;
  const panels = dataPanels(json);
  const queries = panelQueries(json);
  const variables = variablesOf(json);

  it('has a "Sentinel / ..." title, a description and the sentinel tag', () => {
    expect(json.uid).toMatch(/^[A-Za-z0-9_-]{8,40}$/);
    expect(dashboard.title).toMatch(/^Sentinel \/ \S/);
    expect(typeof json.description).toBe('string');
    expect(json.tags).toEqual(expect.arrayContaining([SENTINEL_TAG]));
  });

  it('has a Prometheus datasource variable and a job variable read through it', () => {
    expect(variables[0]).toMatchObject({ name: 'datasource', type: 'datasource', query: 'prometheus' });
    const job = variables.find((v) => v.name === 'job');
    expect(job).toMatchObject({ type: 'query', datasource: DATASOURCE_REF, includeAll: true, multi: true });
    // A service's dashboard lists its own job alone, and "All" means that job; the others list every job.
    const onlyJob = /^label_values\([a-zA-Z_:][a-zA-Z0-9_:]*\{job="([a-z0-9-]+)"\}, job\)$/.exec(String(job?.query))?.[1];
    if (onlyJob === undefined) expect(job?.query).toMatch(/^label_values\([a-zA-Z_:][a-zA-Z0-9_:]*, job\)$/);
    expect(job?.allValue).toBe(onlyJob ?? '.*');
  });

  it('reads every query variable through ${datasource}, with "All" meaning any value but on a service\'s own job', () => {
    for (const v of variables.filter((x) => x.type === 'query' && x.name !== 'job')) {
      expect({ name: v.name, datasource: v.datasource, allValue: v.allValue }).toEqual({ name: v.name, datasource: DATASOURCE_REF, allValue: '.*' });
    }
  });

  it('links to the other Sentinel dashboards by tag, keeping time and variables', () => {
    expect(json.links).toEqual([
      expect.objectContaining({ type: 'dashboards', tags: [SENTINEL_TAG], asDropdown: true, keepTime: true, includeVars: true }),
    ]);
    expect(json.links).not.toEqual([expect.objectContaining({ placement: expect.anything() })]);
  });

  it('gives every panel, rows included, a unique positive integer id', () => {
    const ids = allPanels(json).map((p) => p.id);
    for (const id of ids) expect(Number.isInteger(id) && (id as number) > 0).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('starts with a row and has data panels', () => {
    expect(allPanels(json)[0]?.type).toBe('row');
    expect(panels.length).toBeGreaterThan(0);
  });

  it('gives every data panel a title and a one-line description', () => {
    for (const p of panels) {
      expect({ id: p.id, title: p.title }).toEqual({ id: p.id, title: expect.stringMatching(/\S/) });
      expect({ id: p.id, description: p.description }).toEqual({
        id: p.id,
        description: expect.stringMatching(/^[^\n]*\S[^\n]*$/),
      });
    }
  });

  it('gives every data panel a unit and absolute thresholds with a base colour', () => {
    for (const p of panels) {
      const defaults = defaultsOf(p);
      expect({ id: p.id, unit: defaults.unit }).toEqual({ id: p.id, unit: expect.stringMatching(/\S/) });
      expect(defaults.thresholds?.mode).toBe('absolute');
      const steps = defaults.thresholds?.steps ?? [];
      expect(steps.length).toBeGreaterThan(0);
      expect(steps[0].value).toBeNull();
      const values = steps.slice(1).map((s) => s.value as number);
      expect([...values].sort((a, b) => a - b)).toEqual(values);
    }
  });

  it('points every data panel and each of its queries at ${datasource}', () => {
    for (const p of panels) {
      expect({ id: p.id, datasource: p.datasource }).toEqual({ id: p.id, datasource: DATASOURCE_REF });
      const targets = targetsOf(p);
      expect(targets.length).toBeGreaterThan(0);
      for (const t of targets) expect(t.datasource).toEqual(DATASOURCE_REF);
      const refIds = targets.map((t) => t.refId);
      expect(new Set(refIds).size).toBe(refIds.length);
    }
  });

  it('lays panels out inside 24 columns without overlaps', () => {
    const boxes = allPanels(json).map((p) => ({ id: p.id, ...gridPosOf(p) }));
    for (const b of boxes) {
      expect(b.x).toBeGreaterThanOrEqual(0);
      expect(b.x + b.w).toBeLessThanOrEqual(24);
      expect(b.h).toBeGreaterThan(0);
    }
    for (let i = 0; i < boxes.length; i += 1) {
      for (let j = i + 1; j < boxes.length; j += 1) {
        const [a, b] = [boxes[i], boxes[j]];
        const overlap = a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
        expect({ a: a.id, b: b.id, overlap }).toEqual({ a: a.id, b: b.id, overlap: false });
      }
    }
  });

  it('panelQueries() lists every query of every data panel', () => {
    const count = panels.reduce((n, p) => n + targetsOf(p).length, 0);
    expect(queries).toHaveLength(count);
    for (const q of queries) expect(q.expr.trim()).not.toBe('');
  });

  it('uses $__rate_interval as the range of every rate() and increase()', () => {
    for (const q of queries) {
      for (const fn of ['rate', 'increase']) {
        for (const args of callArguments(q.expr, fn)) {
          expect({ panel: q.panelTitle, fn, args }).toEqual({
            panel: q.panelTitle,
            fn,
            args: expect.stringMatching(/\[\$__rate_interval\]$/),
          });
        }
      }
      for (const range of rangeDurations(q.expr)) expect({ expr: q.expr, range }).toEqual({ expr: q.expr, range: '$__rate_interval' });
    }
  });

  it('scopes every selector of every metric to one of its job variables', () => {
    const scopes = jobVariables(variables).map((v) => `job=~"$${v.name}"`);
    expect(scopes).toContain('job=~"$job"');
    for (const q of queries) {
      const { metrics } = promqlIdentifiers(q.expr);
      expect(metrics.length).toBeGreaterThan(0);
      for (const m of metrics) {
        for (const s of q.expr.matchAll(new RegExp(`(?<![A-Za-z0-9_:])${m}(\\{[^}]*\\})?`, 'g'))) {
          const scoped = scopes.some((scope) => (s[1] ?? '').includes(scope));
          expect({ panel: q.panelTitle, selector: s[0], scoped }).toEqual({ panel: q.panelTitle, selector: s[0], scoped: true });
        }
      }
    }
  });

  it('only calls functions PromQL has', () => {
    for (const q of queries) {
      for (const fn of promqlIdentifiers(q.expr).functions) {
        expect({ fn, known: PROMQL_FUNCTIONS.has(fn) || PROMQL_AGGREGATIONS.has(fn) }).toEqual({ fn, known: true });
      }
    }
  });

  it('uses only its own variables and $__rate_interval in queries', () => {
    const defined = new Set(['__rate_interval', ...variables.map((v) => v.name)]);
    for (const q of queries) {
      for (const [, name] of q.expr.matchAll(/\$\{?(\w+)/g)) {
        expect({ panel: q.panelTitle, variable: name, defined: defined.has(name) }).toEqual({ panel: q.panelTitle, variable: name, defined: true });
      }
    }
  });
});
