import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALERTMANAGER_DEFAULTS } from '../../../constructs/components/alertmanager';
import { APP_DEFAULTS } from '../../../constructs/components/sentinel-app';
import { GATEWAY_DEFAULTS } from '../../../constructs/components/gateway';
import { GRAFANA_DEFAULTS } from '../../../constructs/components/grafana';
import { NETWORKS_DEFAULTS } from '../../../constructs/engine/networks';
import { PROMETHEUS_DEFAULTS } from '../../../constructs/components/prometheus';
import { REDIS_DEFAULTS } from '../../../constructs/components/redis';
import { SERVICE_DEFAULTS } from '../../../constructs/components/monitored-service';
import { STACK_DEFAULTS } from '../../../constructs/stack/sentinel-stack';
import { REPO_ROOT } from '../../support/synth-stack';

/** Every default as `prop path → value`, nested objects flattened (`app.alerts.errorRatio`). */
function flatten(prefix: string, value: unknown): [string, string][] {
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([key, inner]) => flatten(prefix ? `${prefix}.${key}` : key, inner));
  }
  return [[prefix, String(value)]];
}

const STACK_PROP_DEFAULTS = Object.fromEntries(
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

/** The rows of the README section under `heading` whose default is a literal: `prop` → default. */
function readmePropsTable(heading: string): Record<string, string> {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf(heading);
  const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
  return Object.fromEntries([...section.matchAll(/^\| `([^`]+)` \| `([^`]+)` \|/gm)].map((row) => [row[1], row[2]]));
}

describe("README's props tables", () => {
  it('list every stack prop with the default its construct exports, and nothing else', () => {
    expect(Object.keys(STACK_PROP_DEFAULTS).length).toBeGreaterThan(25);
    expect(readmePropsTable('## Stack props')).toEqual(STACK_PROP_DEFAULTS);
  });

  it("list every MonitoredService default as SERVICE_DEFAULTS holds it", () => {
    expect(readmePropsTable('## Monitor your own service')).toEqual(Object.fromEntries(flatten('', SERVICE_DEFAULTS)));
  });
});
