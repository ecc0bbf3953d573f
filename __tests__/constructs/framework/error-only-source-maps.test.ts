import { mapSourcesOnlyForErrors } from '../../../constructs/framework/error-only-source-maps';

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

  it("writes another object's trace as V8 does: its text, then one line per frame", () => {
    Error.prepareStackTrace = () => 'MAPPED';
    mapSourcesOnlyForErrors();
    const frames = ['first (a.ts:1:2)', 'second (b.ts:3:4)', 'third (c.ts:5:6)'].map((text) => ({ toString: () => text }) as NodeJS.CallSite);
    // cdktf captures traces on plain objects, which the declared type leaves out.
    const token = { toString: () => 'token' } as unknown as Error;
    expect(Error.prepareStackTrace(token, frames)).toBe('token\n    at first (a.ts:1:2)\n    at second (b.ts:3:4)\n    at third (c.ts:5:6)');
  });

  it('changes nothing when no mapping is installed', () => {
    Reflect.deleteProperty(Error, 'prepareStackTrace');
    mapSourcesOnlyForErrors();
    expect(Reflect.get(Error, 'prepareStackTrace')).toBeUndefined();
  });
});
