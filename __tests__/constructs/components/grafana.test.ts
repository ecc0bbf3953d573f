import { parse } from 'yaml';
import { dashboardFile, redisDashboard } from '../../../dashboards';
import type { Construct } from '../../../constructs/framework/framework';
import { ADMIN_PASSWORD_VARIABLE, Grafana, type GrafanaOptions } from '../../../constructs/components/grafana';
import { describeWithTools, TOOLS } from '../../support/external-tools';
import { StandInMetricsSource, synthConstruct } from '../../support/construct-scope';
import { containerNamed, networkRolesOf, resourceNames, type Synthesized, uploadedFile } from '../../support/synth-stack';
import { evaluateWithTerraform } from '../../support/terraform-eval';

const DATASOURCES_PATH = '/etc/grafana/provisioning/datasources/sentinel.yaml';
const DASHBOARD = dashboardFile(redisDashboard());

/** Grafana with a stand-in Prometheus, next to a stand-in component that brings one dashboard. */
function synthGrafana(options: GrafanaOptions = {}) {
  return synthConstruct((scope: Construct) => {
    new StandInMetricsSource(scope, 'source', { scrapeJob: { jobName: 'source', targets: [{ host: 'source', port: 1 }] }, dashboards: [DASHBOARD] });
    return new Grafana(scope, 'grafana', { prometheus: { host: 'metrics-store', port: 19090 }, scrapeInterval: '15s', homeDashboardUid: DASHBOARD.uid, ...options });
  });
}

const grafanaOf = (synth: Synthesized) => containerNamed(synth, 'sentinel-grafana');
const synth = synthGrafana();
const grafana = grafanaOf(synth);

describe('Grafana container', () => {
  it('is on the monitoring network only, its UI published on loopback, its data on a named volume', () => {
    expect(networkRolesOf(grafana)).toEqual(['monitoring']);
    expect(grafana.ports).toEqual([{ internal: 3000, external: 3000, ip: '127.0.0.1' }]);
    expect(resourceNames(synth, 'docker_volume')).toEqual(['sentinel-grafana-data']);
    expect(grafana.volumes?.map((v) => v.container_path)).toEqual(['/var/lib/grafana']);
    expect([grafana.user, grafana.memory]).toEqual(['472', 512]);
  });

  it('takes the admin user, port, bind address and memory from its props', () => {
    const tuned = grafanaOf(synthGrafana({ adminUser: 'ops@example.test', hostPort: 13000, bindAddress: '10.0.0.5', memoryMb: 1024 }));
    expect(tuned.env).toContain('GF_SECURITY_ADMIN_USER=ops@example.test');
    expect(tuned.ports).toEqual([{ internal: 3000, external: 13000, ip: '10.0.0.5' }]);
    expect(tuned.memory).toBe(1024);
    expect(grafana.env).toContain('GF_SECURITY_ADMIN_USER=admin');
  });

  it('refuses less memory than Grafana starts in, naming the prop and its unit', () => {
    expect(() => synthGrafana({ memoryMb: 64 })).toThrow('Invalid grafana.memoryMb: got 64, expected an integer from 128 to 65536 MiB');
  });

  it('is healthy once its health API answers, given 30 s to start', () => {
    expect(grafana.healthcheck).toMatchObject({ test: ['CMD', 'wget', '-q', '-O', '/dev/null', 'http://127.0.0.1:3000/api/health'], start_period: '30s' });
  });

  it('is scraped as the grafana job at its own address, and only warns when down', () => {
    expect(synth.construct.scrapeJob).toEqual({ jobName: 'grafana', targets: [{ host: 'grafana', port: 3000 }], severityWhenDown: 'warning' });
  });
});

describe('Grafana credentials', () => {
  it('takes the admin password from a sensitive variable with no default', () => {
    const variable = synth.variables[ADMIN_PASSWORD_VARIABLE];
    expect(variable).toMatchObject({ sensitive: true, type: 'string' });
    expect(variable).not.toHaveProperty('default');
    expect(variable?.description).toBe(`Grafana admin password (at least 12 characters). Set TF_VAR_${ADMIN_PASSWORD_VARIABLE}.`);
    expect(grafana.env).toContain(`GF_SECURITY_ADMIN_PASSWORD=\${var.${ADMIN_PASSWORD_VARIABLE}}`);
  });

  it('never writes a password value into the synthesized JSON', () => {
    const secret = 'correct-horse-battery-staple';
    process.env[`TF_VAR_${ADMIN_PASSWORD_VARIABLE}`] = secret;
    try {
      expect(synthGrafana().json).not.toContain(secret);
    } finally {
      delete process.env[`TF_VAR_${ADMIN_PASSWORD_VARIABLE}`];
    }
    expect(synth.json).not.toMatch(/ADMIN_PASSWORD=admin\b/);
  });

  it('makes no calls home: no update checks, news, avatars, plugin key retrieval or plugin preinstalls', () => {
    expect(grafana.env).toEqual(
      expect.arrayContaining([
        'GF_SECURITY_DISABLE_GRAVATAR=true',
        'GF_ANALYTICS_REPORTING_ENABLED=false',
        'GF_ANALYTICS_CHECK_FOR_UPDATES=false',
        'GF_ANALYTICS_CHECK_FOR_PLUGIN_UPDATES=false',
        'GF_NEWS_NEWS_FEED_ENABLED=false',
        'GF_PLUGINS_PUBLIC_KEY_RETRIEVAL_DISABLED=true',
        'GF_PLUGINS_PREINSTALL_DISABLED=true',
      ]),
    );
  });

  it('disables anonymous access and sign-up, and sends its session cookie to its own site only', () => {
    expect(grafana.env).toEqual(expect.arrayContaining(['GF_AUTH_ANONYMOUS_ENABLED=false', 'GF_USERS_ALLOW_SIGN_UP=false', 'GF_SECURITY_COOKIE_SAMESITE=strict']));
  });
});

describe('Grafana provisioning', () => {
  it('provisions the Prometheus it is given as the default datasource, with the scrape interval it is given', () => {
    const [datasource] = parse(uploadedFile(grafana, DATASOURCES_PATH)).datasources;
    expect(datasource).toMatchObject({ type: 'prometheus', url: 'http://metrics-store:19090', isDefault: true, jsonData: { timeInterval: '15s' } });
  });

  it("provisions the dashboards of the stack's metrics sources from files, the one it is given as home", () => {
    expect(uploadedFile(grafana, '/etc/grafana/provisioning/dashboards/sentinel.yaml')).toContain('path: /etc/grafana/dashboards');
    const dashboards = (grafana.upload ?? []).filter((u) => u.file.startsWith('/etc/grafana/dashboards/'));
    expect(dashboards.map((file) => file.file)).toEqual([`/etc/grafana/dashboards/${DASHBOARD.fileName}`]);
    expect(JSON.parse(uploadedFile(grafana, dashboards[0]!.file))).toEqual(DASHBOARD.json);
    expect(grafana.env).toContain(`GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH=/etc/grafana/dashboards/${DASHBOARD.fileName}`);
  });
});

describeWithTools('Grafana files and variables as Terraform evaluates them', [TOOLS.terraform], ([terraform]) => {
  const variables = { [ADMIN_PASSWORD_VARIABLE]: synth.variables[ADMIN_PASSWORD_VARIABLE] };
  const goodPassword = { [`TF_VAR_${ADMIN_PASSWORD_VARIABLE}`]: 'a-long-enough-secret' };

  it('delivers a dashboard byte for byte, ${datasource} included', () => {
    const upload = grafana.upload?.find((u) => u.file.endsWith(`/${DASHBOARD.fileName}`));
    const delivered = evaluateWithTerraform(terraform, upload?.content ?? '', variables, goodPassword);
    expect(delivered).toBe(JSON.stringify(DASHBOARD.json, null, 2));
    expect(delivered).toContain('"uid": "${datasource}"');
  }, 60_000);

  it('refuses an admin password shorter than 12 characters', () => {
    expect(() =>
      evaluateWithTerraform(terraform, 'unused', variables, { [`TF_VAR_${ADMIN_PASSWORD_VARIABLE}`]: 'admin' }),
    ).toThrow(/must be at least 12 characters long/);
  }, 60_000);

  it('refuses to apply without an admin password', () => {
    expect(() => evaluateWithTerraform(terraform, 'unused', variables, {})).toThrow(/No value for required variable/);
  }, 60_000);
});
