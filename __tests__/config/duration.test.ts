import { durationMs } from '../../config/duration';

describe('durationMs', () => {
  it.each([
    ['5s', 5_000],
    ['250ms', 250],
    ['2m', 120_000],
    ['1h30m', 5_400_000],
    ['30d', 2_592_000_000],
    ['1w', 604_800_000],
    ['1y', 31_536_000_000],
  ])('reads %s as %d ms', (text, ms) => {
    expect(durationMs(text)).toBe(ms);
  });

  it.each(['', '5', '5 s', '5seconds', '-5s', '1.5s', '30m1h', 's'])('rejects %j', (text) => {
    expect(durationMs(text)).toBeUndefined();
  });

});
