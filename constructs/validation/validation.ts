import { type Duration, durationMs } from '../../config/duration';
import { blocksOverlap, canonicalBlock } from './ipv4-cidr';

/** The message of an InvalidPropError, for checks that report several problems at once. */
export function invalidProp(prop: string, value: unknown, expected: string): string {
  return `Invalid ${prop}: got ${JSON.stringify(value)}, expected ${expected}`;
}

/** A stack prop with a value the stack cannot be built from; raised at synth time. */
export class InvalidPropError extends Error {
  constructor(prop: string, value: unknown, expected: string) {
    super(invalidProp(prop, value, expected));
    this.name = 'InvalidPropError';
  }
}

/** Every value must be distinct within one prop (a list's entries); raised at once. */
export function requireDistinct<T>(prop: string, entries: readonly { owner: string; value: T }[], describe: (v: T) => string): void {
  const [first] = repetitions(entries, describe);
  if (first) throw new InvalidPropError(prop, first.value, first.expected);
}

export function requirePort(prop: string, value: number): number {
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    throw new InvalidPropError(prop, value, 'an integer TCP port from 1 to 65535');
  }
  return value;
}

export function requireIntegerInRange(prop: string, value: number, min: number, max: number, unit: string): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new InvalidPropError(prop, value, `an integer from ${min} to ${max} ${unit}`);
  }
  return value;
}

export function requireDuration(prop: string, value: string): Duration {
  const ms = durationMs(value);
  if (ms === undefined || ms === 0) {
    throw new InvalidPropError(prop, value, 'a positive Prometheus duration such as 5s, 2m, 1h30m or 15d');
  }
  return value as Duration;
}

export function requireDurationAtLeast(prop: string, value: Duration, minimumProp: string, minimum: Duration): Duration {
  if ((durationMs(value) ?? 0) < (durationMs(minimum) ?? 0)) {
    throw new InvalidPropError(prop, value, `at least ${minimumProp} (${minimum})`);
  }
  return value;
}

export function requireDurationAtMost(prop: string, value: Duration, maximumProp: string, maximum: Duration): Duration {
  if ((durationMs(value) ?? 0) > (durationMs(maximum) ?? 0)) {
    throw new InvalidPropError(prop, value, `at most ${maximumProp} (${maximum})`);
  }
  return value;
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;

export function requireIpv4(prop: string, value: string): string {
  if (!IPV4.test(value)) throw new InvalidPropError(prop, value, 'an IPv4 address such as 127.0.0.1');
  return value;
}

export function requireIpv4Cidr(prop: string, value: string): string {
  // split yields at least one element: the address is always there, if only as ''.
  const [address, bits, ...rest] = value.split('/');
  const prefix = Number(bits);
  if (rest.length > 0 || !IPV4.test(address!) || !Number.isInteger(prefix) || prefix < 8 || prefix > 29) {
    throw new InvalidPropError(prop, value, 'an IPv4 CIDR block with a prefix from /8 to /29, such as 172.28.10.0/24');
  }
  // Docker refuses a subnet with host bits set.
  if (canonicalBlock(value) !== value) throw new InvalidPropError(prop, value, `the block's network address, ${canonicalBlock(value)}`);
  return value;
}

/**
 * Every pair of blocks that share an address, as messages: Docker would refuse the second
 * network at apply time, with half the stack created.
 */
export function overlappingBlocks(entries: readonly { prop: string; cidr: string }[]): string[] {
  return entries.flatMap((entry, i) =>
    entries
      .slice(0, i)
      .filter((earlier) => blocksOverlap(earlier.cidr, entry.cidr))
      .map((other) => invalidProp(entry.prop, entry.cidr, `a block that does not overlap ${other.prop} (${other.cidr})`)),
  );
}

function repetitions<T>(entries: readonly { owner: string; value: T }[], describe: (v: T) => string): { value: string; expected: string }[] {
  const seen = new Map<string, string>();
  return entries.flatMap(({ owner, value }) => {
    const key = describe(value);
    const other = seen.get(key);
    if (other !== undefined) return [{ value: key, expected: `a value not already used by ${other} (${owner} uses it too)` }];
    seen.set(key, owner);
    return [];
  });
}

/** Every value used twice, as messages naming both owners. */
export function repeatedValues<T>(prop: string, entries: readonly { owner: string; value: T }[], describe: (v: T) => string): string[] {
  return repetitions(entries, describe).map(({ value, expected }) => invalidProp(prop, value, expected));
}

/** Bounds of a numeric prop; `above`/`below` are exclusive, `atLeast`/`atMost` inclusive. */
export interface NumericRange {
  readonly above?: number;
  readonly atLeast?: number;
  readonly below?: number;
  readonly atMost?: number;
}

export function requireNumberInRange(prop: string, value: number, range: NumericRange, unit = ''): number {
  const bounds = [
    range.above !== undefined && { ok: value > range.above, text: `greater than ${range.above}` },
    range.atLeast !== undefined && { ok: value >= range.atLeast, text: `at least ${range.atLeast}` },
    range.below !== undefined && { ok: value < range.below, text: `less than ${range.below}` },
    range.atMost !== undefined && { ok: value <= range.atMost, text: `at most ${range.atMost}` },
  ].filter((bound) => bound !== false);
  if (!Number.isFinite(value) || bounds.some((bound) => !bound.ok)) {
    const suffix = unit ? ` ${unit}` : '';
    throw new InvalidPropError(prop, value, `a number ${bounds.map((b) => b.text).join(' and ')}${suffix}`);
  }
  return value;
}
