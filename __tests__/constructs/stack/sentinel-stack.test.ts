import { Container, Network, Volume } from '../../../constructs/framework/docker';
import { Testing } from '../../../constructs/framework/framework';
import { ADMIN_PASSWORD_VARIABLE } from '../../../constructs/components/grafana';
import { SentinelStack } from '../../../constructs/stack/sentinel-stack';
import { testApp } from '../../support/test-app';
import { containerNamed, containers, machineIndependent, resourceNames, synthStack, type SynthesizedStack, uploadedFile } from '../../support/synth-stack';

const synth = synthStack();

function networkNamesOf(containerName: string): string[] {
  return (containerNamed(synth, containerName).networks_advanced ?? []).map((n) => n.name).sort();
}

describe('SentinelStack', () => {
  it('matches the machine-independent snapshot', () => {
    const text = machineIndependent(synth.json);
    expect(text).not.toContain(process.cwd());
    expect(text).toMatchSnapshot();
  });

  it('has the resources of the stack, checked with the cdktf matchers', () => {
    expect(synth.json).toHaveResourceWithProperties(Network, { name: 'sentinel-internal', internal: true });
    expect(synth.json).toHaveResourceWithProperties(Volume, { name: 'sentinel-redis-data' });
    expect(synth.json).toHaveResourceWithProperties(Container, {
      name: 'sentinel-gateway',
      ports: [{ internal: 8080, external: 80, ip: '0.0.0.0' }],
    });
    expect(synth.json).toHaveResourceWithProperties(Container, {
      name: 'sentinel-app',
      read_only: true,
      env: expect.arrayContaining(['REDIS_URL=redis://redis:6379']),
    });
    expect(synth.json).not.toHaveResourceWithProperties(Container, { name: 'sentinel-redis', ports: expect.anything() });
  });

  it('has the three networks, named by its prefix', () => {
    expect(resourceNames(synth, 'docker_network')).toEqual(['sentinel-edge', 'sentinel-internal', 'sentinel-monitoring']);
    expect(resourceNames(synthStack({ namePrefix: 'obs' }), 'docker_network')).toEqual(['obs-edge', 'obs-internal', 'obs-monitoring']);
  });

  it("names everything after the stack's id where no prefix is given, so two stacks of one app share no name", () => {
    const app = testApp();
    const stacks = [new SentinelStack(app, 'sentinel', {}), new SentinelStack(app, 'sentinel-swarm', { engine: 'swarm' })];
    const names = stacks.map((stack) => {
      const resources = (JSON.parse(Testing.synth(stack)) as { resource: Record<string, Record<string, { name?: string }>> }).resource;
      return ['docker_network', 'docker_volume'].flatMap((type) => Object.values(resources[type] ?? {}).map((body) => body.name!));
    });
    expect(names[1]).toEqual(expect.arrayContaining(['sentinel-swarm-edge', 'sentinel-swarm-prometheus-data']));
    expect(names[0]!.filter((name) => names[1]!.includes(name))).toEqual([]);
  });

  it("refuses a stack id that is no valid prefix, saying the prefix defaults to it", () => {
    expect(() => new SentinelStack(testApp(), 'MyStack', {})).toThrow(/Invalid namePrefix: got "MyStack", expected lowercase .* \(it defaults to the stack's id: set it\)/);
  });

  it('puts each container on exactly the networks it needs', () => {
    const attached = (name: string) => networkNamesOf(name).map((ref) => ref.replace(/^\$\{docker_network\.networks_(\w+?)_.*$/, '$1'));
    expect(attached('sentinel-gateway')).toEqual(['edge', 'monitoring']);
    expect(attached('sentinel-app')).toEqual(['edge', 'internal', 'monitoring']);
    expect(attached('sentinel-redis')).toEqual(['internal']);
    expect(attached('sentinel-prometheus')).toEqual(['monitoring']);
    expect(attached('sentinel-grafana')).toEqual(['monitoring']);
    expect(attached('sentinel-alertmanager')).toEqual(['monitoring']);
    expect(attached('sentinel-nginx-exporter')).toEqual(['monitoring']);
    expect(attached('sentinel-redis-exporter')).toEqual(['internal', 'monitoring']);
    expect(attached('sentinel-node-exporter')).toEqual([]);
  });

  it("has Prometheus scrape the node exporter where it listens: the host's address on the stack's monitoring network", () => {
    const nodeExporter = containerNamed(synth, 'sentinel-node-exporter');
    expect(nodeExporter.command).toContain('--web.listen-address=172.28.30.1:9100');
    expect(nodeExporter.depends_on).toEqual([expect.stringMatching(/^docker_network\.networks_monitoring_\w+$/)]);
    const monitoring = Object.values(synth.resources.docker_network!).find((n) => (n as { name: string }).name === 'sentinel-monitoring');
    expect(monitoring).toMatchObject({ ipam_config: [{ subnet: '172.28.30.0/24', gateway: '172.28.30.1' }] });
    const config = uploadedFile(containerNamed(synth, 'sentinel-prometheus'), '/etc/prometheus/prometheus.yml');
    expect(config).toContain('- 172.28.30.1:9100');
  });

  it("moves the node exporter's address with the monitoring subnet", () => {
    const moved = synthStack({ networks: { monitoringSubnet: '10.20.30.0/24' } });
    expect(containerNamed(moved, 'sentinel-node-exporter').command).toContain('--web.listen-address=10.20.30.1:9100');
    expect(uploadedFile(containerNamed(moved, 'sentinel-prometheus'), '/etc/prometheus/prometheus.yml')).toContain('- 10.20.30.1:9100');
  });

  it('keeps Redis off every network the gateway is on', () => {
    const gateway = new Set(networkNamesOf('sentinel-gateway'));
    expect(networkNamesOf('sentinel-redis').filter((n) => gateway.has(n))).toEqual([]);
  });

  it('publishes only the gateway on 0.0.0.0, the rest on loopback', () => {
    const published = containers(synth).flatMap((c) => (c.ports ?? []).map((p) => ({ name: c.name, ip: p.ip, port: p.external })));
    expect(published.filter((p) => p.ip === '0.0.0.0')).toEqual([{ name: 'sentinel-gateway', ip: '0.0.0.0', port: 80 }]);
    expect(published.filter((p) => p.ip !== '0.0.0.0')).toEqual(
      expect.arrayContaining([
        { name: 'sentinel-prometheus', ip: '127.0.0.1', port: 9090 },
        { name: 'sentinel-grafana', ip: '127.0.0.1', port: 3000 },
      ]),
    );
    for (const name of ['redis', 'app', 'nginx-exporter', 'redis-exporter', 'node-exporter']) {
      expect(containerNamed(synth, `sentinel-${name}`).ports ?? []).toEqual([]);
    }
  });

  const HEALTHCHECKED = [
    'sentinel-gateway',
    'sentinel-app',
    'sentinel-redis',
    'sentinel-prometheus',
    'sentinel-grafana',
    'sentinel-alertmanager',
    'sentinel-redis-exporter',
    'sentinel-node-exporter',
  ];

  it.each(HEALTHCHECKED)('%s has a healthcheck that Terraform waits on', (name) => {
    const container = containerNamed(synth, name);
    expect(container.healthcheck?.test[0]).toMatch(/^CMD(-SHELL)?$/);
    expect(container.healthcheck?.test.length).toBeGreaterThan(1);
    expect(container.wait).toBe(true);
  });

  it('goes without a healthcheck only for the nginx exporter, whose scratch image has nothing to probe with', () => {
    expect(containers(synth).filter((c) => !c.healthcheck).map((c) => c.name)).toEqual(['sentinel-nginx-exporter']);
  });

  it.each([...HEALTHCHECKED, 'sentinel-nginx-exporter'])(
    '%s is hardened: restart, memory limit, rotated logs, no capabilities, non-root',
    (name) => {
      const container = containerNamed(synth, name);
      expect(container.restart).toBe('unless-stopped');
      expect(container.memory).toBeGreaterThan(0);
      expect(container.log_driver).toBe('json-file');
      expect(container.log_opts).toEqual({ 'max-size': '10m', 'max-file': '3' });
      expect(container.capabilities?.drop).toEqual(['ALL']);
      // In the host's PID namespace dockerd adds label=disable: declared, so the provider's read-back matches.
      expect(container.security_opts).toEqual(['no-new-privileges:true', ...(name === 'sentinel-node-exporter' ? ['label=disable'] : [])]);
      expect(container.user).toBeDefined();
      expect(container.user).not.toMatch(/^(root|0)(:|$)/);
    },
  );

  it("points the exporters at the gateway's status listener and at Redis", () => {
    expect(containerNamed(synth, 'sentinel-nginx-exporter').command).toEqual(['--nginx.scrape-uri=http://gateway:8081/stub_status']);
    expect(containerNamed(synth, 'sentinel-redis-exporter').env).toEqual(['REDIS_ADDR=redis://redis:6379']);
  });

  it('keeps data on the named volumes of Redis, Prometheus, Grafana and Alertmanager, and no other', () => {
    expect(resourceNames(synth, 'docker_volume')).toEqual([
      'sentinel-alertmanager-data',
      'sentinel-grafana-data',
      'sentinel-prometheus-data',
      'sentinel-redis-data',
    ]);
  });

  it('builds the app image from app/ with a source hash trigger and pins every other image', () => {
    const images = Object.values(synth.resources.docker_image) as { name: string; build?: { context: string }; triggers?: Record<string, string> }[];
    const built = images.filter((image) => image.build);
    expect(built).toHaveLength(1);
    expect(built[0]?.build?.context).toMatch(/\/app$/);
    expect(built[0]?.triggers?.source_sha256).toMatch(/^[0-9a-f]{64}$/);
    for (const image of images.filter((i) => !i.build)) {
      expect(image.name).toMatch(/:[^:]*\d[^:]*$/);
      expect(image.name).not.toMatch(/:latest$/);
    }
  });

  it('derives one scrape job per component that exposes metrics', () => {
    const config = uploadedFile(containerNamed(synth, 'sentinel-prometheus'), '/etc/prometheus/prometheus.yml');
    const jobs = [...config.matchAll(/job_name: (\S+)/g)].map((m) => m[1]);
    expect(jobs).toEqual(['alertmanager', 'app', 'grafana', 'nginx', 'node', 'prometheus', 'redis']);
    expect(config).toContain('- nginx-exporter:9113');
    expect(config).toContain('- redis-exporter:9121');
    expect(config).toContain('- 172.28.30.1:9100');
    expect(config).toContain('- app:8080');
  });

  it("sends alerts from Prometheus to the stack's Alertmanager", () => {
    const prometheusYml = uploadedFile(containerNamed(synth, 'sentinel-prometheus'), '/etc/prometheus/prometheus.yml');
    expect(prometheusYml).toMatch(/alerting:\s+alertmanagers:\s+- static_configs:\s+- targets:\s+- alertmanager:9093/);
  });

  it('asks for the Grafana admin password and, with no receiver declared, no other variable', () => {
    expect(Object.keys(synth.variables)).toEqual([ADMIN_PASSWORD_VARIABLE]);
  });

  it('never writes a secret set in the environment at synth time into cdk.tf.json', () => {
    const secret = 'correct-horse-battery-staple';
    const saved = { ...process.env };
    try {
      process.env[`TF_VAR_${ADMIN_PASSWORD_VARIABLE}`] = secret;
      process.env.TF_VAR_alertmanager_slack_chat_webhook_url = secret;
      const alerting = synthStack({ alertmanager: { receivers: [{ kind: 'slack', name: 'chat' }], routes: [{ severity: 'critical', receivers: ['chat'] }] } });
      expect(Object.keys(alerting.variables).sort()).toEqual(['alertmanager_slack_chat_webhook_url', ADMIN_PASSWORD_VARIABLE]);
      expect(alerting.json).not.toContain(secret);
    } finally {
      process.env = saved;
    }
    expect(synth.json).not.toMatch(/ADMIN_PASSWORD=admin\b/);
  });

  it("gives Grafana the stack's Prometheus as its datasource, at Prometheus' scrape interval", () => {
    const datasources = (stack: SynthesizedStack) => uploadedFile(containerNamed(stack, 'sentinel-grafana'), '/etc/grafana/provisioning/datasources/sentinel.yaml');
    expect(datasources(synth)).toContain('timeInterval: 5s');
    expect(datasources(synthStack({ prometheus: { scrapeInterval: '15s' } }))).toContain('timeInterval: 15s');
  });

  it("provisions the stack's Prometheus and every component's dashboards into Grafana", () => {
    const grafana = containerNamed(synth, 'sentinel-grafana');
    expect(uploadedFile(grafana, '/etc/grafana/provisioning/datasources/sentinel.yaml')).toContain('url: http://prometheus:9090');
    const dashboards = (grafana.upload ?? []).filter((u) => u.file.startsWith('/etc/grafana/dashboards/'));
    expect(dashboards.length).toBeGreaterThanOrEqual(1);
    for (const file of dashboards) expect(() => JSON.parse(file.content)).not.toThrow();
  });

  it("starts the gateway after the app and replaces it when the app's container is replaced, not when it is updated", () => {
    const gateway = containerNamed(synth, 'sentinel-gateway');
    expect(gateway.depends_on).toEqual([expect.stringMatching(/^docker_container\.app_\w+$/)]);
    expect(gateway.lifecycle?.replace_triggered_by).toEqual([expect.stringMatching(/^docker_container\.app_\w+\.id$/), expect.stringMatching(/^terraform_data\.gateway_healthcheck_\w+$/)]);
  });

  it('keeps memory_swap, which hosts without swap accounting report as -1, out of every plan', () => {
    for (const container of containers(synth)) {
      expect([container.name, container.memory_swap, container.lifecycle?.ignore_changes]).toEqual([container.name, container.memory, ['memory_swap']]);
    }
  });

  it('outputs the URLs of the web app, Prometheus, Alertmanager and Grafana, each saying what it is', () => {
    expect(synth.outputs).toEqual({
      web_url: { value: 'http://localhost:80', description: 'The web app, through the gateway' },
      prometheus_url: { value: 'http://127.0.0.1:9090', description: 'Prometheus UI and API' },
      alertmanager_url: { value: 'http://127.0.0.1:9093', description: 'Alertmanager UI and API' },
      grafana_url: { value: 'http://127.0.0.1:3000', description: 'Grafana (log in as the admin user)' },
    });
  });
});
