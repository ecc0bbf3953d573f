/**
 * A small PromQL builder for dashboard queries.
 *
 * Every selector it builds is scoped to a dashboard job variable (`$job` unless
 * the caller names another) and every range vector uses Grafana's
 * `$__rate_interval`, so panels cannot forget either.
 */

/** Grafana's range for rate()/increase(): at least four scrape intervals wide. */
export const RATE_INTERVAL = '$__rate_interval';

/** Name of the dashboard template variable that selects Prometheus jobs. */
export const JOB_VARIABLE = 'job';

export type MatchOperator = '=' | '!=' | '=~' | '!~';

/** One label matcher, e.g. `status_code=~"5.."`. */
export interface LabelMatcher {
  readonly label: string;
  readonly op: MatchOperator;
  readonly value: string;
}

export type Aggregation = 'sum' | 'min' | 'max' | 'avg' | 'count';

/** Quote a label value as a PromQL double-quoted string. */
export function quote(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** `label=~"regex"` */
export function matches(label: string, regex: string): LabelMatcher {
  return { label, op: '=~', value: regex };
}

/** `label="value"` */
export function equals(label: string, value: string): LabelMatcher {
  return { label, op: '=', value };
}

/** `label!="value"` */
export function notEquals(label: string, value: string): LabelMatcher {
  return { label, op: '!=', value };
}

/** `label!~"regex"` */
export function notMatches(label: string, regex: string): LabelMatcher {
  return { label, op: '!~', value: regex };
}

/** `job=~"$<variable>"`: scopes a selector to the jobs a dashboard variable selects. */
export function jobMatcher(variable: string): LabelMatcher {
  return matches('job', `$${variable}`);
}

/** The matcher every dashboard selector starts with: `job=~"$job"`. */
export const JOB_MATCHER: LabelMatcher = jobMatcher(JOB_VARIABLE);

/**
 * `metric{job=~"$job", ...matchers}`. A `job` matcher among `matchers` takes the
 * place of `job=~"$job"`, for panels that read another component's jobs.
 */
export function selector(metric: string, ...matchers: readonly LabelMatcher[]): string {
  const scope = matchers.some((m) => m.label === 'job') ? [] : [JOB_MATCHER];
  const all = [...scope, ...matchers].map((m) => `${m.label}${m.op}${quote(m.value)}`);
  return `${metric}{${all.join(', ')}}`;
}

/** `rate(metric{job=~"$job", ...}[$__rate_interval])` */
export function rate(metric: string, ...matchers: readonly LabelMatcher[]): string {
  return `rate(${selector(metric, ...matchers)}[${RATE_INTERVAL}])`;
}

/** `increase(metric{job=~"$job", ...}[$__rate_interval])` */
export function increase(metric: string, ...matchers: readonly LabelMatcher[]): string {
  return `increase(${selector(metric, ...matchers)}[${RATE_INTERVAL}])`;
}

/** For events that may not have happened yet (no 5xx so far): 0 rather than "No data". */
export function orZero(expr: string): string {
  return `${expr} or vector(0)`;
}

/** `op(expr)` or `op by (labels) (expr)` */
export function aggregate(op: Aggregation, expr: string, by: readonly string[] = []): string {
  return by.length === 0 ? `${op}(${expr})` : `${op} by (${by.join(', ')}) (${expr})`;
}

/** `sum(expr)` or `sum by (labels) (expr)` */
export function sum(expr: string, by: readonly string[] = []): string {
  return aggregate('sum', expr, by);
}

/**
 * `histogram_quantile(q, sum by (le, ...by) (rate(histogram_bucket{job=~"$job", ...}[$__rate_interval])))`
 *
 * @param histogram the histogram's base name, without `_bucket`.
 */
export function histogramQuantile(
  quantile: number,
  histogram: string,
  by: readonly string[] = [],
  ...matchers: readonly LabelMatcher[]
): string {
  if (!(quantile > 0 && quantile < 1)) {
    throw new Error(`quantile must be in (0, 1), got ${quantile}`);
  }
  return `histogram_quantile(${quantile}, ${sum(rate(`${histogram}_bucket`, ...matchers), ['le', ...by])})`;
}

/**
 * `(numerator) / (denominator)`. With `zeroWhenNoNumerator`, an absent numerator
 * (for example no 5xx series yet) counts as 0 instead of blanking the ratio.
 */
export function ratio(numerator: string, denominator: string, zeroWhenNoNumerator = false): string {
  const top = zeroWhenNoNumerator ? `(${numerator} or vector(0))` : `(${numerator})`;
  return `${top} / (${denominator})`;
}
