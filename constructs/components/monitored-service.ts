import { existsSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { DEFAULT_HTTP_ALERT_THRESHOLDS, type HttpAlertThresholds, httpAlerts } from '../../alerts/http-alerts';
import type { HttpJob } from '../../alerts/http-selectors';
import { redRecordingRules } from '../../alerts/red-recording-rules';
import { type AvailabilitySlo, sloBurnRateAlerts, sloRecordingRules } from '../../alerts/slo';
import type { Endpoint } from '../../config/endpoint';
import type { NginxRoute } from '../../config/nginx';
import type { AlertingRule, RuleGroup } from '../../config/prometheus-rules';
import type { ScrapeJob } from '../../config/scrape-job';
import { type DashboardFile, type DashboardSection, dashboardFile, runtimeSection, serviceOverview, type ServiceRuntime } from '../../dashboards';
import type { MetricCatalog } from '../../dashboards/catalog/metric-catalog';
import { type HttpMetricNames, SENTINEL_HTTP_METRICS } from '../../dashboards/metrics';
import { Image } from '../framework/docker';
import { App, Construct, type IConstruct, TerraformStack } from '../framework/framework';
import { markMetricsSource, type MetricsSource } from './metrics-source';
import { httpServiceCatalog } from '../../dashboards/catalog/http-service';
import type { NetworkRole } from '../engine/networks';
import { Redis, type RedisOptions } from './redis';
import { RedisExporter } from './redis-exporter';
import { type Healthcheck, type NoHealthcheck, ServiceContainer } from '../engine/service-container';
import { replicaNames } from '../engine/service-spec';
import { sourceHash } from '../engine/source-hash';
import { REGISTRY_BUILD_ARG, underRegistry } from '../engine/registry';
import { stackContextOf } from '../stack/stack-context';
import { requireImageReference } from '../validation/image-reference';
import { requireUntakenName } from '../validation/service-name';
import { requireKnownProps } from '../validation/unknown-props';
import { InvalidPropError, requireDuration, requireIntegerInRange, requireNumberInRange, requirePort } from '../validation/validation';

/** What a team tunes on a service once it runs: its size, its alert thresholds, its SLO. */
export interface MonitoredServiceOptions {
  /** Container memory limit, MiB (64–65536). @default 256 */
  readonly memoryMb?: number;
  /** Thresholds of its `HighErrorRate` and `HighLatency` alerts; each one left out keeps its default. */
  readonly alerts?: Partial<HttpAlertThresholds>;
  /** Availability SLO of its user requests over 30 days, % (at least 95, below 100). @default { targetPercent: 99.9 } */
  readonly slo?: Partial<AvailabilitySlo>;
  /**
   * How many copies run it, each scraped as its own target and behind the gateway's upstream:
   * tasks on a Swarm (1–100), containers on one host (1–16, `<name>`, `<name>-2`, …). @default 1
   */
  readonly replicas?: number;
}

/** What a service reports about one of its dependencies: alerts on it and a row on its dashboard. */
export interface DependencySignals {
  readonly alerts: (jobName: string) => AlertingRule[];
  readonly section: DashboardSection;
}

/**
 * An image the stack builds from a directory with a Dockerfile, rebuilt whenever a file there
 * changes. With the stack's `registry`, the build argument `SENTINEL_REGISTRY` is `<address>/`
 * (`FROM ${SENTINEL_REGISTRY}node:22` takes the base from there) and, on a Swarm, the image is pushed there.
 */
export interface ImageBuild {
  readonly buildContext: string;
}

export interface MonitoredServiceProps extends MonitoredServiceOptions {
  /** A pinned image reference (`name:tag`, not `latest`, or `name@sha256:digest`), pulled; or a directory the stack builds it from. */
  readonly image: string | ImageBuild;
  /** The port it serves HTTP and its metrics on, inside its container. */
  readonly port: number;
  /**
   * Path prefix the gateway routes to it, `/` or `/<segment>/…/`. Below `/`, the gateway takes
   * the prefix off: the service sees the paths it serves.
   */
  readonly route: string;
  /** Path of its Prometheus metrics, which the gateway refuses to the public. @default /metrics */
  readonly metricsPath?: string;
  /** The probe Docker runs inside its container; an image with nothing to probe with says why. */
  readonly healthcheck: Healthcheck | NoHealthcheck;
  /** Environment of its process. @default {} */
  readonly env?: Readonly<Record<string, string>>;
  /** User its process runs as, never root; by default nobody. @default 65534:65534 */
  readonly user?: string;
  /**
   * How its request metrics are named, for a service not instrumented like Sentinel's app; each
   * name left out keeps the app's, and `inFlight: undefined` says it has no in-flight gauge. @default SENTINEL_HTTP_METRICS
   */
  readonly metrics?: Partial<HttpMetricNames>;
  /** Route label values of probes, left out of the SLI. @default [metricsPath] */
  readonly probeRoutes?: readonly string[];
  /** The process metrics its client library exports, drawn in a row of its own; without it, no row. */
  readonly runtime?: ServiceRuntime;
  /** What it reports about its dependencies, each an alert set and a dashboard row. @default [] */
  readonly dependencies?: readonly DependencySignals[];
  /** Joins the internal network, where the stack's Redis is. @default false */
  readonly reachesInternalNetwork?: boolean;
  /**
   * A Redis of its own (`<name>-redis`, on the internal network, data on its volume), with its
   * exporter scraped as job `<name>-redis`; its address reaches the service as `REDIS_URL`. @default none
   */
  readonly redis?: RedisOptions;
  /** The metrics it exports, for the tests that check every panel reads an exported series. @default those its `metrics` and `runtime` name */
  readonly catalog?: () => Promise<MetricCatalog>;
}

/** What a service is built with where its props say nothing. */
export const SERVICE_DEFAULTS = {
  memoryMb: 256,
  alerts: DEFAULT_HTTP_ALERT_THRESHOLDS,
  slo: { targetPercent: 99.9 },
  metricsPath: '/metrics',
  user: '65534:65534',
  metrics: SENTINEL_HTTP_METRICS,
  reachesInternalNetwork: false,
} as const;

/**
 * Most copies of one service: Swarm spreads tasks over its nodes; one host's containers share
 * its cores, and past a few per core they only add memory and connections.
 */
const MAX_REPLICAS = { swarm: 100, docker: 16 } as const;

const SERVICE_NAME = /^[a-z][a-z0-9-]{0,19}$/;
const ROUTE = /^\/([a-z0-9_-]+\/)*$/;
const PATH = /^\/[A-Za-z0-9._~/-]*$/;
const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/**
 * Any HTTP service behind the gateway, watched like Sentinel's own app: its container, its
 * gateway route, its scrape job, RED recording rules, error-rate, latency and SLO burn-rate
 * alerts with its own thresholds, and a dashboard of its own. Its construct id is its name.
 */
export class MonitoredService extends Construct implements MetricsSource {
  readonly endpoint: Endpoint;
  readonly scrapeJob: ScrapeJob;
  readonly ruleGroups: readonly RuleGroup[];
  readonly dashboards: readonly DashboardFile[];
  readonly gatewayRoute: NginxRoute;
  readonly service: ServiceContainer;
  readonly metricCatalog: () => Promise<MetricCatalog>;

  constructor(scope: Construct, id: string, props: MonitoredServiceProps) {
    super(scope, requireUntakenName(scope, id));
    markMetricsSource(this);
    requireKnownProps('MonitoredServiceProps', props, id);
    const image = requireImage(id, props.image);
    if (!SERVICE_NAME.test(id)) throw new InvalidPropError('service name (construct id)', id, 'lowercase letters, digits and dashes, starting with a letter, at most 20 characters');
    const memoryMb = requireIntegerInRange(`${id}.memoryMb`, props.memoryMb ?? SERVICE_DEFAULTS.memoryMb, 64, 65536, 'MiB');
    const port = requirePort(`${id}.port`, props.port);
    const swarm = stackContextOf(this).engine === 'swarm';
    const replicas = swarm
      ? requireIntegerInRange(`${id}.replicas`, props.replicas ?? 1, 1, MAX_REPLICAS.swarm, 'tasks')
      : requireIntegerInRange(`${id}.replicas`, props.replicas ?? 1, 1, MAX_REPLICAS.docker, 'containers on one host (more on a Swarm)');
    if (!ROUTE.test(props.route)) throw new InvalidPropError(`${id}.route`, props.route, 'a path prefix such as / or /orders/: lowercase segments, each ending in /');
    const metricsPath = props.metricsPath ?? SERVICE_DEFAULTS.metricsPath;
    if (!PATH.test(metricsPath)) throw new InvalidPropError(`${id}.metricsPath`, metricsPath, 'an absolute URL path such as /metrics');
    const metrics = requireMetricNames(id, { ...SERVICE_DEFAULTS.metrics, ...props.metrics });
    const thresholds = alertThresholds(id, props.alerts ?? {});
    const slo: AvailabilitySlo = {
      // Below 95 % even the fastest burn-rate alert (14.4x the budget) could never fire.
      targetPercent: requireNumberInRange(`${id}.slo.targetPercent`, props.slo?.targetPercent ?? SERVICE_DEFAULTS.slo.targetPercent, { atLeast: 95, below: 100 }, '%'),
    };

    this.endpoint = { host: id, port };
    // On a Swarm one name finds every task; on one host each container is listed by its own.
    const replicaEndpoints = swarm ? [this.endpoint] : replicaNames(id, replicas).map((host) => ({ host, port }));
    this.scrapeJob = {
      jobName: id,
      targets: replicaEndpoints,
      ...(metricsPath === SERVICE_DEFAULTS.metricsPath ? {} : { metricsPath }),
      ...(swarm ? { replicas } : {}),
    };
    this.gatewayRoute = { name: id, upstream: this.endpoint, ...(replicaEndpoints.length > 1 ? { servers: replicaEndpoints } : {}), pathPrefix: props.route, metricsPath };
    const http: HttpJob = { jobName: id, metrics, probeRoutes: props.probeRoutes ?? [metricsPath] };
    const dependencies = props.dependencies ?? [];
    const sections = [...dependencies.map((dependency) => dependency.section), ...(props.runtime ? [runtimeSection(props.runtime)] : [])];
    // The dashboard draws the thresholds the alerts really use.
    this.dashboards = [dashboardFile(serviceOverview({ service: id, http, thresholds, sloTargetPercent: slo.targetPercent, sections }))];
    this.ruleGroups = [
      redRecordingRules(http),
      ...sloRecordingRules(http, slo),
      {
        name: `${id}-alerts`,
        rules: [...httpAlerts(http, thresholds), ...dependencies.flatMap((dependency) => dependency.alerts(id)), ...sloBurnRateAlerts(http, slo)],
      },
    ];
    this.metricCatalog = props.catalog ?? (async () => httpServiceCatalog(id, metrics, props.runtime));

    const ownRedis = props.redis === undefined ? undefined : this.ownRedis(id, props.redis);
    const internal = ownRedis !== undefined || (props.reachesInternalNetwork ?? SERVICE_DEFAULTS.reachesInternalNetwork);
    const networks: NetworkRole[] = internal ? ['edge', 'internal', 'monitoring'] : ['edge', 'monitoring'];
    this.service = new ServiceContainer(this, id, {
      serviceName: id,
      image: typeof image === 'string' ? image : this.builtImage(id, image),
      user: props.user ?? SERVICE_DEFAULTS.user,
      networks,
      memoryMb,
      readOnlyRootFilesystem: true,
      env: ownRedis === undefined ? props.env : { REDIS_URL: `redis://${ownRedis.host}:${ownRedis.port}`, ...props.env },
      healthcheck: props.healthcheck,
      replicas,
    });
  }

  /** Its Redis and the exporter that watches it, both children of the service. */
  private ownRedis(id: string, options: RedisOptions): Endpoint {
    const redis = new Redis(this, 'redis', { ...options, name: `${id}-redis` });
    new RedisExporter(this, 'redis-exporter', { redis: redis.endpoint, jobName: `${id}-redis` });
    return redis.endpoint;
  }

  private builtImage(id: string, build: ImageBuild): Image {
    const context = resolve(build.buildContext);
    const hash = sourceHash(context);
    // Terraform runs in the stack's synth output directory: a context relative to it is the same
    // from every checkout, so a deploy from another clone plans no new image.
    const stackDir = join(App.of(this).outdir, 'stacks', TerraformStack.of(this).node.id);
    const { namePrefix, registry } = stackContextOf(this);
    const image = new Image(this, 'image', {
      // The tag follows the sources, so a container always names the build it runs.
      name: underRegistry(registry, `${namePrefix}-${id}:${hash.slice(0, 12)}`),
      buildAttribute: {
        context: relative(stackDir, context),
        ...(registry === undefined ? {} : { buildArgs: { [REGISTRY_BUILD_ARG]: `${registry.address}/` } }),
      },
      triggers: { source_sha256: hash },
      // The engine refuses to remove an image a running container uses, so a rebuild that removed
      // the old image first would fail; earlier builds stay until pruned (`docker image prune`).
      keepLocally: true,
    });
    // BuildKit (which the provider always builds with) asks a plain-HTTP registry for a base image
    // over TLS, whatever the engine's insecure-registries say, but takes one the engine has: the
    // engine pulls the bases from the registry first.
    if (registry?.protocol === 'http') {
      const bases = registryBaseImages(context).map((ref, index) => new Image(this, `base-image-${index + 1}`, { name: underRegistry(registry, ref), keepLocally: true }));
      image.dependsOn = bases.map((base) => `${base.terraformResourceType}.${base.friendlyUniqueId}`);
    }
    return image;
  }
}

/** The images a build context's Dockerfile takes from the stack's registry: its `FROM ${SENTINEL_REGISTRY}<image>` lines. */
export function registryBaseImages(context: string): string[] {
  const dockerfile = join(context, 'Dockerfile');
  const text = existsSync(dockerfile) ? readFileSync(dockerfile, 'utf8') : '';
  const refs = [...text.matchAll(new RegExp(`^FROM\\s+\\$\\{${REGISTRY_BUILD_ARG}\\}(\\S+)`, 'gim'))].map((match) => match[1]!);
  return [...new Set(refs)];
}

function requireImage(id: string, image: string | ImageBuild | undefined): string | ImageBuild {
  if (typeof image === 'string') return requireImageReference(`${id}.image`, image);
  if (typeof image?.buildContext !== 'string') {
    throw new InvalidPropError(`${id}.image`, image, 'a pinned image reference (name:tag or name@sha256:digest), or { buildContext: a directory with a Dockerfile }');
  }
  return image;
}

/** Every monitored service in the scope: the gateway routes to each. */
export function monitoredServicesIn(scope: IConstruct): MonitoredService[] {
  return scope.node.findAll().filter((construct): construct is MonitoredService => construct instanceof MonitoredService);
}

function requireMetricNames(id: string, metrics: HttpMetricNames): HttpMetricNames {
  const required: { key: keyof HttpMetricNames; pattern: RegExp; feeds: string }[] = [
    { key: 'requests', pattern: METRIC_NAME, feeds: 'the request rate, error ratio and SLO' },
    { key: 'durationSeconds', pattern: METRIC_NAME, feeds: 'the latency quantiles and HighLatency' },
    { key: 'routeLabel', pattern: LABEL_NAME, feeds: 'the per-route series and the probe exclusion' },
    { key: 'statusLabel', pattern: LABEL_NAME, feeds: 'the 5xx error ratio' },
  ];
  for (const { key, pattern, feeds } of required) {
    const value = metrics[key];
    if (typeof value !== 'string' || !pattern.test(value)) {
      throw new InvalidPropError(`${id}.metrics.${key}`, value, `a Prometheus ${pattern === LABEL_NAME ? 'label' : 'metric'} name: ${feeds} read it`);
    }
  }
  if (/_(bucket|sum|count)$/.test(metrics.durationSeconds)) {
    throw new InvalidPropError(`${id}.metrics.durationSeconds`, metrics.durationSeconds, "the histogram's base name, without _bucket, _sum or _count");
  }
  if (metrics.inFlight !== undefined && !METRIC_NAME.test(metrics.inFlight)) {
    throw new InvalidPropError(`${id}.metrics.inFlight`, metrics.inFlight, 'a Prometheus metric name, or no in-flight gauge at all');
  }
  return metrics;
}

function alertThresholds(id: string, overrides: Partial<HttpAlertThresholds>): HttpAlertThresholds {
  const merged = { ...DEFAULT_HTTP_ALERT_THRESHOLDS, ...overrides };
  return {
    errorRatio: requireNumberInRange(`${id}.alerts.errorRatio`, merged.errorRatio, { above: 0, below: 1 }),
    errorRatioFor: requireDuration(`${id}.alerts.errorRatioFor`, merged.errorRatioFor),
    // Above 10 s, the top bucket of the app's histogram and of the common clients' defaults, no quantile can be measured.
    latencyP95Seconds: requireNumberInRange(`${id}.alerts.latencyP95Seconds`, merged.latencyP95Seconds, { above: 0, below: 10 }, 'seconds'),
    latencyFor: requireDuration(`${id}.alerts.latencyFor`, merged.latencyFor),
  };
}
