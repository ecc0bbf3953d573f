/** What every benchmark script shares: progress on stderr, and stopping cleanly on SIGINT/SIGTERM. */

export function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** A load parameter from the environment, where a quick look may shorten it; refused outside [min, max]. */
export function intFromEnv(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined) return fallback;
  const value = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!(value >= min && value <= max)) throw new Error(`${name} must be an integer from ${min} to ${max} (got ${JSON.stringify(raw)})`);
  return value;
}

/** Aborted on SIGINT or SIGTERM, so a script stops what it started before it exits. */
export const interrupted = new AbortController();

export function checkAborted(): void {
  if (interrupted.signal.aborted) throw new Error('interrupted');
}

/** Runs `main`, named `name` in its messages; a failure sets the exit code instead of throwing. */
export function runScript(name: string, main: () => Promise<void>): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`${name}: ${signal}, stopping…`);
      interrupted.abort();
    });
  }
  main().catch((err: unknown) => {
    log(`${name}: FAILED: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  });
}
