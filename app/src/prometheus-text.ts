// The Prometheus text exposition format, version 0.0.4.

const LABEL_VALUE_SPECIALS = /[\\"\n]/;

const escapeLabelValue = (value: string): string =>
  LABEL_VALUE_SPECIALS.test(value) ? value.replace(/[\\"\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`)) : value;

const escapeHelp = (help: string): string => help.replace(/[\\\n]/g, (c) => (c === '\n' ? '\\n' : '\\\\'));

export function formatValue(value: number): string {
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value); // NaN too: the format spells it as JavaScript does
}

/** `name="value"` pairs joined by commas, in the labels' own order; empty for no labels. */
export function labelPairs(labels: Readonly<Record<string, string | number>>): string {
  let pairs = '';
  for (const name in labels) pairs += `${pairs === '' ? '' : ','}${name}="${escapeLabelValue(String(labels[name]))}"`;
  return pairs;
}

/** The `# HELP` and `# TYPE` lines that open a metric family. */
export const familyHeader = (name: string, help: string, type: string): string =>
  `# HELP ${name} ${escapeHelp(help)}\n# TYPE ${name} ${type}\n`;

/** One sample line; `pairs` as labelPairs gives them. */
export const sampleLine = (name: string, pairs: string, value: number): string =>
  `${name}${pairs === '' ? '' : `{${pairs}}`} ${formatValue(value)}\n`;
