/** A ratio as a percentage for alert text, without binary floating-point noise (0.07 → "7%"). */
export function percent(ratio: number): string {
  return `${Number((ratio * 100).toPrecision(6))}%`;
}
