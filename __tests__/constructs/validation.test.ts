import type { SentinelStackProps } from '../../constructs/sentinel-stack';
import { synthStack } from '../support/synth-stack';

/** Props arrive from code, but also from JSON and environment: values TypeScript's types cannot vet. */
function unchecked(props: unknown): SentinelStackProps {
  return props as SentinelStackProps;
}

describe('stack props are validated at synth time', () => {
  it.each([
    ['prometheus.scrapeInterval', { prometheus: { scrapeInterval: '5 seconds' } }, /Invalid prometheus\.scrapeInterval: got "5 seconds", expected a positive Prometheus duration/],
    ['prometheus.scrapeInterval zero', { prometheus: { scrapeInterval: '0s' } }, /Invalid prometheus\.scrapeInterval/],
    ['prometheus.evaluationInterval', { prometheus: { evaluationInterval: '-5s' } }, /Invalid prometheus\.evaluationInterval: got "-5s"/],
    ['prometheus.retention unparseable', { prometheus: { retention: '2 weeks' } }, /Invalid prometheus\.retention: got "2 weeks"/],
    ['prometheus.retention shorter than the scrape interval', { prometheus: { scrapeInterval: '1m', retention: '30s' } }, /Invalid prometheus\.retention: got "30s", expected at least prometheus\.scrapeInterval \(1m\)/],
    ['prometheus.retention shorter than the SLO period', { prometheus: { retention: '15d' } }, /Invalid prometheus\.retention: got "15d", expected at least the SLO period \(30d\)/],
    ['gateway.hostPort zero', { gateway: { hostPort: 0 } }, /Invalid gateway\.hostPort: got 0, expected an integer TCP port from 1 to 65535/],
    ['gateway.hostPort too large', { gateway: { hostPort: 70000 } }, /Invalid gateway\.hostPort: got 70000/],
    ['grafana.hostPort fractional', { grafana: { hostPort: 3000.5 } }, /Invalid grafana\.hostPort: got 3000\.5/],
    ['prometheus.hostPort', { prometheus: { hostPort: -1 } }, /Invalid prometheus\.hostPort/],
    ['two components on one host port', { gateway: { hostPort: 9090 } }, /Invalid hostPort: got "9090", expected a value not already used by gateway\.hostPort \(prometheus\.hostPort uses it too\)/],
    ['grafana.bindAddress', { grafana: { bindAddress: 'localhost' } }, /Invalid grafana\.bindAddress: got "localhost", expected an IPv4 address/],
    ['prometheus.bindAddress', { prometheus: { bindAddress: '127.0.0.256' } }, /Invalid prometheus\.bindAddress/],
    ['gateway.bindAddress', { gateway: { bindAddress: '' } }, /Invalid gateway\.bindAddress/],
    ['app.memoryMb', { app: { memoryMb: 16 } }, /Invalid app\.memoryMb: got 16, expected an integer from 64 to 65536 MiB/],
    ['redis.memoryMb', { redis: { memoryMb: 1e6 } }, /Invalid redis\.memoryMb/],
    ['prometheus.memoryMb', { prometheus: { memoryMb: 100 } }, /Invalid prometheus\.memoryMb/],
    ['grafana.memoryMb', { grafana: { memoryMb: 64 } }, /Invalid grafana\.memoryMb/],
    ['gateway.memoryMb', { gateway: { memoryMb: 0 } }, /Invalid gateway\.memoryMb/],
    ['networks.monitoringSubnet', { networks: { monitoringSubnet: '172.28.30.0' } }, /Invalid networks\.monitoringSubnet: got "172\.28\.30\.0", expected an IPv4 CIDR block/],
    ['networks.edgeSubnet prefix', { networks: { edgeSubnet: '10.0.0.0/31' } }, /Invalid networks\.edgeSubnet/],
    ['networks.internalSubnet', { networks: { internalSubnet: 'private' } }, /Invalid networks\.internalSubnet/],
    ['gateway.downFor', { gateway: { downFor: '1 minute' as never } }, /Invalid gateway\.downFor: got "1 minute"/],
    ['grafana.adminUser with a space', { grafana: { adminUser: 'ops team' } }, /Invalid grafana\.adminUser: got "ops team", expected a login of 1 to 64/],
    ['an empty grafana.adminUser', { grafana: { adminUser: '' } }, /Invalid grafana\.adminUser: got ""/],
    ['networks.edgeSubnet with host bits set', { networks: { edgeSubnet: '172.28.10.5/24' } }, /Invalid networks\.edgeSubnet: got "172\.28\.10\.5\/24", expected the block's network address, 172\.28\.10\.0\/24/],
    ['overlapping subnets', { networks: { internalSubnet: '172.28.0.0/16' } }, /Invalid networks\.internalSubnet: got "172\.28\.0\.0\/16", expected a block that does not overlap networks\.edgeSubnet \(172\.28\.10\.0\/24\)/],
    ['a subnet inside another', { networks: { monitoringSubnet: '172.28.20.128/25' } }, /Invalid networks\.monitoringSubnet: .* does not overlap networks\.internalSubnet \(172\.28\.20\.0\/24\)/],
    ["a subnet over Docker's default bridge", { networks: { edgeSubnet: '172.17.5.0/24' } }, /Invalid networks\.edgeSubnet: .* does not overlap Docker's default bridge \(172\.17\.0\.0\/16\)/],
    ['namePrefix', { namePrefix: 'Sentinel Stack' }, /Invalid namePrefix: got "Sentinel Stack"/],
    ['app.alerts.errorRatio negative', { app: { alerts: { errorRatio: -0.05 } } }, /Invalid app\.alerts\.errorRatio: got -0\.05, expected a number greater than 0 and less than 1/],
    ['app.alerts.errorRatio as a percentage', { app: { alerts: { errorRatio: 5 } } }, /Invalid app\.alerts\.errorRatio: got 5/],
    ['app.alerts.errorRatioFor', { app: { alerts: { errorRatioFor: '2 minutes' } } }, /Invalid app\.alerts\.errorRatioFor: got "2 minutes"/],
    ['app.alerts.latencyP95Seconds', { app: { alerts: { latencyP95Seconds: 0 } } }, /Invalid app\.alerts\.latencyP95Seconds: got 0, expected a number greater than 0 and less than 10 seconds/],
    ['app.alerts.latencyP95Seconds beyond the histogram', { app: { alerts: { latencyP95Seconds: 30 } } }, /Invalid app\.alerts\.latencyP95Seconds: got 30/],
    ['app.alerts.latencyFor', { app: { alerts: { latencyFor: '5' } } }, /Invalid app\.alerts\.latencyFor/],
    ['app.alerts.redisDownFor', { app: { alerts: { redisDownFor: '' } } }, /Invalid app\.alerts\.redisDownFor/],
    ['app.slo.targetPercent at 100', { app: { slo: { targetPercent: 100 } } }, /Invalid app\.slo\.targetPercent: got 100, expected a number at least 95 and less than 100 %/],
    ['app.slo.targetPercent as a ratio', { app: { slo: { targetPercent: 0.999 } } }, /Invalid app\.slo\.targetPercent: got 0\.999/],
    ['app.slo.targetPercent not a number', { app: { slo: { targetPercent: Number.NaN } } }, /Invalid app\.slo\.targetPercent: got null/],
    ['prometheus.targetDownFor', { prometheus: { targetDownFor: '1 minute' } }, /Invalid prometheus\.targetDownFor/],
    ['alertmanager.hostPort', { alertmanager: { hostPort: 65536 } }, /Invalid alertmanager\.hostPort/],
    ["a published port on the node exporter's", { gateway: { hostPort: 9100 } }, /Invalid hostPort: got "9100", expected a value not already used by gateway\.hostPort \(the node exporter \(host network\) uses it too\)/],
    ['alertmanager.hostPort taken', { alertmanager: { hostPort: 3000 } }, /Invalid hostPort: got "3000", expected a value not already used by grafana\.hostPort \(alertmanager\.hostPort uses it too\)/],
    ['alertmanager.bindAddress', { alertmanager: { bindAddress: '::1' } }, /Invalid alertmanager\.bindAddress/],
    ['alertmanager.memoryMb', { alertmanager: { memoryMb: 8 } }, /Invalid alertmanager\.memoryMb/],
    ['runbookBaseUrl', { runbookBaseUrl: 'docs/run book.md' }, /Invalid runbookBaseUrl/],
  ])('rejects a bad %s', (_rule, props, message) => {
    expect(() => synthStack(unchecked(props))).toThrow(message);
  });

  it('accepts overrides within range', () => {
    const synth = synthStack({
      namePrefix: 'obs',
      gateway: { hostPort: 8080 },
      prometheus: { scrapeInterval: '15s', evaluationInterval: '30s', retention: '45d', hostPort: 19090 },
      grafana: { hostPort: 13000 },
      app: { alerts: { errorRatio: 0.1, latencyP95Seconds: 1.5 }, slo: { targetPercent: 99.5 } },
    });
    expect(synth.outputs.web_url?.value).toBe('http://localhost:8080');
    expect(synth.json).toContain('--storage.tsdb.retention.time=45d');
    expect(synth.json).toContain('job:sli_request_errors:ratio_rate1m{job=\\\"app\\\"} > 0.1');
    expect(synth.json).toContain('/ 0.005');
  });
});

describe('whole-stack validation', () => {
  it('reports every cross-component problem at once, each with the construct it belongs to', () => {
    let message = '';
    try {
      synthStack({ gateway: { hostPort: 9090 }, alertmanager: { hostPort: 9100 }, networks: { internalSubnet: '172.28.0.0/16' } });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/\[sentinel\] Invalid hostPort: got "9090", expected a value not already used by gateway\.hostPort \(prometheus\.hostPort uses it too\)/);
    expect(message).toMatch(/\[sentinel\] Invalid hostPort: got "9100", expected a value not already used by alertmanager\.hostPort \(the node exporter \(host network\) uses it too\)/);
    expect(message).toMatch(/\[sentinel\/networks\] Invalid networks\.internalSubnet: got "172\.28\.0\.0\/16", expected a block that does not overlap networks\.edgeSubnet/);
    expect(message).toMatch(/\[sentinel\/networks\] Invalid networks\.monitoringSubnet: got "172\.28\.30\.0\/24", expected a block that does not overlap networks\.internalSubnet/);
  });
});
