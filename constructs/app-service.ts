import { resolve } from 'node:path';
import { type AppAlertThresholds, appAlerts, DEFAULT_APP_ALERT_THRESHOLDS } from '../alerts/app-alerts';
import { redRecordingRules } from '../alerts/red-recording-rules';
import { type AvailabilitySlo, sloBurnRateAlerts, sloRecordingRules } from '../alerts/slo';
import type { Endpoint } from '../config/endpoint';
import type { RuleGroup } from '../config/prometheus-rules';
import { type DashboardFile, dashboardFile, serviceOverview } from '../dashboards';
import { JOB_NAMES, type ScrapeJob } from '../config/scrape-job';
import { Image } from './docker';
import { Construct } from './framework';
import { markMetricsSource, type MetricsSource } from './metrics-source';
import { stackContextOf } from './stack-context';
import { ServiceContainer } from './service-container';
import { sourceHash } from './source-hash';
import { requireDuration, requireIntegerInRange, requireNumberInRange } from './validation';

export interface AppServiceOptions {
  /** Container memory limit, MiB (64–65536). @default 256 */
  readonly memoryMb?: number;
  /** Thresholds of the app's alerts; each one left out keeps its default (`APP_DEFAULTS.alerts`). */
  readonly alerts?: Partial<AppAlertThresholds>;
  /** Availability SLO of user requests over 30 days, % (at least 95, below 100). @default { targetPercent: 99.9 } */
  readonly slo?: Partial<AvailabilitySlo>;
}

/** What the app is built with where its props say nothing. */
export const APP_DEFAULTS = {
  memoryMb: 256,
  alerts: DEFAULT_APP_ALERT_THRESHOLDS,
  slo: { targetPercent: 99.9 },
} as const satisfies Required<AppServiceOptions>;

export interface AppServiceProps extends AppServiceOptions {
  readonly redis: Endpoint;
}

export const APP_SOURCE_DIR = resolve(__dirname, '..', 'app');
const PORT = 8080;

/** The Node.js service, built from `app/` and rebuilt whenever a file there changes. */
export class AppService extends Construct implements MetricsSource {
  readonly endpoint: Endpoint;
  readonly scrapeJob: ScrapeJob;
  readonly ruleGroups: readonly RuleGroup[];
  readonly dashboards: readonly DashboardFile[];
  readonly service: ServiceContainer;

  constructor(scope: Construct, id: string, props: AppServiceProps) {
    super(scope, id);
    markMetricsSource(this);
    const memoryMb = requireIntegerInRange('app.memoryMb', props.memoryMb ?? APP_DEFAULTS.memoryMb, 64, 65536, 'MiB');
    this.endpoint = { host: 'app', port: PORT };
    this.scrapeJob = { jobName: JOB_NAMES.app, targets: [this.endpoint] };
    const thresholds = alertThresholds(props.alerts ?? {});
    const slo: AvailabilitySlo = {
      // Below 95 % even the fastest burn-rate alert (14.4x the budget) could never fire.
      targetPercent: requireNumberInRange('app.slo.targetPercent', props.slo?.targetPercent ?? APP_DEFAULTS.slo.targetPercent, { atLeast: 95, below: 100 }, '%'),
    };
    // The service overview draws the thresholds the alerts really use.
    this.dashboards = [dashboardFile(serviceOverview({ thresholds, sloTargetPercent: slo.targetPercent }))];
    this.ruleGroups = [
      redRecordingRules(this.scrapeJob),
      ...sloRecordingRules(this.scrapeJob, slo),
      {
        name: 'app-alerts',
        rules: [...appAlerts(this.scrapeJob, thresholds), ...sloBurnRateAlerts(this.scrapeJob, slo)],
      },
    ];

    const hash = sourceHash(APP_SOURCE_DIR);
    const image = new Image(this, 'image', {
      // The tag follows the sources, so a container always names the build it runs.
      name: `${stackContextOf(this).namePrefix}-app:${hash.slice(0, 12)}`,
      buildAttribute: { context: APP_SOURCE_DIR },
      triggers: { source_sha256: hash },
    });

    this.service = new ServiceContainer(this, 'app', {
      serviceName: this.endpoint.host,
      image,
      user: 'node',
      networks: ['edge', 'internal', 'monitoring'],
      memoryMb,
      readOnlyRootFilesystem: true,
      env: {
        PORT: String(PORT),
        REDIS_URL: `redis://${props.redis.host}:${props.redis.port}`,
        NODE_ENV: 'production',
      },
      healthcheck: { command: ['wget', '-q', '-O', '/dev/null', `http://127.0.0.1:${PORT}/healthz`] },
    });
  }
}

function alertThresholds(overrides: Partial<AppAlertThresholds>): AppAlertThresholds {
  const merged = { ...DEFAULT_APP_ALERT_THRESHOLDS, ...overrides };
  return {
    errorRatio: requireNumberInRange('app.alerts.errorRatio', merged.errorRatio, { above: 0, below: 1 }),
    errorRatioFor: requireDuration('app.alerts.errorRatioFor', merged.errorRatioFor),
    // Above the histogram's top bucket (10 s) the quantile cannot be measured.
    latencyP95Seconds: requireNumberInRange('app.alerts.latencyP95Seconds', merged.latencyP95Seconds, { above: 0, below: 10 }, 'seconds'),
    latencyFor: requireDuration('app.alerts.latencyFor', merged.latencyFor),
    redisDownFor: requireDuration('app.alerts.redisDownFor', merged.redisDownFor),
  };
}
