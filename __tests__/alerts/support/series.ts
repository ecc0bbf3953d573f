/**
 * Input series named as the components expose them: the app's metric contract
 * (app/src/metrics.ts), Prometheus' and Alertmanager's own metrics, and the
 * labels Prometheus' scrape jobs attach. Written out here, not imported, so a
 * metric renamed on either side fails the alert tests.
 */
import { type Duration, durationMs } from '../../../config/duration';
import {
  type CounterPhase,
  counterValues,
  type GaugePhase,
  gaugeValues,
  type InputSeries,
  type Labels,
  seriesName,
} from '../../support/promtool-tests';

export const APP = { job: 'app', instance: 'app:8080' } as const;
export const PROMETHEUS = { job: 'prometheus', instance: 'localhost:9090' } as const;
export const ALERTMANAGER = { job: 'alertmanager', instance: 'alertmanager:9093' } as const;
export const GRAFANA = { job: 'grafana', instance: 'grafana:3000' } as const;
export const NGINX_EXPORTER = { job: 'nginx', instance: 'nginx-exporter:9113' } as const;
export const NODE_EXPORTER = { job: 'node', instance: 'node-exporter:9100' } as const;
export const REDIS_EXPORTER = { job: 'redis', instance: 'redis-exporter:9121' } as const;

/** The labels of one request series: `method`, `route`, `status_code`, as the app sets them. */
export interface RequestLabels {
  readonly route?: string;
  readonly status?: string;
  readonly method?: string;
}

function requestLabels({ route = '/', status = '200', method = 'GET' }: RequestLabels): Labels {
  return { ...APP, method, route, status_code: status };
}

/** `http_requests_total` of the app for one method/route/status. */
export function httpRequests(interval: Duration, labels: RequestLabels, phases: readonly CounterPhase[]): InputSeries {
  return { series: seriesName('http_requests_total', requestLabels(labels)), values: counterValues(interval, phases) };
}

/** Upper bounds of the app's `http_request_duration_seconds` buckets (app/src/metrics.ts). */
export const DURATION_BUCKETS = ['0.005', '0.01', '0.025', '0.05', '0.1', '0.25', '0.5', '1', '2.5', '5', '10', '+Inf'] as const;
export type DurationBucket = (typeof DURATION_BUCKETS)[number];

/** For `for`, requests per second whose duration falls in the bucket with each upper bound (not cumulative). */
export interface LatencyPhase {
  readonly for: Duration;
  readonly perSecondUpTo: Readonly<Partial<Record<DurationBucket, number>>>;
}

/** The cumulative `http_request_duration_seconds_bucket` series, one per `le`, for a distribution of request durations. */
export function httpRequestDurations(interval: Duration, labels: RequestLabels, phases: readonly LatencyPhase[]): InputSeries[] {
  return DURATION_BUCKETS.map((le, index) => {
    const included = DURATION_BUCKETS.slice(0, index + 1);
    const counter = phases.map((phase) => ({
      for: phase.for,
      perSecond: included.reduce((sum, bucket) => sum + (phase.perSecondUpTo[bucket] ?? 0), 0),
    }));
    return {
      series: seriesName('http_request_duration_seconds_bucket', { ...requestLabels(labels), le }),
      values: counterValues(interval, counter),
    };
  });
}

/** The app's `app_redis_up` gauge (1 while Redis is reachable). */
export function appRedisUp(interval: Duration, phases: readonly GaugePhase[]): InputSeries {
  return { series: seriesName('app_redis_up', APP), values: gaugeValues(interval, phases) };
}

/** Prometheus' synthetic `up` series of one scrape target. */
export function up(target: Labels, interval: Duration, phases: readonly GaugePhase[]): InputSeries {
  return { series: seriesName('up', target), values: gaugeValues(interval, phases) };
}

/** The life of one task of a replicated service, as Prometheus finds it by DNS. */
export interface TaskLife {
  /** Not yet found by DNS, or not yet scraped, for this long: no sample at all. */
  readonly foundAfter?: Duration;
  readonly phases: readonly GaugePhase[];
  /** Drops out of discovery one interval after its last phase: Prometheus ends its series with a staleness marker. */
  readonly leaves?: boolean;
}

/** `up` of one task of a replicated service: absent before it is found, and gone (not 0) once it leaves. */
export function taskUp(task: Labels, interval: Duration, { foundAfter, phases, leaves = false }: TaskLife): InputSeries {
  const missing = foundAfter === undefined ? 0 : Number(durationMs(foundAfter)) / Number(durationMs(interval));
  if (!Number.isInteger(missing)) throw new Error(`foundAfter ${foundAfter} is not a whole number of ${interval} intervals`);
  const values = [...(missing > 0 ? [`_x${missing}`] : []), gaugeValues(interval, phases), ...(leaves ? ['stale'] : [])];
  return { series: seriesName('up', task), values: values.join(' ') };
}

/** The nginx exporter's `nginx_up` (1 while it can read the gateway's stub_status). */
export function nginxUp(interval: Duration, phases: readonly GaugePhase[]): InputSeries {
  return { series: seriesName('nginx_up', NGINX_EXPORTER), values: gaugeValues(interval, phases) };
}

export function prometheusConfigLastReloadSuccessful(interval: Duration, phases: readonly GaugePhase[]): InputSeries {
  return { series: seriesName('prometheus_config_last_reload_successful', PROMETHEUS), values: gaugeValues(interval, phases) };
}

export function prometheusRuleEvaluationFailures(ruleGroup: string, interval: Duration, phases: readonly CounterPhase[]): InputSeries {
  return {
    series: seriesName('prometheus_rule_evaluation_failures_total', { ...PROMETHEUS, rule_group: ruleGroup }),
    values: counterValues(interval, phases),
  };
}

export function alertmanagerNotificationsFailed(integration: string, interval: Duration, phases: readonly CounterPhase[]): InputSeries {
  return {
    series: seriesName('alertmanager_notifications_failed_total', { ...ALERTMANAGER, integration }),
    values: counterValues(interval, phases),
  };
}

/** For `for`, requests per second answered 200 and answered with a 5xx `errorStatus`. */
export interface TrafficPhase {
  readonly for: Duration;
  readonly ok: number;
  readonly errors: number;
}

/** The two request series (200 and a 5xx) of one route, following the phases. */
export function traffic(
  interval: Duration,
  phases: readonly TrafficPhase[],
  { route = '/', method = 'GET', errorStatus = '500' }: { route?: string; method?: string; errorStatus?: string } = {},
): InputSeries[] {
  return [
    httpRequests(interval, { route, method, status: '200' }, phases.map((p) => ({ for: p.for, perSecond: p.ok }))),
    httpRequests(interval, { route, method, status: errorStatus }, phases.map((p) => ({ for: p.for, perSecond: p.errors }))),
  ];
}
