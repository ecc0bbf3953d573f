/**
 * Prometheus' own metrics on its `/metrics` (2.42 in Debian, 2.55 in the stack),
 * and the series it writes into its own storage without any exporter.
 */
import { GO_RUNTIME_METRICS } from './go-runtime';
import type { MetricCatalog } from './metric-catalog';

export const PROMETHEUS_CATALOG: MetricCatalog = {
  source: 'Prometheus',
  metrics: [
    // Health and configuration.
    { name: 'prometheus_build_info', type: 'gauge' },
    { name: 'prometheus_ready', type: 'gauge' },
    { name: 'prometheus_config_last_reload_successful', type: 'gauge' },
    { name: 'prometheus_config_last_reload_success_timestamp_seconds', type: 'gauge' },
    // API and queries.
    { name: 'prometheus_http_requests_total', type: 'counter' },
    { name: 'prometheus_http_request_duration_seconds', type: 'histogram' },
    { name: 'prometheus_engine_query_duration_seconds', type: 'summary' },
    // Scraping.
    { name: 'prometheus_target_interval_length_seconds', type: 'summary' },
    { name: 'prometheus_target_scrape_pool_targets', type: 'gauge' },
    { name: 'prometheus_target_scrapes_exceeded_sample_limit_total', type: 'counter' },
    { name: 'prometheus_target_scrapes_sample_out_of_order_total', type: 'counter' },
    { name: 'prometheus_sd_discovered_targets', type: 'gauge' },
    // Rules.
    { name: 'prometheus_rule_evaluations_total', type: 'counter' },
    { name: 'prometheus_rule_evaluation_failures_total', type: 'counter' },
    { name: 'prometheus_rule_evaluation_duration_seconds', type: 'summary' },
    { name: 'prometheus_rule_group_duration_seconds', type: 'summary' },
    { name: 'prometheus_rule_group_interval_seconds', type: 'gauge' },
    { name: 'prometheus_rule_group_iterations_total', type: 'counter' },
    { name: 'prometheus_rule_group_iterations_missed_total', type: 'counter' },
    { name: 'prometheus_rule_group_last_duration_seconds', type: 'gauge' },
    { name: 'prometheus_rule_group_last_evaluation_timestamp_seconds', type: 'gauge' },
    { name: 'prometheus_rule_group_last_evaluation_samples', type: 'gauge' },
    { name: 'prometheus_rule_group_rules', type: 'gauge' },
    // Notifications; the per-Alertmanager counters appear once an Alertmanager is configured.
    { name: 'prometheus_notifications_sent_total', type: 'counter' },
    { name: 'prometheus_notifications_errors_total', type: 'counter' },
    { name: 'prometheus_notifications_dropped_total', type: 'counter' },
    { name: 'prometheus_notifications_queue_length', type: 'gauge' },
    { name: 'prometheus_notifications_queue_capacity', type: 'gauge' },
    { name: 'prometheus_notifications_alertmanagers_discovered', type: 'gauge' },
    // Storage.
    { name: 'prometheus_tsdb_head_series', type: 'gauge' },
    { name: 'prometheus_tsdb_head_samples_appended_total', type: 'counter' },
    { name: 'prometheus_tsdb_head_chunks', type: 'gauge' },
    { name: 'prometheus_tsdb_storage_blocks_bytes', type: 'gauge' },
    { name: 'prometheus_tsdb_blocks_loaded', type: 'gauge' },
    { name: 'prometheus_tsdb_compactions_total', type: 'counter' },
    { name: 'prometheus_tsdb_compactions_failed_total', type: 'counter' },
    { name: 'prometheus_tsdb_reloads_failures_total', type: 'counter' },
    { name: 'prometheus_tsdb_wal_corruptions_total', type: 'counter' },
    { name: 'prometheus_tsdb_lowest_timestamp_seconds', type: 'gauge' },
    ...GO_RUNTIME_METRICS,
  ],
};

/** Written by Prometheus for every target of every job it scrapes. */
export const SCRAPE_SERIES_CATALOG: MetricCatalog = {
  source: 'Prometheus, for every scrape target',
  metrics: [
    { name: 'up', type: 'gauge' },
    { name: 'scrape_duration_seconds', type: 'gauge' },
    { name: 'scrape_samples_scraped', type: 'gauge' },
    { name: 'scrape_samples_post_metric_relabeling', type: 'gauge' },
    { name: 'scrape_series_added', type: 'gauge' },
  ],
};

/** Written by Prometheus' rule manager for the alerting rules it evaluates. */
export const ALERT_SERIES_CATALOG: MetricCatalog = {
  source: 'Prometheus, for its alerting rules',
  metrics: [
    { name: 'ALERTS', type: 'gauge' },
    { name: 'ALERTS_FOR_STATE', type: 'gauge' },
  ],
};
