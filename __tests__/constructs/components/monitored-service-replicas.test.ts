/**
 * `replicas` on one host: a container per replica, each with a name and DNS alias of its own,
 * every one a server of the gateway's upstream and a target of the service's scrape job.
 */
import { parse } from 'yaml';
import { MonitoredService } from '../../../constructs/components/monitored-service';
import { declareOrdersService, ordersServiceProps } from '../../support/orders-service';
import { containerNamed, containers, synthStack, uploadedFile } from '../../support/synth-stack';

interface RuleYaml {
  alert?: string;
  expr: string;
  labels?: Record<string, string>;
}

const withReplicas = synthStack({ app: { replicas: 2 } }, (stack) => declareOrdersService(stack, { replicas: 3 }));
const prometheus = containerNamed(withReplicas, 'sentinel-prometheus');
const nginxConf = uploadedFile(containerNamed(withReplicas, 'sentinel-gateway'), '/etc/nginx/nginx.conf');
const aliasesOf = (name: string) => containerNamed(withReplicas, name).networks_advanced?.map((network) => network.aliases);

function scrapeTargets(): Record<string, string[]> {
  const config = parse(uploadedFile(prometheus, '/etc/prometheus/prometheus.yml')) as {
    scrape_configs: { job_name: string; static_configs?: { targets: string[] }[]; dns_sd_configs?: unknown[] }[];
  };
  return Object.fromEntries(config.scrape_configs.map((job) => [job.job_name, job.static_configs?.[0]?.targets ?? []]));
}

function targetRules(): RuleYaml[] {
  const groups = (parse(uploadedFile(prometheus, '/etc/prometheus/rules/sentinel.yml')) as { groups: { name: string; rules: RuleYaml[] }[] }).groups;
  return groups.find((group) => group.name === 'targets')!.rules;
}

describe('a service with replicas on one host', () => {
  it('runs a container per replica, the first under the name one replica always had', () => {
    const names = containers(withReplicas).map((container) => container.name);
    expect(names.filter((name) => /^sentinel-(app|orders)(-\d+)?$/.test(name)).sort()).toEqual([
      'sentinel-app',
      'sentinel-app-2',
      'sentinel-orders',
      'sentinel-orders-2',
      'sentinel-orders-3',
    ]);
    // Its Terraform address too: scaling out from one replica adds containers and replaces none.
    const addressOf = (synth: typeof withReplicas, name: string) =>
      Object.entries(synth.resources.docker_container ?? {}).find(([, body]) => (body as { name: string }).name === name)?.[0];
    expect(addressOf(withReplicas, 'sentinel-app')).toBe(addressOf(synthStack(), 'sentinel-app'));
  });

  it('gives each replica a DNS alias of its own on every network it joins, never the shared name', () => {
    expect(aliasesOf('sentinel-app')).toEqual([['app'], ['app'], ['app']]);
    expect(aliasesOf('sentinel-app-2')).toEqual([['app-2'], ['app-2'], ['app-2']]);
    expect(aliasesOf('sentinel-orders-3')).toEqual([['orders-3'], ['orders-3']]);
  });

  it('runs every replica alike: image, user, environment, memory, probe', () => {
    const { name: _first, networks_advanced: _firstNetworks, ...first } = containerNamed(withReplicas, 'sentinel-app');
    const { name: _second, networks_advanced: _secondNetworks, ...second } = containerNamed(withReplicas, 'sentinel-app-2');
    expect(second).toEqual(first);
  });

  it('lists every replica in the gateway upstream, which starts after all of them and is replaced with any', () => {
    expect(/upstream app \{([^}]*)\}/.exec(nginxConf)?.[1]).toMatch(/^\s*server app:8080;\n\s*server app-2:8080;\n/);
    expect(/upstream orders \{([^}]*)\}/.exec(nginxConf)?.[1]).toMatch(/^\s*server orders:8000;\n\s*server orders-2:8000;\n\s*server orders-3:8000;\n/);
    const gateway = containerNamed(withReplicas, 'sentinel-gateway');
    expect(gateway.depends_on?.filter((address) => address.startsWith('docker_container.'))).toHaveLength(5);
    expect(gateway.lifecycle?.replace_triggered_by?.filter((trigger) => trigger.startsWith('docker_container.'))).toHaveLength(5);
  });

  it('scrapes each replica as its own target of the service job', () => {
    const targets = scrapeTargets();
    expect(targets.app).toEqual(['app:8080', 'app-2:8080']);
    expect(targets.orders).toEqual(['orders:8000', 'orders-2:8000', 'orders-3:8000']);
  });

  it('warns when some replicas stop answering and pages when none does, with no ReplicasMismatch a Swarm alone can break', () => {
    const rules = targetRules().filter((rule) => rule.labels?.job === 'app');
    expect(rules.map(({ alert, expr, labels }) => ({ alert, expr, severity: labels?.severity }))).toEqual([
      { alert: 'TargetDown', expr: '(count(up{job="app"} == 1) or vector(0)) < 2', severity: 'warning' },
      { alert: 'TargetDown', expr: '(count(up{job="app"} == 1) or vector(0)) == 0', severity: 'critical' },
    ]);
  });
});

describe('one replica on one host, the default', () => {
  const single = synthStack();

  it('keeps one container, one server and one target, alerted on by itself', () => {
    expect(containers(single).map((container) => container.name).filter((name) => name.startsWith('sentinel-app'))).toEqual(['sentinel-app']);
    const conf = uploadedFile(containerNamed(single, 'sentinel-gateway'), '/etc/nginx/nginx.conf');
    expect(/upstream app \{([^}]*)\}/.exec(conf)?.[1]?.match(/server /g)).toHaveLength(1);
    const rules = (parse(uploadedFile(containerNamed(single, 'sentinel-prometheus'), '/etc/prometheus/rules/sentinel.yml')) as { groups: { name: string; rules: RuleYaml[] }[] }).groups
      .find((group) => group.name === 'targets')!
      .rules.filter((rule) => rule.labels?.job === 'app');
    expect(rules.map((rule) => rule.expr)).toEqual(['up{job="app"} == 0']);
  });
});

describe('replicas on one host at synth time', () => {
  it.each([0, 17, 2.5])('refuses %p, naming the bound one host has and where more run', (replicas) => {
    expect(() => synthStack({}, (stack) => new MonitoredService(stack, 'orders', ordersServiceProps({ replicas })))).toThrow(
      `Invalid orders.replicas: got ${replicas}, expected an integer from 1 to 16 containers on one host (more on a Swarm)`,
    );
  });

  it('takes 16', () => {
    const synth = synthStack({}, (stack) => declareOrdersService(stack, { replicas: 16 }));
    expect(containers(synth).filter((container) => container.name.startsWith('sentinel-orders'))).toHaveLength(16);
  });

  it('refuses a service whose replica name is another service name', () => {
    const declare = () =>
      synthStack({}, (stack) => {
        declareOrdersService(stack, { replicas: 2 });
        new MonitoredService(stack, 'orders-2', { ...ordersServiceProps(), route: '/orders-2/' });
      });
    expect(declare).toThrow(/Invalid container name: got "orders-2"/);
  });
});
