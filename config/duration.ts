type DurationPart = `${number}${DurationUnit}`;

/**
 * A Prometheus-style duration such as `5s`, `2m`, `1h30m` or `30d12h`. The type takes up to two
 * parts (three would make unions of two durations, as in `${long}/${short}`, too large for the
 * compiler); requireDuration checks any number, largest unit first, at synth time.
 */
export type Duration = DurationPart | `${DurationPart}${DurationPart}`;

type DurationUnit = 'ms' | 's' | 'm' | 'h' | 'd' | 'w' | 'y';

const UNIT_MS: Record<DurationUnit, number> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
  y: 31_536_000_000,
};

// Units must appear largest first, as Prometheus requires (`1h30m`, not `30m1h`).
const DURATION_PATTERN = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;
const PATTERN_UNITS: DurationUnit[] = ['y', 'w', 'd', 'h', 'm', 's', 'ms'];

/** Milliseconds in a duration, or undefined when the text is not a valid Prometheus duration. */
export function durationMs(text: string): number | undefined {
  const match = DURATION_PATTERN.exec(text);
  if (!match || text === '') return undefined;
  return PATTERN_UNITS.reduce((total, unit, i) => total + Number(match[i + 1] ?? 0) * UNIT_MS[unit], 0);
}

