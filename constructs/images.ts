/** Pinned upstream images: a tag changes only in a reviewed commit. */
export const IMAGES = {
  gateway: 'nginxinc/nginx-unprivileged:1.27.3-alpine',
  redis: 'redis:7.4.1-alpine',
  prometheus: 'prom/prometheus:v2.55.1',
  grafana: 'grafana/grafana-oss:11.3.1',
  alertmanager: 'prom/alertmanager:v0.27.0',
  nginxExporter: 'nginx/nginx-prometheus-exporter:1.3.0',
  // The alpine variant: the default one is FROM scratch, with nothing to run a healthcheck.
  redisExporter: 'oliver006/redis_exporter:v1.66.0-alpine',
  nodeExporter: 'prom/node-exporter:v1.8.2',
} as const;
