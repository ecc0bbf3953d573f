/**
 * "Sentinel / Redis": Redis as redis_exporter reads it from INFO — up, clients
 * and memory against its limit first, then the load (commands, keyspace), then
 * whether the append-only file keeps the data safe.
 */
import type { DashboardBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import type { PanelBuilder as StatPanelBuilder } from '@grafana/grafana-foundation-sdk/stat';
import { sentinelDashboard } from './common';
import { REDIS_METRICS } from './metrics';
import { COLORS, NEUTRAL, row, statPanel, statusPanel, thresholds, timeseriesPanel, UNITS, type StatusSpec } from './panels';
import { aggregate, rate, selector, sum } from './promql';

export const REDIS_UID = 'sentinel-redis';
export const REDIS_TITLE = 'Sentinel / Redis';

/** Panel ids: part of the dashboard's public surface, never renumber, only add. */
export const REDIS_PANEL_IDS = {
  rowSymptoms: 100,
  up: 1,
  memoryUsedShare: 2,
  connectedClients: 3,
  memory: 4,
  rowLoad: 200,
  commands: 5,
  keys: 6,
  keyspaceHits: 7,
  rowPersistence: 300,
  aofEnabled: 8,
  aofLastWrite: 9,
  aofLastRewrite: 10,
  rdbLastSave: 11,
  aofRewriteDuration: 12,
  aofSize: 13,
} as const;

const ID = REDIS_PANEL_IDS;

type StatusStat = Pick<StatusSpec, 'id' | 'title' | 'description' | 'height' | 'words'> & { readonly metric: string };

/** A 0/1 status from INFO as a coloured word; the worst instance is shown. */
function statusStat({ metric, ...status }: StatusStat): StatPanelBuilder {
  return statusPanel({
    ...status,
    queries: [{ expr: aggregate('min', selector(metric)), legend: status.title }],
    noValue: 'NO DATA',
    width: 4,
  });
}

export function redisDashboard(): DashboardBuilder {
  const dashboard = sentinelDashboard({
    uid: REDIS_UID,
    title: REDIS_TITLE,
    description: 'Redis behind the app, from redis_exporter: availability, memory against maxmemory, load, and append-only persistence.',
    tags: ['redis', 'datastore'],
    jobMetric: REDIS_METRICS.up,
  });

  const byInstance = (metric: string) => sum(selector(metric), ['instance']);

  dashboard
    .withRow(row(ID.rowSymptoms, 'Symptoms: up, memory, clients'))
    .withPanel(
      statusStat({
        id: ID.up,
        title: 'Redis up',
        description: 'Whether the exporter could talk to Redis on its last scrape (worst instance shown).',
        metric: REDIS_METRICS.up,
        height: 8,
      }),
    )
    .withPanel(
      statPanel({
        id: ID.memoryUsedShare,
        title: 'Memory used of maxmemory',
        description: 'Used memory as a share of maxmemory; with noeviction, writes fail once it reaches 100 %.',
        unit: UNITS.ratio,
        thresholds: thresholds(COLORS.ok, { value: 0.8, color: COLORS.warning }, { value: 0.9, color: COLORS.critical }),
        queries: [
          {
            expr: `max(${byInstance(REDIS_METRICS.memoryUsedBytes)} / ${sum(`${selector(REDIS_METRICS.memoryMaxBytes)} > 0`, ['instance'])})`,
            legend: 'used',
          },
        ],
        noValue: 'no limit',
        sparkline: true,
        decimals: 1,
        min: 0,
        max: 1,
        width: 4,
        height: 8,
      }),
    )
    .withPanel(
      timeseriesPanel({
        id: ID.connectedClients,
        title: 'Clients',
        description: 'Client connections per instance, and those blocked in a blocking command; the app holds one connection per instance.',
        unit: UNITS.count,
        thresholds: NEUTRAL,
        queries: [
          { expr: byInstance(REDIS_METRICS.connectedClients), legend: 'connected {{instance}}' },
          { expr: byInstance(REDIS_METRICS.blockedClients), legend: 'blocked {{instance}}' },
        ],
        min: 0,
        decimals: 0,
        width: 8,
        height: 8,
      }),
    )
    .withPanel(
      timeseriesPanel({
        id: ID.memory,
        title: 'Memory used vs limit',
        description: 'Memory Redis uses for data and overhead, against its maxmemory limit (0 means unlimited).',
        unit: UNITS.bytes,
        thresholds: NEUTRAL,
        queries: [
          { expr: byInstance(REDIS_METRICS.memoryUsedBytes), legend: 'used {{instance}}' },
          { expr: byInstance(REDIS_METRICS.memoryMaxBytes), legend: 'maxmemory {{instance}}' },
        ],
        min: 0,
        width: 8,
        height: 8,
      }),
    )
    .withRow(row(ID.rowLoad, 'Load: commands and keyspace'))
    .withPanel(
      timeseriesPanel({
        id: ID.commands,
        title: 'Commands per second',
        description: 'Commands Redis executed per second, by command.',
        unit: UNITS.operationsPerSecond,
        thresholds: NEUTRAL,
        queries: [{ expr: sum(rate(REDIS_METRICS.commandsTotal), ['cmd']), legend: '{{cmd}}' }],
        stacked: true,
        min: 0,
        width: 8,
        height: 8,
      }),
    )
    .withPanel(
      timeseriesPanel({
        id: ID.keys,
        title: 'Keys per database',
        description: 'Number of keys in each logical database; the visitor counter is a single key.',
        unit: UNITS.count,
        thresholds: NEUTRAL,
        queries: [{ expr: sum(selector(REDIS_METRICS.dbKeys), ['db']), legend: '{{db}}' }],
        min: 0,
        decimals: 0,
        width: 8,
        height: 8,
      }),
    )
    .withPanel(
      timeseriesPanel({
        id: ID.keyspaceHits,
        title: 'Keyspace hits and misses',
        description: 'Key lookups per second that found their key (hits) or did not (misses).',
        unit: UNITS.operationsPerSecond,
        thresholds: NEUTRAL,
        queries: [
          { expr: sum(rate(REDIS_METRICS.keyspaceHitsTotal)), legend: 'hits' },
          { expr: sum(rate(REDIS_METRICS.keyspaceMissesTotal)), legend: 'misses' },
        ],
        min: 0,
        width: 8,
        height: 8,
      }),
    )
    .withRow(row(ID.rowPersistence, 'Persistence: append-only file'))
    .withPanel(
      statusStat({
        id: ID.aofEnabled,
        title: 'AOF enabled',
        description: 'Whether append-only persistence is on; Sentinel keeps the visitor counter only in the AOF.',
        metric: REDIS_METRICS.aofEnabled,
        words: { bad: 'OFF', good: 'ON' },
        height: 4,
      }),
    )
    .withPanel(
      statusStat({
        id: ID.aofLastWrite,
        title: 'Last AOF write',
        description: 'Whether the last write to the append-only file succeeded; FAILED means recent writes are not on disk.',
        metric: REDIS_METRICS.aofLastWriteStatus,
        words: { bad: 'FAILED', good: 'OK' },
        height: 4,
      }),
    )
    .withPanel(
      statusStat({
        id: ID.aofLastRewrite,
        title: 'Last AOF rewrite',
        description: 'Whether the last background rewrite (compaction) of the append-only file succeeded.',
        metric: REDIS_METRICS.aofLastBgrewriteStatus,
        words: { bad: 'FAILED', good: 'OK' },
        height: 4,
      }),
    )
    .withPanel(
      statusStat({
        id: ID.rdbLastSave,
        title: 'Last RDB save',
        description: 'Whether the last RDB snapshot succeeded; Sentinel disables snapshots, so this stays OK unless one is forced.',
        metric: REDIS_METRICS.rdbLastBgsaveStatus,
        words: { bad: 'FAILED', good: 'OK' },
        height: 4,
      }),
    )
    .withPanel(
      statPanel({
        id: ID.aofRewriteDuration,
        title: 'Last AOF rewrite took',
        description: 'Duration of the last append-only file rewrite (slowest instance); -1 until the first rewrite.',
        unit: UNITS.seconds,
        thresholds: thresholds(COLORS.ok, { value: 10, color: COLORS.warning }, { value: 60, color: COLORS.critical }),
        queries: [{ expr: aggregate('max', selector(REDIS_METRICS.aofLastRewriteDurationSeconds)), legend: 'rewrite' }],
        valueText: { '-1': { text: 'never', color: COLORS.info } },
        noValue: 'NO DATA',
        width: 8,
        height: 4,
      }),
    )
    .withPanel(
      timeseriesPanel({
        id: ID.aofSize,
        title: 'AOF size',
        description: 'Size of the append-only file per instance; it grows with every write until a rewrite compacts it.',
        unit: UNITS.bytes,
        thresholds: NEUTRAL,
        queries: [{ expr: byInstance(REDIS_METRICS.aofCurrentSizeBytes), legend: '{{instance}}' }],
        min: 0,
        width: 24,
        height: 6,
      }),
    );

  return dashboard;
}
