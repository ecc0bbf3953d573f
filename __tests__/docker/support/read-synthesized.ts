import { readFileSync } from 'node:fs';
import { parseSynthesized, type Synthesized } from '../../support/synth-stack';

/** A cdk.tf.json the CLI wrote, in the shape the synth-time checks read. */
export function readSynthesized(stackFile: string): Synthesized {
  return parseSynthesized(readFileSync(stackFile, 'utf8'));
}
