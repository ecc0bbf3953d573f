/**
 * Rows a service adds to its dashboard below the RED rows: its runtime, and what it reports
 * about its dependencies. Each section keeps the panel ids it has always had.
 */
import { APP_METRICS, NODEJS_METRICS } from './metrics';
import { COLORS, NEUTRAL, row, statPanel, statusPanel, thresholds, timeseriesPanel, UNITS } from './panels';
import { aggregate, histogramQuantile, rate, selector, sum } from './promql';
import type { DashboardSection } from './service-overview';

/**
 * The process metrics a service's client library exports: `process` for the `process_*` pair
 * the official Prometheus clients share (CPU, resident memory), `nodejs` for prom-client's
 * defaults, which add the V8 heap and the event loop.
 */
export type ServiceRuntime = 'process' | 'nodejs';

export const RUNTIME_PANEL_IDS = { row: 400, cpu: 10, memory: 11, eventLoopLag: 12 } as const;
export const REDIS_CLIENT_PANEL_IDS = { row: 300, redisUp: 7, visitorCount: 8, redisLatency: 9 } as const;

/** CPU and memory per instance, and for Node.js the event loop. */
export function runtimeSection(runtime: ServiceRuntime): DashboardSection {
  const ID = RUNTIME_PANEL_IDS;
  const nodejs = runtime === 'nodejs';
  const width = nodejs ? 8 : 12;
  const rss = { expr: sum(selector(NODEJS_METRICS.processResidentMemoryBytes), ['instance']), legend: 'RSS {{instance}}' };
  const heap = { expr: sum(selector(NODEJS_METRICS.heapSizeUsedBytes), ['instance']), legend: 'heap used {{instance}}' };
  const panels = [
    timeseriesPanel({
      id: ID.cpu,
      title: 'CPU usage',
      description: `CPU time used per instance as a share of one core${nodejs ? '; Node.js saturates near 100 %' : ''}.`,
      unit: UNITS.ratio,
      thresholds: thresholds(COLORS.ok, { value: 0.7, color: COLORS.warning }, { value: 0.9, color: COLORS.critical }),
      queries: [{ expr: sum(rate(NODEJS_METRICS.processCpuSecondsTotal), ['instance']), legend: '{{instance}}' }],
      min: 0,
      width,
      height: 8,
    }),
    timeseriesPanel({
      id: ID.memory,
      title: 'Memory',
      description: nodejs
        ? 'Resident memory and used V8 heap per instance; a heap that only grows suggests a leak.'
        : 'Resident memory per instance; memory that only grows suggests a leak.',
      unit: UNITS.bytes,
      thresholds: NEUTRAL,
      queries: nodejs ? [rss, heap] : [rss],
      min: 0,
      width,
      height: 8,
    }),
  ];
  if (nodejs) {
    panels.push(
      timeseriesPanel({
        id: ID.eventLoopLag,
        title: 'Event loop lag p99',
        description: '99th percentile event loop delay per instance; high lag delays every request on that instance.',
        unit: UNITS.seconds,
        thresholds: thresholds(COLORS.ok, { value: 0.05, color: COLORS.warning }, { value: 0.2, color: COLORS.critical }),
        queries: [{ expr: aggregate('max', selector(NODEJS_METRICS.eventLoopLagP99Seconds), ['instance']), legend: '{{instance}}' }],
        min: 0,
        width,
        height: 8,
      }),
    );
  }
  return { row: row(ID.row, nodejs ? 'Causes: Node.js runtime' : 'Causes: process'), panels };
}

/** The Sentinel app's Redis as the app sees it: reachable, its counter, its command latency. */
export function redisClientSection(): DashboardSection {
  const ID = REDIS_CLIENT_PANEL_IDS;
  return {
    row: row(ID.row, 'Causes: Redis'),
    panels: [
      statusPanel({
        id: ID.redisUp,
        title: 'Redis connectivity',
        description: 'Whether every selected app instance currently reaches Redis (worst instance shown).',
        queries: [{ expr: aggregate('min', selector(APP_METRICS.redisUp)), legend: 'redis' }],
        noValue: 'NO DATA',
        width: 4,
        height: 7,
      }),
      statPanel({
        id: ID.visitorCount,
        title: 'Visitor count',
        description: 'Current value of the visitor counter the app keeps in Redis.',
        unit: UNITS.count,
        thresholds: thresholds(COLORS.info),
        queries: [{ expr: aggregate('max', selector(APP_METRICS.visitorCount)), legend: 'visitors' }],
        sparkline: true,
        decimals: 0,
        width: 4,
        height: 7,
      }),
      timeseriesPanel({
        id: ID.redisLatency,
        title: 'Redis command latency p99',
        description: '99th percentile duration of Redis commands issued by the app, per command.',
        unit: UNITS.seconds,
        thresholds: thresholds(COLORS.ok, { value: 0.01, color: COLORS.warning }, { value: 0.05, color: COLORS.critical }),
        queries: [{ expr: histogramQuantile(0.99, APP_METRICS.redisCommandDurationSeconds, ['command']), legend: '{{command}}' }],
        min: 0,
        width: 16,
        height: 7,
      }),
    ],
  };
}
