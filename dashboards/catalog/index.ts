/**
 * Metric catalogs of every component Sentinel can scrape, keyed by the
 * Prometheus job that scrapes it. Test and tooling code only: the app's catalog
 * loads prom-client, which has no place on the synth path.
 */
import { JOB_NAMES } from '../../config/scrape-job';
import { ALERTMANAGER_CATALOG } from './alertmanager';
import { appCatalog } from './app';
import { catalogSeries, type MetricCatalog } from './metric-catalog';
import { NGINX_EXPORTER_CATALOG } from './nginx-exporter';
import { NODE_EXPORTER_CATALOG } from './node-exporter';
import { ALERT_SERIES_CATALOG, PROMETHEUS_CATALOG, SCRAPE_SERIES_CATALOG } from './prometheus';
import { hasAlertingRules, recordedSeriesCatalog } from './recorded-series';
import { REDIS_EXPORTER_CATALOG } from './redis-exporter';

/** The catalog of each job name the Sentinel components scrape under. */
export async function catalogsByJob(): Promise<ReadonlyMap<string, MetricCatalog>> {
  return new Map([
    [JOB_NAMES.app, await appCatalog()],
    [JOB_NAMES.nginxExporter, NGINX_EXPORTER_CATALOG],
    [JOB_NAMES.redisExporter, REDIS_EXPORTER_CATALOG],
    [JOB_NAMES.nodeExporter, NODE_EXPORTER_CATALOG],
    [JOB_NAMES.prometheus, PROMETHEUS_CATALOG],
    [JOB_NAMES.alertmanager, ALERTMANAGER_CATALOG],
  ]);
}

/**
 * Every series name Prometheus holds for a stack that scrapes `jobs` and loads
 * `ruleFileYaml`, each with what exports it: the jobs' catalogs, the series
 * Prometheus writes per target and for alerts, and the recorded series.
 */
export async function seriesOfStack(jobs: readonly string[], ruleFileYaml: string): Promise<ReadonlyMap<string, string>> {
  const byJob = await catalogsByJob();
  const sources: { readonly catalog: MetricCatalog; readonly source: string }[] = [];
  for (const job of jobs) {
    const catalog = byJob.get(job);
    if (catalog !== undefined) sources.push({ catalog, source: `${catalog.source} (job ${job})` });
  }
  if (jobs.length > 0) sources.push({ catalog: SCRAPE_SERIES_CATALOG, source: SCRAPE_SERIES_CATALOG.source });
  if (hasAlertingRules(ruleFileYaml)) sources.push({ catalog: ALERT_SERIES_CATALOG, source: ALERT_SERIES_CATALOG.source });
  const recorded = recordedSeriesCatalog(ruleFileYaml);
  sources.push({ catalog: recorded, source: recorded.source });

  const series = new Map<string, string>();
  for (const { catalog, source } of sources) {
    for (const name of catalogSeries(catalog)) if (!series.has(name)) series.set(name, source);
  }
  return series;
}

export { ALERTMANAGER_CATALOG } from './alertmanager';
export { appCatalog } from './app';
export { catalogSeries, metricsFromExposition, seriesNames, type CatalogMetric, type MetricCatalog, type MetricType } from './metric-catalog';
export { NGINX_EXPORTER_CATALOG } from './nginx-exporter';
export { NODE_EXPORTER_CATALOG } from './node-exporter';
export { ALERT_SERIES_CATALOG, PROMETHEUS_CATALOG, SCRAPE_SERIES_CATALOG } from './prometheus';
export { recordedSeriesCatalog } from './recorded-series';
export { REDIS_EXPORTER_CATALOG } from './redis-exporter';
