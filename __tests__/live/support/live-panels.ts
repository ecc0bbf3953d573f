import { panelQueries } from '../../../dashboards';
import { substituteGrafanaVariables } from '../../dashboards/support/grafana-vars';
import { containerNamed, type Synthesized, synthStack, uploadedFile } from '../../support/synth-stack';
import { LIVE_STACK_PROPS } from './live-configs';

export interface LivePanelQuery {
  readonly dashboard: string;
  readonly dashboardUid: string;
  readonly panel: string;
  readonly refId: string;
  /**
   * The panel's expression with Grafana's variables replaced, as Grafana would send it; on a
   * dashboard whose job variable can list one job alone, with that job selected.
   */
  readonly promql: string;
}

interface ProvisionedDashboard {
  readonly title: string;
  readonly uid: string;
  readonly panels?: unknown[];
  readonly templating?: { readonly list?: readonly { readonly name: string; readonly query?: unknown }[] };
}

/** The job a dashboard's `job` variable is pinned to by its own query (`label_values(metric{job="orders"}, job)`), if any. */
function pinnedJob(dashboard: ProvisionedDashboard): string | undefined {
  const query = dashboard.templating?.list?.find((variable) => variable.name === 'job')?.query;
  return typeof query === 'string' ? /^label_values\([^{]*\{job="([^"]+)"\}, job\)$/.exec(query)?.[1] : undefined;
}

/**
 * With "All" selected Grafana sends `.*` for `$job`, so a service dashboard's panel could show
 * another service's series; selecting the one job its variable lists proves its own data.
 */
function withPinnedJob(expr: string, job: string | undefined): string {
  return job === undefined ? expr : expr.replace(/\$\{job(?::\w+)?\}|\$job\b/g, job);
}

/** Every query of every dashboard the stack provisions into Grafana; by default the stack of LIVE_STACK_PROPS alone. */
export function liveDashboardQueries(synth: Synthesized = synthStack(LIVE_STACK_PROPS)): LivePanelQuery[] {
  const grafana = containerNamed(synth, 'sentinel-grafana');
  return (grafana.upload ?? [])
    .filter((upload) => upload.file.startsWith('/etc/grafana/dashboards/'))
    .flatMap((upload) => {
      const dashboard = JSON.parse(uploadedFile(grafana, upload.file)) as ProvisionedDashboard;
      const job = pinnedJob(dashboard);
      return panelQueries(dashboard).map((query) => ({
        dashboard: dashboard.title,
        dashboardUid: dashboard.uid,
        panel: query.panelTitle,
        refId: query.refId,
        promql: substituteGrafanaVariables(withPinnedJob(query.expr, job)),
      }));
    });
}

/** Panel-by-panel table of how many series each query returned. */
export function printPanelTable(rows: readonly (LivePanelQuery & { series: number })[]): void {
  const width = Math.max(...rows.map((row) => `${row.dashboard} / ${row.panel}`.length));
  const lines = rows.map((row) => `${`${row.dashboard} / ${row.panel}`.padEnd(width)}  ${row.refId.padEnd(3)} ${String(row.series).padStart(4)} ${row.series === 0 ? 'NO DATA' : ''}`);
  console.log(`${'panel'.padEnd(width)}  ref series\n${lines.join('\n')}`);
}
