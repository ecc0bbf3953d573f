import type { Duration } from '../config/duration';
import type { AlertingRule } from '../config/prometheus-rules';
import type { ScrapeJob } from '../config/scrape-job';
import { percent } from './format';
import { RED_SERIES, RED_WINDOW } from './red-recording-rules';

export interface AppAlertThresholds {
  /** Share of user requests failing with 5xx above which `HighErrorRate` fires, between 0 and 1. @default 0.05 */
  readonly errorRatio: number;
  /** How long the error ratio must stay above it. @default 2m */
  readonly errorRatioFor: Duration;
  /** p95 latency of user requests above which `HighLatency` fires, seconds (above 0, below 10). @default 0.5 */
  readonly latencyP95Seconds: number;
  /** How long p95 must stay above it. @default 5m */
  readonly latencyFor: Duration;
  /** How long the app must report Redis unreachable before `RedisUnreachable` fires. @default 1m */
  readonly redisDownFor: Duration;
}

export const DEFAULT_APP_ALERT_THRESHOLDS = {
  errorRatio: 0.05,
  errorRatioFor: '2m',
  latencyP95Seconds: 0.5,
  latencyFor: '5m',
  redisDownFor: '1m',
} as const satisfies AppAlertThresholds;

/** The app's own symptoms: errors, latency, and losing Redis. */
export function appAlerts(job: ScrapeJob, thresholds: AppAlertThresholds): AlertingRule[] {
  const selector = `{job="${job.jobName}"}`;
  return [
    {
      alert: 'HighErrorRate',
      expr: `${RED_SERIES.userErrorRatio}${selector} > ${thresholds.errorRatio}`,
      for: thresholds.errorRatioFor,
      severity: 'critical',
      summary: '{{ $labels.job }} answers {{ $value | humanizePercentage }} of requests with 5xx',
      description:
        `{{ $value | humanizePercentage }} of user requests to {{ $labels.job }} failed with a 5xx over the last ${RED_WINDOW}, ` +
        `above the ${percent(thresholds.errorRatio)} threshold for ${thresholds.errorRatioFor}.`,
    },
    {
      alert: 'HighLatency',
      expr: `${RED_SERIES.userLatency(0.95)}${selector} > ${thresholds.latencyP95Seconds}`,
      for: thresholds.latencyFor,
      severity: 'warning',
      summary: '{{ $labels.job }} p95 latency is {{ $value | humanizeDuration }}',
      description:
        `95% of user requests to {{ $labels.job }} took up to {{ $value | humanizeDuration }} over the last ${RED_WINDOW}, ` +
        `above the ${thresholds.latencyP95Seconds} s threshold for ${thresholds.latencyFor}.`,
    },
    {
      alert: 'RedisUnreachable',
      expr: `app_redis_up${selector} == 0`,
      for: thresholds.redisDownFor,
      severity: 'critical',
      summary: '{{ $labels.instance }} cannot reach Redis',
      description: `{{ $labels.job }} instance {{ $labels.instance }} has reported app_redis_up 0 for ${thresholds.redisDownFor}: visits fail with 503.`,
    },
  ];
}
