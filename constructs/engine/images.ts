/**
 * Pinned upstream images: a tag changes only in a reviewed commit. Chosen on 2026-12-07, each the
 * newest stable release then; `npm run pins` tells what is newer now. The Go components' stand-ins
 * are built at exactly these versions (scripts/go-components); docs/upgrading.md says what moving
 * from the earlier pins changes.
 */
export const IMAGES = {
  gateway: 'nginxinc/nginx-unprivileged:1.30.1-alpine',
  redis: 'redis:8.6.0-alpine',
  prometheus: 'prom/prometheus:v3.16.0',
  // The release whose dashboard schema the Foundation SDK writes: see GRAFANA_DASHBOARD_SCHEMA.
  grafana: 'grafana/grafana:13.2.3',
  alertmanager: 'prom/alertmanager:v0.35.0',
  nginxExporter: 'nginx/nginx-prometheus-exporter:1.5.1',
  // The alpine variant: the default one is FROM scratch, with nothing to run a healthcheck.
  redisExporter: 'oliver006/redis_exporter:v1.97.0-alpine',
  nodeExporter: 'prom/node-exporter:v1.12.1',
} as const;

/**
 * The dashboard `schemaVersion` the pinned Grafana reads without migrating. Grafana 13.2 sets
 * DASHBOARD_SCHEMA_VERSION to 42, the last version of the v1 dashboard model (migration v42,
 * grafana/grafana#110517). @grafana/grafana-foundation-sdk 0.0.x is generated from Grafana's main
 * branch (the SDK's README) and 0.0.21 writes 42. A test holds every shipped dashboard to it.
 */
export const GRAFANA_DASHBOARD_SCHEMA = { image: IMAGES.grafana, schemaVersion: 42 } as const;
