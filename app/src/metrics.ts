import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import { TallyHistogram } from './tally-histogram';

/** Names and labels below are a contract: dashboards and alert rules query them verbatim. */
export const METRIC_NAMES = {
  httpRequestsTotal: 'http_requests_total',
  httpRequestDurationSeconds: 'http_request_duration_seconds',
  httpRequestsInFlight: 'http_requests_in_flight',
  redisUp: 'app_redis_up',
  redisCommandDurationSeconds: 'app_redis_command_duration_seconds',
  visitorCount: 'app_visitor_count',
} as const;

export const HTTP_LABELS = ['method', 'route', 'status_code'] as const;
export type HttpLabel = (typeof HTTP_LABELS)[number];

const HTTP_DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
// Redis round trips are sub-millisecond when healthy; the top bucket sits at the command timeout.
const REDIS_DURATION_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1];

/**
 * Values kept as plain numbers on the request path and copied into their gauges when Prometheus
 * scrapes (the gauges' collect()), instead of two gauge updates per request.
 */
export interface LiveValues {
  /** HTTP requests being handled now. */
  inFlight: number;
  /** Visitor counter value last read from Redis; undefined until the first visit. */
  visitorCount: number | undefined;
}

export type HttpLabels = Readonly<Record<HttpLabel, string>>;

export interface AppMetrics {
  /** prom-client's part: the process metrics, the counter and the gauges. */
  readonly registry: Registry;
  readonly live: LiveValues;
  /** The answered requests; http_requests_total is read from its counts when scraped. */
  readonly httpRequestDuration: TallyHistogram<HttpLabel>;
  /** A request the HTTP parser rejected before the app could answer it: counted in http_requests_total, not timed. */
  countRejected(labels: HttpLabels): void;
  readonly httpRequestsTotal: Counter<HttpLabel>;
  readonly httpRequestsInFlight: Gauge;
  readonly redisUp: Gauge;
  readonly redisCommandDuration: TallyHistogram<'command'>;
  readonly visitorCount: Gauge;
  /** Every metric in the Prometheus text format: the body of /metrics. */
  exposition(): Promise<string>;
}

/** A fresh registry holding the app's metrics plus prom-client's default process metrics. */
export function createMetrics(): AppMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const live: LiveValues = { inFlight: 0, visitorCount: undefined };
  const httpRequestDuration = new TallyHistogram<HttpLabel>({
    name: METRIC_NAMES.httpRequestDurationSeconds,
    help: 'Time from receiving an HTTP request to finishing its response, in seconds.',
    labelNames: HTTP_LABELS,
    buckets: HTTP_DURATION_BUCKETS,
  });
  const redisCommandDuration = new TallyHistogram<'command'>({
    name: METRIC_NAMES.redisCommandDurationSeconds,
    help: 'Redis command round-trip time, including failures, in seconds.',
    labelNames: ['command'],
    buckets: REDIS_DURATION_BUCKETS,
  });
  // Bounded like the label values themselves: one method, one route, the statuses the app sends.
  const rejected = new Map<string, { labels: HttpLabels; count: number }>();
  return {
    registry,
    live,
    httpRequestDuration,
    countRejected: (labels) => {
      const key = `${labels.method} ${labels.route} ${labels.status_code}`;
      const tally = rejected.get(key);
      if (tally === undefined) rejected.set(key, { labels, count: 1 });
      else tally.count++;
    },
    httpRequestsTotal: new Counter({
      name: METRIC_NAMES.httpRequestsTotal,
      help: 'HTTP requests answered, by method, route template and status code.',
      labelNames: HTTP_LABELS,
      registers,
      collect() {
        // Both sources hold totals since start, so the counter is rebuilt from them on each scrape.
        this.reset();
        for (const { labels, count } of [...httpRequestDuration.counts(), ...rejected.values()]) this.inc(labels, count);
      },
    }),
    httpRequestsInFlight: new Gauge({
      name: METRIC_NAMES.httpRequestsInFlight,
      help: 'HTTP requests currently being handled.',
      registers,
      collect() {
        this.set(live.inFlight);
      },
    }),
    redisUp: new Gauge({
      name: METRIC_NAMES.redisUp,
      help: '1 while the Redis connection is ready, else 0.',
      registers,
    }),
    redisCommandDuration,
    visitorCount: new Gauge({
      name: METRIC_NAMES.visitorCount,
      help: 'Visitor counter value last read from Redis.',
      registers,
      collect() {
        if (live.visitorCount !== undefined) this.set(live.visitorCount);
      },
    }),
    exposition: async () => `${await registry.metrics()}${httpRequestDuration.render()}${redisCommandDuration.render()}`,
  };
}
