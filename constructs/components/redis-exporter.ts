import type { Endpoint } from '../../config/endpoint';
import { JOB_NAMES, type ScrapeJob } from '../../config/scrape-job';
import { type DashboardFile, dashboardFile, redisDashboard } from '../../dashboards';
import { REDIS_EXPORTER_CATALOG } from '../../dashboards/catalog/redis-exporter';
import { Construct } from '../framework/framework';
import { IMAGES } from '../engine/images';
import { markMetricsSource, type MetricsSource } from './metrics-source';
import { ServiceContainer } from '../engine/service-container';

export interface RedisExporterProps {
  readonly redis: Endpoint;
  /** The job it is scraped under, and its DNS name with `-exporter` after it. @default redis */
  readonly jobName?: string;
}

const PORT = 9121;

/** Exposes Redis' INFO as Prometheus metrics (`redis_*`). */
export class RedisExporter extends Construct implements MetricsSource {
  readonly scrapeJob: ScrapeJob;
  readonly metricCatalog = async () => REDIS_EXPORTER_CATALOG;
  readonly dashboards: readonly DashboardFile[] = [dashboardFile(redisDashboard())];
  readonly service: ServiceContainer;

  constructor(scope: Construct, id: string, props: RedisExporterProps) {
    super(scope, id);
    markMetricsSource(this);
    const jobName = props.jobName ?? JOB_NAMES.redisExporter;
    const endpoint: Endpoint = { host: `${jobName}-exporter`, port: PORT };
    // Losing an exporter blinds a dashboard, not users.
    this.scrapeJob = { jobName, targets: [endpoint], severityWhenDown: 'warning' };
    this.service = new ServiceContainer(this, 'redis-exporter', {
      serviceName: endpoint.host,
      image: IMAGES.redisExporter,
      user: '59000:59000',
      // The internal network to reach Redis; Redis itself stays off the monitoring network.
      networks: ['internal', 'monitoring'],
      memoryMb: 32,
      env: { REDIS_ADDR: `redis://${props.redis.host}:${props.redis.port}` },
      healthcheck: { command: ['wget', '-q', '-O', '/dev/null', `http://127.0.0.1:${PORT}/health`] },
    });
  }
}
