/**
 * Metric names the dashboards read. They mirror the app's metric contract;
 * queries reference these constants instead of retyping names.
 */

/** Series exported by the Node.js app (scraped by Prometheus as job `app`). */
export const APP_METRICS = {
  httpRequestsTotal: 'http_requests_total',
  /** Histogram: read it through `_bucket`, `_sum` and `_count`. */
  httpRequestDurationSeconds: 'http_request_duration_seconds',
  httpRequestsInFlight: 'http_requests_in_flight',
  redisUp: 'app_redis_up',
  /** Histogram: read it through `_bucket`, `_sum` and `_count`. */
  redisCommandDurationSeconds: 'app_redis_command_duration_seconds',
  visitorCount: 'app_visitor_count',
} as const;

/** prom-client default Node.js process metrics used by the dashboards. */
export const NODE_METRICS = {
  processCpuSecondsTotal: 'process_cpu_seconds_total',
  processResidentMemoryBytes: 'process_resident_memory_bytes',
  eventLoopLagP99Seconds: 'nodejs_eventloop_lag_p99_seconds',
  heapSizeUsedBytes: 'nodejs_heap_size_used_bytes',
  heapSizeTotalBytes: 'nodejs_heap_size_total_bytes',
} as const;

/** The Prometheus scrape job of the app. */
export const APP_JOB = 'app';

/** Values of the `route` label on the HTTP metrics. */
export const APP_ROUTES = ['/', '/healthz', '/readyz', '/metrics', 'unmatched'] as const;

