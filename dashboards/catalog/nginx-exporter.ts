/** What nginx-prometheus-exporter derives from stub_status (0.11 in Debian, 1.3 in the stack). */
import type { MetricCatalog } from './metric-catalog';

export const NGINX_EXPORTER_CATALOG: MetricCatalog = {
  source: 'nginx-prometheus-exporter',
  // 0.11 exports no Go runtime metrics and names its build info differently from 1.x: only stub_status is common.
  metrics: [
    { name: 'nginx_up', type: 'gauge' },
    { name: 'nginx_connections_accepted', type: 'counter' },
    { name: 'nginx_connections_handled', type: 'counter' },
    { name: 'nginx_connections_active', type: 'gauge' },
    { name: 'nginx_connections_reading', type: 'gauge' },
    { name: 'nginx_connections_writing', type: 'gauge' },
    { name: 'nginx_connections_waiting', type: 'gauge' },
    { name: 'nginx_http_requests_total', type: 'counter' },
  ],
};
