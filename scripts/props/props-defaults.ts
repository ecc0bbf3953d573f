import { ALERTMANAGER_DEFAULTS } from '../../constructs/components/alertmanager';
import { APP_DEFAULTS } from '../../constructs/components/sentinel-app';
import { GATEWAY_DEFAULTS } from '../../constructs/components/gateway';
import { GRAFANA_DEFAULTS } from '../../constructs/components/grafana';
import { NETWORKS_DEFAULTS } from '../../constructs/engine/networks';
import { REGISTRY_DEFAULTS } from '../../constructs/engine/registry';
import { PROMETHEUS_DEFAULTS } from '../../constructs/components/prometheus';
import { REDIS_DEFAULTS } from '../../constructs/components/redis';
import { SERVICE_DEFAULTS } from '../../constructs/components/monitored-service';
import { STACK_DEFAULTS } from '../../constructs/stack/sentinel-stack';
import type { PropsRoot } from '../../constructs/validation/props-schema';

/** The values the constructs fall back on, as each root's props nest them. */
const NESTED_DEFAULTS: Record<PropsRoot, object> = {
  SentinelStackProps: {
    ...STACK_DEFAULTS,
    registry: REGISTRY_DEFAULTS,
    networks: NETWORKS_DEFAULTS,
    gateway: GATEWAY_DEFAULTS,
    app: APP_DEFAULTS,
    redis: REDIS_DEFAULTS,
    prometheus: PROMETHEUS_DEFAULTS,
    grafana: GRAFANA_DEFAULTS,
    alertmanager: ALERTMANAGER_DEFAULTS,
  },
  MonitoredServiceProps: SERVICE_DEFAULTS,
};

/** Nested objects flattened to `path → value` (`app.alerts.errorRatio → 0.05`); a list is one value. */
export function flattenDefaults(prefix: string, value: unknown): [string, unknown][] {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    return Object.entries(value).flatMap(([key, inner]) => flattenDefaults(prefix ? `${prefix}.${key}` : key, inner));
  }
  return [[prefix, value]];
}

/** Each root's defaults by prop path, as the constructs export them. */
export function exportedDefaults(root: PropsRoot): Map<string, unknown> {
  return new Map(flattenDefaults('', NESTED_DEFAULTS[root]));
}
