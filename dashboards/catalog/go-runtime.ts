/**
 * Go runtime and process metrics client_golang exports by default, as far as
 * the exporters' versions in Debian and in the stack's images agree on them.
 */
import type { CatalogMetric } from './metric-catalog';

export const GO_RUNTIME_METRICS: readonly CatalogMetric[] = [
  { name: 'go_gc_duration_seconds', type: 'summary' },
  { name: 'go_goroutines', type: 'gauge' },
  { name: 'go_info', type: 'gauge' },
  { name: 'go_memstats_alloc_bytes', type: 'gauge' },
  { name: 'go_memstats_alloc_bytes_total', type: 'counter' },
  { name: 'go_memstats_heap_alloc_bytes', type: 'gauge' },
  { name: 'go_memstats_heap_inuse_bytes', type: 'gauge' },
  { name: 'go_memstats_last_gc_time_seconds', type: 'gauge' },
  { name: 'go_memstats_next_gc_bytes', type: 'gauge' },
  { name: 'go_memstats_sys_bytes', type: 'gauge' },
  { name: 'go_threads', type: 'gauge' },
  { name: 'process_cpu_seconds_total', type: 'counter' },
  { name: 'process_max_fds', type: 'gauge' },
  { name: 'process_open_fds', type: 'gauge' },
  { name: 'process_resident_memory_bytes', type: 'gauge' },
  { name: 'process_start_time_seconds', type: 'gauge' },
  { name: 'process_virtual_memory_bytes', type: 'gauge' },
  { name: 'process_virtual_memory_max_bytes', type: 'gauge' },
];
