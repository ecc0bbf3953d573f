/**
 * What every Sentinel dashboard shares: the Prometheus datasource variable, the
 * `job` variable, the dashboard skeleton and the conversion to provisioning JSON.
 */
import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import type { DataSourceRef } from '@grafana/grafana-foundation-sdk/common';
import {
  DashboardBuilder,
  DashboardCursorSync,
  type DashboardLink,
  DashboardLinkBuilder,
  DashboardLinkType,
  DatasourceVariableBuilder,
  QueryVariableBuilder,
  VariableRefresh,
  VariableSort,
} from '@grafana/grafana-foundation-sdk/dashboard';
import { PROMETHEUS_DATASOURCE_UID } from '../config/grafana';
import { JOB_VARIABLE } from './promql';

/** Name of the dashboard variable that picks the Prometheus datasource. */
export const DATASOURCE_VARIABLE = 'datasource';

/** The reference every panel and query uses: whatever `${datasource}` selects. */
export const DATASOURCE: DataSourceRef = { type: 'prometheus', uid: `\${${DATASOURCE_VARIABLE}}` };

/** Tag carried by every Sentinel dashboard; the dashboard links menu lists by it. */
export const SENTINEL_TAG = 'sentinel';

/** `datasource` variable limited to Prometheus datasources, defaulting to the provisioned one. */
export function datasourceVariable(): DatasourceVariableBuilder {
  return new DatasourceVariableBuilder(DATASOURCE_VARIABLE)
    .label('Data source')
    .description('Prometheus datasource every panel of this dashboard queries.')
    .type('prometheus')
    .current({ selected: true, text: 'Prometheus', value: PROMETHEUS_DATASOURCE_UID });
}

/** A multi-select variable listing the values of one label, "All" matching any value. */
export interface LabelVariableSpec {
  /** Variable name, referenced as `$name` in queries. */
  readonly name: string;
  readonly label: string;
  readonly description: string;
  /** Series selector the values are read from, e.g. `up` or `node_filesystem_size_bytes{job=~"$job"}`. */
  readonly series: string;
  /** The label whose values are listed. */
  readonly labelName: string;
  /** What "All" sends. @default `.*`, any value */
  readonly allValue?: string;
}

/**
 * `label_values(series, labelName)` as a multi-select with "All". "All" is `.*`
 * rather than `.+` so that it also keeps series without the label, such as the
 * Watchdog's `ALERTS`, which carries no `job`.
 */
export function labelVariable(spec: LabelVariableSpec): QueryVariableBuilder {
  const query = `label_values(${spec.series}, ${spec.labelName})`;
  return new QueryVariableBuilder(spec.name)
    .label(spec.label)
    .description(spec.description)
    .datasource(DATASOURCE)
    .query(query)
    .definition(query)
    .refresh(VariableRefresh.OnTimeRangeChanged)
    .sort(VariableSort.AlphabeticalAsc)
    .multi(true)
    .includeAll(true)
    .allValue(spec.allValue ?? '.*')
    .current({ selected: true, text: 'All', value: '$__all' });
}

/** A job variable listing the Prometheus jobs that expose `metric`, for selectors like `{job=~"$job"}`. */
export function jobVariable(metric: string, name: string = JOB_VARIABLE, label = 'Job', allValue?: string): QueryVariableBuilder {
  return labelVariable({ name, label, description: `Prometheus jobs exposing ${metric}.`, series: metric, labelName: 'job', allValue });
}

export interface DashboardMeta {
  /** Stable across deploys: Grafana URLs, links and alerts refer to it. 8-40 characters. */
  readonly uid: string;
  /** Shown in Grafana, "Sentinel / <name>". */
  readonly title: string;
  readonly description: string;
  /** Extra tags; `sentinel` is always added. */
  readonly tags: readonly string[];
  /** Metric whose `job` label feeds the `job` variable. */
  readonly jobMetric: string;
  /**
   * The one job a dashboard of one service shows: its "All" means that job, not every job, so
   * another service exporting the same metric names never shows on it.
   */
  readonly onlyJob?: string;
}

/**
 * A read-only dashboard with the datasource and job variables, a one-hour window
 * refreshing every 30 s, a shared crosshair, and a menu linking to the other
 * Sentinel dashboards. Callers add rows and panels.
 */
export function sentinelDashboard(meta: DashboardMeta): DashboardBuilder {
  if (!/^[A-Za-z0-9_-]{8,40}$/.test(meta.uid)) {
    throw new Error(`dashboard uid "${meta.uid}" must be 8-40 characters of [A-Za-z0-9_-]`);
  }
  const tags = [SENTINEL_TAG, ...meta.tags.filter((t) => t !== SENTINEL_TAG)];
  return new DashboardBuilder(meta.title)
    .uid(meta.uid)
    .description(meta.description)
    .tags(tags)
    .readonly()
    .timezone('browser')
    .time({ from: 'now-1h', to: 'now' })
    .refresh('30s')
    .tooltip(DashboardCursorSync.Crosshair)
    .withVariable(datasourceVariable())
    .withVariable(jobVariable(meta.jobMetric, JOB_VARIABLE, 'Job', meta.onlyJob))
    .link(sentinelDashboardsMenu());
}

/**
 * Dropdown in the dashboard's top bar listing every `sentinel`-tagged dashboard,
 * carrying over the time range and variables. The SDK's default placement
 * (`inControlsMenu`, which hides the link inside a menu on recent Grafana) is dropped.
 */
function sentinelDashboardsMenu(): cog.Builder<DashboardLink> {
  const builder = new DashboardLinkBuilder('Sentinel dashboards')
    .type(DashboardLinkType.Dashboards)
    .tags([SENTINEL_TAG])
    .asDropdown(true)
    .includeVars(true)
    .keepTime(true)
    .targetBlank(false);
  return {
    build: () => {
      const link = builder.build();
      delete link.placement;
      return link;
    },
  };
}

/** A plain JSON object, as written into Grafana's provisioning directory. */
export type DashboardJson = { readonly [key: string]: unknown };

/** The dashboard model as plain JSON: SDK-internal helper members dropped, key order kept. */
export function toDashboardJson(builder: DashboardBuilder): DashboardJson {
  return JSON.parse(JSON.stringify(builder.build())) as DashboardJson;
}
