/**
 * Every provisioned dashboard validates against a JSON schema generated from the
 * Grafana Foundation SDK's types, and the schema is strict enough to catch a
 * malformed panel.
 */
import { GRAFANA_DASHBOARD_SCHEMA, IMAGES } from '../../constructs/engine/images';
import { dashboardValidator } from './support/dashboard-schema';
import { shippedDashboard, shippedStack } from './support/shipped-stack';

const validate = dashboardValidator();
const stack = shippedStack();

type Json = Record<string, unknown>;

/** A copy of the shipped service overview with `change` applied to its first data panel (index 1, after the row). */
function withFirstPanel(change: (panel: Json) => void): unknown {
  const copy = structuredClone(shippedDashboard(stack, 'sentinel-service-app').json) as { panels: Json[] };
  change(copy.panels[1]);
  return copy;
}

describe('dashboard JSON schema', () => {
  it("writes every dashboard in the schema version the pinned Grafana reads, so Grafana does not migrate them", () => {
    expect(GRAFANA_DASHBOARD_SCHEMA.image).toBe(IMAGES.grafana);
    expect(stack.dashboards.length).toBeGreaterThan(0);
    for (const dashboard of stack.dashboards) {
      expect([dashboard.uid, (dashboard.json as { schemaVersion?: number }).schemaVersion]).toEqual([dashboard.uid, GRAFANA_DASHBOARD_SCHEMA.schemaVersion]);
    }
  });

  it.each(stack.dashboards.map((d) => [d.uid, d] as const))('accepts %s as provisioned', (_uid, dashboard) => {
    expect(validate(dashboard.json)).toEqual([]);
  });

  it.each<[string, (panel: Json) => void, RegExp]>([
    ['a field of the wrong type', (p) => ((p.gridPos as Json).w = '8'), /\/panels\/1\/gridPos\/w must be number/],
    ['an unknown panel type', (p) => (p.type = 'piechart-3d'), /\/panels\/1\/type must be equal to constant/],
    ['a panel without gridPos', (p) => delete p.gridPos, /\/panels\/1 must have required property 'gridPos'/],
    ['a misspelt field', (p) => ((p.fieldConfig as { defaults: Json }).defaults.unti = 's'), /\/panels\/1\/fieldConfig\/defaults must NOT have additional properties/],
    ['an option outside its enum', (p) => (((p.options as Json).legend as Json).displayMode = 'huge'), /\/panels\/1\/options\/legend\/displayMode must be equal to one of the allowed values/],
    ['a query without its expression', (p) => delete ((p.targets as Json[])[0] as Json).expr, /\/panels\/1\/targets\/0 must have required property 'expr'/],
  ])('rejects %s', (_name, change, expected) => {
    const problems = validate(withFirstPanel(change));
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.join('\n')).toMatch(expected);
  });

  it('rejects a dashboard without its required templating and schemaVersion', () => {
    const { templating: _t, schemaVersion: _s, ...rest } = shippedDashboard(stack, 'sentinel-gateway').json;
    expect(validate(rest).join('\n')).toMatch(/must have required property 'templating'/);
  });
});
