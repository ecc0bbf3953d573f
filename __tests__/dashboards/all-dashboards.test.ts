/**
 * Invariants every Sentinel dashboard keeps, checked on each dashboard that
 * `allDashboards()` provisions (new dashboards are covered by adding them there).
 */
import { allDashboards, allPanels, dataPanels, panelQueries, SENTINEL_TAG } from '../../dashboards';
import { defaultsOf, gridPosOf, targetsOf, variablesOf } from './support/dashboard-json';
import { CONTRACT_METRICS } from './support/metric-contract';
import {
  callArguments,
  PROMQL_AGGREGATIONS,
  PROMQL_FUNCTIONS,
  promqlIdentifiers,
  rangeDurations,
} from './support/promql-names';

const DATASOURCE_REF = { type: 'prometheus', uid: '${datasource}' };
const files = allDashboards();

describe('allDashboards()', () => {
  it('lists at least the service overview', () => {
    expect(files.map((f) => f.uid)).toContain('sentinel-service-overview');
  });

  it('gives every dashboard a distinct uid and a distinct <uid>.json file name', () => {
    expect(new Set(files.map((f) => f.uid)).size).toBe(files.length);
    expect(new Set(files.map((f) => f.fileName)).size).toBe(files.length);
    for (const f of files) {
      expect(f.fileName).toBe(`${f.uid}.json`);
      expect(f.fileName).toMatch(/^[a-z0-9-]+\.json$/);
    }
  });

  it('builds the same JSON on every call', () => {
    expect(JSON.stringify(allDashboards())).toBe(JSON.stringify(files));
  });
});

describe.each(files.map((f) => [f.uid, f] as const))('dashboard %s', (_uid, file) => {
  const json = file.json;
  const panels = dataPanels(json);
  const queries = panelQueries(json);

  it('is plain JSON (survives a stringify/parse round trip unchanged)', () => {
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });

  it('has uid, a "Sentinel / ..." title, a description and the sentinel tag', () => {
    expect(json.uid).toBe(file.uid);
    expect(json.uid).toMatch(/^[A-Za-z0-9_-]{8,40}$/);
    expect(json.title).toBe(file.title);
    expect(file.title).toMatch(/^Sentinel \/ \S/);
    expect(typeof json.description).toBe('string');
    expect(json.tags).toEqual(expect.arrayContaining([SENTINEL_TAG]));
  });

  it('has a Prometheus datasource variable and a job variable read through it', () => {
    const variables = variablesOf(json);
    const ds = variables.find((v) => v.name === 'datasource');
    expect(ds).toMatchObject({ type: 'datasource', query: 'prometheus' });
    const job = variables.find((v) => v.name === 'job');
    expect(job).toMatchObject({ type: 'query', datasource: DATASOURCE_REF, includeAll: true, multi: true, allValue: '.+' });
    expect(job?.query).toMatch(/^label_values\([a-z_:][a-z0-9_:]*, job\)$/);
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

  it('has data panels', () => {
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
    let calls = 0;
    for (const q of queries) {
      for (const fn of ['rate', 'increase']) {
        for (const args of callArguments(q.expr, fn)) {
          calls += 1;
          expect({ panel: q.panelTitle, fn, args }).toEqual({
            panel: q.panelTitle,
            fn,
            args: expect.stringMatching(/\[\$__rate_interval\]$/),
          });
        }
      }
      for (const range of rangeDurations(q.expr)) expect({ expr: q.expr, range }).toEqual({ expr: q.expr, range: '$__rate_interval' });
    }
    expect(calls).toBeGreaterThan(0);
  });

  it('only references metrics of the app contract, each scoped to {job=~"$job"}', () => {
    for (const q of queries) {
      const { metrics } = promqlIdentifiers(q.expr);
      expect(metrics.length).toBeGreaterThan(0);
      for (const m of metrics) {
        expect({ panel: q.panelTitle, metric: m, inContract: CONTRACT_METRICS.has(m) }).toEqual({
          panel: q.panelTitle,
          metric: m,
          inContract: true,
        });
        const selectors = [...q.expr.matchAll(new RegExp(`(?<![A-Za-z0-9_:])${m}(\\{[^}]*\\})?`, 'g'))];
        for (const s of selectors) expect({ expr: q.expr, selector: s[0] }).toEqual({
          expr: q.expr,
          selector: expect.stringContaining('job=~"$job"'),
        });
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

  it('uses no Grafana variables in queries other than $job and $__rate_interval', () => {
    for (const q of queries) {
      const used = [...q.expr.matchAll(/\$\{?(\w+)/g)].map((m) => m[1]);
      for (const v of used) expect(['job', '__rate_interval']).toContain(v);
    }
  });
});
