import { spawnSync } from 'node:child_process';
// The app's own prom-client: the root project does not depend on it.
import { Counter, Gauge, Histogram, Registry } from '../../app/node_modules/prom-client';
import { formatValue, labelPairs, renderRegistry } from '../../app/src/prometheus-text';
import { describeWithTools, TOOLS } from '../support/debian-tool';

/** Counters, gauges and a histogram, with and without labels, help and label values that need escaping. */
function demoRegistry(): Registry {
  const registry = new Registry();
  const registers = [registry];
  const requests = new Counter({ name: 'demo_requests_total', help: 'Requests, by path\\route.', labelNames: ['path', 'code'], registers });
  requests.inc({ path: '/a"b', code: '200' }, 3);
  requests.inc({ path: 'back\\slash\nnewline', code: '404' });
  new Gauge({ name: 'demo_up', help: 'Up.\nSecond line.', registers }).set(1);
  new Gauge({ name: 'demo_never_set', help: 'Declared, never set.', registers });
  const latency = new Histogram({ name: 'demo_seconds', help: 'Latency.', labelNames: ['route'], buckets: [0.1, 1], registers });
  latency.observe({ route: '/' }, 0.05);
  latency.observe({ route: '/' }, 4);
  latency.observe({ route: '/x' }, 0.5);
  return registry;
}

const lines = (text: string): string[] => text.split('\n').filter((line) => line !== '');

describe('renderRegistry', () => {
  it("writes the same lines as prom-client's own registry.metrics(), without its blank lines between families", async () => {
    const registry = demoRegistry();
    const ours = await renderRegistry(registry);
    expect(lines(ours)).toEqual(lines(await registry.metrics()));
    expect(ours.endsWith('\n')).toBe(true);
    expect(ours).not.toContain('\n\n');
  });

  it('escapes label values and help text as the format requires', async () => {
    const text = await renderRegistry(demoRegistry());
    expect(text).toContain('demo_requests_total{path="/a\\"b",code="200"} 3\n');
    expect(text).toContain('demo_requests_total{path="back\\\\slash\\nnewline",code="404"} 1\n');
    expect(text).toContain('# HELP demo_up Up.\\nSecond line.\n');
    expect(text).toContain('# HELP demo_requests_total Requests, by path\\\\route.\n');
    expect(text).toContain('demo_seconds_bucket{le="+Inf",route="/"} 2\n');
  });
});

describe('labelPairs and formatValue', () => {
  it('joins label pairs in the labels\' order, and spells the special values as the format does', () => {
    expect(labelPairs({})).toBe('');
    expect(labelPairs({ b: '2', a: 1 })).toBe('b="2",a="1"');
    expect([Infinity, -Infinity, NaN, 0.25, 3].map(formatValue)).toEqual(['+Inf', '-Inf', 'NaN', '0.25', '3']);
  });
});

describeWithTools('renderRegistry output under promtool check metrics', [TOOLS.promtool], ([promtool]) => {
  it('is a valid exposition', async () => {
    const run = spawnSync(promtool, ['check', 'metrics'], { input: await renderRegistry(demoRegistry()), encoding: 'utf8' });
    expect(`${run.stdout}${run.stderr}`).not.toMatch(/error/i);
    expect(run.status).toBe(0);
  });
});
