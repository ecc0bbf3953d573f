import { renderAlertmanagerConfig } from '../../../config/alertmanager';
import type { Endpoint } from '../../../config/endpoint';
import { renderNginxConf } from '../../../config/nginx';
import { renderPrometheusConfig } from '../../../config/prometheus';
import { renderRedisConf } from '../../../config/redis';
import type { AlertmanagerOptions } from '../../../constructs/components/alertmanager';
import { metricsSourcesIn } from '../../../constructs/components/metrics-source';
import type { MonitoredServiceOptions } from '../../../constructs/components/monitored-service';
import { SentinelStack, type SentinelStackProps } from '../../../constructs/stack/sentinel-stack';
import { declareOrdersService, ORDERS_THRESHOLDS } from '../../support/orders-service';
import { containerNamed, synthesize, type SynthesizedStack, uploadedFile } from '../../support/synth-stack';
import { testApp } from '../../support/test-app';
import type { LiveAlerting } from './live-alerting';

/** Where each live process listens: the loopback counterparts of the Docker service names. */
export interface LiveEndpoints {
  readonly gateway: Endpoint;
  readonly gatewayStatus: Endpoint;
  readonly app: Endpoint;
  readonly orders: Endpoint;
  readonly redis: Endpoint;
  readonly prometheus: Endpoint;
  readonly alertmanager: Endpoint;
  readonly nginxExporter: Endpoint;
  readonly redisExporter: Endpoint;
  readonly nodeExporter: Endpoint;
}

/** Every app process the gateway balances over, where more than one serves (as replicas do). @default [app] */
export interface AppReplicas {
  readonly appServers?: readonly Endpoint[];
}

/** Scrape jobs of the stack mapped to the live processes; Grafana cannot run here. */
export const LIVE_JOB_TARGETS: Record<string, keyof LiveEndpoints | undefined> = {
  app: 'app',
  orders: 'orders',
  prometheus: 'prometheus',
  alertmanager: 'alertmanager',
  nginx: 'nginxExporter',
  redis: 'redisExporter',
  node: 'nodeExporter',
  grafana: undefined,
};

/** Paths in a live process's own directory that stand in for container paths. */
export interface LivePaths {
  readonly nginxDir: string;
  readonly redisDataDir: string;
  readonly rulesDir: string;
}

export interface LiveConfigs {
  readonly nginxConf: string;
  readonly redisConf: string;
  readonly prometheusYml: string;
  readonly rulesYml: string;
  readonly alertmanagerYml: string;
  /** Jobs Prometheus scrapes here, for "every target is up". */
  readonly jobs: readonly string[];
  /** The synthesized stack these configs come from: its sources, dashboards and uploaded files. */
  readonly synth: SynthesizedStack;
}

/** Alerts fire sooner here than the defaults, so fault tests stay short; everything else is the default stack. */
export const LIVE_STACK_PROPS: SentinelStackProps = {
  app: { alerts: { redisDownFor: '10s' } },
  prometheus: { targetDownFor: '10s' },
};

/** The orders service's own thresholds, its error alert as quick as the app's fault alerts here. */
export const LIVE_ORDERS_OPTIONS: MonitoredServiceOptions = { alerts: { ...ORDERS_THRESHOLDS, errorRatioFor: '10s' } };

/** The live suite's stack: LIVE_STACK_PROPS, and the orders service beside the app. */
export function synthLiveStack(alertmanager?: AlertmanagerOptions): SynthesizedStack {
  const stack = new SentinelStack(testApp(), 'sentinel', { ...LIVE_STACK_PROPS, alertmanager });
  declareOrdersService(stack, LIVE_ORDERS_OPTIONS);
  return { stack, ...synthesize(stack) };
}

/** The secrets Alertmanager's config reads must be exactly those given: no more, no fewer. */
function requireSecretsFor(variables: readonly string[], secrets: LiveAlerting['secrets']): void {
  const given = Object.keys(secrets).sort();
  if (given.join() !== [...variables].sort().join()) {
    throw new Error(`the stack reads the secrets ${[...variables].sort().join(', ') || 'none'}, the live suite gives ${given.join(', ') || 'none'}`);
  }
}

/**
 * The live stack's configs for processes on loopback, from the same renderers and the same
 * construct inputs as the Docker stack: only endpoints and filesystem paths differ, and
 * the receivers in `alerting` (default none), whose secrets are written in as Terraform would.
 * The rule file is the one the synthesized stack ships to Prometheus, byte for byte.
 */
export function liveConfigs(endpoints: LiveEndpoints & AppReplicas, paths: LivePaths, alerting?: LiveAlerting): LiveConfigs {
  const synth = synthLiveStack(alerting?.alertmanager);
  const { stack } = synth;
  const secrets = alerting?.secrets ?? {};
  requireSecretsFor(stack.alertmanager.secretVariables.map((variable) => variable.name), secrets);
  const jobs = metricsSourcesIn(stack)
    .map((source) => source.scrapeJob)
    .flatMap((job) => {
      const target = LIVE_JOB_TARGETS[job.jobName];
      if (!(job.jobName in LIVE_JOB_TARGETS)) throw new Error(`no live process for scrape job ${job.jobName}`);
      return target === undefined ? [] : [{ ...job, targets: [endpoints[target]] }];
    });
  const liveEndpoint = (job: string) => {
    const target = LIVE_JOB_TARGETS[job];
    if (target === undefined) throw new Error(`no live process serves ${job}`);
    return endpoints[target];
  };
  return {
    nginxConf: renderNginxConf({
      ...stack.gateway.nginxConfig(),
      publicListen: endpoints.gateway,
      statusListen: endpoints.gatewayStatus,
      routes: stack.gateway.nginxConfig().routes.map((route) => ({
        ...route,
        upstream: liveEndpoint(route.name),
        ...(LIVE_JOB_TARGETS[route.name] === 'app' && endpoints.appServers ? { servers: endpoints.appServers } : {}),
      })),
      // A child's stdio here is a socket, which nginx cannot open by path as it does /dev/stdout.
      paths: {
        pidFile: `${paths.nginxDir}/nginx.pid`,
        tempDir: paths.nginxDir,
        accessLog: `${paths.nginxDir}/access.log`,
        errorLog: `${paths.nginxDir}/error.log`,
      },
    }),
    redisConf: renderRedisConf({ ...stack.demo!.redis.redisConfig, listen: endpoints.redis, dataDir: paths.redisDataDir }),
    prometheusYml: renderPrometheusConfig({
      scrapeInterval: stack.prometheus.scrapeInterval,
      evaluationInterval: stack.prometheus.evaluationInterval,
      jobs,
      ruleFiles: [`${paths.rulesDir}/*.yml`],
      alertmanagers: [endpoints.alertmanager],
    }),
    rulesYml: uploadedFile(containerNamed(synth, 'sentinel-prometheus'), '/etc/prometheus/rules/sentinel.yml'),
    alertmanagerYml: renderAlertmanagerConfig(stack.alertmanager.alertmanagerConfig, secrets),
    jobs: jobs.map((job) => job.jobName),
    synth,
  };
}
