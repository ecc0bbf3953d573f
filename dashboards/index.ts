/**
 * The Sentinel dashboards as files for Grafana's file provisioning.
 */
import type { DashboardBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { toDashboardJson, type DashboardJson } from './common';
import { serviceOverview } from './service-overview';

/** One dashboard, ready to be written as `<fileName>` into the provisioned dashboards directory. */
export interface DashboardFile {
  /** Stable dashboard uid. */
  readonly uid: string;
  readonly title: string;
  /** `<uid>.json`: a plain file name, no directory. */
  readonly fileName: string;
  /** The dashboard model; `JSON.stringify` it to write the file. */
  readonly json: DashboardJson;
}

/** Builders of every dashboard, in menu order. Add new dashboards here. */
const DASHBOARDS: ReadonlyArray<() => DashboardBuilder> = [serviceOverview];

/** Render one dashboard builder to its provisioning file. */
export function dashboardFile(builder: DashboardBuilder): DashboardFile {
  const json = toDashboardJson(builder);
  const { uid, title } = json;
  if (typeof uid !== 'string' || uid === '' || typeof title !== 'string' || title === '') {
    throw new Error('a provisioned dashboard needs a uid and a title');
  }
  return { uid, title, fileName: `${uid}.json`, json };
}

/** Every Sentinel dashboard, built fresh on each call. */
export function allDashboards(): DashboardFile[] {
  const files = DASHBOARDS.map((build) => dashboardFile(build()));
  const seen = new Set<string>();
  for (const file of files) {
    if (seen.has(file.uid)) throw new Error(`duplicate dashboard uid ${file.uid}`);
    seen.add(file.uid);
  }
  return files;
}

export { DATASOURCE, DATASOURCE_VARIABLE, SENTINEL_TAG, type DashboardJson } from './common';
export { allPanels, dataPanels, panelQueries, type DashboardLike, type PanelJson, type PanelQuery } from './inspect';
export { APP_METRICS, NODE_METRICS } from './metrics';
export { SERVICE_OVERVIEW_PANEL_IDS, SERVICE_OVERVIEW_TITLE, SERVICE_OVERVIEW_UID, serviceOverview } from './service-overview';
