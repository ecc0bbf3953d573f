import { prometheusMetaAlerts } from '../../alerts/meta-alerts';
import { SLO_PERIOD } from '../../alerts/slo';
import { LONGEST_SCRAPE_INTERVAL, RED_WINDOW } from '../../alerts/red-recording-rules';
import { REPLICAS_MISMATCH_FOR, replicasMismatchAlerts } from '../../alerts/replicas';
import { targetDownAlerts } from '../../alerts/target-down';
import { nodeDownAlerts } from '../../alerts/node-down';
import type { Duration } from '../../config/duration';
import type { Endpoint } from '../../config/endpoint';
import { renderPrometheusConfig } from '../../config/prometheus';
import { type DashboardFile, dashboardFile, prometheusDashboard } from '../../dashboards';
import { renderRuleFile, type RuleGroup } from '../../config/prometheus-rules';
import { JOB_NAMES, type ScrapeJob } from '../../config/scrape-job';
import { Volume } from '../framework/docker';
import { PROMETHEUS_CATALOG } from '../../dashboards/catalog/prometheus';
import { Construct, TerraformStack } from '../framework/framework';
import { IMAGES } from '../engine/images';
import { markMetricsSource, type MetricsSource, metricsSourcesIn } from './metrics-source';
import { type PublishOptions, publishedPort, type PublishedPort } from '../engine/published-port';
import { stackContextOf } from '../stack/stack-context';
import { ServiceContainer } from '../engine/service-container';
import { requireDuration, requireDurationAtLeast, requireDurationAtMost, requireIntegerInRange } from '../validation/validation';

export interface PrometheusOptions extends PublishOptions {
  /** How often every target is scraped: at most 30s, for the RED rules' 1-minute rates. @default 5s */
  readonly scrapeInterval?: Duration;
  /** How often recording and alerting rules are evaluated. @default 5s */
  readonly evaluationInterval?: Duration;
  /** How long samples are kept on the TSDB volume: at least the 30-day SLO period. @default 30d */
  readonly retention?: Duration;
  /** How long a scrape target must fail before its TargetDown alert fires. @default 1m */
  readonly targetDownFor?: Duration;
  /** On a Swarm, how long a replicated service may run fewer tasks than desired before `ReplicasMismatch` fires. @default 5m */
  readonly replicasMismatchFor?: Duration;
  /** Container memory limit, MiB (256–65536). @default 1024 */
  readonly memoryMb?: number;
}

/** What Prometheus is built with where its props say nothing: its UI on loopback. */
export const PROMETHEUS_DEFAULTS = {
  hostPort: 9090,
  bindAddress: '127.0.0.1',
  scrapeInterval: '5s',
  evaluationInterval: '5s',
  retention: SLO_PERIOD,
  targetDownFor: '1m',
  replicasMismatchFor: REPLICAS_MISMATCH_FOR,
  memoryMb: 1024,
} as const satisfies Required<PrometheusOptions>;

export interface PrometheusProps extends PrometheusOptions {
  readonly alertmanager: Endpoint;
}

const PORT = 9090;
const CONFIG_PATH = '/etc/prometheus/prometheus.yml';
export const RULES_DIR = '/etc/prometheus/rules';
const RULES_PATH = `${RULES_DIR}/sentinel.yml`;
const TSDB_PATH = '/prometheus';

/** Prometheus, scraping and evaluating the rules of every component in the stack that exposes metrics. */
export class Prometheus extends Construct implements MetricsSource {
  readonly endpoint: Endpoint;
  readonly scrapeJob: ScrapeJob;
  readonly metricCatalog = async () => PROMETHEUS_CATALOG;
  readonly ruleGroups: readonly RuleGroup[];
  readonly dashboards: readonly DashboardFile[] = [dashboardFile(prometheusDashboard())];
  readonly scrapeInterval: Duration;
  readonly evaluationInterval: Duration;
  readonly publishedPort: PublishedPort;
  readonly service: ServiceContainer;

  constructor(scope: Construct, id: string, props: PrometheusProps) {
    super(scope, id);
    markMetricsSource(this);
    this.scrapeInterval = requireDuration('prometheus.scrapeInterval', props.scrapeInterval ?? PROMETHEUS_DEFAULTS.scrapeInterval);
    requireDurationAtMost('prometheus.scrapeInterval', this.scrapeInterval, `what the ${RED_WINDOW} RED rules need`, LONGEST_SCRAPE_INTERVAL);
    this.evaluationInterval = requireDuration('prometheus.evaluationInterval', props.evaluationInterval ?? PROMETHEUS_DEFAULTS.evaluationInterval);
    const retention = requireDuration('prometheus.retention', props.retention ?? PROMETHEUS_DEFAULTS.retention);
    // The SLO recording rules read a whole period of samples.
    requireDurationAtLeast('prometheus.retention', retention, 'the SLO period', SLO_PERIOD);
    const memoryMb = requireIntegerInRange('prometheus.memoryMb', props.memoryMb ?? PROMETHEUS_DEFAULTS.memoryMb, 256, 65536, 'MiB');
    this.publishedPort = publishedPort('prometheus', PORT, props, PROMETHEUS_DEFAULTS);
    this.endpoint = { host: 'prometheus', port: PORT };
    this.scrapeJob = { jobName: JOB_NAMES.prometheus, targets: [{ host: 'localhost', port: PORT }] };
    this.ruleGroups = [{ name: 'prometheus', rules: prometheusMetaAlerts() }];
    const targetDownFor = requireDuration('prometheus.targetDownFor', props.targetDownFor ?? PROMETHEUS_DEFAULTS.targetDownFor);
    const replicasMismatchFor = requireDuration('prometheus.replicasMismatchFor', props.replicasMismatchFor ?? PROMETHEUS_DEFAULTS.replicasMismatchFor);

    const stack = TerraformStack.of(this);
    const context = stackContextOf(this);
    const sources = () => metricsSourcesIn(stack);
    const config = () =>
      renderPrometheusConfig({
        scrapeInterval: this.scrapeInterval,
        evaluationInterval: this.evaluationInterval,
        jobs: sources().map((source) => source.scrapeJob),
        ruleFiles: [`${RULES_DIR}/*.yml`],
        alertmanagers: [props.alertmanager],
      });
    const rules = () => {
      const jobs = sources().map((source) => source.scrapeJob);
      return renderRuleFile([
        ...sources().flatMap((source) => source.ruleGroups ?? []),
        { name: 'targets', rules: [...targetDownAlerts(jobs, targetDownFor), ...replicasMismatchAlerts(jobs, replicasMismatchFor), ...nodeDownAlerts(jobs, targetDownFor)] },
      ], context.runbook);
    };
    const tsdb = new Volume(this, 'data', { name: `${context.namePrefix}-prometheus-data` });

    this.service = new ServiceContainer(this, 'prometheus', {
      serviceName: this.endpoint.host,
      image: IMAGES.prometheus,
      user: 'nobody',
      networks: ['monitoring'],
      memoryMb,
      command: [
        `--config.file=${CONFIG_PATH}`,
        `--storage.tsdb.path=${TSDB_PATH}`,
        `--storage.tsdb.retention.time=${retention}`,
        // No --web.enable-lifecycle: every config change replaces the container, and with it any
        // container on the monitoring network could POST /-/quit.
      ],
      files: [
        { path: CONFIG_PATH, content: config },
        { path: RULES_PATH, content: rules },
      ],
      volumes: [{ volume: tsdb, containerPath: TSDB_PATH }],
      publish: [this.publishedPort],
      healthcheck: { command: ['wget', '-q', '-O', '/dev/null', `http://127.0.0.1:${PORT}/-/ready`] },
    });
  }
}
