import { RedisExporter } from '../../../constructs/components/redis-exporter';
import { synthConstruct } from '../../support/construct-scope';
import { containerNamed, networkRolesOf } from '../../support/synth-stack';

const synth = synthConstruct((scope) => new RedisExporter(scope, 'redis-exporter', { redis: { host: 'cache', port: 6380 } }));
const exporter = containerNamed(synth, 'sentinel-redis-exporter');

describe('RedisExporter', () => {
  it('reads the Redis it is given', () => {
    expect(exporter.env).toEqual(['REDIS_ADDR=redis://cache:6380']);
  });

  it('joins the internal network to reach Redis and the monitoring network to be scraped, publishing nothing', () => {
    expect(networkRolesOf(exporter)).toEqual(['internal', 'monitoring']);
    expect(exporter.ports ?? []).toEqual([]);
  });

  it('is scraped as redis-exporter:9121, its absence a warning, and is healthy when its /health answers', () => {
    expect(synth.construct.scrapeJob).toEqual({ jobName: 'redis', targets: [{ host: 'redis-exporter', port: 9121 }], severityWhenDown: 'warning' });
    expect(exporter.healthcheck?.test).toEqual(['CMD', 'wget', '-q', '-O', '/dev/null', 'http://127.0.0.1:9121/health']);
  });

  it('brings the Redis dashboard', () => {
    expect(synth.construct.dashboards.map((dashboard) => dashboard.fileName)).toEqual([expect.stringMatching(/redis/)]);
  });
});
