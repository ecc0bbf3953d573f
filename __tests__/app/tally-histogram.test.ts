import { spawnSync } from 'node:child_process';
import { TallyHistogram } from '../../app/src/tally-histogram';
import { parsePrometheusText, samplesOf } from '../support/app-prometheus';
import { describeWithTools, TOOLS } from '../support/external-tools';

const histogram = () =>
  new TallyHistogram<'route' | 'code'>({ name: 'demo_seconds', help: 'Demo\\durations\nin seconds.', labelNames: ['route', 'code'], buckets: [0.1, 1] });

describe('TallyHistogram', () => {
  it('counts each observation in the first bucket whose bound it does not exceed, cumulatively, with sum and count', () => {
    const demo = histogram();
    for (const value of [0.05, 0.1, 0.5, 1, 7]) demo.observe({ route: '/', code: '200' }, value);
    demo.observe({ route: '/', code: '500' }, 2);
    const samples = samplesOf(parsePrometheusText(demo.render()), 'demo_seconds');
    const ok = samples.filter((sample) => sample.labels.code === '200');
    expect(ok.map(({ name, labels, value }) => [name, labels.le, value])).toEqual([
      ['demo_seconds_bucket', '0.1', 2],
      ['demo_seconds_bucket', '1', 4],
      ['demo_seconds_bucket', '+Inf', 5],
      ['demo_seconds_sum', undefined, 8.65],
      ['demo_seconds_count', undefined, 5],
    ]);
    expect(samples.filter((sample) => sample.labels.code === '500').map((sample) => sample.value)).toEqual([0, 0, 1, 2, 1]);
  });

  it('keeps one series per distinct label set, whatever object carries it', () => {
    const demo = histogram();
    demo.observe({ route: '/', code: '200' }, 0.01);
    demo.observe({ code: '200', route: '/' }, 0.01);
    demo.observe({ route: '/x', code: '200' }, 0.01);
    expect(demo.counts()).toEqual([
      { labels: { route: '/', code: '200' }, count: 2 },
      { labels: { route: '/x', code: '200' }, count: 1 },
    ]);
  });

  it('declares the family once with its help and type, and escapes label values', () => {
    const demo = histogram();
    demo.observe({ route: 'a"b\\c\nd', code: '200' }, 0.01);
    const text = demo.render();
    expect(text.startsWith('# HELP demo_seconds Demo\\\\durations\\nin seconds.\n# TYPE demo_seconds histogram\n')).toBe(true);
    expect(samplesOf(parsePrometheusText(text), 'demo_seconds')[0].labels.route).toBe('a"b\\c\nd');
  });

  it('renders only the declaration before any observation', () => {
    expect(histogram().render()).toBe('# HELP demo_seconds Demo\\\\durations\\nin seconds.\n# TYPE demo_seconds histogram\n');
  });

  it('writes the series of a histogram without labels with le alone', () => {
    const bare = new TallyHistogram({ name: 'bare_seconds', help: 'x', labelNames: [], buckets: [1] });
    bare.observe({}, 0.5);
    expect(bare.render().split('\n').slice(2)).toEqual([
      'bare_seconds_bucket{le="1"} 1',
      'bare_seconds_bucket{le="+Inf"} 1',
      'bare_seconds_sum 0.5',
      'bare_seconds_count 1',
      '',
    ]);
  });

  it('names the buckets it refuses', () => {
    expect(() => new TallyHistogram({ name: 'bad_seconds', help: 'x', labelNames: [], buckets: [1, 0.5] })).toThrow(
      'bad_seconds: buckets must be finite and strictly ascending, got [1, 0.5]',
    );
  });

  it.each([[[]], [[1, 0.5]], [[0.1, 0.1]], [[0.1, Infinity]], [[NaN]]])('refuses buckets %j', (buckets) => {
    expect(() => new TallyHistogram({ name: 'bad_seconds', help: 'x', labelNames: [], buckets })).toThrow(
      'bad_seconds: buckets must be finite and strictly ascending',
    );
  });
});

describeWithTools('TallyHistogram output under promtool check metrics', [TOOLS.promtool], ([promtool]) => {
  it('is a valid exposition', () => {
    const demo = histogram();
    demo.observe({ route: '/', code: '200' }, 0.3);
    demo.observe({ route: 'odd"value', code: '404' }, 3);
    const run = spawnSync(promtool, ['check', 'metrics'], { input: demo.render(), encoding: 'utf8' });
    expect(`${run.stdout}${run.stderr}`).not.toMatch(/error/i);
    expect(run.status).toBe(0);
  });
});
