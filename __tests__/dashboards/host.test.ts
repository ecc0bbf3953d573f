import { dashboardFile, dataPanels, hostDashboard, panelQueries } from '../../dashboards';
import { variablesOf } from './support/dashboard-json';
import { metricNames } from './support/promql-names';
import { exprsOf } from './support/panel-lookup';

const json = dashboardFile(hostDashboard()).json;
const exprs = (title: string) => exprsOf(json, title);

describe('Host dashboard', () => {
  it('has its stable uid, title and tags, and lists the jobs exposing node_uname_info', () => {
    expect([json.uid, json.title, json.tags]).toEqual(['sentinel-host', 'Sentinel / Host', ['sentinel', 'host', 'node']]);
    expect(variablesOf(json).find((v) => v.name === 'job')?.query).toBe('label_values(node_uname_info, job)');
  });

  it('reads top-down from saturation to CPU, memory, disks and network', () => {
    expect(dataPanels(json).map((p) => p.title)).toEqual([
      'CPU busy',
      'Memory used',
      'Fullest filesystem',
      'Load per core (5 m)',
      'CPU by mode',
      'Load average',
      'Memory',
      'Filesystem usage',
      'Disk throughput',
      'Disk busy time',
      'Network throughput',
      'Network errors and drops',
    ]);
  });

  it('offers the filesystem types as a variable read from the selected jobs', () => {
    expect(variablesOf(json).find((v) => v.name === 'fstype')).toMatchObject({
      type: 'query',
      query: 'label_values(node_filesystem_size_bytes{job=~"$job"}, fstype)',
      multi: true,
      includeAll: true,
    });
  });

  it('filters every filesystem series by $fstype instead of a hard-coded list', () => {
    const filesystemQueries = panelQueries(json).filter((q) => metricNames(q.expr).some((m) => m.startsWith('node_filesystem_')));
    expect(filesystemQueries.length).toBeGreaterThan(0);
    for (const q of filesystemQueries) {
      for (const selector of q.expr.match(/node_filesystem_\w+\{[^}]*\}/g) ?? []) expect(selector).toContain('fstype=~"$fstype"');
    }
  });

  it('covers CPU, memory, disk I/O and network from node_exporter', () => {
    expect(exprs('CPU by mode')[0]).toMatch(/^sum by \(mode\) \(rate\(node_cpu_seconds_total\{job=~"\$job", mode!="idle"\}/);
    expect(exprs('Disk throughput').flatMap(metricNames)).toEqual(['node_disk_read_bytes_total', 'node_disk_written_bytes_total']);
    expect(exprs('Disk busy time').flatMap(metricNames)).toEqual(['node_disk_io_time_seconds_total']);
    expect(exprs('Network throughput').flatMap(metricNames)).toEqual(['node_network_receive_bytes_total', 'node_network_transmit_bytes_total']);
  });
});
