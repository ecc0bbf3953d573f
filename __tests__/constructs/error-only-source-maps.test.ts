import { mapSourcesOnlyForErrors } from '../../constructs/error-only-source-maps';

describe('mapSourcesOnlyForErrors', () => {
  const original = Error.prepareStackTrace;
  afterEach(() => {
    Error.prepareStackTrace = original;
  });

  const traceOf = (target: object): string => {
    Error.captureStackTrace(target);
    return (target as { stack: string }).stack;
  };

  it('keeps the installed mapping for Errors and gives other objects plain V8 frames', () => {
    const mapped: unknown[] = [];
    Error.prepareStackTrace = (target) => {
      mapped.push(target);
      return 'MAPPED';
    };
    mapSourcesOnlyForErrors();

    const error = new Error('boom');
    expect(traceOf(error)).toBe('MAPPED');
    const tokenTrace = traceOf({ stack: '' });
    expect(tokenTrace.split('\n')[0]).toBe('[object Object]');
    expect(tokenTrace).toMatch(/\n {4}at .*error-only-source-maps\.test\.ts:\d+:\d+/);
    expect(mapped).toEqual([error]);
  });

  it('changes nothing when no mapping is installed', () => {
    Reflect.deleteProperty(Error, 'prepareStackTrace');
    mapSourcesOnlyForErrors();
    expect(Reflect.get(Error, 'prepareStackTrace')).toBeUndefined();
  });
});
