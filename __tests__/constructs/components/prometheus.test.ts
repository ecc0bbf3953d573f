import { parse } from 'yaml';
import { Construct } from '../../../constructs/framework/framework';
import { Prometheus, type PrometheusOptions } from '../../../constructs/components/prometheus';
import type { ScrapeJob } from '../../../config/scrape-job';
import { StandInMetricsSource, synthConstruct } from '../../support/construct-scope';
import { containerNamed, networkRolesOf, resourceNames, type Synthesized, uploadedFile } from '../../support/synth-stack';

const extraExporter = (scope: Construct) =>
  new StandInMetricsSource(scope, 'extra', {
    scrapeJob: { jobName: 'extra', targets: [{ host: 'extra', port: 9999 }] },
    ruleGroups: [{ name: 'extra', rules: [{ record: 'job:extra_up:max', expr: 'max by (job) (up{job="extra"})' }] }],
  });

/** Has the member, but never declared itself a metrics source. */
class LooksLikeASource extends Construct {
  readonly scrapeJob: ScrapeJob = { jobName: 'lookalike', targets: [{ host: 'lookalike', port: 9998 }] };
}

const ALERTMANAGER = { host: 'alert-router', port: 19093 };
const CONFIG_PATH = '/etc/prometheus/prometheus.yml';
const RULES_PATH = '/etc/prometheus/rules/sentinel.yml';

function synthPrometheus(options: PrometheusOptions = {}, alongside?: (scope: Construct) => void) {
  return synthConstruct((scope) => {
    const prometheus = new Prometheus(scope, 'prometheus', { alertmanager: ALERTMANAGER, ...options });
    alongside?.(scope);
    return prometheus;
  });
}

const prometheusOf = (synth: Synthesized) => containerNamed(synth, 'sentinel-prometheus');
const prometheusYml = (synth: Synthesized) => uploadedFile(prometheusOf(synth), CONFIG_PATH);
const jobsIn = (config: string) => (parse(config).scrape_configs as { job_name: string }[]).map((job) => job.job_name);

const synth = synthPrometheus();
const prometheus = prometheusOf(synth);

describe('Prometheus container', () => {
  it('runs with the TSDB retention, no lifecycle API, and its rendered config', () => {
    expect(prometheus.command).toEqual(['--config.file=/etc/prometheus/prometheus.yml', '--storage.tsdb.path=/prometheus', '--storage.tsdb.retention.time=30d']);
    const config = uploadedFile(prometheus, CONFIG_PATH);
    expect(config).toContain('scrape_interval: 5s');
    expect(config).toContain('evaluation_interval: 5s');
  });

  it('is on the monitoring network only, its UI published on loopback, its TSDB on a named volume', () => {
    expect(networkRolesOf(prometheus)).toEqual(['monitoring']);
    expect(prometheus.ports).toEqual([{ internal: 9090, external: 9090, ip: '127.0.0.1' }]);
    expect(resourceNames(synth, 'docker_volume')).toEqual(['sentinel-prometheus-data']);
    expect(prometheus.volumes?.map((v) => v.container_path)).toEqual(['/prometheus']);
    expect(prometheus.healthcheck?.test).toEqual(['CMD', 'wget', '-q', '-O', '/dev/null', 'http://127.0.0.1:9090/-/ready']);
  });

  it('sends alerts to the Alertmanager it is given', () => {
    expect(parse(prometheusYml(synth)).alerting).toEqual({ alertmanagers: [{ static_configs: [{ targets: ['alert-router:19093'] }] }] });
  });

  it('takes intervals, retention, port, bind address and memory from its props', () => {
    const tuned = synthPrometheus({ scrapeInterval: '15s', evaluationInterval: '30s', retention: '45d', hostPort: 19090, bindAddress: '0.0.0.0', memoryMb: 2048 });
    const container = prometheusOf(tuned);
    expect(container.command).toContain('--storage.tsdb.retention.time=45d');
    expect(parse(prometheusYml(tuned)).global).toMatchObject({ scrape_interval: '15s', evaluation_interval: '30s' });
    expect(container.ports).toEqual([{ internal: 9090, external: 19090, ip: '0.0.0.0' }]);
    expect(container.memory).toBe(2048);
    expect([tuned.construct.scrapeInterval, tuned.construct.evaluationInterval]).toEqual(['15s', '30s']);
  });

  it('refuses less memory than the TSDB needs and a malformed ReplicasMismatch wait, naming the prop', () => {
    expect(() => synthPrometheus({ memoryMb: 128 })).toThrow('Invalid prometheus.memoryMb: got 128, expected an integer from 256 to 65536 MiB');
    expect(() => synthPrometheus({ replicasMismatchFor: '5 min' as never })).toThrow(/^Invalid prometheus\.replicasMismatchFor: got "5 min"/);
  });

  it('refuses a scrape interval too long for two samples in the RED rules\' 1-minute rate window', () => {
    expect(synthPrometheus({ scrapeInterval: '30s' }).construct.scrapeInterval).toBe('30s');
    expect(() => synthPrometheus({ scrapeInterval: '1m' })).toThrow('Invalid prometheus.scrapeInterval: got "1m", expected at most what the 1m RED rules need (30s)');
  });

  it('fires TargetDown after targetDownFor', () => {
    const rules = parse(uploadedFile(prometheusOf(synthPrometheus({ targetDownFor: '3m' })), RULES_PATH)).groups as { name: string; rules: { alert?: string; for?: string }[] }[];
    const targetDown = rules.find((group) => group.name === 'targets')?.rules.filter((rule) => rule.alert === 'TargetDown');
    expect(targetDown?.length).toBeGreaterThan(0);
    for (const rule of targetDown ?? []) expect(rule.for).toBe('3m');
  });
});

describe('Prometheus scrape jobs', () => {
  it('come from the components in the stack, including ones added after Prometheus, with their rules', () => {
    const withExtra = synthPrometheus({}, extraExporter);
    const config = prometheusYml(withExtra);
    expect(jobsIn(config)).toEqual(['extra', 'prometheus']);
    expect(config).toContain('- extra:9999');
    expect(uploadedFile(prometheusOf(withExtra), RULES_PATH)).toContain('record: job:extra_up:max');
  });

  it('come only from components marked as metrics sources, not from any construct with a scrapeJob', () => {
    expect(prometheusYml(synthPrometheus({}, (scope) => new LooksLikeASource(scope, 'lookalike')))).not.toContain('lookalike');
  });

  it('do not include components the stack does not have: alone, Prometheus scrapes itself, in its own network namespace', () => {
    const config = prometheusYml(synth);
    expect(jobsIn(config)).toEqual(['prometheus']);
    expect(parse(config).scrape_configs[0].static_configs).toEqual([{ targets: ['localhost:9090'] }]);
    expect(config).not.toContain('job_name: extra');
  });
});
