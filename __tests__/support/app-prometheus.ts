/** One sample line of the Prometheus text exposition format. */
export interface PromSample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

export interface PromExposition {
  /** Metric family name → declared type (counter, gauge, histogram, summary, untyped). */
  readonly types: ReadonlyMap<string, string>;
  readonly samples: readonly PromSample[];
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*/;
const ESCAPES: Readonly<Record<string, string>> = { '\\': '\\', '"': '"', n: '\n' };

function parseValue(text: string, line: string): number {
  // As Prometheus parses values (Go's ParseFloat): infinities and NaN in any case (prom-client writes "Nan").
  const special = /^([+-]?)(inf|infinity|nan)$/i.exec(text);
  if (special) return special[2].toLowerCase() === 'nan' ? NaN : special[1] === '-' ? -Infinity : Infinity;
  const value = Number(text);
  if (text === '' || Number.isNaN(value)) throw new Error(`bad sample value in: ${line}`);
  return value;
}

function parseLabels(text: string, line: string): { labels: Record<string, string>; rest: string } {
  const labels: Record<string, string> = {};
  let pos = 1; // past "{"
  while (text[pos] !== '}') {
    const name = LABEL_NAME.exec(text.slice(pos))?.[0];
    if (name === undefined || text[pos + name.length] !== '=' || text[pos + name.length + 1] !== '"') {
      throw new Error(`bad label in: ${line}`);
    }
    pos += name.length + 2;
    let value = '';
    while (text[pos] !== '"') {
      if (pos >= text.length) throw new Error(`unterminated label value in: ${line}`);
      if (text[pos] === '\\') {
        const escaped = ESCAPES[text[pos + 1]];
        if (escaped === undefined) throw new Error(`bad escape in: ${line}`);
        value += escaped;
        pos += 2;
      } else {
        value += text[pos];
        pos += 1;
      }
    }
    if (name in labels) throw new Error(`duplicate label ${name} in: ${line}`);
    labels[name] = value;
    pos += 1; // past the closing quote
    if (text[pos] === ',') pos += 1;
    else if (text[pos] !== '}') throw new Error(`expected "," or "}" in: ${line}`);
  }
  return { labels, rest: text.slice(pos + 1) };
}

/** Parses the text exposition format strictly, throwing on any line it does not understand. */
export function parsePrometheusText(text: string): PromExposition {
  const types = new Map<string, string>();
  const samples: PromSample[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    if (line.startsWith('#')) {
      const type = /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$/.exec(line);
      if (type !== null) types.set(type[1], type[2]);
      else if (!/^# HELP [a-zA-Z_:][a-zA-Z0-9_:]* /.test(line) && !line.startsWith('# ')) {
        throw new Error(`bad comment line: ${line}`);
      }
      continue;
    }
    const name = METRIC_NAME.exec(line)?.[0];
    if (name === undefined) throw new Error(`bad sample line: ${line}`);
    let rest = line.slice(name.length);
    let labels: Record<string, string> = {};
    if (rest.startsWith('{')) ({ labels, rest } = parseLabels(rest, line));
    const [valueText, timestamp, ...extra] = rest.trim().split(/\s+/);
    if (extra.length > 0 || (timestamp !== undefined && !/^-?\d+$/.test(timestamp))) {
      throw new Error(`bad sample line: ${line}`);
    }
    samples.push({ name, labels, value: parseValue(valueText, line) });
  }
  return { types, samples };
}

const SUFFIXES: Readonly<Record<string, readonly string[]>> = {
  histogram: ['_bucket', '_sum', '_count'],
  summary: ['_sum', '_count'],
};

/** The samples belonging to metric family `family` (for a histogram: its _bucket, _sum and _count series). */
export function samplesOf(exposition: PromExposition, family: string): PromSample[] {
  const suffixes = SUFFIXES[exposition.types.get(family) ?? ''] ?? [];
  const names = new Set([family, ...suffixes.map((suffix) => family + suffix)]);
  return exposition.samples.filter((sample) => names.has(sample.name));
}
