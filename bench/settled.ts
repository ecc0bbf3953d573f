/**
 * Like Promise.all, but waits for every promise to settle before rejecting with the first
 * failure, so nothing is left running unawaited (a load generator, say) when one part fails.
 */
export async function allSettledOrThrow<T extends readonly unknown[]>(...promises: { [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const outcomes = await Promise.allSettled(promises);
  const failed = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
  if (failed !== undefined) throw failed.reason;
  return outcomes.map((outcome) => (outcome as PromiseFulfilledResult<unknown>).value) as unknown as T;
}
