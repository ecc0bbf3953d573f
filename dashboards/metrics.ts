/**
 * Metric names and label values the dashboards and alerts read, one group per component that
 * exports them. Queries reference these constants instead of retyping names; the tests check
 * every name against the component catalogs in `dashboards/catalog/`.
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

/**
 * How an HTTP service names its request metrics. Sentinel's app is one mapping; a service
 * instrumented by another client library declares its own, and the RED rules, alerts and
 * service dashboard read through it.
 */
export interface HttpMetricNames {
  /** Counter of answered requests, by route and status; a duration histogram's `_count` will do. */
  readonly requests: string;
  /** Histogram of request durations in seconds: its base name, without `_bucket`. */
  readonly durationSeconds: string;
  /** Gauge of requests being served; without it the dashboard has no in-flight panel. */
  readonly inFlight?: string;
  /** The label that carries the route template (a path pattern, not the raw path). */
  readonly routeLabel: string;
  /** The label that carries the numeric HTTP status code. */
  readonly statusLabel: string;
}

/** The names the Sentinel app exports (`app/src/metrics.ts`). */
export const SENTINEL_HTTP_METRICS = {
  requests: APP_METRICS.httpRequestsTotal,
  durationSeconds: APP_METRICS.httpRequestDurationSeconds,
  inFlight: APP_METRICS.httpRequestsInFlight,
  routeLabel: 'route',
  statusLabel: 'status_code',
} as const satisfies HttpMetricNames;

/** prom-client default Node.js process metrics used by the dashboards. */
export const NODEJS_METRICS = {
  processCpuSecondsTotal: 'process_cpu_seconds_total',
  processResidentMemoryBytes: 'process_resident_memory_bytes',
  eventLoopLagP99Seconds: 'nodejs_eventloop_lag_p99_seconds',
  heapSizeUsedBytes: 'nodejs_heap_size_used_bytes',
  heapSizeTotalBytes: 'nodejs_heap_size_total_bytes',
} as const;

/**
 * Routes that measure the platform rather than serve users: the service level indicator
 * (`alerts/http-selectors.ts`) and the raw queries beside its series leave them out, so
 * both describe the same requests.
 */
export const APP_PROBE_ROUTES = ['/metrics', '/healthz', '/readyz'] as const;

/** nginx-prometheus-exporter, reading the gateway's stub_status. */
export const NGINX_METRICS = {
  up: 'nginx_up',
  connectionsActive: 'nginx_connections_active',
  connectionsReading: 'nginx_connections_reading',
  connectionsWriting: 'nginx_connections_writing',
  connectionsWaiting: 'nginx_connections_waiting',
  /** Counter without the `_total` suffix. */
  connectionsAccepted: 'nginx_connections_accepted',
  /** Counter without the `_total` suffix. */
  connectionsHandled: 'nginx_connections_handled',
  httpRequestsTotal: 'nginx_http_requests_total',
} as const;

/** oliver006/redis_exporter, reading Redis' INFO. */
export const REDIS_METRICS = {
  up: 'redis_up',
  connectedClients: 'redis_connected_clients',
  blockedClients: 'redis_blocked_clients',
  memoryUsedBytes: 'redis_memory_used_bytes',
  /** Redis' `maxmemory`; 0 when unlimited. */
  memoryMaxBytes: 'redis_memory_max_bytes',
  commandsTotal: 'redis_commands_total',
  dbKeys: 'redis_db_keys',
  keyspaceHitsTotal: 'redis_keyspace_hits_total',
  keyspaceMissesTotal: 'redis_keyspace_misses_total',
  aofEnabled: 'redis_aof_enabled',
  aofLastWriteStatus: 'redis_aof_last_write_status',
  aofLastBgrewriteStatus: 'redis_aof_last_bgrewrite_status',
  /** -1 until the first rewrite. */
  aofLastRewriteDurationSeconds: 'redis_aof_last_rewrite_duration_sec',
  aofCurrentSizeBytes: 'redis_aof_current_size_bytes',
  rdbLastBgsaveStatus: 'redis_rdb_last_bgsave_status',
} as const;

/** node_exporter on the Docker host. */
export const HOST_METRICS = {
  unameInfo: 'node_uname_info',
  cpuSecondsTotal: 'node_cpu_seconds_total',
  load1: 'node_load1',
  load5: 'node_load5',
  load15: 'node_load15',
  memTotalBytes: 'node_memory_MemTotal_bytes',
  memAvailableBytes: 'node_memory_MemAvailable_bytes',
  memCachedBytes: 'node_memory_Cached_bytes',
  memBuffersBytes: 'node_memory_Buffers_bytes',
  swapTotalBytes: 'node_memory_SwapTotal_bytes',
  swapFreeBytes: 'node_memory_SwapFree_bytes',
  filesystemSizeBytes: 'node_filesystem_size_bytes',
  filesystemAvailBytes: 'node_filesystem_avail_bytes',
  diskReadBytesTotal: 'node_disk_read_bytes_total',
  diskWrittenBytesTotal: 'node_disk_written_bytes_total',
  diskIoTimeSecondsTotal: 'node_disk_io_time_seconds_total',
  networkReceiveBytesTotal: 'node_network_receive_bytes_total',
  networkTransmitBytesTotal: 'node_network_transmit_bytes_total',
  networkReceiveErrsTotal: 'node_network_receive_errs_total',
  networkTransmitErrsTotal: 'node_network_transmit_errs_total',
  networkReceiveDropTotal: 'node_network_receive_drop_total',
  networkTransmitDropTotal: 'node_network_transmit_drop_total',
} as const;

/** Series Prometheus writes itself for every scrape target. */
export const SCRAPE_SERIES = {
  up: 'up',
  scrapeDurationSeconds: 'scrape_duration_seconds',
  scrapeSamplesScraped: 'scrape_samples_scraped',
} as const;

/** Prometheus' own metrics, and the series its rule manager writes. */
export const PROMETHEUS_METRICS = {
  alerts: 'ALERTS',
  ruleEvaluationFailuresTotal: 'prometheus_rule_evaluation_failures_total',
  ruleGroupLastDurationSeconds: 'prometheus_rule_group_last_duration_seconds',
  ruleGroupIntervalSeconds: 'prometheus_rule_group_interval_seconds',
  notificationsSentTotal: 'prometheus_notifications_sent_total',
  notificationsErrorsTotal: 'prometheus_notifications_errors_total',
  notificationsDroppedTotal: 'prometheus_notifications_dropped_total',
  tsdbHeadSeries: 'prometheus_tsdb_head_series',
} as const;

/** Alertmanager's own metrics. */
export const ALERTMANAGER_METRICS = {
  notificationsTotal: 'alertmanager_notifications_total',
  notificationsFailedTotal: 'alertmanager_notifications_failed_total',
} as const;
