import type { Endpoint } from '../config/endpoint';
import type { RuleGroup } from '../config/prometheus-rules';
import type { ScrapeJob } from '../config/scrape-job';
import { type DashboardFile, dashboardFile, hostDashboard } from '../dashboards';
import type { Network } from './docker';
import { Construct } from './framework';
import { IMAGES } from './images';
import type { MetricsSource } from './metrics-source';
import { ServiceContainer } from './service-container';

export interface NodeExporterProps {
  readonly namePrefix: string;
  readonly monitoringNetwork: Network;
}

const PORT = 9100;
const HOST_ROOT = '/host';

/** Host CPU, memory, disk and network (`node_*`), read from the Docker host's /proc, /sys and root filesystem. */
export class NodeExporter extends Construct implements MetricsSource {
  readonly scrapeJob: ScrapeJob;
  readonly ruleGroups: readonly RuleGroup[] = [];
  readonly dashboards: readonly DashboardFile[] = [dashboardFile(hostDashboard())];
  readonly service: ServiceContainer;

  constructor(scope: Construct, id: string, props: NodeExporterProps) {
    super(scope, id);
    const endpoint: Endpoint = { host: 'node-exporter', port: PORT };
    // Losing an exporter blinds a dashboard, not users.
    this.scrapeJob = { jobName: 'node', targets: [endpoint], severityWhenDown: 'warning' };
    this.service = new ServiceContainer(this, 'node-exporter', {
      serviceName: endpoint.host,
      namePrefix: props.namePrefix,
      image: IMAGES.nodeExporter,
      user: 'nobody',
      networks: [props.monitoringNetwork],
      memoryMb: 64,
      command: [
        `--path.procfs=${HOST_ROOT}/proc`,
        `--path.sysfs=${HOST_ROOT}/sys`,
        `--path.rootfs=${HOST_ROOT}/root`,
        // Container and pseudo filesystems would double-count or be meaningless on the host dashboard.
        `--collector.filesystem.mount-points-exclude=^/(dev|proc|sys|run|var/lib/docker/.+)($|/)`,
      ],
      volumes: [
        { hostPath: '/proc', containerPath: `${HOST_ROOT}/proc` },
        { hostPath: '/sys', containerPath: `${HOST_ROOT}/sys` },
        { hostPath: '/', containerPath: `${HOST_ROOT}/root` },
      ],
      readOnlyRootFilesystem: true,
      healthcheck: { command: ['wget', '-q', '-O', '/dev/null', `http://127.0.0.1:${PORT}/`] },
    });
  }
}
