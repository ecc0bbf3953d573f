import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALERTMANAGER_DEFAULTS } from '../../constructs/alertmanager';
import { APP_DEFAULTS } from '../../constructs/sentinel-app';
import { GATEWAY_DEFAULTS } from '../../constructs/gateway';
import { GRAFANA_DEFAULTS } from '../../constructs/grafana';
import { NETWORKS_DEFAULTS } from '../../constructs/networks';
import { PROMETHEUS_DEFAULTS } from '../../constructs/prometheus';
import { REDIS_DEFAULTS } from '../../constructs/redis';
import { STACK_DEFAULTS } from '../../constructs/sentinel-stack';
import { REPO_ROOT } from '../support/synth-stack';

/** Every default as `prop path → value`, nested objects flattened (`app.alerts.errorRatio`). */
function flatten(prefix: string, value: unknown): [string, string][] {
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([key, inner]) => flatten(prefix ? `${prefix}.${key}` : key, inner));
  }
  return [[prefix, String(value)]];
}

const DEFAULTS = Object.fromEntries(
  flatten('', {
    ...STACK_DEFAULTS,
    networks: NETWORKS_DEFAULTS,
    gateway: GATEWAY_DEFAULTS,
    app: APP_DEFAULTS,
    redis: REDIS_DEFAULTS,
    prometheus: PROMETHEUS_DEFAULTS,
    grafana: GRAFANA_DEFAULTS,
    alertmanager: ALERTMANAGER_DEFAULTS,
  }),
);

function readmePropsTable(): Record<string, string> {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Stack props'), readme.indexOf('\n## ', readme.indexOf('## Stack props') + 1));
  return Object.fromEntries([...section.matchAll(/^\| `([^`]+)` \| `([^`]+)` \|/gm)].map((row) => [row[1], row[2]]));
}

describe("README's stack props table", () => {
  it('lists every prop with the default its construct exports, and nothing else', () => {
    expect(Object.keys(DEFAULTS).length).toBeGreaterThan(25);
    expect(readmePropsTable()).toEqual(DEFAULTS);
  });
});
