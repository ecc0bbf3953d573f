import { Construct, Testing } from '../../constructs/framework';
import { testApp } from '../support/test-app';
import { markMetricsSource, type MetricsSource } from '../../constructs/metrics-source';
import { SentinelStack } from '../../constructs/sentinel-stack';
import type { RuleGroup } from '../../config/prometheus-rules';
import type { ScrapeJob } from '../../config/scrape-job';

class ExtraExporter extends Construct implements MetricsSource {
  readonly scrapeJob: ScrapeJob = { jobName: 'extra', targets: [{ host: 'extra', port: 9999 }] };
  readonly ruleGroups: readonly RuleGroup[] = [
    { name: 'extra', rules: [{ record: 'job:extra_up:max', expr: 'max by (job) (up{job="extra"})' }] },
  ];

  constructor(scope: Construct, id: string) {
    super(scope, id);
    markMetricsSource(this);
  }
}

/** Has the member, but never declared itself a metrics source. */
class LooksLikeASource extends Construct {
  readonly scrapeJob: ScrapeJob = { jobName: 'lookalike', targets: [{ host: 'lookalike', port: 9998 }] };
}

function prometheusYml(stack: SentinelStack): string {
  const containers = JSON.parse(Testing.synth(stack)).resource.docker_container as Record<string, { name: string; upload?: { file: string; content: string }[] }>;
  const prometheus = Object.values(containers).find((c) => c.name === 'sentinel-prometheus');
  return prometheus?.upload?.find((u) => u.file === '/etc/prometheus/prometheus.yml')?.content ?? '';
}

describe('Prometheus scrape jobs', () => {
  it('come from the components in the stack, including ones added after Prometheus', () => {
    const stack = new SentinelStack(testApp(), 'sentinel');
    new ExtraExporter(stack, 'extra');
    const config = prometheusYml(stack);
    expect(config).toContain('job_name: extra');
    expect(config).toContain('- extra:9999');
  });

  it('come only from components marked as metrics sources, not from any construct with a scrapeJob', () => {
    const stack = new SentinelStack(testApp(), 'sentinel');
    new LooksLikeASource(stack, 'lookalike');
    expect(prometheusYml(stack)).not.toContain('lookalike');
  });

  it('do not include components the stack does not have', () => {
    const config = prometheusYml(new SentinelStack(testApp(), 'sentinel'));
    expect(config).not.toContain('job_name: extra');
  });
});
