import { panelQueries } from '../../../dashboards';
import { substituteGrafanaVariables } from '../../dashboards/support/grafana-vars';
import { containerNamed, type Synthesized, synthStack, uploadedFile } from '../../support/synth-stack';
import { LIVE_STACK_PROPS } from './live-configs';

export interface LivePanelQuery {
  readonly dashboard: string;
  readonly dashboardUid: string;
  readonly panel: string;
  readonly refId: string;
  /** The panel's expression with Grafana's variables replaced as Grafana sends them with "All" selected. */
  readonly promql: string;
}

export interface ProvisionedDashboard {
  readonly title: string;
  readonly uid: string;
  readonly panels?: unknown[];
  readonly templating?: { readonly list?: readonly { readonly name: string; readonly allValue?: string }[] };
}

/** Every query of `dashboards`, with Grafana's variables replaced as Grafana sends them with "All" selected. */
export function dashboardQueries(dashboards: readonly ProvisionedDashboard[]): LivePanelQuery[] {
  return dashboards.flatMap((dashboard) =>
    panelQueries(dashboard).map((query) => ({
      dashboard: dashboard.title,
      dashboardUid: dashboard.uid,
      panel: query.panelTitle,
      refId: query.refId,
      promql: substituteGrafanaVariables(query.expr, dashboard),
    })),
  );
}

/** Every query of every dashboard the stack provisions into Grafana; by default the stack of LIVE_STACK_PROPS alone. */
export function liveDashboardQueries(synth: Synthesized = synthStack(LIVE_STACK_PROPS)): LivePanelQuery[] {
  const grafana = containerNamed(synth, 'sentinel-grafana');
  return dashboardQueries(
    (grafana.upload ?? [])
      .filter((upload) => upload.file.startsWith('/etc/grafana/dashboards/'))
      .map((upload) => JSON.parse(uploadedFile(grafana, upload.file)) as ProvisionedDashboard),
  );
}

/** Panel-by-panel table of how many series each query returned. */
export function printPanelTable(rows: readonly (LivePanelQuery & { series: number })[]): void {
  const width = Math.max(...rows.map((row) => `${row.dashboard} / ${row.panel}`.length));
  const lines = rows.map((row) => `${`${row.dashboard} / ${row.panel}`.padEnd(width)}  ${row.refId.padEnd(3)} ${String(row.series).padStart(4)} ${row.series === 0 ? 'NO DATA' : ''}`);
  console.log(`${'panel'.padEnd(width)}  ref series\n${lines.join('\n')}`);
}
