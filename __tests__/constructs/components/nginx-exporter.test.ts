import { NginxExporter } from '../../../constructs/components/nginx-exporter';
import { synthConstruct } from '../../support/construct-scope';
import { containerNamed, networkRolesOf } from '../../support/synth-stack';

const synth = synthConstruct(
  (scope) => new NginxExporter(scope, 'nginx-exporter', { status: { host: 'edge-proxy', port: 8181 }, gatewayDownFor: '2m' }),
);
const exporter = containerNamed(synth, 'sentinel-nginx-exporter');

describe('NginxExporter', () => {
  it("reads the status listener it is given, at nginx's stub_status path", () => {
    expect(exporter.command).toEqual(['--nginx.scrape-uri=http://edge-proxy:8181/stub_status']);
  });

  it('is on the monitoring network only, publishing nothing', () => {
    expect(networkRolesOf(exporter)).toEqual(['monitoring']);
    expect(exporter.ports ?? []).toEqual([]);
  });

  it('does not wait on a healthcheck, since its scratch image has nothing to probe with', () => {
    expect(exporter.healthcheck).toBeUndefined();
    expect(exporter.wait).toBe(false);
  });

  it('is scraped as nginx-exporter:9113, its absence a warning', () => {
    expect(synth.construct.scrapeJob).toEqual({ jobName: 'nginx', targets: [{ host: 'nginx-exporter', port: 9113 }], severityWhenDown: 'warning' });
  });

  it('fires GatewayDown after the gatewayDownFor it is given', () => {
    const rules = synth.construct.ruleGroups.flatMap((group) => group.rules);
    expect(rules.find((rule) => 'alert' in rule && rule.alert === 'GatewayDown')).toMatchObject({ for: '2m' });
  });
});
