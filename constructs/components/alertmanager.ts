import { alertmanagerMetaAlerts, WATCHDOG } from '../../alerts/meta-alerts';
import { type AlertmanagerConfigInput, renderAlertmanagerConfig } from '../../config/alertmanager';
import type { Endpoint } from '../../config/endpoint';
import type { RuleGroup } from '../../config/prometheus-rules';
import { JOB_NAMES, type ScrapeJob } from '../../config/scrape-job';
import { declaredReceivers, type ReceiverProps } from '../alerting/alert-receivers';
import { type AlertRouteProps, declaredRoutes } from '../alerting/alert-routes';
import { Volume } from '../framework/docker';
import { ALERTMANAGER_CATALOG } from '../../dashboards/catalog/alertmanager';
import { Construct } from '../framework/framework';
import { IMAGES } from '../engine/images';
import { markMetricsSource, type MetricsSource } from './metrics-source';
import { type PublishOptions, publishedPort, type PublishedPort } from '../engine/published-port';
import { declareSecretVariable, type SecretVariable, yamlTemplateWithSecrets } from '../alerting/secret-variables';
import { stackContextOf } from '../stack/stack-context';
import { ServiceContainer } from '../engine/service-container';
import { InvalidPropError, requireIntegerInRange } from '../validation/validation';

export interface AlertmanagerOptions extends PublishOptions {
  /** Container memory limit, MiB (32–65536). @default 128 */
  readonly memoryMb?: number;
  /** Where people are notified: Slack, email, PagerDuty, webhooks, any number of each; none: alerts show in Alertmanager's UI only. @default [] */
  readonly receivers?: readonly ReceiverProps[];
  /** Which alerts reach which receivers, by severity and optionally job; the first match wins. @default [] */
  readonly routes?: readonly AlertRouteProps[];
  /** Ping the URL in `alertmanager_dead_mans_switch_url` while the Watchdog fires, about once a minute. @default false */
  readonly deadMansSwitch?: boolean;
}

/** What Alertmanager is built with where its props say nothing: its UI on loopback, nobody notified. */
export const ALERTMANAGER_DEFAULTS = {
  hostPort: 9093,
  bindAddress: '127.0.0.1',
  memoryMb: 128,
  receivers: [],
  routes: [],
  deadMansSwitch: false,
} as const satisfies Required<AlertmanagerOptions>;

const PORT = 9093;
const CONFIG_PATH = '/etc/alertmanager/alertmanager.yml';
const DATA_DIR = '/alertmanager';
const DEAD_MANS_SWITCH_VARIABLE: SecretVariable = {
  name: 'alertmanager_dead_mans_switch_url',
  description: "URL of the dead man's switch, pinged while the Watchdog fires.",
};

/** Alertmanager: routes alerts by severity, keeps silences and notification state on a volume. */
export class Alertmanager extends Construct implements MetricsSource {
  readonly endpoint: Endpoint;
  /** alertmanager.yml's input; its secrets are named by the Terraform variables that hold them. */
  readonly alertmanagerConfig: AlertmanagerConfigInput;
  /** Sensitive variables the config reads, one per secret of a declared receiver. */
  readonly secretVariables: readonly SecretVariable[];
  readonly scrapeJob: ScrapeJob;
  readonly metricCatalog = async () => ALERTMANAGER_CATALOG;
  readonly ruleGroups: readonly RuleGroup[];
  readonly publishedPort: PublishedPort;
  readonly service: ServiceContainer;

  constructor(scope: Construct, id: string, props: AlertmanagerOptions = {}) {
    super(scope, id);
    markMetricsSource(this);
    const memoryMb = requireIntegerInRange('alertmanager.memoryMb', props.memoryMb ?? ALERTMANAGER_DEFAULTS.memoryMb, 32, 65536, 'MiB');
    this.publishedPort = publishedPort('alertmanager', PORT, props, ALERTMANAGER_DEFAULTS);
    this.endpoint = { host: 'alertmanager', port: PORT };
    this.scrapeJob = { jobName: JOB_NAMES.alertmanager, targets: [this.endpoint] };
    this.ruleGroups = [{ name: 'alertmanager', rules: alertmanagerMetaAlerts() }];

    const deadMansSwitch = props.deadMansSwitch ?? ALERTMANAGER_DEFAULTS.deadMansSwitch;
    if (typeof deadMansSwitch !== 'boolean') throw new InvalidPropError('alertmanager.deadMansSwitch', deadMansSwitch, 'true or false');
    const { receivers, secretVariables } = declaredReceivers(props.receivers);
    this.secretVariables = [...secretVariables, ...(deadMansSwitch ? [DEAD_MANS_SWITCH_VARIABLE] : [])];
    this.alertmanagerConfig = {
      watchdogAlertName: WATCHDOG,
      resolveTimeout: '5m',
      receivers,
      routes: declaredRoutes(props.routes, receivers.map((receiver) => receiver.name)),
      ...(deadMansSwitch && { deadMansSwitch: { secretName: DEAD_MANS_SWITCH_VARIABLE.name } }),
    };
    for (const variable of this.secretVariables) declareSecretVariable(this, variable);

    const data = new Volume(this, 'data', { name: `${stackContextOf(this).namePrefix}-alertmanager-data` });
    this.service = new ServiceContainer(this, 'alertmanager', {
      serviceName: this.endpoint.host,
      image: IMAGES.alertmanager,
      user: 'nobody',
      networks: ['monitoring'],
      memoryMb,
      command: [
        `--config.file=${CONFIG_PATH}`,
        `--storage.path=${DATA_DIR}`,
        // A single instance: no gossip port to open or secure.
        '--cluster.listen-address=',
      ],
      files: [
        {
          path: CONFIG_PATH,
          // Secrets are known only at apply time: Terraform writes them in.
          terraformTemplate: yamlTemplateWithSecrets(
            (secrets) => renderAlertmanagerConfig(this.alertmanagerConfig, secrets),
            this.secretVariables.map((variable) => variable.name),
          ),
        },
      ],
      volumes: [{ volume: data, containerPath: DATA_DIR }],
      publish: [this.publishedPort],
      healthcheck: { command: ['wget', '-q', '-O', '/dev/null', `http://127.0.0.1:${PORT}/-/ready`] },
    });
  }
}
