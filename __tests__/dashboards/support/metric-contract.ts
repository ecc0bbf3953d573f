/**
 * The app's metric contract, written out independently of `dashboards/metrics.ts`
 * so that a typo on either side fails a test.
 */

const APP_COUNTERS_AND_GAUGES = [
  'http_requests_total',
  'http_requests_in_flight',
  'app_redis_up',
  'app_visitor_count',
];

const APP_HISTOGRAMS = ['http_request_duration_seconds', 'app_redis_command_duration_seconds'];

/** prom-client's default metrics (collectDefaultMetrics) on Linux. */
const PROM_CLIENT_DEFAULTS = [
  'process_cpu_user_seconds_total',
  'process_cpu_system_seconds_total',
  'process_cpu_seconds_total',
  'process_start_time_seconds',
  'process_resident_memory_bytes',
  'process_virtual_memory_bytes',
  'process_heap_bytes',
  'process_open_fds',
  'process_max_fds',
  'nodejs_eventloop_lag_seconds',
  'nodejs_eventloop_lag_min_seconds',
  'nodejs_eventloop_lag_max_seconds',
  'nodejs_eventloop_lag_mean_seconds',
  'nodejs_eventloop_lag_p50_seconds',
  'nodejs_eventloop_lag_p90_seconds',
  'nodejs_eventloop_lag_p99_seconds',
  'nodejs_active_resources',
  'nodejs_active_resources_total',
  'nodejs_active_handles',
  'nodejs_active_handles_total',
  'nodejs_active_requests',
  'nodejs_active_requests_total',
  'nodejs_heap_size_total_bytes',
  'nodejs_heap_size_used_bytes',
  'nodejs_external_memory_bytes',
  'nodejs_heap_space_size_total_bytes',
  'nodejs_heap_space_size_used_bytes',
  'nodejs_heap_space_size_available_bytes',
  'nodejs_version_info',
];

const PROM_CLIENT_HISTOGRAMS = ['nodejs_gc_duration_seconds'];

/** Every series name a dashboard may query: histograms expand to `_bucket`, `_sum`, `_count`. */
export const CONTRACT_METRICS: ReadonlySet<string> = new Set([
  ...APP_COUNTERS_AND_GAUGES,
  ...PROM_CLIENT_DEFAULTS,
  ...[...APP_HISTOGRAMS, ...PROM_CLIENT_HISTOGRAMS].flatMap((h) => [`${h}_bucket`, `${h}_sum`, `${h}_count`]),
]);

/** The app's own histogram base names (not series names themselves). */
export const CONTRACT_HISTOGRAMS: readonly string[] = APP_HISTOGRAMS;
