import { Buffer } from 'node:buffer';
import { parse } from 'yaml';
import type { Construct } from '../../../constructs/framework/framework';
import type { ServiceContainerProps } from '../../../constructs/engine/service-container';
import { synthConstruct } from '../../support/construct-scope';
import { describeWithTools, TOOLS } from '../../support/external-tools';
import { probeService } from '../../support/probe-service';
import { containerNamed, serviceNamed, synthStack, type Synthesized, type SynthesizedService, uploadedFile } from '../../support/synth-stack';
import { evaluateAllWithTerraform } from '../../support/terraform-eval';

/** A Swarm config or secret as synthesized. */
interface SynthesizedSwarmFile {
  name: string;
  data: string;
  lifecycle?: { create_before_destroy?: boolean };
}

const swarm = synthStack({ engine: 'swarm' });

function resourcesOf<T>(synth: Synthesized, type: string): Record<string, T> {
  return (synth.resources[type] ?? {}) as Record<string, T>;
}

const service = (synth: Synthesized, name: string) => serviceNamed(synth, `sentinel-${name}`);

/** The text of the config a service mounts at `path`, decoded. */
function configAt(synth: Synthesized, serviceName: string, path: string): { name: string; text: string } {
  const mount = service(synth, serviceName).task_spec.container_spec.configs?.find((c) => c.file_name === path);
  if (mount === undefined) throw new Error(`${serviceName} mounts no config at ${path}`);
  const id = /^\$\{docker_config\.([\w-]+)\.id\}$/.exec(mount.config_id)?.[1] ?? '';
  const config = resourcesOf<{ name: string; data: string }>(synth, 'docker_config')[id]!;
  return { name: config.name, text: Buffer.from(config.data, 'base64').toString('utf8') };
}

const networkIds = (s: SynthesizedService) => s.task_spec.networks_advanced.map((n) => /docker_network\.networks_(\w+)_/.exec(n.id)?.[1]);

describe('the stack on a Swarm', () => {
  it('renders every component as a Swarm service and no container', () => {
    expect(Object.keys(resourcesOf(swarm, 'docker_container'))).toEqual([]);
    expect(Object.values(resourcesOf<SynthesizedService>(swarm, 'docker_service')).map((s) => s.name).sort()).toEqual(
      ['alertmanager', 'app', 'gateway', 'grafana', 'nginx-exporter', 'node-exporter', 'prometheus', 'redis', 'redis-exporter'].map((n) => `sentinel-${n}`),
    );
  });

  it('runs the app as three replicas, updated one task at a time, new before old, rolled back when they fail', () => {
    const app = service(swarm, 'app');
    expect(app.mode).toEqual({ replicated: { replicas: 3 } });
    expect(app.update_config).toMatchObject({ parallelism: 1, order: 'start-first', failure_action: 'rollback' });
    expect(app.rollback_config).toMatchObject({ parallelism: 1, order: 'start-first' });
    expect(app.task_spec.container_spec.healthcheck?.test).toEqual(['CMD', 'wget', '-q', '-O', '/dev/null', 'http://127.0.0.1:8080/healthz']);
    expect(app.converge_config?.timeout).toBe('3m');
  });

  it('takes app.replicas on a Swarm up to 100 tasks, more than one host takes', () => {
    expect(service(synthStack({ engine: 'swarm', app: { replicas: 20 } }), 'app').mode).toEqual({ replicated: { replicas: 20 } });
    expect(() => synthStack({ engine: 'swarm', app: { replicas: 101 } })).toThrow(/Invalid app\.replicas: got 101, expected an integer from 1 to 100 tasks/);
  });

  it('keeps Redis, Prometheus, Alertmanager and Grafana to one task placed by node label where their volume lives, the old task stopped first', () => {
    for (const name of ['redis', 'prometheus', 'alertmanager', 'grafana']) {
      const stateful = service(swarm, name);
      expect([name, stateful.mode]).toEqual([name, { replicated: { replicas: 1 } }]);
      expect(stateful.task_spec.placement?.constraints).toEqual([`node.labels.sentinel.${name}==true`]);
      expect(stateful.update_config?.order).toBe('stop-first');
      expect(stateful.task_spec.container_spec.mounts).toEqual([expect.objectContaining({ type: 'volume', source: expect.stringMatching(new RegExp(`^\\$\\{docker_volume\\.${name}_data_\\w+\\.name\\}$`)) })]);
    }
  });

  it('runs the node exporter on every node, on the monitoring overlay, with the host mounted read-only', () => {
    const nodeExporter = service(swarm, 'node-exporter');
    expect(nodeExporter.mode).toEqual({ global: true });
    expect(networkIds(nodeExporter)).toEqual(['monitoring']);
    expect(nodeExporter.task_spec.container_spec.args).toContain('--web.listen-address=:9100');
    expect(nodeExporter.task_spec.container_spec.mounts).toEqual([{ target: '/host', source: '/', type: 'bind', read_only: true }]);
  });

  it("names the node exporter's task after its node, so each node's series say which node they describe; no other service", () => {
    expect((service(swarm, 'node-exporter').task_spec.container_spec as { hostname?: string }).hostname).toBe('{{.Node.Hostname}}');
    const named = Object.values(resourcesOf<SynthesizedService>(swarm, 'docker_service')).filter((s) => (s.task_spec.container_spec as { hostname?: string }).hostname !== undefined);
    expect(named.map((s) => s.name)).toEqual(['sentinel-node-exporter']);
  });

  it('keeps the planes apart on overlay networks, the internal one internal and encrypted, all attachable', () => {
    const networks = Object.values(resourcesOf<{ name: string; driver: string; internal: boolean; attachable: boolean; options?: Record<string, string> }>(swarm, 'docker_network'));
    expect(networks.map((n) => [n.name, n.driver, n.internal, n.attachable])).toEqual([
      ['sentinel-edge', 'overlay', false, true],
      ['sentinel-internal', 'overlay', true, true],
      ['sentinel-monitoring', 'overlay', false, true],
    ]);
    expect(networks.find((n) => n.name === 'sentinel-internal')?.options).toEqual({ encrypted: '' });
    expect(networkIds(service(swarm, 'redis'))).toEqual(['internal']);
    expect(networkIds(service(swarm, 'gateway'))).toEqual(['edge', 'monitoring']);
  });

  it('leaves the internal overlay unencrypted only when told to (nodes without ESP), and refuses a non-boolean', () => {
    const plain = synthStack({ engine: 'swarm', networks: { encryptInternal: false } });
    const options = Object.values(resourcesOf<{ name: string; options?: Record<string, string> }>(plain, 'docker_network')).map((n) => [n.name, n.options]);
    expect(options).toEqual([
      ['sentinel-edge', undefined],
      ['sentinel-internal', undefined],
      ['sentinel-monitoring', undefined],
    ]);
    expect(() => synthStack({ engine: 'swarm', networks: { encryptInternal: 'no' as unknown as boolean } })).toThrow('Invalid networks.encryptInternal: got "no", expected true or false');
  });

  it('publishes only the gateway, on the node it runs on, and outputs only its URL', () => {
    const published = Object.values(resourcesOf<SynthesizedService>(swarm, 'docker_service')).filter((s) => (s.endpoint_spec?.ports ?? []).length > 0);
    expect(published.map((s) => [s.name, s.endpoint_spec?.ports])).toEqual([['sentinel-gateway', [{ target_port: 8080, published_port: 80, publish_mode: 'host' }]]]);
    expect(Object.keys(swarm.outputs)).toEqual(['web_url']);
  });

  it("resolves every service's name to its tasks' own addresses, which needs no IPVS in the kernel", () => {
    for (const s of Object.values(resourcesOf<SynthesizedService & { endpoint_spec?: { mode?: string } }>(swarm, 'docker_service'))) {
      expect([s.name, s.endpoint_spec?.mode]).toEqual([s.name, 'dnsrr']);
    }
  });

  it('has the gateway look the app up in Swarm\'s DNS every second, and the app keep serving 3 s after SIGTERM', () => {
    const conf = configAt(swarm, 'gateway', '/etc/nginx/nginx.conf').text;
    expect(conf).toContain('resolver 127.0.0.11 valid=1s ipv6=off;');
    expect(conf).not.toContain('upstream app {');
    expect(conf).toMatch(/location \/ \{\n\s+set \$upstream_0 app;\n\s+proxy_pass http:\/\/\$upstream_0:8080;/);
    expect(service(swarm, 'app').task_spec.container_spec.env?.SHUTDOWN_DELAY_SECONDS).toBe('3');
  });

  it('hardens every task: non-root user, every capability dropped, a memory limit', () => {
    for (const s of Object.values(resourcesOf<SynthesizedService>(swarm, 'docker_service'))) {
      expect([s.name, s.task_spec.container_spec.cap_drop]).toEqual([s.name, ['ALL']]);
      expect(s.task_spec.container_spec.user).not.toMatch(/^(root|0)(:|$)/);
      expect(s.task_spec.resources.limits.memory_bytes).toBeGreaterThanOrEqual(32 * 1024 * 1024);
    }
  });

  it('delivers config files as Swarm configs, byte for byte, named by their content', () => {
    const prometheusYml = configAt(swarm, 'prometheus', '/etc/prometheus/prometheus.yml');
    const jobs = (parse(prometheusYml.text) as { scrape_configs: { job_name: string }[] }).scrape_configs.map((j) => j.job_name);
    expect(jobs).toEqual(expect.arrayContaining(['app', 'nginx', 'node', 'redis', 'prometheus', 'alertmanager', 'grafana']));
    expect(configAt(swarm, 'gateway', '/etc/nginx/nginx.conf').text).toContain('proxy_pass http://$upstream_0:8080;');
    const dashboards = service(swarm, 'grafana').task_spec.container_spec.configs?.filter((c) => c.file_name.startsWith('/etc/grafana/dashboards/'));
    expect(dashboards?.map((c) => c.file_name).sort()).toEqual(
      ['sentinel-gateway', 'sentinel-host', 'sentinel-prometheus', 'sentinel-redis', 'sentinel-service-app'].map((uid) => `/etc/grafana/dashboards/${uid}.json`),
    );
  });

  it('has Prometheus find every app task and every node exporter by DNS, and watch the app replicas', () => {
    const config = parse(configAt(swarm, 'prometheus', '/etc/prometheus/prometheus.yml').text) as {
      scrape_configs: { job_name: string; dns_sd_configs?: { names: string[]; type: string; port: number }[] }[];
    };
    const discovery = Object.fromEntries(config.scrape_configs.map((job) => [job.job_name, job.dns_sd_configs]));
    expect(discovery.app).toEqual([expect.objectContaining({ names: ['tasks.app'], type: 'A', port: 8080 })]);
    expect(discovery.node).toEqual([expect.objectContaining({ names: ['tasks.node-exporter'], type: 'A', port: 9100 })]);
    expect(discovery.redis).toBeUndefined();
    const rules = configAt(swarm, 'prometheus', '/etc/prometheus/rules/sentinel.yml').text;
    expect(rules).toContain('expr: (count(up{job="app"}) or vector(0)) < 3');
    expect(rules).toContain('alert: ReplicasMismatch');
  });

  it('waits prometheus.replicasMismatchFor before ReplicasMismatch fires', () => {
    const rulesOf = (synth: Synthesized) =>
      (parse(configAt(synth, 'prometheus', '/etc/prometheus/rules/sentinel.yml').text) as { groups: { rules: { alert?: string; for?: string }[] }[] }).groups
        .flatMap((g) => g.rules)
        .filter((r) => r.alert === 'ReplicasMismatch');
    expect(rulesOf(swarm).map((r) => r.for)).toEqual(['5m']);
    expect(rulesOf(synthStack({ engine: 'swarm', prometheus: { replicasMismatchFor: '30s' } })).map((r) => r.for)).toEqual(['30s']);
  });

  it('gives a changed file a new config, so the service rolls onto it', () => {
    const changed = synthStack({ engine: 'swarm', prometheus: { scrapeInterval: '10s' } });
    const before = configAt(swarm, 'prometheus', '/etc/prometheus/prometheus.yml');
    const after = configAt(changed, 'prometheus', '/etc/prometheus/prometheus.yml');
    expect(after.name).not.toBe(before.name);
    expect(configAt(changed, 'redis', '/usr/local/etc/redis/redis.conf').name).toBe(configAt(swarm, 'redis', '/usr/local/etc/redis/redis.conf').name);
  });

  it("reads Grafana's admin password from a Swarm secret file, never from its environment", () => {
    const grafana = service(swarm, 'grafana').task_spec.container_spec;
    expect(grafana.env?.GF_SECURITY_ADMIN_PASSWORD).toBeUndefined();
    expect(grafana.env?.GF_SECURITY_ADMIN_PASSWORD__FILE).toBe('/run/secrets/gf_security_admin_password');
    expect(grafana.secrets).toEqual([expect.objectContaining({ file_name: 'gf_security_admin_password' })]);
    const secret = Object.values(resourcesOf<{ name: string; data: string }>(swarm, 'docker_secret')).find((s) => s.name.includes('gf_security_admin_password'));
    expect(secret?.data).toBe('${base64encode(var.grafana_admin_password)}');
  });

  it("delivers alertmanager.yml, which holds the receivers' secrets, as a Swarm secret rendered by Terraform", () => {
    const alertmanager = service(swarm, 'alertmanager').task_spec.container_spec;
    expect(alertmanager.configs ?? []).toEqual([]);
    expect(alertmanager.secrets?.map((s) => s.file_name)).toEqual(['/etc/alertmanager/alertmanager.yml']);
    const secret = Object.values(resourcesOf<{ name: string; data: string }>(swarm, 'docker_secret')).find((s) => s.name.startsWith('sentinel-alertmanager-'));
    expect(secret?.data).toMatch(/^\$\{base64encode\(".*route:/s);
  });

  it('leaves the one-host stack exactly as it was', () => {
    expect(Object.keys(resourcesOf(synthStack(), 'docker_service'))).toEqual([]);
    expect(Object.keys(resourcesOf(synthStack(), 'docker_config'))).toEqual([]);
  });
});

describeWithTools('Swarm secrets as Terraform evaluates them', [TOOLS.terraform], ([terraform]) => {
  const secretNamed = (prefix: string) => {
    const found = Object.values(resourcesOf<{ name: string; data: string }>(swarm, 'docker_secret')).find((s) => s.name.startsWith(prefix));
    if (found === undefined) throw new Error(`no secret named ${prefix}…`);
    return found;
  };

  it('renders alertmanager.yml into its secret byte for byte as the one-host stack uploads it, named by its content', () => {
    const secret = secretNamed('sentinel-alertmanager-');
    const [data, name] = evaluateAllWithTerraform(terraform, [secret.data, secret.name], {}, {});
    const uploaded = uploadedFile(containerNamed(synthStack(), 'sentinel-alertmanager'), '/etc/alertmanager/alertmanager.yml');
    expect(Buffer.from(data!, 'base64').toString('utf8')).toBe(uploaded);
    expect(name).toMatch(/^sentinel-alertmanager-[0-9a-f]{10}$/);
  }, 60_000);

  it("holds Grafana's admin password, and nothing else", () => {
    const secret = secretNamed('sentinel-grafana-gf_security_admin_password-');
    const variables = { grafana_admin_password: { type: 'string', sensitive: true } };
    const env = { TF_VAR_grafana_admin_password: 'a-long-enough-secret' };
    const [data] = evaluateAllWithTerraform(terraform, [secret.data], variables, env);
    expect(Buffer.from(data!, 'base64').toString('utf8')).toBe('a-long-enough-secret');
  }, 60_000);
});

const onSwarm = (build: (scope: Construct) => void) => synthConstruct(build, { engine: 'swarm' });
const synthProbe = (props: Partial<ServiceContainerProps> = {}) => service(onSwarm((scope) => probeService(scope, props)), 'probe');
const minimal = synthProbe();

describe('a ServiceContainer on a Swarm', () => {
  it('keeps what its one-host container keeps: restarted, rotated logs, 15 s to drain, a writable root unless asked', () => {
    const { restart_policy, log_driver } = minimal.task_spec;
    const { stop_grace_period, read_only } = minimal.task_spec.container_spec;
    expect({ restart_policy, log_driver, stop_grace_period, read_only }).toEqual({
      restart_policy: { condition: 'any', delay: '5s', window: '0s' },
      log_driver: { name: 'json-file', options: { 'max-size': '10m', 'max-file': '3' } },
      stop_grace_period: '15s',
      read_only: false,
    });
    expect(synthProbe({ readOnlyRootFilesystem: true }).task_spec.container_spec.read_only).toBe(true);
  });

  it('answers to its service name on every network it joins', () => {
    const joined = synthProbe({ networks: ['internal', 'monitoring'] });
    expect(joined.task_spec.networks_advanced.map((n) => n.aliases)).toEqual([['probe'], ['probe']]);
  });

  it('rolls one task at a time, watching each for 30 s and waiting 5 s before the next, and rolls back the same way', () => {
    expect(minimal.update_config).toEqual({ parallelism: 1, order: 'start-first', failure_action: 'rollback', monitor: '30s', delay: '5s' });
    expect(minimal.rollback_config).toEqual({ parallelism: 1, order: 'start-first', monitor: '30s' });
  });

  it('has Terraform wait for its tasks to be healthy, looking after 5 s and for at most 3 minutes, and not wait without a probe', () => {
    expect(minimal.converge_config).toEqual({ delay: '5s', timeout: '3m' });
    expect(synthProbe({ healthcheck: { unavailableBecause: 'the image is FROM scratch' } }).converge_config).toBeUndefined();
  });

  it('leaves empty lists and an empty environment out of the synthesized service', () => {
    const spec = minimal.task_spec.container_spec as unknown as Record<string, unknown>;
    for (const absent of ['args', 'env', 'configs', 'secrets', 'mounts']) expect([absent, spec[absent]]).toEqual([absent, undefined]);
    expect(minimal.depends_on).toBeUndefined();
    expect(synthProbe({ env: { MODE: 'strict' } }).task_spec.container_spec.env).toEqual({ MODE: 'strict' });
  });

  it('names each config and secret by its content, and creates the new one before the old goes, as Swarm refuses to remove one in use', () => {
    const synth = onSwarm((scope) =>
      probeService(scope, {
        env: { TOKEN: { secret: 'swordfish' } },
        files: [
          { path: '/etc/probe.conf', content: 'greeting' },
          { path: '/etc/probe-secrets.conf', terraformTemplate: 'token: ${var.token}' },
        ],
      }),
    );
    const configs = Object.values(resourcesOf<SynthesizedSwarmFile>(synth, 'docker_config'));
    const secrets = Object.values(resourcesOf<SynthesizedSwarmFile>(synth, 'docker_secret'));
    expect(configs.map((c) => c.name)).toEqual([expect.stringMatching(/^sentinel-probe-[0-9a-f]{10}$/)]);
    expect(secrets.map((s) => s.name).sort()).toEqual([
      'sentinel-probe-${substr(sha256("token: ${var.token}"), 0, 10)}',
      'sentinel-probe-token-${substr(sha256("swordfish"), 0, 10)}',
    ]);
    for (const file of [...configs, ...secrets]) expect([file.name, file.lifecycle]).toEqual([file.name, { create_before_destroy: true }]);
  });

  it('delivers files given as a function once, at synth time, when every construct is in the scope', () => {
    const files: { path: string; content: string }[] = [];
    const synth = onSwarm((scope) => {
      probeService(scope, { files: () => files });
      files.push({ path: '/etc/late.conf', content: 'added after' });
    });
    expect(configAt(synth, 'probe', '/etc/late.conf').text).toBe('added after');
    expect(Object.keys(resourcesOf(synth, 'docker_config'))).toHaveLength(1);
  });

  it('starts after its upstreams', () => {
    const synth = onSwarm((scope) => {
      const upstream = probeService(scope, { serviceName: 'upstream' }, 'upstream');
      probeService(scope, { upstreams: () => [upstream] });
    });
    expect(service(synth, 'probe').depends_on).toEqual([expect.stringMatching(/^docker_service\.upstream_service_\w+$/)]);
  });
});
