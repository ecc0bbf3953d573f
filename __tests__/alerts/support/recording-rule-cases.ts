/**
 * Inputs and expected values for the recording rules: RED series per route and
 * for user requests, the SLO error ratio over each window, the budget left and
 * the 1h burn rate, for inputs simple enough to work out by hand.
 */
import { type Duration, durationMs } from '../../../config/duration';
import type { ExprCheck, InputSeries, RuleTestSuite } from '../../support/promtool-tests';
import { httpRequestDurations, httpRequests, traffic } from './series';

/** Quantiles compared in whole microseconds: histogram interpolation is not exact in binary. */
export const micros = (expr: string) => `round(1e6 * ${expr})`;

const steady = (perSecond: number) => [{ for: '5m' as const, perSecond }];

/**
 * Five steady minutes: `/` answers 7 requests/s with 200 and 1 with 500, unknown
 * paths 2/s with 404; the probes `/metrics` 2/s (200) and `/readyz` 1/s (503).
 * Requests to `/` take 0.5–1 s, scrapes under 5 ms.
 */
export const RED_INPUT: InputSeries[] = [
  httpRequests('15s', { route: '/', status: '200' }, steady(7)),
  httpRequests('15s', { route: '/', status: '500' }, steady(1)),
  httpRequests('15s', { route: 'unmatched', status: '404' }, steady(2)),
  httpRequests('15s', { route: '/metrics', status: '200' }, steady(2)),
  httpRequests('15s', { route: '/readyz', status: '503' }, steady(1)),
  ...httpRequestDurations('15s', { route: '/' }, [{ for: '5m', perSecondUpTo: { '1': 8 } }]),
  ...httpRequestDurations('15s', { route: '/metrics' }, [{ for: '5m', perSecondUpTo: { '0.005': 2 } }]),
];

const byRoute = (route: string) => `{job="app",route="${route}"}`;

export const RED_CHECKS: ExprCheck[] = [
  {
    at: '5m',
    expr: 'job_route:http_requests:rate1m',
    samples: [
      { labels: `job_route:http_requests:rate1m${byRoute('/')}`, value: 8 },
      { labels: `job_route:http_requests:rate1m${byRoute('unmatched')}`, value: 2 },
      { labels: `job_route:http_requests:rate1m${byRoute('/metrics')}`, value: 2 },
      { labels: `job_route:http_requests:rate1m${byRoute('/readyz')}`, value: 1 },
    ],
  },
  {
    at: '5m',
    expr: 'job_route:http_request_errors:ratio_rate1m',
    // Routes without any 5xx read 0, not nothing.
    samples: [
      { labels: `job_route:http_request_errors:ratio_rate1m${byRoute('/')}`, value: 0.125 },
      { labels: `job_route:http_request_errors:ratio_rate1m${byRoute('unmatched')}`, value: 0 },
      { labels: `job_route:http_request_errors:ratio_rate1m${byRoute('/metrics')}`, value: 0 },
      { labels: `job_route:http_request_errors:ratio_rate1m${byRoute('/readyz')}`, value: 1 },
    ],
  },
  {
    at: '5m',
    // 1 failing of the 10 user requests per second; counting the probes it would be 2 of 13.
    expr: 'job:sli_request_errors:ratio_rate1m',
    samples: [{ labels: 'job:sli_request_errors:ratio_rate1m{job="app"}', value: 0.1 }],
  },
  {
    at: '5m',
    // All of `/` in the (0.5, 1] bucket: p50 = 0.75 s, p95 = 0.975 s, p99 = 0.995 s; scrapes in (0, 0.005].
    expr: micros('job_route:http_request_duration_seconds:p50_rate1m'),
    samples: [
      { labels: byRoute('/'), value: 750_000 },
      { labels: byRoute('/metrics'), value: 2_500 },
    ],
  },
  {
    at: '5m',
    expr: micros('job_route:http_request_duration_seconds:p95_rate1m'),
    samples: [
      { labels: byRoute('/'), value: 975_000 },
      { labels: byRoute('/metrics'), value: 4_750 },
    ],
  },
  {
    at: '5m',
    expr: micros('job_route:http_request_duration_seconds:p99_rate1m'),
    samples: [
      { labels: byRoute('/'), value: 995_000 },
      { labels: byRoute('/metrics'), value: 4_950 },
    ],
  },
  {
    at: '5m',
    // Users only: with the fast scrapes counted, p50 would be 0.6875 s and p95 0.96875 s.
    expr: micros('job:sli_request_duration_seconds:p50_rate1m'),
    samples: [{ labels: '{job="app"}', value: 750_000 }],
  },
  { at: '5m', expr: micros('job:sli_request_duration_seconds:p95_rate1m'), samples: [{ labels: '{job="app"}', value: 975_000 }] },
  { at: '5m', expr: micros('job:sli_request_duration_seconds:p99_rate1m'), samples: [{ labels: '{job="app"}', value: 995_000 }] },
];

/**
 * Four days at 1000 user requests per second, with a different error rate in
 * each stretch between two SLO window boundaries, so every window's ratio
 * differs. Ages are counted back from the end (4d).
 */
const STRETCHES: readonly { from: Duration; to: Duration; errorsPerSecond: number }[] = [
  { from: '4d', to: '3d', errorsPerSecond: 0.1 },
  { from: '3d', to: '1d', errorsPerSecond: 0.2 },
  { from: '1d', to: '6h', errorsPerSecond: 1 },
  { from: '6h', to: '2h', errorsPerSecond: 2 },
  { from: '2h', to: '1h', errorsPerSecond: 4 },
  { from: '1h', to: '30m', errorsPerSecond: 6 },
  { from: '30m', to: '5m', errorsPerSecond: 12 },
  { from: '5m', to: '0m', errorsPerSecond: 30 },
];

const minutesOf = (duration: Duration) => (durationMs(duration) ?? NaN) / 60_000;

const ERROR_STRETCHES = STRETCHES.map((s) => ({ ...s, minutes: minutesOf(s.from) - minutesOf(s.to) }));

/** Error ratio over the last `minutes`: the time-weighted mean of the stretches it covers, over 1000 requests/s. */
function windowRatio(minutes: number): number {
  let remaining = minutes;
  let errors = 0;
  for (const stretch of [...ERROR_STRETCHES].reverse()) {
    const covered = Math.min(remaining, stretch.minutes);
    errors += covered * stretch.errorsPerSecond;
    remaining -= covered;
  }
  return errors / (minutes - remaining) / 1000;
}

export const WINDOWS: readonly { window: Duration; minutes: number }[] = [
  { window: '5m', minutes: 5 },
  { window: '30m', minutes: 30 },
  { window: '1h', minutes: 60 },
  { window: '2h', minutes: 120 },
  { window: '6h', minutes: 360 },
  { window: '1d', minutes: 1440 },
  { window: '3d', minutes: 4320 },
  // Only four days of data: the 30d ratio is the ratio over all of it.
  { window: '30d', minutes: 43200 },
];

export const toMicros = (value: number) => Math.round(value * 1e6);

/**
 * A range holds the samples after its start (Prometheus 3), so a window of W minutes over samples
 * a minute apart measures the increase over its last W − 1 minutes; the rate's extrapolation scales
 * errors and requests alike, so their ratio is that of those minutes.
 */
const SAMPLE_MINUTES = 1;
export const measuredRatio = (minutes: number) => windowRatio(minutes - SAMPLE_MINUTES);

export const SLO_INPUT: InputSeries[] = traffic(
  `${SAMPLE_MINUTES}m`,
  ERROR_STRETCHES.map((s) => ({ for: `${s.minutes}m` as Duration, ok: 1000 - s.errorsPerSecond, errors: s.errorsPerSecond })),
);

export const SLO_CHECKS: ExprCheck[] = [
  ...WINDOWS.map(({ window, minutes }) => ({
    at: '4d' as const,
    expr: micros(`job:slo_request_errors:ratio_rate${window}`),
    samples: [{ labels: '{job="app"}', value: toMicros(measuredRatio(minutes)) }],
  })),
  {
    at: '4d',
    // 1 − (30d ratio / 0.001): negative once more than the whole budget is spent.
    expr: micros('job:slo_error_budget_remaining:ratio'),
    samples: [{ labels: '{job="app"}', value: toMicros(1 - measuredRatio(43200) / 0.001) }],
  },
  {
    at: '4d',
    expr: micros('job:slo_burn_rate:ratio_rate1h'),
    samples: [{ labels: '{job="app"}', value: toMicros(measuredRatio(60) / 0.001) }],
  },
];

export const RED_SUITE: RuleTestSuite = {
  evaluationInterval: '1m',
  tests: [{ interval: '15s', series: RED_INPUT, exprs: RED_CHECKS }],
};

/** Only the values at 4d matter here, so rules are evaluated hourly rather than every minute. */
export const SLO_SUITE: RuleTestSuite = {
  evaluationInterval: '1h',
  tests: [{ interval: `${SAMPLE_MINUTES}m`, series: SLO_INPUT, exprs: SLO_CHECKS }],
};
