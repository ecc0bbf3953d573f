/** A release number, major.minor.patch. */
export type Release = readonly [number, number, number];

/** `1.12.1` or `v1.12.1`; undefined for anything else, pre-releases included. */
export function parseRelease(version: string): Release | undefined {
  const match = /^v?(\d+)\.(\d+)\.(\d+)$/.exec(version);
  return match ? [Number(match[1]), Number(match[2]), Number(match[3])] : undefined;
}

/** Negative when `a` comes before `b`, by number. */
export function compareReleases(a: Release, b: Release): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}
