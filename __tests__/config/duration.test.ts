import { type Duration, durationMs } from '../../config/duration';
import { synthStack } from '../support/synth-stack';

describe('durationMs', () => {
  it.each([
    ['5s', 5_000],
    ['250ms', 250],
    ['2m', 120_000],
    ['1h30m', 5_400_000],
    ['30d', 2_592_000_000],
    ['1w', 604_800_000],
    ['1y', 31_536_000_000],
    ['2w', 1_209_600_000],
    ['10y', 315_360_000_000],
    ['12w', 7_257_600_000],
    ['1y2w3d4h5m6s7ms', 31_536_000_000 + 1_209_600_000 + 259_200_000 + 14_400_000 + 300_000 + 6_000 + 7],
  ])('reads %s as %d ms', (text, ms) => {
    expect(durationMs(text)).toBe(ms);
  });

  it.each(['', '5', '5 s', '5seconds', '-5s', '1.5s', '30m1h', 's'])('rejects %j', (text) => {
    expect(durationMs(text)).toBeUndefined();
  });

  it('takes compound durations as props, as Prometheus and the README allow', () => {
    // Type-checked with the rest of the tests: `1h30m` is a Duration.
    const longer: Duration = '1h30m';
    const synth = synthStack({ prometheus: { retention: '30d12h', targetDownFor: '1m30s' }, app: { alerts: { latencyFor: longer } } });
    expect(synth.json).toContain('--storage.tsdb.retention.time=30d12h');
  });
});
