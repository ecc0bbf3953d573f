/**
 * The dashboards, scrape jobs and rules exactly as a synthesized stack delivers
 * them into its Grafana and Prometheus containers.
 */
import { parse } from 'yaml';
import type { DashboardJson } from '../../../dashboards';
import { containerNamed, synthStack, uploadedFile, type SynthesizedStack } from '../../support/synth-stack';
import type { SentinelStackProps } from '../../../constructs/stack/sentinel-stack';

const DASHBOARDS_DIR = '/etc/grafana/dashboards/';
const PROMETHEUS_CONFIG = '/etc/prometheus/prometheus.yml';
const RULE_FILE = '/etc/prometheus/rules/sentinel.yml';

export interface ShippedDashboard {
  /** Where Grafana reads it from. */
  readonly path: string;
  readonly uid: string;
  readonly title: string;
  readonly json: DashboardJson;
}

export interface ShippedStack {
  readonly synth: SynthesizedStack;
  /** Every dashboard file uploaded into Grafana's provisioned dashboards directory, parsed. */
  readonly dashboards: readonly ShippedDashboard[];
  /** The `job_name`s of prometheus.yml. */
  readonly scrapeJobs: readonly string[];
  /** The rule file Prometheus loads, as text. */
  readonly ruleFile: string;
}

function dashboardsOf(synth: SynthesizedStack): ShippedDashboard[] {
  const grafana = containerNamed(synth, 'sentinel-grafana');
  return (grafana.upload ?? [])
    .filter((upload) => upload.file.startsWith(DASHBOARDS_DIR) && upload.file.endsWith('.json'))
    .map((upload) => {
      const json = JSON.parse(uploadedFile(grafana, upload.file)) as DashboardJson;
      return { path: upload.file, uid: String(json.uid), title: String(json.title), json };
    });
}

function scrapeJobsOf(prometheusYml: string): string[] {
  const config = parse(prometheusYml) as { scrape_configs?: { job_name: string }[] };
  return (config.scrape_configs ?? []).map((job) => job.job_name);
}

export function shippedStack(props: SentinelStackProps = {}): ShippedStack {
  const synth = synthStack(props);
  const prometheus = containerNamed(synth, 'sentinel-prometheus');
  return {
    synth,
    dashboards: dashboardsOf(synth),
    scrapeJobs: scrapeJobsOf(uploadedFile(prometheus, PROMETHEUS_CONFIG)),
    ruleFile: uploadedFile(prometheus, RULE_FILE),
  };
}

/** The shipped dashboard with `uid`; throws naming the ones there are. */
export function shippedDashboard(stack: ShippedStack, uid: string): ShippedDashboard {
  const found = stack.dashboards.find((d) => d.uid === uid);
  if (found === undefined) throw new Error(`no dashboard ${uid} provisioned; have ${stack.dashboards.map((d) => d.uid).join(', ')}`);
  return found;
}
