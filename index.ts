// Sentinel's public API: what a team's CDKTF app imports. Every other module is internal and
// may change without notice; the package's `exports` let nothing else be imported.

export { SentinelStack, type SentinelStackProps, STACK_DEFAULTS } from './constructs/stack/sentinel-stack';
export type { BackendFactory } from './constructs/stack/state-backend';
export {
  type DependencySignals,
  type ImageBuild,
  MonitoredService,
  type MonitoredServiceOptions,
  type MonitoredServiceProps,
  SERVICE_DEFAULTS,
} from './constructs/components/monitored-service';
export { APP_DEFAULTS, type AppAlertThresholds, type AppServiceOptions } from './constructs/components/sentinel-app';

// The components' options, as SentinelStackProps takes them, and their defaults.
export { GATEWAY_DEFAULTS, type GatewayOptions } from './constructs/components/gateway';
export { PROMETHEUS_DEFAULTS, type PrometheusOptions } from './constructs/components/prometheus';
export { GRAFANA_DEFAULTS, type GrafanaOptions } from './constructs/components/grafana';
export { ALERTMANAGER_DEFAULTS, type AlertmanagerOptions } from './constructs/components/alertmanager';
export { REDIS_DEFAULTS, type RedisOptions } from './constructs/components/redis';
export { NETWORKS_DEFAULTS, type NetworksOptions } from './constructs/engine/networks';
export { REGISTRY_DEFAULTS, type RegistryOptions } from './constructs/engine/registry';
export type { PublishOptions } from './constructs/engine/published-port';
export type { Engine } from './constructs/engine/engine';
export type { Healthcheck, NoHealthcheck } from './constructs/engine/service-spec';

// Who is notified of what.
export type {
  EmailReceiverProps,
  PagerDutyReceiverProps,
  ReceiverProps,
  SlackReceiverProps,
  WebhookReceiverProps,
} from './constructs/alerting/alert-receivers';
export type { AlertRouteProps } from './constructs/alerting/alert-routes';
export type { RoutedSeverity } from './config/alertmanager';

// The value types the props above are made of.
export type { Duration } from './config/duration';
export type { Endpoint } from './config/endpoint';
export type { AlertingRule } from './config/prometheus-rules';
export type { HttpAlertThresholds } from './alerts/http-alerts';
export type { AvailabilitySlo } from './alerts/slo';
export { type HttpMetricNames, SENTINEL_HTTP_METRICS } from './dashboards/metrics';
export type { ServiceRuntime } from './dashboards/service-sections';
export type { DashboardSection } from './dashboards/service-overview';

// What a synth-time prop error is, for a team's own checks and tests.
export { InvalidPropError } from './constructs/validation/validation';
export { UnknownPropError } from './constructs/validation/unknown-props';
export { synthesize } from './constructs/stack/synthesize';
