import { familyHeader, formatValue, labelPairs, sampleLine } from './prometheus-text';

export type Labels<L extends string> = Readonly<Record<L, string>>;

export interface HistogramSpec<L extends string> {
  readonly name: string;
  readonly help: string;
  readonly labelNames: readonly L[];
  /** Upper bounds, ascending; +Inf is implied. */
  readonly buckets: readonly number[];
}

/** One label set's observations: a count per bucket (not cumulative; the last is +Inf), their sum and number. */
interface Series<L extends string> {
  readonly labels: Labels<L>;
  /** `name="value"` pairs joined by commas, escaped once when the series is first seen. */
  readonly labelPairs: string;
  readonly bucketCounts: number[];
  sum: number;
  count: number;
}

/**
 * A Prometheus histogram kept as plain numbers and written out only when scraped. prom-client's
 * observe() checks and hashes the label set on every call; here an observation is a map lookup,
 * a bucket scan and three additions. Label values must come from small fixed sets: every
 * distinct set is kept for good. In a CPU profile under load through the gateway, prom-client's
 * observe() took 6.5 % of the app's busy time, these two histograms together 1.2 %
 * (bench/results.md, session 2).
 */
export class TallyHistogram<L extends string> {
  private readonly series = new Map<string, Series<L>>();
  /** `<name>_bucket{le="<bound>"` for each bucket, +Inf last: the start of every bucket line. */
  private readonly bucketLineStarts: readonly string[];

  constructor(readonly spec: HistogramSpec<L>) {
    const { name, buckets } = spec;
    if (buckets.length === 0 || buckets.some((bound, i) => !Number.isFinite(bound) || bound <= (buckets[i - 1] ?? -Infinity))) {
      throw new Error(`${name}: buckets must be finite and strictly ascending, got [${buckets.join(', ')}]`);
    }
    this.bucketLineStarts = [...buckets, Infinity].map((bound) => `${name}_bucket{le="${formatValue(bound)}"`);
  }

  observe(labels: Labels<L>, value: number): void {
    let key = '';
    for (const name of this.spec.labelNames) key += `${labels[name]}\u0000`;
    let series = this.series.get(key);
    if (series === undefined) {
      const pairs = labelPairs(Object.fromEntries(this.spec.labelNames.map((label) => [label, labels[label]])));
      series = { labels, labelPairs: pairs, bucketCounts: new Array<number>(this.spec.buckets.length + 1).fill(0), sum: 0, count: 0 };
      this.series.set(key, series);
    }
    const { buckets } = this.spec;
    let bucket = 0;
    // Past the last bound, buckets[bucket] is undefined and the comparison false: the +Inf bucket.
    while (value > buckets[bucket]) bucket++;
    series.bucketCounts[bucket]++;
    series.sum += value;
    series.count++;
  }

  /** Observations so far per label set. */
  counts(): { labels: Labels<L>; count: number }[] {
    return [...this.series.values()].map(({ labels, count }) => ({ labels, count }));
  }

  /** The histogram in the Prometheus text format, ending in a newline. */
  render(): string {
    const { name, help } = this.spec;
    let text = familyHeader(name, help, 'histogram');
    for (const { labelPairs: pairs, bucketCounts, sum, count } of this.series.values()) {
      const afterLe = pairs === '' ? '}' : `,${pairs}}`;
      let cumulative = 0;
      for (let i = 0; i < bucketCounts.length; i++) {
        cumulative += bucketCounts[i];
        text += `${this.bucketLineStarts[i]}${afterLe} ${cumulative}\n`;
      }
      text += sampleLine(`${name}_sum`, pairs, sum) + sampleLine(`${name}_count`, pairs, count);
    }
    return text;
  }
}
