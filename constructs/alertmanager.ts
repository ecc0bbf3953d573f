import { alertmanagerMetaAlerts, WATCHDOG } from '../alerts/meta-alerts';
import { type AlertmanagerConfigInput, renderAlertmanagerConfig } from '../config/alertmanager';
import type { Endpoint } from '../config/endpoint';
import type { RuleGroup } from '../config/prometheus-rules';
import type { ScrapeJob } from '../config/scrape-job';
import { Volume } from './docker';
import { Construct, TerraformVariable } from './framework';
import { IMAGES } from './images';
import { markMetricsSource, type MetricsSource } from './metrics-source';
import { type PublishOptions, publishedPort, type PublishedPort } from './published-port';
import { stackContextOf } from './stack-context';
import { ServiceContainer } from './service-container';
import { hclQuoted } from './terraform-literal';
import { requireIntegerInRange } from './validation';

export interface AlertmanagerOptions extends PublishOptions {
  /** Container memory limit, MiB (32–65536). @default 128 */
  readonly memoryMb?: number;
}

/** What Alertmanager is built with where its props say nothing: its UI on loopback. */
export const ALERTMANAGER_DEFAULTS = { hostPort: 9093, bindAddress: '127.0.0.1', memoryMb: 128 } as const satisfies Required<AlertmanagerOptions>;


const PORT = 9093;
const CONFIG_PATH = '/etc/alertmanager/alertmanager.yml';
const DATA_DIR = '/alertmanager';
export const WEBHOOK_URL_VARIABLE = 'alertmanager_webhook_url';
const WEBHOOK_URL_MARKER = 'SENTINEL_WEBHOOK_URL_MARKER';

/** Everything in alertmanager.yml but the webhook URL, which is known only at apply time. */
type AlertmanagerBaseConfig = Omit<AlertmanagerConfigInput, 'webhookUrl'>;

/**
 * alertmanager.yml as a Terraform template: the webhook URL is known only at apply
 * time, and an empty one selects the config whose receivers notify nobody.
 */
function configTemplate(base: AlertmanagerBaseConfig, variable: string): string {
  const silent = hclQuoted(renderAlertmanagerConfig(base));
  const notifying = hclQuoted(renderAlertmanagerConfig({ ...base, webhookUrl: WEBHOOK_URL_MARKER }))
    .split(WEBHOOK_URL_MARKER)
    // JSON-quoted, the URL is a valid YAML scalar whatever characters it holds.
    .join(`\${jsonencode(var.${variable})}`);
  return `\${var.${variable} == "" ? ${silent} : ${notifying}}`;
}

/** Alertmanager: routes alerts by severity, keeps silences and notification state on a volume. */
export class Alertmanager extends Construct implements MetricsSource {
  readonly endpoint: Endpoint;
  readonly alertmanagerConfig: AlertmanagerBaseConfig = { watchdogAlertName: WATCHDOG, resolveTimeout: '5m' };
  readonly scrapeJob: ScrapeJob;
  readonly ruleGroups: readonly RuleGroup[];
  readonly publishedPort: PublishedPort;
  readonly service: ServiceContainer;

  constructor(scope: Construct, id: string, props: AlertmanagerOptions = {}) {
    super(scope, id);
    markMetricsSource(this);
    const memoryMb = requireIntegerInRange('alertmanager.memoryMb', props.memoryMb ?? ALERTMANAGER_DEFAULTS.memoryMb, 32, 65536, 'MiB');
    this.publishedPort = publishedPort('alertmanager', PORT, props, ALERTMANAGER_DEFAULTS);
    this.endpoint = { host: 'alertmanager', port: PORT };
    this.scrapeJob = { jobName: 'alertmanager', targets: [this.endpoint] };
    this.ruleGroups = [{ name: 'alertmanager', rules: alertmanagerMetaAlerts() }];

    // Sensitive: webhook URLs often embed a token. Its only default is "", which means "no receiver".
    const webhookUrl = new TerraformVariable(this, 'webhook-url', {
      type: 'string',
      sensitive: true,
      default: '',
      description: `Webhook that receives alert notifications (empty: notify nobody). Set TF_VAR_${WEBHOOK_URL_VARIABLE}.`,
      validation: [
        {
          condition: `\${var.${WEBHOOK_URL_VARIABLE} == "" || can(regex("^https?://[^\\\\s]+$", var.${WEBHOOK_URL_VARIABLE}))}`,
          errorMessage: `${WEBHOOK_URL_VARIABLE} must be empty or an http(s) URL.`,
        },
      ],
    });
    webhookUrl.overrideLogicalId(WEBHOOK_URL_VARIABLE);

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
          terraformTemplate: configTemplate(this.alertmanagerConfig, WEBHOOK_URL_VARIABLE),
        },
      ],
      volumes: [{ volume: data, containerPath: DATA_DIR }],
      publish: [this.publishedPort],
      healthcheck: { command: ['wget', '-q', '-O', '/dev/null', `http://127.0.0.1:${PORT}/-/ready`] },
    });
  }
}
