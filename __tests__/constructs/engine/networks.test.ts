import { synthConstruct } from '../../support/construct-scope';
import type { Synthesized } from '../../support/synth-stack';

interface SynthesizedNetwork {
  name: string;
  driver: string;
  internal: boolean;
  ipam_config: { subnet: string; gateway: string }[];
}

/** The stand-in networks of a construct synth are a Networks construct built with these subnets. */
const networksOf = (synth: Synthesized) => Object.values(synth.resources.docker_network ?? {}) as SynthesizedNetwork[];
const byDefault = networksOf(synthConstruct(() => undefined));

describe('Networks', () => {
  it('declares three bridge networks, the data network internal', () => {
    expect(byDefault.map((n) => [n.name, n.driver, n.internal])).toEqual([
      ['sentinel-edge', 'bridge', false],
      ['sentinel-internal', 'bridge', true],
      ['sentinel-monitoring', 'bridge', false],
    ]);
  });

  it("fixes each subnet, naming its first address as the host's gateway", () => {
    expect(byDefault.map((n) => n.ipam_config)).toEqual([
      [{ subnet: '172.28.10.0/24', gateway: '172.28.10.1' }],
      [{ subnet: '172.28.20.0/24', gateway: '172.28.20.1' }],
      [{ subnet: '172.28.30.0/24', gateway: '172.28.30.1' }],
    ]);
  });

  it('takes each subnet from its prop', () => {
    const moved = networksOf(
      synthConstruct(() => undefined, { networks: { edgeSubnet: '10.1.0.0/16', internalSubnet: '10.2.0.0/24', monitoringSubnet: '10.3.0.0/28' } }),
    );
    expect(moved.map((n) => n.ipam_config)).toEqual([
      [{ subnet: '10.1.0.0/16', gateway: '10.1.0.1' }],
      [{ subnet: '10.2.0.0/24', gateway: '10.2.0.1' }],
      [{ subnet: '10.3.0.0/28', gateway: '10.3.0.1' }],
    ]);
  });
});

describe('Networks validation', () => {
  it('reports every overlap at synth, under the path of the networks', () => {
    expect(() => synthConstruct(() => undefined, { networks: { internalSubnet: '172.28.0.0/16' } })).toThrow(
      /\[construct\/networks\] Invalid networks\.internalSubnet: got "172\.28\.0\.0\/16", expected a block that does not overlap networks\.edgeSubnet/,
    );
  });
});
