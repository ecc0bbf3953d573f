import { dashboardFile, dataPanels, redisDashboard } from '../../dashboards';
import { defaultsOf, variablesOf } from './support/dashboard-json';
import { exprsOf, panelTitled } from './support/panel-lookup';

const json = dashboardFile(redisDashboard()).json;
const exprs = (title: string) => exprsOf(json, title);

describe('Redis dashboard', () => {
  it('has its stable uid, title and tags, and lists the jobs exposing redis_up', () => {
    expect([json.uid, json.title, json.tags]).toEqual(['sentinel-redis', 'Sentinel / Redis', ['sentinel', 'redis', 'datastore']]);
    expect(variablesOf(json).find((v) => v.name === 'job')?.query).toBe('label_values(redis_up, job)');
  });

  it('reads top-down from up, memory and clients to load and persistence', () => {
    expect(dataPanels(json).map((p) => p.title)).toEqual([
      'Redis up',
      'Memory used of maxmemory',
      'Clients',
      'Memory used vs limit',
      'Commands per second',
      'Keys per database',
      'Keyspace hits and misses',
      'AOF enabled',
      'Last AOF write',
      'Last AOF rewrite',
      'Last RDB save',
      'Last AOF rewrite took',
      'AOF size',
    ]);
  });

  it('compares used memory with maxmemory, leaving out an unlimited one', () => {
    expect(exprs('Memory used vs limit')).toEqual([
      'sum by (instance) (redis_memory_used_bytes{job=~"$job"})',
      'sum by (instance) (redis_memory_max_bytes{job=~"$job"})',
    ]);
    expect(exprs('Memory used of maxmemory')[0]).toContain('redis_memory_max_bytes{job=~"$job"} > 0');
    expect(defaultsOf(panelTitled(json, 'Memory used of maxmemory')).unit).toBe('percentunit');
  });

  it('shows commands by command and the keyspace', () => {
    expect(exprs('Commands per second')).toEqual(['sum by (cmd) (rate(redis_commands_total{job=~"$job"}[$__rate_interval]))']);
    expect(exprs('Keys per database')).toEqual(['sum by (db) (redis_db_keys{job=~"$job"})']);
    expect(exprs('Keyspace hits and misses').map((e) => /redis_keyspace_(\w+)_total/.exec(e)?.[1])).toEqual(['hits', 'misses']);
  });

  it.each([
    ['AOF enabled', 'redis_aof_enabled', 'OFF', 'ON'],
    ['Last AOF write', 'redis_aof_last_write_status', 'FAILED', 'OK'],
    ['Last AOF rewrite', 'redis_aof_last_bgrewrite_status', 'FAILED', 'OK'],
    ['Last RDB save', 'redis_rdb_last_bgsave_status', 'FAILED', 'OK'],
  ])('shows %s from %s as %s / %s', (title, metric, bad, good) => {
    expect(exprs(title)).toEqual([`min(${metric}{job=~"$job"})`]);
    const mappings = defaultsOf(panelTitled(json, title)).mappings ?? [];
    expect(mappings[0]?.options).toMatchObject({ '0': { text: bad, color: 'red' }, '1': { text: good, color: 'green' } });
  });
});
