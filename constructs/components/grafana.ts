import type { Endpoint } from '../../config/endpoint';
import type { Duration } from '../../config/duration';
import { renderGrafanaDashboardProvider, renderGrafanaDatasources } from '../../config/grafana';
import { JOB_NAMES, type ScrapeJob } from '../../config/scrape-job';
import { Volume } from '../framework/docker';
import { Construct, TerraformStack, TerraformVariable } from '../framework/framework';
import { IMAGES } from '../engine/images';
import { markMetricsSource, type MetricsSource, metricsSourcesIn } from './metrics-source';
import { type PublishOptions, publishedPort, type PublishedPort } from '../engine/published-port';
import { stackContextOf } from '../stack/stack-context';
import { type ConfigFile, ServiceContainer } from '../engine/service-container';
import { InvalidPropError, requireIntegerInRange } from '../validation/validation';

export interface GrafanaOptions extends PublishOptions {
  /** Login name of the admin user (1–64 letters, digits, `.`, `-`, `_`, `@`). @default admin */
  readonly adminUser?: string;
  /** Container memory limit, MiB (128–65536). @default 512 */
  readonly memoryMb?: number;
}

/** What Grafana is built with where its props say nothing: its UI on loopback. */
export const GRAFANA_DEFAULTS = { hostPort: 3000, bindAddress: '127.0.0.1', adminUser: 'admin', memoryMb: 512 } as const satisfies Required<GrafanaOptions>;

export interface GrafanaProps extends GrafanaOptions {
  readonly prometheus: Endpoint;
  /** Grafana's $__rate_interval must match the real scrape interval. */
  readonly scrapeInterval: Duration;
  /** The dashboard Grafana opens on. */
  readonly homeDashboardUid: string;
}

const PORT = 3000;
const PROVISIONING_DIR = '/etc/grafana/provisioning';
const DASHBOARDS_DIR = '/etc/grafana/dashboards';
const MIN_PASSWORD_LENGTH = 12;
const ADMIN_USER = /^[A-Za-z0-9._@-]{1,64}$/;

function dashboardPath(fileName: string): string {
  return `${DASHBOARDS_DIR}/${fileName}`;
}
export const ADMIN_PASSWORD_VARIABLE = 'grafana_admin_password';

/** Grafana with its datasource and dashboards provisioned from code; no default credentials. */
export class Grafana extends Construct implements MetricsSource {
  readonly endpoint: Endpoint;
  readonly scrapeJob: ScrapeJob;
  readonly publishedPort: PublishedPort;
  readonly service: ServiceContainer;

  constructor(scope: Construct, id: string, props: GrafanaProps) {
    super(scope, id);
    markMetricsSource(this);
    const memoryMb = requireIntegerInRange('grafana.memoryMb', props.memoryMb ?? GRAFANA_DEFAULTS.memoryMb, 128, 65536, 'MiB');
    const adminUser = props.adminUser ?? GRAFANA_DEFAULTS.adminUser;
    // It lands in an environment variable and is typed at Grafana's login form.
    if (!ADMIN_USER.test(adminUser)) {
      throw new InvalidPropError('grafana.adminUser', adminUser, 'a login of 1 to 64 letters, digits, dots, dashes, underscores or @');
    }
    this.publishedPort = publishedPort('grafana', PORT, props, GRAFANA_DEFAULTS);
    this.endpoint = { host: 'grafana', port: PORT };
    this.scrapeJob = { jobName: JOB_NAMES.grafana, targets: [this.endpoint], severityWhenDown: 'warning' };

    // Sensitive and without a default, so the password never lands in cdk.tf.json.
    const adminPassword = new TerraformVariable(this, 'admin-password', {
      type: 'string',
      sensitive: true,
      description: `Grafana admin password (at least ${MIN_PASSWORD_LENGTH} characters). Set TF_VAR_${ADMIN_PASSWORD_VARIABLE}.`,
      validation: [
        {
          condition: `\${length(var.${ADMIN_PASSWORD_VARIABLE}) >= ${MIN_PASSWORD_LENGTH}}`,
          errorMessage: `${ADMIN_PASSWORD_VARIABLE} must be at least ${MIN_PASSWORD_LENGTH} characters long.`,
        },
      ],
    });
    adminPassword.overrideLogicalId(ADMIN_PASSWORD_VARIABLE);

    const stack = TerraformStack.of(this);
    // Every component brings its own dashboards; only those of components in the stack are provisioned.
    // A dashboard two sources share (the Redis one, for each Redis in the stack) is provisioned once.
    const dashboards = (): ConfigFile[] =>
      [...new Map(metricsSourcesIn(stack).flatMap((source) => source.dashboards ?? []).map((d) => [d.uid, d] as const)).values()].map(
        (dashboard) => ({ path: dashboardPath(dashboard.fileName), content: JSON.stringify(dashboard.json, null, 2) }),
      );
    const data = new Volume(this, 'data', { name: `${stackContextOf(this).namePrefix}-grafana-data` });

    this.service = new ServiceContainer(this, 'grafana', {
      serviceName: this.endpoint.host,
      image: IMAGES.grafana,
      user: '472',
      networks: ['monitoring'],
      memoryMb,
      env: {
        GF_SECURITY_ADMIN_USER: adminUser,
        GF_SECURITY_ADMIN_PASSWORD: { secret: adminPassword.stringValue },
        GF_SECURITY_DISABLE_GRAVATAR: 'true',
        GF_SECURITY_COOKIE_SAMESITE: 'strict',
        GF_AUTH_ANONYMOUS_ENABLED: 'false',
        GF_USERS_ALLOW_SIGN_UP: 'false',
        GF_ANALYTICS_REPORTING_ENABLED: 'false',
        GF_ANALYTICS_CHECK_FOR_UPDATES: 'false',
        GF_ANALYTICS_CHECK_FOR_PLUGIN_UPDATES: 'false',
        GF_NEWS_NEWS_FEED_ENABLED: 'false',
        // No calls home for plugin signing keys or plugins Grafana would otherwise install at start.
        GF_PLUGINS_PUBLIC_KEY_RETRIEVAL_DISABLED: 'true',
        GF_PLUGINS_PREINSTALL_DISABLED: 'true',
        GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH: dashboardPath(`${props.homeDashboardUid}.json`),
      },
      files: () => [
        {
          path: `${PROVISIONING_DIR}/datasources/sentinel.yaml`,
          content: renderGrafanaDatasources({ prometheus: props.prometheus, scrapeInterval: props.scrapeInterval }),
        },
        {
          path: `${PROVISIONING_DIR}/dashboards/sentinel.yaml`,
          content: renderGrafanaDashboardProvider({ dashboardsDir: DASHBOARDS_DIR }),
        },
        ...dashboards(),
      ],
      volumes: [{ volume: data, containerPath: '/var/lib/grafana' }],
      publish: [this.publishedPort],
      healthcheck: {
        command: ['wget', '-q', '-O', '/dev/null', `http://127.0.0.1:${PORT}/api/health`],
        startPeriod: '30s',
      },
    });
  }
}
