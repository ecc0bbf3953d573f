import leven from 'leven';

/**
 * The known name a mistyped one was most likely meant to be, if one is close: at most a third
 * of its letters changed (a case slip counts as none), so an unrelated key gets no suggestion.
 */
export function closestName(name: string, known: readonly string[]): string | undefined {
  const ranked = known
    .map((candidate) => ({ candidate, distance: leven(name.toLowerCase(), candidate.toLowerCase()) }))
    .sort((a, b) => a.distance - b.distance);
  const best = ranked[0];
  return best !== undefined && best.distance <= Math.max(1, Math.floor(name.length / 3)) ? best.candidate : undefined;
}
