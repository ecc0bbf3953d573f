import { familyHeader, formatValue, labelPairs, sampleLine } from '../../app/src/prometheus-text';

describe('the text format helpers of the tally histograms', () => {
  it("joins label pairs in the labels' order, escaping values as the format requires", () => {
    expect(labelPairs({})).toBe('');
    expect(labelPairs({ b: '2', a: 1 })).toBe('b="2",a="1"');
    expect(labelPairs({ path: '/a"b' })).toBe('path="/a\\"b"');
    expect(labelPairs({ quote: '"', newline: '\n' })).toBe('quote="\\"",newline="\\n"');
    expect(labelPairs({ path: 'back\\slash\nnewline' })).toBe('path="back\\\\slash\\nnewline"');
  });

  it('spells the special values as the format does', () => {
    expect([Infinity, -Infinity, NaN, 0.25, 3].map(formatValue)).toEqual(['+Inf', '-Inf', 'NaN', '0.25', '3']);
  });

  it('opens a family with escaped help and its type, and writes one sample per line', () => {
    expect(familyHeader('demo_seconds', 'Latency, by path\\route.\nSecond line.', 'histogram')).toBe(
      '# HELP demo_seconds Latency, by path\\\\route.\\nSecond line.\n# TYPE demo_seconds histogram\n',
    );
    expect(sampleLine('demo_seconds_count', '', 2)).toBe('demo_seconds_count 2\n');
    expect(sampleLine('demo_seconds_bucket', 'le="+Inf"', 2)).toBe('demo_seconds_bucket{le="+Inf"} 2\n');
  });
});
