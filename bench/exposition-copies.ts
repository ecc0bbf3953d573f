/** The label that tells the copies of one exposition apart, as `instance` tells real replicas apart. */
export const COPY_LABEL = 'copy';

interface Family {
  readonly comments: string[];
  readonly samples: string[];
}

/** Splits a text exposition into families: the comment lines ahead of a run of sample lines, and that run. */
function familiesOf(exposition: string): Family[] {
  const families: Family[] = [];
  let current: Family | undefined;
  for (const line of exposition.split('\n')) {
    if (line === '') continue;
    const isComment = line.startsWith('#');
    if (current === undefined || (isComment && current.samples.length > 0)) {
      current = { comments: [], samples: [] };
      families.push(current);
    }
    (isComment ? current.comments : current.samples).push(line);
  }
  return families;
}

/** One sample line with `COPY_LABEL="<copy>"` as its first label. */
export function withCopyLabel(sampleLine: string, copy: number): string {
  const label = `${COPY_LABEL}="${copy}"`;
  const brace = sampleLine.indexOf('{');
  const space = sampleLine.indexOf(' ');
  if (brace !== -1 && (space === -1 || brace < space)) {
    const rest = sampleLine.slice(brace + 1);
    return `${sampleLine.slice(0, brace)}{${label}${rest.startsWith('}') ? '' : ','}${rest}`;
  }
  return `${sampleLine.slice(0, space)}{${label}}${sampleLine.slice(space)}`;
}

/**
 * The exposition `copies` times over, every sample line of copy i labelled `COPY_LABEL="i"`: as many
 * series as `copies` replicas send, with the values one replica really has. Each family's HELP and
 * TYPE lines stay once, ahead of all its copies, as the text format requires.
 */
export function copiesOf(exposition: string, copies: number): string {
  if (!Number.isInteger(copies) || copies < 1) throw new Error(`copies must be a positive integer (got ${copies})`);
  const lines: string[] = [];
  for (const { comments, samples } of familiesOf(exposition)) {
    lines.push(...comments);
    for (let copy = 0; copy < copies; copy++) for (const sample of samples) lines.push(withCopyLabel(sample, copy));
  }
  return `${lines.join('\n')}\n`;
}
