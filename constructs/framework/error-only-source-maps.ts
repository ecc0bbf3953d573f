/**
 * cdktf records a stack trace on a plain object for every token and provider attribute it
 * creates (thousands in this stack), and ts-node's source-map support maps every frame of every
 * one: about 140 ms of a one-second synth, for traces printed only if a token fails to resolve.
 * After this call, Errors keep their source-mapped traces and everything else gets V8's plain frames.
 */
export function mapSourcesOnlyForErrors(): void {
  const mapSources = Error.prepareStackTrace;
  if (mapSources === undefined) return;
  Error.prepareStackTrace = (target, frames) =>
    target instanceof Error ? mapSources(target, frames) : `${String(target)}${frames.map((frame) => `\n    at ${frame}`).join('')}`;
}
