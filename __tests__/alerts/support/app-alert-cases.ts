/**
 * promtool cases for the app's own alerts: HighErrorRate, HighLatency and
 * RedisUnreachable. Input is raw series of the app's metric contract; the RED
 * recording rules in the same file turn them into what the alerts read.
 *
 * Timelines: samples every 15 s, rules evaluated every minute. A 1-minute rate
 * window ending at minute m holds only the increments after minute m-1, so a
 * change that starts at minute 5 shows fully in the recorded series from minute 6:
 * the alert is pending from then and fires `for` later.
 */
import type { FiringAlert, InputSeries } from '../../support/promtool-tests';
import { APP, appRedisUp, httpRequestDurations, type LatencyPhase, traffic, type TrafficPhase } from './series';
import { RUNBOOK, type Scenario, scenario } from './shipped-rules';

const HEALTHY: TrafficPhase = { for: '5m', ok: 10, errors: 0 };

export function highErrorRate(percent: string, thresholdPercent = '5', forDuration = '2m'): FiringAlert {
  return {
    labels: { severity: 'critical', job: APP.job },
    annotations: {
      summary: `app answers ${percent} of requests with 5xx`,
      description: `${percent} of user requests to app failed with a 5xx over the last 1m, above the ${thresholdPercent}% threshold for ${forDuration}.`,
      runbook_url: `${RUNBOOK}#high-error-rate`,
    },
  };
}

/** Healthy for 5 minutes, then 10 % of requests to `/` fail with a 5xx for 10 minutes. */
const TEN_PERCENT_ERRORS = traffic('15s', [HEALTHY, { for: '10m', ok: 9, errors: 1 }]);

export const HIGH_ERROR_RATE: readonly Scenario[] = [
  scenario('fires 2m after 10 % of user requests start failing', {
    interval: '15s',
    series: TEN_PERCENT_ERRORS,
    alerts: [
      { at: '8m', alertname: 'HighErrorRate', firing: [highErrorRate('10%')] },
      { at: '15m', alertname: 'HighErrorRate', firing: [highErrorRate('10%')] },
    ],
  }),
  scenario('stays silent until the ratio has been high for 2m', {
    interval: '15s',
    series: TEN_PERCENT_ERRORS,
    alerts: [
      { at: '5m', alertname: 'HighErrorRate', firing: [] },
      { at: '7m', alertname: 'HighErrorRate', firing: [] },
    ],
  }),
  scenario('stays silent with 4.9 % of user requests failing', {
    interval: '15s',
    series: traffic('15s', [HEALTHY, { for: '10m', ok: 190.2, errors: 9.8 }]),
    alerts: [
      { at: '8m', alertname: 'HighErrorRate', firing: [] },
      { at: '15m', alertname: 'HighErrorRate', firing: [] },
    ],
  }),
  scenario('counts every 5xx status (503 while Redis is down)', {
    interval: '15s',
    series: traffic('15s', [HEALTHY, { for: '10m', ok: 9, errors: 1 }], { errorStatus: '503' }),
    alerts: [{ at: '8m', alertname: 'HighErrorRate', firing: [highErrorRate('10%')] }],
  }),
  scenario('is not hidden by a flood of 200s on /metrics', {
    interval: '15s',
    series: [...TEN_PERCENT_ERRORS, ...traffic('15s', [{ for: '15m', ok: 1000, errors: 0 }], { route: '/metrics' })],
    // The value is still 10 %, not the 0.1 % it would be if scrapes counted.
    alerts: [{ at: '8m', alertname: 'HighErrorRate', firing: [highErrorRate('10%')] }],
  }),
  scenario('is not caused by probes failing (/readyz, /healthz, /metrics)', {
    interval: '15s',
    series: [
      ...traffic('15s', [{ for: '15m', ok: 10, errors: 0 }]),
      ...traffic('15s', [{ for: '15m', ok: 0, errors: 5 }], { route: '/readyz', errorStatus: '503' }),
      ...traffic('15s', [{ for: '15m', ok: 0, errors: 5 }], { route: '/healthz' }),
      ...traffic('15s', [{ for: '15m', ok: 1000, errors: 5 }], { route: '/metrics' }),
    ],
    alerts: [{ at: '15m', alertname: 'HighErrorRate', firing: [] }],
  }),
];

/** With `errorRatio: 0.2, errorRatioFor: '5m'`. */
export const HIGH_ERROR_RATE_OVERRIDDEN: readonly Scenario[] = [
  scenario('fires 5m after 25 % of user requests start failing', {
    interval: '15s',
    series: traffic('15s', [HEALTHY, { for: '15m', ok: 7.5, errors: 2.5 }]),
    alerts: [
      { at: '10m', alertname: 'HighErrorRate', firing: [] },
      { at: '11m', alertname: 'HighErrorRate', firing: [highErrorRate('25%', '20', '5m')] },
    ],
  }),
  scenario('stays silent with 10 % of user requests failing', {
    interval: '15s',
    series: TEN_PERCENT_ERRORS,
    alerts: [{ at: '15m', alertname: 'HighErrorRate', firing: [] }],
  }),
];

export function highLatency(p95: string): FiringAlert {
  return {
    labels: { severity: 'warning', job: APP.job },
    annotations: {
      summary: `app p95 latency is ${p95}`,
      description: `95% of user requests to app took up to ${p95} over the last 1m, above the 0.5 s threshold for 5m.`,
      runbook_url: `${RUNBOOK}#high-latency`,
    },
  };
}

const FAST: LatencyPhase = { for: '5m', perSecondUpTo: { '0.1': 10 } };
/** 94 % of requests within 0.5 s, 6 % between 0.5 and 1 s: p95 = 0.5 + 0.5 × (0.95 − 0.94) / 0.06 ≈ 0.583 s. */
const SLOW: LatencyPhase = { for: '10m', perSecondUpTo: { '0.1': 5, '0.5': 4.4, '1': 0.6 } };
/** 96 % within 0.5 s: p95 = 0.25 + 0.25 × (0.95 − 0.5) / 0.46 ≈ 0.495 s. */
const JUST_FAST_ENOUGH: LatencyPhase = { for: '10m', perSecondUpTo: { '0.1': 5, '0.5': 4.6, '1': 0.4 } };

const USERS_SLOWED_DOWN: InputSeries[] = httpRequestDurations('15s', {}, [FAST, SLOW]);

export const HIGH_LATENCY: readonly Scenario[] = [
  scenario('fires 5m after p95 of user requests exceeds 0.5 s', {
    interval: '15s',
    series: USERS_SLOWED_DOWN,
    alerts: [{ at: '11m', alertname: 'HighLatency', firing: [highLatency('583.3ms')] }],
  }),
  scenario('stays silent until p95 has been high for 5m', {
    interval: '15s',
    series: USERS_SLOWED_DOWN,
    alerts: [
      { at: '5m', alertname: 'HighLatency', firing: [] },
      { at: '10m', alertname: 'HighLatency', firing: [] },
    ],
  }),
  scenario('stays silent with p95 at 0.495 s', {
    interval: '15s',
    series: httpRequestDurations('15s', {}, [FAST, JUST_FAST_ENOUGH]),
    alerts: [{ at: '15m', alertname: 'HighLatency', firing: [] }],
  }),
  scenario('is not caused by slow /metrics and /readyz', {
    interval: '15s',
    series: [
      ...httpRequestDurations('15s', {}, [{ for: '15m', perSecondUpTo: { '0.1': 10 } }]),
      ...httpRequestDurations('15s', { route: '/metrics' }, [{ for: '15m', perSecondUpTo: { '10': 2 } }]),
      ...httpRequestDurations('15s', { route: '/readyz', status: '503' }, [{ for: '15m', perSecondUpTo: { '5': 2 } }]),
    ],
    alerts: [{ at: '15m', alertname: 'HighLatency', firing: [] }],
  }),
  scenario('is not hidden by a flood of fast /metrics scrapes', {
    interval: '15s',
    series: [
      ...USERS_SLOWED_DOWN,
      ...httpRequestDurations('15s', { route: '/metrics' }, [{ for: '15m', perSecondUpTo: { '0.005': 1000 } }]),
    ],
    alerts: [{ at: '11m', alertname: 'HighLatency', firing: [highLatency('583.3ms')] }],
  }),
];

export const REDIS_UNREACHABLE_ALERT: FiringAlert = {
  labels: { severity: 'critical', job: APP.job, instance: APP.instance },
  annotations: {
    summary: 'app:8080 cannot reach Redis',
    description: 'app instance app:8080 has reported app_redis_up 0 for 1m: visits fail with 503.',
    runbook_url: `${RUNBOOK}#redis-unreachable`,
  },
};

/** Redis reachable for 5 minutes, then not. Evaluated every 15 s to see inside the 1m `for`. */
const REDIS_LOST = [appRedisUp('15s', [{ for: '5m', value: 1 }, { for: '5m', value: 0 }])];

export const REDIS_UNREACHABLE: readonly Scenario[] = [
  scenario(
    'fires once app_redis_up has been 0 for 1m',
    { interval: '15s', series: REDIS_LOST, alerts: [{ at: '6m', alertname: 'RedisUnreachable', firing: [REDIS_UNREACHABLE_ALERT] }] },
    '15s',
  ),
  scenario(
    'stays silent until app_redis_up has been 0 for 1m',
    {
      interval: '15s',
      series: REDIS_LOST,
      alerts: [
        { at: '5m', alertname: 'RedisUnreachable', firing: [] },
        { at: '5m45s', alertname: 'RedisUnreachable', firing: [] },
      ],
    },
    '15s',
  ),
  scenario(
    'stays silent while app_redis_up is 1, and through a 45s blip',
    {
      interval: '15s',
      series: [appRedisUp('15s', [{ for: '5m', value: 1 }, { for: '45s', value: 0 }, { for: '5m', value: 1 }])],
      alerts: [
        { at: '3m', alertname: 'RedisUnreachable', firing: [] },
        { at: '6m', alertname: 'RedisUnreachable', firing: [] },
        { at: '10m', alertname: 'RedisUnreachable', firing: [] },
      ],
    },
    '15s',
  ),
];
