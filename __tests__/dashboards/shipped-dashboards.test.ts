/**
 * The dashboards as the stack ships them: the JSON files uploaded into the
 * Grafana container, so a dashboard no component attaches is missing here.
 */
import {
  allPanels,
  GATEWAY_PANEL_IDS,
  HOST_PANEL_IDS,
  PROMETHEUS_PANEL_IDS,
  REDIS_CLIENT_PANEL_IDS,
  REDIS_PANEL_IDS,
  RUNTIME_PANEL_IDS,
  SERVICE_OVERVIEW_PANEL_IDS,
} from '../../dashboards';
import { shippedStack } from './support/shipped-stack';

const stack = shippedStack();

/**
 * Every panel id, rows included, in layout order. Ids are public (`viewPanel=`
 * URLs, links, rendered images): add new ones, never renumber.
 */
const EXPECTED_PANEL_IDS: Readonly<Record<string, readonly number[]>> = {
  'sentinel-service-app': [100, 1, 2, 3, 13, 500, 15, 16, 200, 4, 14, 5, 6, 18, 17, 300, 7, 8, 9, 400, 10, 11, 12],
  'sentinel-gateway': [100, 1, 2, 7, 3, 200, 4, 5, 6],
  'sentinel-redis': [100, 1, 2, 3, 4, 200, 5, 6, 7, 300, 8, 9, 10, 11, 12, 13],
  'sentinel-prometheus': [100, 1, 2, 3, 200, 4, 5, 6, 300, 7, 8, 9, 10],
  'sentinel-host': [100, 1, 2, 3, 4, 200, 5, 6, 7, 300, 8, 9, 10, 400, 11, 12],
};

const PUBLISHED_IDS: Readonly<Record<string, readonly number[]>> = {
  // The app's dashboard: the RED rows, then the sections it adds (its Redis client, its Node.js runtime).
  'sentinel-service-app': [SERVICE_OVERVIEW_PANEL_IDS, REDIS_CLIENT_PANEL_IDS, RUNTIME_PANEL_IDS].flatMap((ids) => Object.values(ids)),
  'sentinel-gateway': Object.values(GATEWAY_PANEL_IDS),
  'sentinel-redis': Object.values(REDIS_PANEL_IDS),
  'sentinel-prometheus': Object.values(PROMETHEUS_PANEL_IDS),
  'sentinel-host': Object.values(HOST_PANEL_IDS),
};

const sorted = (ids: readonly number[]) => [...ids].sort((a, b) => a - b);

describe('provisioned dashboards', () => {
  it('are exactly the five Sentinel dashboards, one <uid>.json file each', () => {
    expect(stack.dashboards.map((d) => d.uid).sort()).toEqual(
      ['sentinel-gateway', 'sentinel-host', 'sentinel-prometheus', 'sentinel-redis', 'sentinel-service-app'],
    );
    for (const d of stack.dashboards) expect(d.path).toBe(`/etc/grafana/dashboards/${d.uid}.json`);
  });

  it('have distinct uids and distinct titles', () => {
    expect(new Set(stack.dashboards.map((d) => d.uid)).size).toBe(stack.dashboards.length);
    expect(new Set(stack.dashboards.map((d) => d.title)).size).toBe(stack.dashboards.length);
  });

  it('are built the same on every synth', () => {
    expect(JSON.stringify(shippedStack().dashboards)).toBe(JSON.stringify(stack.dashboards));
  });
});

describe.each(stack.dashboards.map((d) => [d.uid, d] as const))('provisioned %s', (uid, dashboard) => {
  const ids = allPanels(dashboard.json).map((p) => p.id);

  it('matches the reviewed JSON snapshot', () => {
    expect(dashboard.json).toMatchSnapshot();
  });

  it('keeps its panel ids, rows included, in layout order', () => {
    expect(ids).toEqual(EXPECTED_PANEL_IDS[uid]);
  });

  it('gives every panel a unique id', () => {
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('publishes exactly those ids in its *_PANEL_IDS constant', () => {
    expect(sorted(PUBLISHED_IDS[uid]!)).toEqual(sorted(EXPECTED_PANEL_IDS[uid]));
  });
});
