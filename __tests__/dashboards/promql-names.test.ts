import { callArguments, metricNames, promqlIdentifiers, rangeDurations } from './support/promql-names';
import { substituteGrafanaVariables } from './support/grafana-vars';

describe('PromQL metric name extractor (test support)', () => {
  it('finds a bare metric name', () => {
    expect(metricNames('up')).toEqual(['up']);
  });

  it('finds names followed by { or [ and ignores label names and values', () => {
    expect(metricNames('rate(foo_total{job=~"$job", route="/x"}[5m])')).toEqual(['foo_total']);
    expect(metricNames('bar_seconds_count[$__rate_interval]')).toEqual(['bar_seconds_count']);
  });

  it('ignores functions, aggregations, grouping labels, numbers and keywords', () => {
    const expr =
      'histogram_quantile(0.99, sum by (le, route) (rate(a_bucket{job=~"$job"}[$__rate_interval]))) ' +
      '> on (instance) group_left (version) b_info or vector(1e3) unless c offset 5m';
    const ids = promqlIdentifiers(expr);
    expect(ids.metrics).toEqual(['a_bucket', 'b_info', 'c']);
    expect(ids.functions).toEqual(['histogram_quantile', 'sum', 'rate', 'vector']);
  });

  it('handles aggregations with a trailing by clause and bool comparisons', () => {
    expect(metricNames('sum(rate(x_total[1m])) by (code) > bool 0')).toEqual(['x_total']);
  });

  it('does not mistake a string containing identifiers for metrics', () => {
    expect(metricNames('label_replace(m, "dst", "$1", "src", "(not_a_metric)")')).toEqual(['m']);
  });

  it('lists each metric once, in order of appearance', () => {
    expect(metricNames('a / b + a')).toEqual(['a', 'b']);
  });

  it('lists the arguments of each call, with nested parentheses', () => {
    expect(callArguments('sum(rate(x[1m])) / sum(rate(y{a="(" }[2m]))', 'rate')).toEqual(['x[1m]', 'y{a="(" }[2m]']);
    expect(callArguments('irate(x[1m])', 'rate')).toEqual([]);
  });

  it('lists range durations outside strings', () => {
    expect(rangeDurations('rate(x{a="[z]"}[$__rate_interval]) + y[5m:1m]')).toEqual(['$__rate_interval', '5m:1m']);
  });
});

describe('Grafana variable substitution (test support)', () => {
  it('replaces $var and ${var} with stand-ins', () => {
    expect(substituteGrafanaVariables('rate(x{job=~"$job"}[$__rate_interval]) + y{job=~"${job}"}')).toBe(
      'rate(x{job=~".*"}[1m]) + y{job=~".*"}',
    );
  });

  it('refuses variables it has no stand-in for', () => {
    expect(() => substituteGrafanaVariables('x{instance="$instance"}')).toThrow(/\$instance/);
  });

  it('sends what a variable\'s "All" sends on its dashboard, where that is not `.*`', () => {
    const dashboard = { templating: { list: [{ name: 'job', allValue: 'orders' }] } };
    expect(substituteGrafanaVariables('x{job=~"$job"}', dashboard)).toBe('x{job=~"orders"}');
  });
});
