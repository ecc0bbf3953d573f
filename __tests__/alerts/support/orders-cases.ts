/**
 * promtool cases for a second service named unlike the app (the orders test service): its
 * request count is its duration histogram's `_count`, its labels `http_route` and
 * `http_response_status_code`; its thresholds are 10 % errors for 1m, p95 0.25 s for 2m,
 * and a 99.5 % SLO. Series written out here, so a mapping that read the wrong name fails.
 */
import type { Duration } from '../../../config/duration';
import { counterValues, type FiringAlert, type InputSeries, seriesName } from '../../support/promtool-tests';
import { RUNBOOK, type Scenario, scenario } from './shipped-rules';

export const ORDERS = { job: 'orders', instance: 'orders:8000' } as const;
const HISTOGRAM = 'http_server_request_duration_seconds';
const BUCKETS = ['0.005', '0.01', '0.025', '0.05', '0.1', '0.25', '0.5', '1', '2.5', '5', '10', '+Inf'] as const;
type Bucket = (typeof BUCKETS)[number];

/** For `for`, requests per second whose duration falls in each bucket (not cumulative). */
interface OrdersPhase {
  readonly for: Duration;
  readonly perSecondUpTo: Readonly<Partial<Record<Bucket, number>>>;
}

/** The histogram's `_bucket` and `_count` series for one route and status. */
export function ordersRequests(interval: Duration, route: string, status: string, phases: readonly OrdersPhase[]): InputSeries[] {
  const labels = { ...ORDERS, http_route: route, http_response_status_code: status };
  const cumulative = (upTo: number) =>
    phases.map((phase) => ({ for: phase.for, perSecond: BUCKETS.slice(0, upTo + 1).reduce((sum, b) => sum + (phase.perSecondUpTo[b] ?? 0), 0) }));
  return [
    ...BUCKETS.map((le, index) => ({ series: seriesName(`${HISTOGRAM}_bucket`, { ...labels, le }), values: counterValues(interval, cumulative(index)) })),
    { series: seriesName(`${HISTOGRAM}_count`, labels), values: counterValues(interval, cumulative(BUCKETS.length - 1)) },
  ];
}

/** `ok` and `errors` requests per second (all fast) on `/{id}`, for each phase. */
function traffic(phases: readonly { for: Duration; ok: number; errors: number }[], route = '/{id}'): InputSeries[] {
  return [
    ...ordersRequests('15s', route, '200', phases.map((p) => ({ for: p.for, perSecondUpTo: { '0.01': p.ok } }))),
    ...ordersRequests('15s', route, '500', phases.map((p) => ({ for: p.for, perSecondUpTo: { '0.01': p.errors } }))),
  ];
}

function ordersHighErrorRate(percent: string): FiringAlert {
  return {
    labels: { severity: 'critical', job: ORDERS.job },
    annotations: {
      summary: `orders answers ${percent} of requests with 5xx`,
      description: `${percent} of user requests to orders failed with a 5xx over the last 1m, above the 10% threshold for 1m.`,
      runbook_url: `${RUNBOOK}#high-error-rate`,
    },
  };
}

const HEALTHY = { for: '5m', ok: 10, errors: 0 } as const;

export const ORDERS_HIGH_ERROR_RATE: readonly Scenario[] = [
  scenario('fires 1m after 20 % of its user requests start failing, read from its _count and status label', {
    interval: '15s',
    series: traffic([HEALTHY, { for: '10m', ok: 8, errors: 2 }]),
    alerts: [
      { at: '6m', alertname: 'HighErrorRate', firing: [] },
      { at: '7m', alertname: 'HighErrorRate', firing: [ordersHighErrorRate('20%')] },
    ],
  }),
  scenario('stays silent at 8 % failing, which the app’s 5 % threshold would page on', {
    interval: '15s',
    series: traffic([HEALTHY, { for: '10m', ok: 9.2, errors: 0.8 }]),
    alerts: [{ at: '15m', alertname: 'HighErrorRate', firing: [] }],
  }),
  scenario('is not caused by its /health probe failing', {
    interval: '15s',
    series: [...traffic([{ for: '15m', ok: 10, errors: 0 }]), ...traffic([{ for: '15m', ok: 0, errors: 5 }], '/health')],
    alerts: [{ at: '15m', alertname: 'HighErrorRate', firing: [] }],
  }),
];

export const ORDERS_HIGH_LATENCY: readonly Scenario[] = [
  scenario('fires 2m after its p95 exceeds 0.25 s', {
    interval: '15s',
    // 90 % within 0.1 s, 10 % between 0.25 and 0.5 s: p95 = 0.25 + 0.25 × 0.5 = 0.375 s.
    series: ordersRequests('15s', '/{id}', '200', [
      { for: '5m', perSecondUpTo: { '0.1': 10 } },
      { for: '10m', perSecondUpTo: { '0.1': 9, '0.5': 1 } },
    ]),
    alerts: [
      { at: '7m', alertname: 'HighLatency', firing: [] },
      {
        at: '9m',
        alertname: 'HighLatency',
        firing: [
          {
            labels: { severity: 'warning', job: ORDERS.job },
            annotations: {
              summary: 'orders p95 latency is 375ms',
              description: '95% of user requests to orders took up to 375ms over the last 1m, above the 0.25 s threshold for 2m.',
              runbook_url: `${RUNBOOK}#high-latency`,
            },
          },
        ],
      },
    ],
  }),
];

export const ORDERS_RECORDED_BY_ROUTE: readonly Scenario[] = [
  scenario('records its request rate per route under `route`, whatever the service calls the label', {
    interval: '15s',
    series: [...traffic([{ for: '5m', ok: 4, errors: 1 }]), ...traffic([{ for: '5m', ok: 2, errors: 0 }], '/')],
    exprs: [
      {
        at: '4m',
        expr: 'job_route:http_requests:rate1m{job="orders"}',
        samples: [
          { labels: 'job_route:http_requests:rate1m{job="orders",route="/"}', value: 2 },
          { labels: 'job_route:http_requests:rate1m{job="orders",route="/{id}"}', value: 5 },
        ],
      },
      { at: '4m', expr: 'job_route:http_request_errors:ratio_rate1m{job="orders",route="/{id}"}', samples: [{ labels: 'job_route:http_request_errors:ratio_rate1m{job="orders",route="/{id}"}', value: 0.2 }] },
    ],
  }),
];
