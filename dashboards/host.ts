/**
 * "Sentinel / Host": the Docker host every container shares, from node_exporter —
 * how saturated CPU, memory and disks are first, then which resource and which
 * device: CPU modes and load, memory, filesystems and disk I/O, network.
 */
import type { DashboardBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import type { PanelBuilder as StatPanelBuilder } from '@grafana/grafana-foundation-sdk/stat';
import { labelVariable, sentinelDashboard } from './common';
import { HOST_METRICS } from './metrics';
import { ANY_ABOVE_ZERO, COLORS, NEUTRAL, row, statPanel, thresholds, timeseriesPanel, UNITS, type StatSpec, type Thresholds } from './panels';
import { aggregate, equals, matches, notEquals, notMatches, rate, selector, sum } from './promql';

export const HOST_UID = 'sentinel-host';
export const HOST_TITLE = 'Sentinel / Host';

/** Panel ids: part of the dashboard's public surface, never renumber, only add. */
export const HOST_PANEL_IDS = {
  rowSymptoms: 100,
  cpuBusy: 1,
  memoryUsed: 2,
  fullestFilesystem: 3,
  loadPerCore: 4,
  rowCpuMemory: 200,
  cpuByMode: 5,
  loadAverage: 6,
  memory: 7,
  rowDisk: 300,
  filesystemUsage: 8,
  diskThroughput: 9,
  diskBusy: 10,
  rowNetwork: 400,
  networkThroughput: 11,
  networkErrors: 12,
} as const;

const ID = HOST_PANEL_IDS;

/** The variable selecting which filesystem types the disk panels show. */
export const FSTYPE_VARIABLE = 'fstype';

const SATURATION: Thresholds = thresholds(COLORS.ok, { value: 0.8, color: COLORS.warning }, { value: 0.9, color: COLORS.critical });
const LOAD_PER_CORE: Thresholds = thresholds(COLORS.ok, { value: 1, color: COLORS.warning }, { value: 2, color: COLORS.critical });

const IDLE = equals('mode', 'idle');
const SELECTED_FSTYPES = matches('fstype', `$${FSTYPE_VARIABLE}`);
// Every container adds a veth pair mirroring its share of the bridge's traffic; loopback never leaves the host.
const PHYSICAL_INTERFACES = notMatches('device', 'lo|veth.*');

/** `count by (instance) (node_cpu_seconds_total{job=~"$job", mode="idle"})`: CPUs per host. */
const CPUS = aggregate('count', selector(HOST_METRICS.cpuSecondsTotal, IDLE), ['instance']);

/** Share of each selected filesystem that is used. */
const FILESYSTEM_USED = `1 - ${selector(HOST_METRICS.filesystemAvailBytes, SELECTED_FSTYPES)} / ${selector(HOST_METRICS.filesystemSizeBytes, SELECTED_FSTYPES)}`;

const byInstance = (metric: string) => sum(selector(metric), ['instance']);

/** A share from 0 to 1 of the worst host, in the symptoms row: coloured at 80 % and 90 %. */
function saturationStat(spec: Pick<StatSpec, 'id' | 'title' | 'description' | 'queries'>): StatPanelBuilder {
  return statPanel({ ...spec, unit: UNITS.ratio, thresholds: SATURATION, sparkline: true, decimals: 1, min: 0, max: 1, width: 6, height: 5 });
}

export function hostDashboard(): DashboardBuilder {
  const dashboard = sentinelDashboard({
    uid: HOST_UID,
    title: HOST_TITLE,
    description: 'The Docker host from node_exporter: CPU, memory, disk and network saturation first, then by mode, device and interface.',
    tags: ['host', 'node'],
    jobMetric: HOST_METRICS.unameInfo,
  }).withVariable(
    labelVariable({
      name: FSTYPE_VARIABLE,
      label: 'Filesystem type',
      description: 'Filesystem types the disk panels include.',
      series: selector(HOST_METRICS.filesystemSizeBytes),
      labelName: 'fstype',
    }),
  );

  const memoryUsed = `${byInstance(HOST_METRICS.memTotalBytes)} - ${byInstance(HOST_METRICS.memAvailableBytes)}`;

  dashboard
    .withRow(row(ID.rowSymptoms, 'Symptoms: saturation'))
    .withPanel(
      saturationStat({
        id: ID.cpuBusy,
        title: 'CPU busy',
        description: 'Share of CPU time spent on anything but idle, averaged over the cores of the busiest host.',
        queries: [{ expr: `max(1 - ${aggregate('avg', rate(HOST_METRICS.cpuSecondsTotal, IDLE), ['instance'])})`, legend: 'busy' }],
      }),
    )
    .withPanel(
      saturationStat({
        id: ID.memoryUsed,
        title: 'Memory used',
        description: 'Share of memory not available to new processes (MemAvailable) on the fullest host.',
        queries: [{ expr: `max((${memoryUsed}) / ${byInstance(HOST_METRICS.memTotalBytes)})`, legend: 'used' }],
      }),
    )
    .withPanel(
      saturationStat({
        id: ID.fullestFilesystem,
        title: 'Fullest filesystem',
        description: 'Used share of the fullest filesystem of the selected types; Redis, Prometheus and Grafana stop writing when theirs is full.',
        queries: [{ expr: `max(${FILESYSTEM_USED})`, legend: 'used' }],
      }),
    )
    .withPanel(
      statPanel({
        id: ID.loadPerCore,
        title: 'Load per core (5 m)',
        description: 'Five-minute load average divided by the number of CPUs on the busiest host; above 1 processes wait for a CPU.',
        unit: UNITS.count,
        thresholds: LOAD_PER_CORE,
        queries: [{ expr: `max(${byInstance(HOST_METRICS.load5)} / ${CPUS})`, legend: 'load per core' }],
        sparkline: true,
        decimals: 2,
        min: 0,
        width: 6,
        height: 5,
      }),
    )
    .withRow(row(ID.rowCpuMemory, 'Causes: CPU and memory'))
    .withPanel(
      timeseriesPanel({
        id: ID.cpuByMode,
        title: 'CPU by mode',
        description: 'Share of all CPU time per mode, idle left out: user and system are work, iowait is waiting for disks, steal is taken by the hypervisor.',
        unit: UNITS.ratio,
        thresholds: SATURATION,
        queries: [
          {
            expr: `${sum(rate(HOST_METRICS.cpuSecondsTotal, notEquals('mode', 'idle')), ['mode'])} / scalar(${aggregate('count', selector(HOST_METRICS.cpuSecondsTotal, IDLE))})`,
            legend: '{{mode}}',
          },
        ],
        stacked: true,
        min: 0,
        max: 1,
        width: 8,
        height: 8,
      }),
    )
    .withPanel(
      timeseriesPanel({
        id: ID.loadAverage,
        title: 'Load average',
        description: 'Processes running or waiting to run, averaged over 1, 5 and 15 minutes, per host.',
        unit: UNITS.count,
        thresholds: NEUTRAL,
        queries: [
          { expr: byInstance(HOST_METRICS.load1), legend: '1m {{instance}}' },
          { expr: byInstance(HOST_METRICS.load5), legend: '5m {{instance}}' },
          { expr: byInstance(HOST_METRICS.load15), legend: '15m {{instance}}' },
        ],
        min: 0,
        width: 8,
        height: 8,
      }),
    )
    .withPanel(
      timeseriesPanel({
        id: ID.memory,
        title: 'Memory',
        description: 'Memory in use, page cache and buffers (reclaimable), what is still available, and swap in use, per host.',
        unit: UNITS.bytes,
        thresholds: NEUTRAL,
        queries: [
          { expr: memoryUsed, legend: 'used {{instance}}' },
          { expr: byInstance(HOST_METRICS.memCachedBytes), legend: 'cached {{instance}}' },
          { expr: byInstance(HOST_METRICS.memBuffersBytes), legend: 'buffers {{instance}}' },
          { expr: byInstance(HOST_METRICS.memAvailableBytes), legend: 'available {{instance}}' },
          {
            expr: `${byInstance(HOST_METRICS.swapTotalBytes)} - ${byInstance(HOST_METRICS.swapFreeBytes)}`,
            legend: 'swap used {{instance}}',
          },
        ],
        min: 0,
        width: 8,
        height: 8,
      }),
    )
    .withRow(row(ID.rowDisk, 'Causes: disks'))
    .withPanel(
      timeseriesPanel({
        id: ID.filesystemUsage,
        title: 'Filesystem usage',
        description: 'Used share of each filesystem of the selected types, by mount point.',
        unit: UNITS.ratio,
        thresholds: SATURATION,
        queries: [{ expr: aggregate('max', FILESYSTEM_USED, ['instance', 'mountpoint']), legend: '{{mountpoint}} {{instance}}' }],
        showThresholds: true,
        min: 0,
        max: 1,
        width: 8,
        height: 8,
      }),
    )
    .withPanel(
      timeseriesPanel({
        id: ID.diskThroughput,
        title: 'Disk throughput',
        description: 'Bytes read from and written to each block device per second.',
        unit: UNITS.bytesPerSecond,
        thresholds: NEUTRAL,
        queries: [
          { expr: sum(rate(HOST_METRICS.diskReadBytesTotal), ['instance', 'device']), legend: 'read {{device}}' },
          { expr: sum(rate(HOST_METRICS.diskWrittenBytesTotal), ['instance', 'device']), legend: 'written {{device}}' },
        ],
        min: 0,
        width: 8,
        height: 8,
      }),
    )
    .withPanel(
      timeseriesPanel({
        id: ID.diskBusy,
        title: 'Disk busy time',
        description: 'Share of time each block device had I/O in flight; near 100 % the disk is the bottleneck.',
        unit: UNITS.ratio,
        thresholds: SATURATION,
        queries: [{ expr: sum(rate(HOST_METRICS.diskIoTimeSecondsTotal), ['instance', 'device']), legend: '{{device}}' }],
        showThresholds: true,
        min: 0,
        max: 1,
        width: 8,
        height: 8,
      }),
    )
    .withRow(row(ID.rowNetwork, 'Causes: network'))
    .withPanel(
      timeseriesPanel({
        id: ID.networkThroughput,
        title: 'Network throughput',
        description: 'Bytes received and sent per second on each interface, loopback and container veth pairs left out.',
        unit: UNITS.bytesPerSecond,
        thresholds: NEUTRAL,
        queries: [
          {
            expr: sum(rate(HOST_METRICS.networkReceiveBytesTotal, PHYSICAL_INTERFACES), ['instance', 'device']),
            legend: 'in {{device}}',
          },
          {
            expr: sum(rate(HOST_METRICS.networkTransmitBytesTotal, PHYSICAL_INTERFACES), ['instance', 'device']),
            legend: 'out {{device}}',
          },
        ],
        min: 0,
        width: 12,
        height: 8,
      }),
    )
    .withPanel(
      timeseriesPanel({
        id: ID.networkErrors,
        title: 'Network errors and drops',
        description: 'Packets per second each interface failed to receive or send, or dropped; anything above zero points at the link or a full queue.',
        unit: UNITS.packetsPerSecond,
        thresholds: ANY_ABOVE_ZERO,
        queries: [
          { expr: sum(rate(HOST_METRICS.networkReceiveErrsTotal, PHYSICAL_INTERFACES), ['instance', 'device']), legend: 'rx errors {{device}}' },
          { expr: sum(rate(HOST_METRICS.networkTransmitErrsTotal, PHYSICAL_INTERFACES), ['instance', 'device']), legend: 'tx errors {{device}}' },
          { expr: sum(rate(HOST_METRICS.networkReceiveDropTotal, PHYSICAL_INTERFACES), ['instance', 'device']), legend: 'rx drops {{device}}' },
          { expr: sum(rate(HOST_METRICS.networkTransmitDropTotal, PHYSICAL_INTERFACES), ['instance', 'device']), legend: 'tx drops {{device}}' },
        ],
        showThresholds: true,
        min: 0,
        width: 12,
        height: 8,
      }),
    );

  return dashboard;
}
