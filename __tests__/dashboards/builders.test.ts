import { DataqueryBuilder, PromQueryFormat } from '@grafana/grafana-foundation-sdk/prometheus';
import { labelVariable, sentinelDashboard } from '../../dashboards/common';
import { heatmapPanel, statPanel, thresholds, timeseriesPanel, UNITS, type PanelSpec } from '../../dashboards/panels';
import {
  aggregate,
  histogramQuantile,
  increase,
  jobMatcher,
  matches,
  notMatches,
  quote,
  rate,
  ratio,
  selector,
  sum,
} from '../../dashboards/promql';

describe('PromQL builder', () => {
  it('scopes every selector to the job variable', () => {
    expect(selector('x')).toBe('x{job=~"$job"}');
    expect(selector('x', matches('code', '5..'), notMatches('route', '/metrics'))).toBe(
      'x{job=~"$job", code=~"5..", route!~"/metrics"}',
    );
  });

  it('lets a job matcher of the caller replace job=~"$job"', () => {
    expect(selector('x', jobMatcher('upstream_job'), matches('code', '5..'))).toBe('x{job=~"$upstream_job", code=~"5.."}');
    expect(rate('x_total', jobMatcher('other'))).toBe('rate(x_total{job=~"$other"}[$__rate_interval])');
  });

  it('uses $__rate_interval in rate() and increase()', () => {
    expect(rate('x_total')).toBe('rate(x_total{job=~"$job"}[$__rate_interval])');
    expect(increase('x_total')).toBe('increase(x_total{job=~"$job"}[$__rate_interval])');
  });

  it('aggregates with and without grouping', () => {
    expect(sum('x')).toBe('sum(x)');
    expect(aggregate('max', 'x', ['instance', 'route'])).toBe('max by (instance, route) (x)');
  });

  it('reads quantiles from _bucket series summed by le', () => {
    expect(histogramQuantile(0.9, 'h_seconds', ['route'])).toBe(
      'histogram_quantile(0.9, sum by (le, route) (rate(h_seconds_bucket{job=~"$job"}[$__rate_interval])))',
    );
    expect(() => histogramQuantile(1, 'h_seconds')).toThrow(/quantile/);
  });

  it('can count a missing numerator as zero', () => {
    expect(ratio('a', 'b')).toBe('(a) / (b)');
    expect(ratio('a', 'b', true)).toBe('(a or vector(0)) / (b)');
  });

  it('escapes label values', () => {
    expect(quote('a"b\\c')).toBe('"a\\"b\\\\c"');
  });
});

describe('panel builders', () => {
  const spec: PanelSpec = {
    id: 1,
    title: 'T',
    description: 'One line.',
    unit: UNITS.seconds,
    thresholds: thresholds('green', { value: 1, color: 'red' }),
    queries: [{ expr: 'x', legend: 'x' }],
    width: 6,
    height: 4,
  };

  it('puts unit, thresholds, description and the datasource variable on the panel and its queries', () => {
    const panel = timeseriesPanel(spec).build();
    expect(panel.description).toBe('One line.');
    expect(panel.datasource).toEqual({ type: 'prometheus', uid: '${datasource}' });
    expect(panel.fieldConfig?.defaults.unit).toBe('s');
    expect(panel.fieldConfig?.defaults.thresholds?.steps).toEqual([
      { value: null, color: 'green' },
      { value: 1, color: 'red' },
    ]);
    expect(panel.targets?.map((t) => (t as ReturnType<DataqueryBuilder['build']>).datasource)).toEqual([
      { type: 'prometheus', uid: '${datasource}' },
    ]);
  });

  it.each<[string, Partial<PanelSpec>]>([
    ['an empty description', { description: '' }],
    ['a multi-line description', { description: 'a\nb' }],
    ['an empty unit', { unit: ' ' }],
    ['a non-positive id', { id: 0 }],
    ['no queries', { queries: [] }],
    ['a width over 24', { width: 25 }],
  ])('rejects %s', (_name, change) => {
    expect(() => timeseriesPanel({ ...spec, ...change })).toThrow();
    expect(() => statPanel({ ...spec, ...change })).toThrow();
  });

  it('builds a heatmap of histogram buckets, refusing queries not formatted as heatmap', () => {
    const query = { expr: 'sum by (le) (x_bucket)', legend: '{{le}}', format: PromQueryFormat.Heatmap };
    const panel = heatmapPanel({ ...spec, unit: UNITS.requestsPerSecond, bucketUnit: UNITS.seconds, queries: [query] }).build();
    expect(panel.type).toBe('heatmap');
    expect(panel.options).toMatchObject({ calculate: false, yAxis: { unit: 's' }, cellValues: { unit: 'reqps' } });
    expect(() => heatmapPanel({ ...spec, bucketUnit: UNITS.seconds })).toThrow(/format heatmap/);
  });

  it('names each stat value by its series on request', () => {
    expect(statPanel(spec).build().options).toMatchObject({ textMode: 'value' });
    expect(statPanel({ ...spec, showSeriesName: true }).build().options).toMatchObject({ textMode: 'value_and_name' });
  });

  it('rejects thresholds that are not increasing', () => {
    expect(() => thresholds('green', { value: 2, color: 'orange' }, { value: 1, color: 'red' })).toThrow(/increasing/);
  });

  it('offers label values as a multi-select whose "All" also matches series without the label', () => {
    const variable = labelVariable({ name: 'fstype', label: 'Filesystem type', description: 'd', series: 'x{job=~"$job"}', labelName: 'fstype' }).build();
    expect(variable).toMatchObject({ name: 'fstype', query: 'label_values(x{job=~"$job"}, fstype)', multi: true, includeAll: true, allValue: '.*' });
  });

  it('rejects dashboard uids Grafana would not accept', () => {
    const meta = { title: 't', description: 'd', tags: [], jobMetric: 'x' };
    expect(() => sentinelDashboard({ ...meta, uid: 'short' })).toThrow(/uid/);
    expect(() => sentinelDashboard({ ...meta, uid: 'has spaces in it' })).toThrow(/uid/);
    expect(() => sentinelDashboard({ ...meta, uid: 'sentinel-ok-uid' })).not.toThrow();
  });
});
