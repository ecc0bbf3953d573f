import { Construct } from '../../../constructs/framework/framework';
import { Redis } from '../../../constructs/components/redis';
import { provideStackContext, stackContextOf } from '../../../constructs/stack/stack-context';
import { synthConstruct } from '../../support/construct-scope';
import { containers } from '../../support/synth-stack';
import { testApp } from '../../support/test-app';

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

  it('gives a construct the context of the nearest scope that provides one', () => {
    const synth = synthConstruct((scope) => {
      const tenant = new Construct(scope, 'tenant');
      provideStackContext(tenant, { ...stackContextOf(scope), namePrefix: 'tenant' });
      new Redis(tenant, 'redis');
      new Redis(scope, 'shared-redis');
    });
    expect(containers(synth).map((c) => c.name).sort()).toEqual(['sentinel-redis', 'tenant-redis']);
  });

  const providedContext = () => stackContextOf(synthConstruct((scope) => new Construct(scope, 'probe')).construct);

  it('reads a context that another copy of the module provided', () => {
    const context = providedContext();
    const scope = new Construct(testApp(), 'elsewhere');
    jest.isolateModules(() => {
      jest.requireActual<typeof import('../../../constructs/stack/stack-context')>('../../../constructs/stack/stack-context').provideStackContext(scope, context);
    });
    expect(stackContextOf(new Construct(scope, 'child'))).toBe(context);
  });

  it('reads a context provided under the registered key sentinel.StackContext, as a copy of any version provides it', () => {
    const context = providedContext();
    const scope = new Construct(testApp(), 'elsewhere-versioned');
    Object.defineProperty(scope, Symbol.for('sentinel.StackContext'), { value: context });
    expect(stackContextOf(new Construct(scope, 'child'))).toBe(context);
  });
});
