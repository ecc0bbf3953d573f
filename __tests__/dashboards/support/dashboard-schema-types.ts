/**
 * The shape of a dashboard Sentinel may ship, written in the Grafana Foundation
 * SDK's own types and tightened where the SDK is loose on purpose: a panel is
 * one of the panel types Sentinel uses (not any string), its `options` and
 * `fieldConfig.defaults.custom` are that type's (not `any`), its queries are
 * Prometheus queries, and every panel has a `gridPos`. A JSON schema is
 * generated from `ShippedDashboardSchema` (see `dashboard-schema.ts`).
 */
import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import type * as heatmap from '@grafana/grafana-foundation-sdk/heatmap';
import type * as prometheus from '@grafana/grafana-foundation-sdk/prometheus';
import type * as stat from '@grafana/grafana-foundation-sdk/stat';
import type * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';

/** The SDK marks its query variants with a method, which JSON never has. */
type PrometheusQuery = Omit<prometheus.Dataquery, '_implementsDataqueryVariant'>;

interface FieldConfigSource<Custom> extends Omit<dashboard.FieldConfigSource, 'defaults'> {
  defaults: Omit<dashboard.FieldConfig, 'custom'> & { custom?: Partial<Custom> };
}

/**
 * A data panel of one type. Options are partial because the builders leave
 * some to Grafana's defaults; every option present must have the SDK's type.
 */
type DataPanel<Type extends string, Options, Custom> = Omit<dashboard.Panel, 'type' | 'targets' | 'options' | 'fieldConfig' | 'gridPos'> & {
  type: Type;
  gridPos: dashboard.GridPos;
  targets: PrometheusQuery[];
  options: Partial<Options>;
  fieldConfig: FieldConfigSource<Custom>;
};

type TimeseriesPanel = DataPanel<'timeseries', timeseries.Options, timeseries.FieldConfig>;
/** The stat panel has no custom field config. */
type StatPanel = DataPanel<'stat', stat.Options, Record<string, never>>;
type HeatmapPanel = DataPanel<'heatmap', heatmap.Options, heatmap.FieldConfig>;
type RowPanel = Omit<dashboard.RowPanel, 'gridPos' | 'panels'> & { gridPos: dashboard.GridPos; panels: DashboardPanel[] };

type DashboardPanel = TimeseriesPanel | StatPanel | HeatmapPanel;

export interface ShippedDashboardSchema extends Omit<dashboard.Dashboard, 'panels'> {
  panels: (DashboardPanel | RowPanel)[];
}
