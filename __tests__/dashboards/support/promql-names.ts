/**
 * A deliberately small PromQL scanner: enough to list the metric names and the
 * functions an expression refers to, without a full parser.
 *
 * Label matcher bodies `{...}`, range/subquery brackets `[...]`, string literals,
 * numbers, durations, Grafana variables and the label lists of
 * `by/without/on/ignoring/group_left/group_right (...)` are removed first; every
 * identifier left is then a keyword, an aggregation, a function (followed by `(`)
 * or a metric name.
 */

/** PromQL functions (Prometheus 2.x/3.x). */
export const PROMQL_FUNCTIONS: ReadonlySet<string> = new Set([
  'abs', 'absent', 'absent_over_time', 'acos', 'acosh', 'asin', 'asinh', 'atan', 'atanh',
  'avg_over_time', 'ceil', 'changes', 'clamp', 'clamp_max', 'clamp_min', 'cos', 'cosh',
  'count_over_time', 'day_of_month', 'day_of_week', 'day_of_year', 'days_in_month', 'deg',
  'delta', 'deriv', 'exp', 'floor', 'histogram_avg', 'histogram_count', 'histogram_fraction',
  'histogram_quantile', 'histogram_stddev', 'histogram_stdvar', 'histogram_sum', 'holt_winters',
  'double_exponential_smoothing', 'hour', 'idelta', 'increase', 'irate', 'label_join',
  'label_replace', 'last_over_time', 'ln', 'log10', 'log2', 'mad_over_time', 'max_over_time',
  'min_over_time', 'minute', 'month', 'pi', 'predict_linear', 'present_over_time',
  'quantile_over_time', 'rad', 'rate', 'resets', 'round', 'scalar', 'sgn', 'sin', 'sinh', 'sort',
  'sort_by_label', 'sort_by_label_desc', 'sort_desc', 'sqrt', 'stddev_over_time',
  'stdvar_over_time', 'sum_over_time', 'tan', 'tanh', 'time', 'timestamp', 'vector', 'year',
]);

/** Aggregation operators; written `op(...)`, `op by (...) (...)` or `op (...) by (...)`. */
export const PROMQL_AGGREGATIONS: ReadonlySet<string> = new Set([
  'sum', 'min', 'max', 'avg', 'group', 'stddev', 'stdvar', 'count', 'count_values', 'bottomk',
  'topk', 'quantile', 'limitk', 'limit_ratio',
]);

/** Keywords and literals that are neither metrics nor functions. */
export const PROMQL_KEYWORDS: ReadonlySet<string> = new Set([
  'by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'bool', 'and', 'or', 'unless',
  'offset', 'atan2', 'inf', 'nan', 'start', 'end',
]);

export interface PromqlIdentifiers {
  /** Metric names, in order of first appearance, without duplicates. */
  readonly metrics: string[];
  /** Names called as functions or aggregations, in order, without duplicates. */
  readonly functions: string[];
}

const STRING_LITERAL = /"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g;
const MATCHER_BODY = /\{[^{}]*\}/g;
const RANGE_BODY = /\[[^[\]]*\]/g;
const GROUPING_LABELS = /\b(by|without|on|ignoring|group_left|group_right)\s*\([^()]*\)/g;
const TOKEN =
  /(\$\{[^}]*\}|\$\w+)|(0[xX][0-9a-fA-F]+|(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?(?:(?:ms|[smhdwy])(?:\d+(?:ms|[smhdwy]))*)?)|([A-Za-z_:][A-Za-z0-9_:]*)/g;

/** Metric names and function names referenced by `expr`. */
export function promqlIdentifiers(expr: string): PromqlIdentifiers {
  const stripped = expr
    .replace(STRING_LITERAL, '""')
    .replace(MATCHER_BODY, '{}')
    .replace(RANGE_BODY, '[]')
    .replace(GROUPING_LABELS, '$1');
  const metrics: string[] = [];
  const functions: string[] = [];
  for (const match of stripped.matchAll(TOKEN)) {
    const name = match[3];
    if (name === undefined) continue; // a Grafana variable or a number/duration
    const lower = name.toLowerCase();
    if (PROMQL_KEYWORDS.has(lower)) continue;
    const rest = stripped.slice((match.index ?? 0) + name.length);
    if (PROMQL_AGGREGATIONS.has(name) || /^\s*\(/.test(rest)) {
      if (!functions.includes(name)) functions.push(name);
    } else if (!metrics.includes(name)) {
      metrics.push(name);
    }
  }
  return { metrics, functions };
}

/** Metric names referenced by `expr`. */
export function metricNames(expr: string): string[] {
  return promqlIdentifiers(expr).metrics;
}

/**
 * The argument text of every call of `fn` in `expr`, e.g. for `rate` in
 * `sum(rate(x[1m]))` → `['x[1m]']`. Parentheses are matched, strings skipped.
 */
export function callArguments(expr: string, fn: string): string[] {
  const out: string[] = [];
  const call = new RegExp(`(?<![A-Za-z0-9_:])${fn}\\s*\\(`, 'g');
  for (const match of expr.matchAll(call)) {
    const start = (match.index ?? 0) + match[0].length;
    let depth = 1;
    let quote: string | undefined;
    let i = start;
    for (; i < expr.length && depth > 0; i += 1) {
      const c = expr[i];
      if (quote !== undefined) {
        if (c === '\\') i += 1;
        else if (c === quote) quote = undefined;
      } else if (c === '"' || c === "'" || c === '`') quote = c;
      else if (c === '(') depth += 1;
      else if (c === ')') depth -= 1;
    }
    if (depth !== 0) throw new Error(`unbalanced parentheses after ${fn}( in: ${expr}`);
    out.push(expr.slice(start, i - 1));
  }
  return out;
}

/** The contents of every `[...]` range or subquery bracket outside string literals. */
export function rangeDurations(expr: string): string[] {
  const stripped = expr.replace(STRING_LITERAL, '""');
  return [...stripped.matchAll(/\[([^[\]]*)\]/g)].map((m) => m[1]);
}
