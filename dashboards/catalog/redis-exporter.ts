/**
 * What oliver006/redis_exporter reads from Redis' INFO, as the pinned release exports it: without
 * its own Go runtime metrics, which it leaves off unless `--include-go-runtime-metrics` is given.
 */
import type { MetricCatalog } from './metric-catalog';

export const REDIS_EXPORTER_CATALOG: MetricCatalog = {
  source: 'redis_exporter',
  metrics: [
    // Availability and the exporter itself.
    { name: 'redis_up', type: 'gauge' },
    { name: 'redis_uptime_in_seconds', type: 'gauge' },
    { name: 'redis_start_time_seconds', type: 'gauge' },
    { name: 'redis_instance_info', type: 'gauge' },
    { name: 'redis_exporter_build_info', type: 'gauge' },
    { name: 'redis_exporter_last_scrape_error', type: 'gauge' },
    { name: 'redis_exporter_last_scrape_duration_seconds', type: 'gauge' },
    { name: 'redis_exporter_scrapes_total', type: 'counter' },
    // Clients.
    { name: 'redis_connected_clients', type: 'gauge' },
    { name: 'redis_blocked_clients', type: 'gauge' },
    { name: 'redis_config_maxclients', type: 'gauge' },
    { name: 'redis_connections_received_total', type: 'counter' },
    { name: 'redis_rejected_connections_total', type: 'counter' },
    { name: 'redis_connected_slaves', type: 'gauge' },
    // Memory.
    { name: 'redis_memory_used_bytes', type: 'gauge' },
    { name: 'redis_memory_used_rss_bytes', type: 'gauge' },
    { name: 'redis_memory_used_peak_bytes', type: 'gauge' },
    { name: 'redis_memory_used_lua_bytes', type: 'gauge' },
    { name: 'redis_memory_max_bytes', type: 'gauge' },
    { name: 'redis_config_maxmemory', type: 'gauge' },
    { name: 'redis_mem_fragmentation_ratio', type: 'gauge' },
    // Load; per-command series appear once a command has run.
    { name: 'redis_commands_total', type: 'counter' },
    { name: 'redis_commands_duration_seconds_total', type: 'counter' },
    { name: 'redis_commands_processed_total', type: 'counter' },
    { name: 'redis_net_input_bytes_total', type: 'counter' },
    { name: 'redis_net_output_bytes_total', type: 'counter' },
    { name: 'redis_cpu_sys_seconds_total', type: 'counter' },
    { name: 'redis_cpu_user_seconds_total', type: 'counter' },
    { name: 'redis_slowlog_length', type: 'gauge' },
    // Keyspace; per-db series appear once the db holds a key.
    { name: 'redis_keyspace_hits_total', type: 'counter' },
    { name: 'redis_keyspace_misses_total', type: 'counter' },
    { name: 'redis_db_keys', type: 'gauge' },
    { name: 'redis_db_keys_expiring', type: 'gauge' },
    { name: 'redis_db_avg_ttl_seconds', type: 'gauge' },
    { name: 'redis_expired_keys_total', type: 'counter' },
    { name: 'redis_evicted_keys_total', type: 'counter' },
    // Append-only file (the AOF size series need appendonly yes, as Sentinel configures).
    { name: 'redis_aof_enabled', type: 'gauge' },
    { name: 'redis_aof_rewrite_in_progress', type: 'gauge' },
    { name: 'redis_aof_rewrite_scheduled', type: 'gauge' },
    { name: 'redis_aof_last_rewrite_duration_sec', type: 'gauge' },
    { name: 'redis_aof_current_rewrite_duration_sec', type: 'gauge' },
    { name: 'redis_aof_last_bgrewrite_status', type: 'gauge' },
    { name: 'redis_aof_last_write_status', type: 'gauge' },
    { name: 'redis_aof_current_size_bytes', type: 'gauge' },
    { name: 'redis_aof_base_size_bytes', type: 'gauge' },
    // RDB snapshots.
    { name: 'redis_rdb_bgsave_in_progress', type: 'gauge' },
    { name: 'redis_rdb_changes_since_last_save', type: 'gauge' },
    { name: 'redis_rdb_last_bgsave_status', type: 'gauge' },
    { name: 'redis_rdb_last_bgsave_duration_sec', type: 'gauge' },
    { name: 'redis_rdb_last_save_timestamp_seconds', type: 'gauge' },
  ],
};
