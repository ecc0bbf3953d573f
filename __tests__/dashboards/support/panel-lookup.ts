/** Find a data panel of a dashboard by title, and read its queries. */
import { dataPanels, type DashboardJson, type PanelJson } from '../../../dashboards';
import { targetsOf } from './dashboard-json';

export function panelTitled(dashboard: DashboardJson, title: string): PanelJson {
  const found = dataPanels(dashboard).find((p) => p.title === title);
  if (found === undefined) throw new Error(`no panel titled "${title}"`);
  return found;
}

export function exprsOf(dashboard: DashboardJson, title: string): string[] {
  return targetsOf(panelTitled(dashboard, title)).map((t) => t.expr ?? '');
}
