import { readFileSync } from 'node:fs';
import type { Synthesized } from '../../support/synth-stack';

/** A cdk.tf.json the CLI wrote, in the shape the synth-time checks read. */
export function readSynthesized(stackFile: string): Synthesized {
  const json = readFileSync(stackFile, 'utf8');
  const parsed = JSON.parse(json);
  return { json, resources: parsed.resource ?? {}, variables: parsed.variable ?? {}, outputs: parsed.output ?? {} };
}
