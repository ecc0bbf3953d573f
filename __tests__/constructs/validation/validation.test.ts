import type { SentinelStackProps } from '../../../constructs/stack/sentinel-stack';
import {
  InvalidPropError,
  overlappingBlocks,
  repeatedValues,
  requireDistinct,
  requireDuration,
  requireDurationAtLeast,
  requireDurationAtMost,
  requireIntegerInRange,
  requireIpv4,
  requireIpv4Cidr,
  requireNumberInRange,
  requirePort,
} from '../../../constructs/validation/validation';
import { synthStack } from '../../support/synth-stack';

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
    ['prometheus.scrapeInterval too long for the RED rules', { prometheus: { scrapeInterval: '45s' } }, /Invalid prometheus\.scrapeInterval: got "45s", expected at most what the 1m RED rules need \(30s\)/],
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
    ['namePrefix', { namePrefix: 'Sentinel Stack' }, /Invalid namePrefix: got "Sentinel Stack", expected lowercase letters, digits and dashes, starting with a letter, at most 31 characters/],
    ['namePrefix ending outside the set', { namePrefix: 'sentinel!' }, /Invalid namePrefix: got "sentinel!"/],
    ['namePrefix of 32 characters', { namePrefix: `s${'e'.repeat(31)}` }, /Invalid namePrefix: got "se{31}"/],
    ['engine', { engine: 'kubernetes' }, /Invalid engine: got "kubernetes", expected 'docker' or 'swarm'/],
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
    ['runbookBaseUrl', { runbookBaseUrl: 'docs/runbook.md' }, /Invalid runbookBaseUrl: got "docs\/runbook\.md", expected an absolute http\(s\) URL without spaces or a #fragment/],
    ['runbookBaseUrl', { runbookBaseUrl: 'https://wiki.example.test/run book' }, /Invalid runbookBaseUrl: got "https:\/\/wiki\.example\.test\/run book", expected an absolute/],
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

  it("lets a Swarm publish the node exporter's port, which only the one-host exporter takes on the host", () => {
    expect(synthStack({ engine: 'swarm', gateway: { hostPort: 9100 } }).outputs.web_url?.value).toBe('http://localhost:9100');
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

describe('the bounds of each check, at their edges', () => {
  const rejected = (check: () => unknown, message: string) => {
    expect(check).toThrow(InvalidPropError);
    expect(check).toThrow(message);
  };

  it('names its error, as a stack trace shows it', () => {
    expect(new InvalidPropError('p', 0, 'a port')).toMatchObject({ name: 'InvalidPropError', message: 'Invalid p: got 0, expected a port' });
  });

  it('takes TCP ports 1 to 65535, whole numbers only', () => {
    expect(requirePort('p', 1)).toBe(1);
    expect(requirePort('p', 65535)).toBe(65535);
    rejected(() => requirePort('p', 0), 'Invalid p: got 0, expected an integer TCP port from 1 to 65535');
    rejected(() => requirePort('p', 65536), 'got 65536');
    rejected(() => requirePort('p', 80.5), 'got 80.5');
  });

  it('takes integers from the minimum to the maximum, both included, and names the unit', () => {
    expect(requireIntegerInRange('m', 64, 64, 128, 'MiB')).toBe(64);
    expect(requireIntegerInRange('m', 128, 64, 128, 'MiB')).toBe(128);
    rejected(() => requireIntegerInRange('m', 63, 64, 128, 'MiB'), 'Invalid m: got 63, expected an integer from 64 to 128 MiB');
    rejected(() => requireIntegerInRange('m', 129, 64, 128, 'MiB'), 'got 129');
    rejected(() => requireIntegerInRange('m', 100.5, 64, 128, 'MiB'), 'got 100.5');
  });

  it('takes positive Prometheus durations, compound ones too', () => {
    expect(requireDuration('d', '1ms')).toBe('1ms');
    expect(requireDuration('d', '1h30m')).toBe('1h30m');
    rejected(() => requireDuration('d', '0s'), 'Invalid d: got "0s", expected a positive Prometheus duration such as 5s, 2m, 1h30m or 15d');
    rejected(() => requireDuration('d', '5 s'), 'got "5 s"');
  });

  it('takes a duration equal to its minimum, not one shorter', () => {
    expect(requireDurationAtLeast('retention', '60s', 'scrapeInterval', '1m')).toBe('60s');
    rejected(() => requireDurationAtLeast('retention', '59s', 'scrapeInterval', '1m'), 'Invalid retention: got "59s", expected at least scrapeInterval (1m)');
  });

  it('takes a duration equal to its maximum, not one longer', () => {
    expect(requireDurationAtMost('scrapeInterval', '30s', 'half the window', '30s')).toBe('30s');
    rejected(() => requireDurationAtMost('scrapeInterval', '31s', 'half the window', '30s'), 'Invalid scrapeInterval: got "31s", expected at most half the window (30s)');
  });

  it('takes dotted IPv4 addresses with octets up to 255', () => {
    for (const address of ['0.0.0.0', '255.255.255.255', '10.0.0.1', '192.168.100.99']) expect(requireIpv4('a', address)).toBe(address);
    for (const address of ['256.0.0.1', '1.2.3', '1.2.3.4.5', '01.2.3.4x', ' 1.2.3.4']) {
      rejected(() => requireIpv4('a', address), `Invalid a: got ${JSON.stringify(address)}, expected an IPv4 address such as 127.0.0.1`);
    }
  });

  it('takes CIDR blocks with prefixes from /8 to /29 written as their network address', () => {
    expect(requireIpv4Cidr('s', '10.0.0.0/8')).toBe('10.0.0.0/8');
    expect(requireIpv4Cidr('s', '172.28.10.8/29')).toBe('172.28.10.8/29');
    for (const cidr of ['10.0.0.0/7', '172.28.10.0/30', '172.28.10.0/24/1', '172.28.10.0', '172.28.10.0/x', '300.1.1.0/24']) {
      rejected(() => requireIpv4Cidr('s', cidr), `Invalid s: got ${JSON.stringify(cidr)}, expected an IPv4 CIDR block with a prefix from /8 to /29`);
    }
    rejected(() => requireIpv4Cidr('s', '172.28.10.1/24'), "expected the block's network address, 172.28.10.0/24");
  });

  it('takes numbers within exclusive and inclusive bounds, and says which bounds in the message', () => {
    const ratio = { above: 0, below: 1 };
    expect(requireNumberInRange('r', 0.5, ratio)).toBe(0.5);
    expect(() => requireNumberInRange('r', 0, ratio)).toThrow(/^Invalid r: got 0, expected a number greater than 0 and less than 1$/);
    rejected(() => requireNumberInRange('r', 1, ratio), 'got 1,');
    const percent = { atLeast: 95, atMost: 99 };
    expect(requireNumberInRange('t', 95, percent, '%')).toBe(95);
    expect(requireNumberInRange('t', 99, percent, '%')).toBe(99);
    rejected(() => requireNumberInRange('t', 94.9, percent, '%'), 'Invalid t: got 94.9, expected a number at least 95 and at most 99 %');
    rejected(() => requireNumberInRange('t', 99.1, percent, '%'), 'got 99.1');
    rejected(() => requireNumberInRange('t', Number.POSITIVE_INFINITY, {}), 'Invalid t: got null, expected a number ');
  });

  it('names both owners of a repeated value, and passes distinct ones', () => {
    const port = (owner: string, value: number) => ({ owner, value });
    expect(repeatedValues('hostPort', [port('a', 1), port('b', 2)], String)).toEqual([]);
    expect(repeatedValues('hostPort', [port('a', 1), port('b', 2), port('c', 1)], String)).toEqual([
      'Invalid hostPort: got "1", expected a value not already used by a (c uses it too)',
    ]);
    expect(() => requireDistinct('hostPort', [port('a', 1), port('b', 2)], String)).not.toThrow();
    rejected(() => requireDistinct('hostPort', [port('a', 1), port('b', 1)], String), 'Invalid hostPort: got "1", expected a value not already used by a (b uses it too)');
  });

  it('reports each pair of overlapping blocks once, against the earlier one', () => {
    const blocks = [
      { prop: 'edge', cidr: '10.1.0.0/16' },
      { prop: 'internal', cidr: '10.2.0.0/16' },
      { prop: 'monitoring', cidr: '10.1.5.0/24' },
    ];
    expect(overlappingBlocks(blocks)).toEqual(['Invalid monitoring: got "10.1.5.0/24", expected a block that does not overlap edge (10.1.0.0/16)']);
    expect(overlappingBlocks(blocks.slice(0, 2))).toEqual([]);
  });
});
