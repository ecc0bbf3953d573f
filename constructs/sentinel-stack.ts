import { runbookLink } from '../alerts/runbook';
import { requireKnownJobs } from './alert-routes';
import { Alertmanager, type AlertmanagerOptions } from './alertmanager';
import { AppService, type AppServiceOptions } from './app-service';
import { DockerProvider } from './docker';
import { Construct, LocalBackend, TerraformOutput, TerraformStack } from './framework';
import { Gateway, type GatewayOptions } from './gateway';
import { Grafana, type GrafanaOptions } from './grafana';
import { metricsSourcesIn } from './metrics-source';
import { Networks, type NetworksOptions } from './networks';
import { NginxExporter } from './nginx-exporter';
import { NodeExporter } from './node-exporter';
import { Prometheus, type PrometheusOptions } from './prometheus';
import { Redis, type RedisOptions } from './redis';
import { RedisExporter } from './redis-exporter';
import type { PublishedPort } from './published-port';
import { stateFilePath } from './state-file';
import { InvalidPropError, requireDistinct } from './validation';

export interface SentinelStackProps {
  /** Prefix of every Docker container, network and volume name. */
  readonly namePrefix?: string;
  /** Where alerts' runbook_url annotations point: the runbook document, served where your team reads it. */
  readonly runbookBaseUrl?: string;
  readonly networks?: NetworksOptions;
  readonly gateway?: GatewayOptions;
  readonly app?: AppServiceOptions;
  readonly redis?: RedisOptions;
  readonly prometheus?: PrometheusOptions;
  readonly grafana?: GrafanaOptions;
  readonly alertmanager?: AlertmanagerOptions;
}

const NAME_PREFIX = /^[a-z][a-z0-9-]{0,30}$/;
const DEFAULT_RUNBOOK = 'docs/runbook.md';

/** The whole Sentinel stack on one Docker host. */
export class SentinelStack extends TerraformStack {
  readonly networks: Networks;
  readonly redis: Redis;
  readonly app: AppService;
  readonly gateway: Gateway;
  readonly prometheus: Prometheus;
  readonly grafana: Grafana;
  readonly alertmanager: Alertmanager;
  readonly nginxExporter: NginxExporter;
  readonly redisExporter: RedisExporter;
  readonly nodeExporter: NodeExporter;

  constructor(scope: Construct, id: string, props: SentinelStackProps = {}) {
    super(scope, id);
    const namePrefix = props.namePrefix ?? 'sentinel';
    if (!NAME_PREFIX.test(namePrefix)) {
      throw new InvalidPropError('namePrefix', namePrefix, 'lowercase letters, digits and dashes, starting with a letter, at most 31 characters');
    }
    const runbookBaseUrl = props.runbookBaseUrl ?? DEFAULT_RUNBOOK;
    if (!/^\S+$/.test(runbookBaseUrl) || runbookBaseUrl.includes('#')) {
      throw new InvalidPropError('runbookBaseUrl', runbookBaseUrl, 'a URL or path without spaces or a #fragment');
    }
    const runbook = runbookLink(runbookBaseUrl);
    new DockerProvider(this, 'docker', {});
    new LocalBackend(this, { path: stateFilePath(id) });

    this.networks = new Networks(this, 'networks', { namePrefix, ...props.networks });
    this.redis = new Redis(this, 'redis', { namePrefix, network: this.networks.internal, ...props.redis });
    this.app = new AppService(this, 'app', {
      namePrefix,
      edgeNetwork: this.networks.edge,
      dataNetwork: this.networks.internal,
      monitoringNetwork: this.networks.monitoring,
      redis: this.redis.endpoint,
      runbook,
      ...props.app,
    });
    this.gateway = new Gateway(this, 'gateway', {
      namePrefix,
      edgeNetwork: this.networks.edge,
      monitoringNetwork: this.networks.monitoring,
      monitoringSubnet: this.networks.monitoringSubnet,
      upstream: this.app.service,
      upstreamEndpoint: this.app.endpoint,
      ...props.gateway,
    });
    this.nginxExporter = new NginxExporter(this, 'nginx-exporter', {
      namePrefix,
      monitoringNetwork: this.networks.monitoring,
      status: this.gateway.statusEndpoint,
      runbook,
    });
    this.redisExporter = new RedisExporter(this, 'redis-exporter', {
      namePrefix,
      dataNetwork: this.networks.internal,
      monitoringNetwork: this.networks.monitoring,
      redis: this.redis.endpoint,
    });
    this.nodeExporter = new NodeExporter(this, 'node-exporter', {
      namePrefix,
      monitoringNetwork: this.networks.monitoring,
      monitoringGateway: this.networks.monitoringGateway,
    });
    this.alertmanager = new Alertmanager(this, 'alertmanager', {
      namePrefix,
      network: this.networks.monitoring,
      runbook,
      ...props.alertmanager,
    });
    this.prometheus = new Prometheus(this, 'prometheus', {
      namePrefix,
      network: this.networks.monitoring,
      alertmanager: this.alertmanager.endpoint,
      runbook,
      ...props.prometheus,
    });
    this.grafana = new Grafana(this, 'grafana', {
      namePrefix,
      network: this.networks.monitoring,
      prometheus: this.prometheus.endpoint,
      scrapeInterval: this.prometheus.scrapeInterval,
      ...props.grafana,
    });

    const published: { owner: string; value: PublishedPort }[] = [
      { owner: 'gateway.hostPort', value: this.gateway.publishedPort },
      { owner: 'prometheus.hostPort', value: this.prometheus.publishedPort },
      { owner: 'grafana.hostPort', value: this.grafana.publishedPort },
      { owner: 'alertmanager.hostPort', value: this.alertmanager.publishedPort },
    ];
    requireDistinct('hostPort', published, (port) => String(port.hostPort));
    requireKnownJobs(this.alertmanager.alertmanagerConfig.routes, metricsSourcesIn(this).map((source) => source.scrapeJob.jobName));

    new TerraformOutput(this, 'web_url', { value: urlOf(this.gateway.publishedPort), description: 'The web app, through the gateway' });
    new TerraformOutput(this, 'prometheus_url', { value: urlOf(this.prometheus.publishedPort), description: 'Prometheus UI and API' });
    new TerraformOutput(this, 'alertmanager_url', { value: urlOf(this.alertmanager.publishedPort), description: 'Alertmanager UI and API' });
    new TerraformOutput(this, 'grafana_url', { value: urlOf(this.grafana.publishedPort), description: 'Grafana (log in as the admin user)' });
  }
}

function urlOf(port: PublishedPort): string {
  const host = port.hostIp === '0.0.0.0' ? 'localhost' : port.hostIp;
  return `http://${host}:${port.hostPort}`;
}
