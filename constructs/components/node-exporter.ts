import { type Endpoint, hostPort } from '../../config/endpoint';
import { JOB_NAMES, type ScrapeJob } from '../../config/scrape-job';
import { type DashboardFile, dashboardFile, hostDashboard } from '../../dashboards';
import { NODE_EXPORTER_CATALOG } from '../../dashboards/catalog/node-exporter';
import { Construct } from '../framework/framework';
import { IMAGES } from '../engine/images';
import { markMetricsSource, type MetricsSource } from './metrics-source';
import { ServiceContainer } from '../engine/service-container';
import { stackContextOf } from '../stack/stack-context';


const PORT = 9100;
const SERVICE_NAME = 'node-exporter';
const HOST_ROOT = '/host';

/**
 * Host CPU, memory, disk and network (`node_*`), as the upstream project runs it in a container:
 * in the host's network and PID namespaces, so the network panels show the host's interfaces,
 * with the host's root mounted read-only. It listens on the host's address on the monitoring
 * network only, never on every host interface.
 */
export class NodeExporter extends Construct implements MetricsSource {
  readonly scrapeJob: ScrapeJob;
  readonly metricCatalog = async () => NODE_EXPORTER_CATALOG;
  readonly dashboards: readonly DashboardFile[] = [dashboardFile(hostDashboard())];
  /** Where it listens in the host's network namespace. */
  readonly hostListener: Endpoint;
  readonly service: ServiceContainer;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    markMetricsSource(this);
    const { engine, networks } = stackContextOf(this);
    // One host: the host's address on the monitoring network (its bridge's gateway), where
    // Prometheus scrapes. A Swarm: one task per node on the monitoring overlay, each found by DNS.
    const endpoint: Endpoint = engine === 'swarm' ? { host: SERVICE_NAME, port: PORT } : { host: networks.monitoringGateway, port: PORT };
    this.hostListener = endpoint;
    // Losing an exporter blinds a dashboard, not users.
    this.scrapeJob = { jobName: JOB_NAMES.nodeExporter, targets: [endpoint], severityWhenDown: 'warning', ...(engine === 'swarm' ? { onEveryNode: true } : {}) };
    this.service = new ServiceContainer(this, 'node-exporter', {
      serviceName: SERVICE_NAME,
      image: IMAGES.nodeExporter,
      user: 'nobody',
      networks: [],
      hostNamespaces: { listensOn: 'monitoring' },
      memoryMb: 64,
      command: [
        `--path.rootfs=${HOST_ROOT}`,
        `--web.listen-address=${engine === 'swarm' ? `:${PORT}` : hostPort(endpoint)}`,
        // Container and pseudo filesystems would double-count or be meaningless on the host dashboard.
        `--collector.filesystem.mount-points-exclude=^/(dev|proc|sys|run|var/lib/docker/.+)($|/)`,
      ],
      // Upstream mounts it with rslave propagation, which Docker refuses where the host's root
      // mount is private (as on the CI host); without it, a filesystem mounted on the host after
      // the exporter started shows once the exporter restarts.
      volumes: [{ hostPath: '/', containerPath: HOST_ROOT }],
      readOnlyRootFilesystem: true,
      healthcheck: { command: ['wget', '-q', '-O', '/dev/null', `http://${engine === 'swarm' ? `127.0.0.1:${PORT}` : hostPort(endpoint)}/`] },
    });
  }
}
