/** Alertmanager's own metrics (0.25 in Debian, 0.27 in the stack). */
import { GO_RUNTIME_METRICS } from './go-runtime';
import type { MetricCatalog } from './metric-catalog';

export const ALERTMANAGER_CATALOG: MetricCatalog = {
  source: 'Alertmanager',
  metrics: [
    // Health and configuration.
    { name: 'alertmanager_build_info', type: 'gauge' },
    { name: 'alertmanager_config_hash', type: 'gauge' },
    { name: 'alertmanager_config_last_reload_successful', type: 'gauge' },
    { name: 'alertmanager_config_last_reload_success_timestamp_seconds', type: 'gauge' },
    { name: 'alertmanager_cluster_enabled', type: 'gauge' },
    // Alerts received and grouped.
    { name: 'alertmanager_alerts', type: 'gauge' },
    { name: 'alertmanager_alerts_received_total', type: 'counter' },
    { name: 'alertmanager_alerts_invalid_total', type: 'counter' },
    { name: 'alertmanager_dispatcher_aggregation_groups', type: 'gauge' },
    { name: 'alertmanager_dispatcher_alert_processing_duration_seconds', type: 'summary' },
    // Notifications, by integration.
    { name: 'alertmanager_receivers', type: 'gauge' },
    { name: 'alertmanager_integrations', type: 'gauge' },
    { name: 'alertmanager_notifications_total', type: 'counter' },
    { name: 'alertmanager_notifications_failed_total', type: 'counter' },
    { name: 'alertmanager_notification_requests_total', type: 'counter' },
    { name: 'alertmanager_notification_requests_failed_total', type: 'counter' },
    { name: 'alertmanager_notification_latency_seconds', type: 'histogram' },
    // Silences and the API.
    { name: 'alertmanager_silences', type: 'gauge' },
    { name: 'alertmanager_http_requests_in_flight', type: 'gauge' },
    ...GO_RUNTIME_METRICS,
  ],
};
