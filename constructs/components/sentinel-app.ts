import { join } from 'node:path';
import { DEFAULT_REDIS_DOWN_FOR, redisClientAlerts } from '../../alerts/app-alerts';
import type { Duration } from '../../config/duration';
import type { HttpAlertThresholds } from '../../alerts/http-alerts';
import type { Endpoint } from '../../config/endpoint';
import { redisClientSection } from '../../dashboards';
import { APP_PROBE_ROUTES } from '../../dashboards/metrics';
import type { Construct } from '../framework/framework';
import { packageDirectory } from '../framework/package-directory';
import { MonitoredService, type MonitoredServiceOptions, SERVICE_DEFAULTS } from './monitored-service';
import { stackContextOf } from '../stack/stack-context';
import type { MetricCatalog } from '../../dashboards/catalog/metric-catalog';
import { requireDuration } from '../validation/validation';

export interface AppAlertThresholds extends HttpAlertThresholds {
  /** How long the app must report Redis unreachable before `RedisUnreachable` fires. @default 1m */
  readonly redisDownFor: Duration;
}

export interface AppServiceOptions extends Omit<MonitoredServiceOptions, 'alerts'> {
  /** Thresholds of the app's alerts; each one left out keeps its default (`APP_DEFAULTS.alerts`). */
  readonly alerts?: Partial<AppAlertThresholds>;
}

/** What the app is built with where its props say nothing. */
export const APP_DEFAULTS = {
  memoryMb: SERVICE_DEFAULTS.memoryMb,
  alerts: { ...SERVICE_DEFAULTS.alerts, redisDownFor: DEFAULT_REDIS_DOWN_FOR },
  slo: SERVICE_DEFAULTS.slo,
} as const satisfies Required<Omit<AppServiceOptions, 'replicas'>>;

export const APP_SOURCE_DIR = join(packageDirectory(), 'app');
const PORT = 8080;
/** dashboards/catalog/app.ts, as this module requires it. */
interface AppCatalogModule {
  appCatalog(): Promise<MetricCatalog>;
}
/** Enough that losing one task leaves the app serving, and a rolling update never drops below two. */
const APP_REPLICAS_ON_SWARM = 3;

/** The Node.js visit counter, built from `app/` and rebuilt whenever a file there changes: one monitored service. */
export function sentinelApp(scope: Construct, redis: Endpoint, options: AppServiceOptions = {}): MonitoredService {
  const { redisDownFor: redisDownForProp, ...httpAlerts } = options.alerts ?? {};
  const swarm = stackContextOf(scope).engine === 'swarm';
  const redisDownFor = requireDuration('app.alerts.redisDownFor', redisDownForProp ?? APP_DEFAULTS.alerts.redisDownFor);
  return new MonitoredService(scope, 'app', {
    image: { buildContext: APP_SOURCE_DIR },
    port: PORT,
    route: '/',
    user: 'node',
    env: {
      PORT: String(PORT),
      REDIS_URL: `redis://${redis.host}:${redis.port}`,
      NODE_ENV: 'production',
      // A stopping task leaves Swarm's DNS at once; the gateway's answer lives for a second more.
      ...(swarm ? { SHUTDOWN_DELAY_SECONDS: '3' } : {}),
    },
    healthcheck: { command: ['wget', '-q', '-O', '/dev/null', `http://127.0.0.1:${PORT}/healthz`] },
    reachesInternalNetwork: true,
    probeRoutes: APP_PROBE_ROUTES,
    runtime: 'nodejs',
    dependencies: [{ alerts: (jobName) => redisClientAlerts(jobName, redisDownFor), section: redisClientSection() }],
    // Its real exposition, loaded only when a test asks: prom-client has no place on the synth path,
    // and the module is typed here, not imported, so the package's build leaves it and the app's sources out.
    catalog: () => (require('../../dashboards/catalog/app') as AppCatalogModule).appCatalog(),
    memoryMb: options.memoryMb,
    alerts: httpAlerts,
    slo: options.slo,
    replicas: options.replicas ?? (swarm ? APP_REPLICAS_ON_SWARM : undefined),
  });
}
