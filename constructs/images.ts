/** Pinned upstream images: a tag changes only in a reviewed commit. */
export const IMAGES = {
  gateway: 'nginxinc/nginx-unprivileged:1.27.3-alpine',
  redis: 'redis:7.4.1-alpine',
  prometheus: 'prom/prometheus:v2.55.1',
  grafana: 'grafana/grafana-oss:11.3.1',
  alertmanager: 'prom/alertmanager:v0.27.0',
} as const;
