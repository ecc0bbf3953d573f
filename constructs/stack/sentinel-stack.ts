import { runbookLink } from '../../alerts/runbook';
import { unknownRouteJobs } from '../alerting/alert-routes';
import { nameCollisions } from '../validation/collisions';
import { Alertmanager, type AlertmanagerOptions } from '../components/alertmanager';
import { type AppServiceOptions, sentinelApp } from '../components/sentinel-app';
import type { MonitoredService } from '../components/monitored-service';
import { DOCKER_PROVIDER_VERSION, DockerProvider } from '../framework/docker';
import { Construct, TerraformOutput, TerraformStack } from '../framework/framework';
import { RUNBOOK_PATH } from '../../config/nginx';
import { GATEWAY_UID } from '../../dashboards';
import { Gateway, type GatewayOptions } from '../components/gateway';
import { Grafana, type GrafanaOptions } from '../components/grafana';
import { metricsSourcesIn } from '../components/metrics-source';
import { Networks, type NetworksOptions } from '../engine/networks';
import { NginxExporter } from '../components/nginx-exporter';
import { NodeExporter } from '../components/node-exporter';
import { Prometheus, type PrometheusOptions } from '../components/prometheus';
import { Redis, type RedisOptions } from '../components/redis';
import { RedisExporter } from '../components/redis-exporter';
import type { PublishedPort } from '../engine/published-port';
import type { Engine } from '../engine/engine';
import { registryAuth, type RegistryOptions, requireRegistry } from '../engine/registry';
import { provideStackContext } from './stack-context';
import { type BackendFactory, declareBackend } from './state-backend';
import { InvalidPropError, repeatedValues } from '../validation/validation';
import { requireKnownProps } from '../validation/unknown-props';

export interface SentinelStackProps {
  /** One Docker host (`docker`), or a Docker Swarm (`swarm`: services, configs, secrets, overlay networks). @default docker */
  readonly engine?: Engine;
  /**
   * Prefix of every Docker container, network and volume name (lowercase letters, digits, dashes),
   * so two stacks on one engine share none. @default the stack's id
   */
  readonly namePrefix?: string;
  /**
   * Where alerts' runbook_url annotations point: an absolute http(s) URL of the runbook, so a link in a
   * notification opens. @default the gateway's own copy, `http://localhost:<gateway.hostPort>/runbook/`
   */
  readonly runbookBaseUrl?: string;
  /**
   * Where Terraform keeps the stack's state and its lock, so a team can share them: a function that makes any
   * CDKTF backend in the stack it is given, e.g. `(stack) => new PgBackend(stack, { connStr: '' })`, which
   * connects with the PG_CONN_STR environment variable, so no password lands in cdk.tf.json.
   * @default a local file, sentinel/<stack id>.tfstate under XDG_STATE_HOME, else under ~/.local/state
   */
  readonly backend?: BackendFactory;
  /**
   * A registry every pinned image is pulled from instead of Docker Hub, under the same name
   * (`<address>/prom/prometheus:v3.16.0`, `<address>/redis:8.6.0-alpine`; an image that names a registry
   * of its own stays as named), and the base of every image
   * the stack builds (its Dockerfile's `FROM ${SENTINEL_REGISTRY}…`). On a Swarm the stack also pushes
   * each image it builds there (`<address>/<namePrefix>-app:<source hash>`), so every node can pull it,
   * and each service names its image by digest. @default none: each image from its public registry
   */
  readonly registry?: RegistryOptions;
  readonly networks?: NetworksOptions;
  readonly gateway?: GatewayOptions;
  /**
   * The demo visit counter and the Redis behind it, or `false` for none: no counter, no Redis, and
   * `/` free for a service of the team's own. @default {} (the demo, with its defaults)
   */
  readonly app?: AppServiceOptions | false;
  /** The demo app's Redis; only with the demo app. */
  readonly redis?: RedisOptions;
  readonly prometheus?: PrometheusOptions;
  readonly grafana?: GrafanaOptions;
  readonly alertmanager?: AlertmanagerOptions;
}

const NAME_PREFIX = /^[a-z][a-z0-9-]{0,30}$/;

/** The stack-wide props' values where none are given; each component exports its own defaults. */
export const STACK_DEFAULTS = { engine: 'docker' } as const satisfies Partial<SentinelStackProps>;

/** The whole Sentinel stack on one Docker host. */
export class SentinelStack extends TerraformStack {
  readonly networks: Networks;
  /** The demo app, with its Redis and their exporter, unless `app` is false. */
  readonly demo?: { readonly app: MonitoredService; readonly redis: Redis; readonly redisExporter: RedisExporter };
  readonly gateway: Gateway;
  readonly prometheus: Prometheus;
  readonly grafana: Grafana;
  readonly alertmanager: Alertmanager;
  readonly nginxExporter: NginxExporter;
  readonly nodeExporter: NodeExporter;

  constructor(scope: Construct, id: string, props: SentinelStackProps = {}) {
    super(scope, id);
    requireKnownProps('SentinelStackProps', props);
    const engine = props.engine ?? STACK_DEFAULTS.engine;
    if (engine !== 'docker' && engine !== 'swarm') throw new InvalidPropError('engine', engine, "'docker' or 'swarm'");
    const namePrefix = props.namePrefix ?? id;
    if (!NAME_PREFIX.test(namePrefix)) {
      const allowed = 'lowercase letters, digits and dashes, starting with a letter, at most 31 characters';
      throw new InvalidPropError('namePrefix', namePrefix, props.namePrefix === undefined ? `${allowed} (it defaults to the stack's id: set it)` : allowed);
    }
    if (props.runbookBaseUrl !== undefined) requireRunbookUrl(props.runbookBaseUrl);
    const registry = props.registry === undefined ? undefined : requireRegistry(props.registry);
    new DockerProvider(this, 'docker', registry === undefined ? {} : { registryAuth: [registryAuth(registry)] });
    this.addOverride('terraform.required_providers.docker.version', DOCKER_PROVIDER_VERSION);
    declareBackend(this, props.backend);

    this.networks = new Networks(this, 'networks', { namePrefix, engine, ...props.networks });
    provideStackContext(this, {
      engine,
      namePrefix,
      // Read when the rule file is rendered, once the gateway whose URL is the default exists.
      runbook: (alertName) => runbookLink(props.runbookBaseUrl ?? `${urlOf(this.gateway.publishedPort)}${RUNBOOK_PATH}`)(alertName),
      networks: this.networks,
      registry,
    });

    if (props.app === false && props.redis !== undefined) {
      throw new InvalidPropError('redis', props.redis, "no Redis options while app is false: the stack's Redis is the demo app's");
    }
    this.demo = props.app === false ? undefined : this.demoApp(props.app, props.redis);
    this.gateway = new Gateway(this, 'gateway', props.gateway);
    this.nginxExporter = new NginxExporter(this, 'nginx-exporter', {
      status: this.gateway.statusEndpoint,
      gatewayDownFor: this.gateway.downFor,
    });
    this.nodeExporter = new NodeExporter(this, 'node-exporter');
    this.alertmanager = new Alertmanager(this, 'alertmanager', props.alertmanager);
    this.prometheus = new Prometheus(this, 'prometheus', { alertmanager: this.alertmanager.endpoint, ...props.prometheus });
    this.grafana = new Grafana(this, 'grafana', {
      prometheus: this.prometheus.endpoint,
      scrapeInterval: this.prometheus.scrapeInterval,
      // Without the demo, the gateway's dashboard shows every service behind it.
      homeDashboardUid: this.demo?.app.dashboards[0]!.uid ?? GATEWAY_UID,
      ...props.grafana,
    });

    const hostPorts: { owner: string; value: number }[] = [
      { owner: 'gateway.hostPort', value: this.gateway.publishedPort.hostPort },
      { owner: 'prometheus.hostPort', value: this.prometheus.publishedPort.hostPort },
      { owner: 'grafana.hostPort', value: this.grafana.publishedPort.hostPort },
      { owner: 'alertmanager.hostPort', value: this.alertmanager.publishedPort.hostPort },
      // On one host it listens in the host's network namespace: a port published on 0.0.0.0 would take it.
      ...(engine === 'docker' ? [{ owner: 'the node exporter (host network)', value: this.nodeExporter.hostListener.port }] : []),
    ];
    // Reported together when the stack is synthesized, each under this stack's path.
    this.node.addValidation({
      validate: () => [
        ...repeatedValues('hostPort', hostPorts, String),
        ...nameCollisions(this),
        ...unknownRouteJobs(this.alertmanager.alertmanagerConfig.routes, metricsSourcesIn(this).map((source) => source.scrapeJob.jobName)),
      ],
    });

    const outputs = [
      { id: 'web_url', port: this.gateway.publishedPort, description: 'The web app, through the gateway' },
      { id: 'prometheus_url', port: this.prometheus.publishedPort, description: 'Prometheus UI and API' },
      { id: 'alertmanager_url', port: this.alertmanager.publishedPort, description: 'Alertmanager UI and API' },
      { id: 'grafana_url', port: this.grafana.publishedPort, description: 'Grafana (log in as the admin user)' },
    ];
    // A Swarm's ingress cannot bind one address: only what is public is published there.
    for (const output of outputs.filter((o) => engine === 'docker' || o.port.hostIp === '0.0.0.0')) {
      new TerraformOutput(this, output.id, { value: urlOf(output.port), description: output.description });
    }
  }

  private demoApp(options: AppServiceOptions | undefined, redisOptions: RedisOptions | undefined) {
    const redis = new Redis(this, 'redis', redisOptions);
    const app = sentinelApp(this, redis.endpoint, options);
    const redisExporter = new RedisExporter(this, 'redis-exporter', { redis: redis.endpoint });
    return { app, redis, redisExporter };
  }
}

function requireRunbookUrl(value: string): void {
  const url = URL.canParse(value) ? new URL(value) : undefined;
  if (!url || !['http:', 'https:'].includes(url.protocol) || url.hash !== '' || /\s/.test(value)) {
    throw new InvalidPropError('runbookBaseUrl', value, 'an absolute http(s) URL without spaces or a #fragment, which opens from a notification');
  }
}

function urlOf(port: PublishedPort): string {
  const host = port.hostIp === '0.0.0.0' ? 'localhost' : port.hostIp;
  return `http://${host}:${port.hostPort}`;
}
