import { gatewayAlerts } from '../../alerts/gateway-alerts';
import type { Duration } from '../../config/duration';
import type { Endpoint } from '../../config/endpoint';
import { STATUS_PATH } from '../../config/nginx';
import type { RuleGroup } from '../../config/prometheus-rules';
import { JOB_NAMES, type ScrapeJob } from '../../config/scrape-job';
import { type DashboardFile, dashboardFile, gatewayDashboard } from '../../dashboards';
import { NGINX_EXPORTER_CATALOG } from '../../dashboards/catalog/nginx-exporter';
import { Construct } from '../framework/framework';
import { IMAGES } from '../engine/images';
import { markMetricsSource, type MetricsSource } from './metrics-source';
import { ServiceContainer } from '../engine/service-container';

export interface NginxExporterProps {
  /** The gateway's stub_status listener, reachable on the monitoring network only. */
  readonly status: Endpoint;
  /** How long the status may be unreadable before `GatewayDown` fires. */
  readonly gatewayDownFor: Duration;
}

const PORT = 9113;

/** Turns the gateway's stub_status into Prometheus metrics (`nginx_*`). */
export class NginxExporter extends Construct implements MetricsSource {
  readonly scrapeJob: ScrapeJob;
  readonly metricCatalog = async () => NGINX_EXPORTER_CATALOG;
  readonly ruleGroups: readonly RuleGroup[];
  readonly dashboards: readonly DashboardFile[] = [dashboardFile(gatewayDashboard())];
  readonly service: ServiceContainer;

  constructor(scope: Construct, id: string, props: NginxExporterProps) {
    super(scope, id);
    markMetricsSource(this);
    const endpoint: Endpoint = { host: 'nginx-exporter', port: PORT };
    // Losing an exporter blinds a dashboard, not users.
    this.scrapeJob = { jobName: JOB_NAMES.nginxExporter, targets: [endpoint], severityWhenDown: 'warning' };
    this.ruleGroups = [{ name: 'gateway', rules: gatewayAlerts(this.scrapeJob, props.gatewayDownFor) }];
    this.service = new ServiceContainer(this, 'nginx-exporter', {
      serviceName: endpoint.host,
      image: IMAGES.nginxExporter,
      user: '1001:1001',
      networks: ['monitoring'],
      memoryMb: 32,
      command: [`--nginx.scrape-uri=http://${props.status.host}:${props.status.port}${STATUS_PATH}`],
      healthcheck: { unavailableBecause: 'the image is FROM scratch; Prometheus watches it through TargetDown' },
    });
  }
}
