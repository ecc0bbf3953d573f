import { Construct } from '../../constructs/framework';
import { Redis } from '../../constructs/redis';
import { stackContextOf } from '../../constructs/stack-context';
import { synthConstruct } from '../support/construct-scope';
import { containers } from '../support/synth-stack';
import { testApp } from '../support/test-app';

describe('stack context', () => {
  it('lets one construct be synthesized on its own, with stand-in networks', () => {
    const synth = synthConstruct((scope) => new Redis(scope, 'redis'));
    expect(containers(synth).map((c) => c.name)).toEqual(['sentinel-redis']);
    expect(containers(synth)[0]!.networks_advanced).toHaveLength(1);
    expect(Object.values(synth.resources.docker_volume!)).toEqual([expect.objectContaining({ name: 'sentinel-redis-data' })]);
  });

  it('names the construct that is used outside a Sentinel stack', () => {
    const stray = new Construct(testApp(), 'stray');
    expect(() => stackContextOf(stray)).toThrow('stray is not inside a Sentinel stack');
    expect(() => new Redis(stray, 'redis')).toThrow(/not inside a Sentinel stack/);
  });
});
