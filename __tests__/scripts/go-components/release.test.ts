import { compareReleases, parseRelease } from '../../../scripts/go-components/release';

describe('parseRelease', () => {
  it.each([
    ['1.12.1', [1, 12, 1]],
    ['v0.316.0', [0, 316, 0]],
  ])('reads %s', (version, release) => {
    expect(parseRelease(version)).toEqual(release);
  });

  it.each(['v1.13.0-rc.0', '1.12', 'latest'])('has no release for %s', (version) => {
    expect(parseRelease(version)).toBeUndefined();
  });
});

describe('compareReleases', () => {
  it('orders by number, part by part', () => {
    expect(compareReleases([1, 10, 0], [1, 9, 9])).toBeGreaterThan(0);
    expect(compareReleases([1, 9, 9], [2, 0, 0])).toBeLessThan(0);
    expect(compareReleases([3, 16, 0], [3, 16, 0])).toBe(0);
  });
});
