import type { Duration } from '../config/duration';
import type { AlertingRule } from '../config/prometheus-rules';
import { percent } from './format';
import type { HttpJob } from './http-selectors';
import { RED_SERIES, RED_WINDOW } from './red-recording-rules';

export interface HttpAlertThresholds {
  /** Share of user requests failing with 5xx above which `HighErrorRate` fires, between 0 and 1. @default 0.05 */
  readonly errorRatio: number;
  /** How long the error ratio must stay above it. @default 2m */
  readonly errorRatioFor: Duration;
  /** p95 latency of user requests above which `HighLatency` fires, seconds (above 0, below 10). @default 0.5 */
  readonly latencyP95Seconds: number;
  /** How long p95 must stay above it. @default 5m */
  readonly latencyFor: Duration;
}

export const DEFAULT_HTTP_ALERT_THRESHOLDS = {
  errorRatio: 0.05,
  errorRatioFor: '2m',
  latencyP95Seconds: 0.5,
  latencyFor: '5m',
} as const satisfies HttpAlertThresholds;

/** What users of an HTTP service feel: errors and latency, read from its recorded RED series. */
export function httpAlerts(http: HttpJob, thresholds: HttpAlertThresholds): AlertingRule[] {
  const selector = `{job="${http.jobName}"}`;
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
  ];
}
