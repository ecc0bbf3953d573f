import { parse } from 'yaml';
import { GATEWAY_UID } from '../../../dashboards';
import { renderNginxConf } from '../../../config/nginx';
import { SentinelStack } from '../../../constructs/stack/sentinel-stack';
import { declareOrdersService } from '../../support/orders-service';
import { containerNamed, containers, resourceNames, synthStack, uploadedFile } from '../../support/synth-stack';
import { testApp } from '../../support/test-app';

// A team's stack: no demo counter, its own service at /.
const synth = synthStack({ app: false }, (stack) => declareOrdersService(stack, { route: '/' }));
const prometheusYml = parse(uploadedFile(containerNamed(synth, 'sentinel-prometheus'), '/etc/prometheus/prometheus.yml')) as {
  scrape_configs: { job_name: string }[];
  rule_files: string[];
};

describe('SentinelStack with app: false', () => {
  it('runs no demo counter, no Redis and no Redis exporter', () => {
    const names = containers(synth).map((container) => container.name);
    expect(names).toEqual(expect.arrayContaining(['sentinel-gateway', 'sentinel-orders', 'sentinel-prometheus', 'sentinel-grafana']));
    expect(names.filter((name) => /app|redis/.test(name))).toEqual([]);
    expect(resourceNames(synth, 'docker_volume').filter((name) => name.includes('redis'))).toEqual([]);
    expect(synth.stack.demo).toBeUndefined();
  });

  it("routes / to the team's service", () => {
    const conf = renderNginxConf(synth.stack.gateway.nginxConfig());
    expect(conf).toMatch(/location \/ \{\n\s+proxy_pass http:\/\/orders;/);
    expect(conf).not.toContain('app:8080');
  });

  it('scrapes no job of the demo, and the rules and alerts of the service', () => {
    const jobs = prometheusYml.scrape_configs.map((job) => job.job_name);
    expect(jobs).toContain('orders');
    expect(jobs.filter((job) => job === 'app' || job === 'redis')).toEqual([]);
  });

  it("opens Grafana on the gateway's dashboard, which every service behind it shows on", () => {
    expect(containerNamed(synth, 'sentinel-grafana').env).toContain(`GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH=/etc/grafana/dashboards/${GATEWAY_UID}.json`);
  });

  it("refuses Redis options, which only the demo's Redis takes", () => {
    expect(() => new SentinelStack(testApp(), 'sentinel', { app: false, redis: { memoryMb: 128 } })).toThrow(
      /Invalid redis: got \{"memoryMb":128\}, expected no Redis options while app is false/,
    );
  });

  it('answers / with 404 when no service takes it, instead of the image welcome page', () => {
    const bare = synthStack({ app: false }, (stack) => declareOrdersService(stack));
    expect(renderNginxConf(bare.stack.gateway.nginxConfig())).toMatch(/location \/ \{\n\s+default_type application\/json;\n\s+return 404/);
  });
});
