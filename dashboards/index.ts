/**
 * The Sentinel dashboards as files for Grafana's file provisioning. Each
 * component that exports metrics attaches its dashboard (`MetricsSource.dashboards`),
 * so Grafana provisions exactly the dashboards of the components in the stack.
 */
import type { DashboardBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { toDashboardJson, type DashboardJson } from './common';

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

/** Render one dashboard builder to its provisioning file. */
export function dashboardFile(builder: DashboardBuilder): DashboardFile {
  const json = toDashboardJson(builder);
  const { uid, title } = json;
  if (typeof uid !== 'string' || uid === '' || typeof title !== 'string' || title === '') {
    throw new Error('a provisioned dashboard needs a uid and a title');
  }
  return { uid, title, fileName: `${uid}.json`, json };
}

export { DATASOURCE, DATASOURCE_VARIABLE, SENTINEL_TAG, type DashboardJson } from './common';
export { allPanels, dataPanels, panelQueries, type DashboardLike, type PanelJson, type PanelQuery } from './inspect';
export { GATEWAY_PANEL_IDS, GATEWAY_TITLE, GATEWAY_UID, gatewayDashboard, UPSTREAM_JOB_VARIABLE } from './gateway';
export { FSTYPE_VARIABLE, HOST_PANEL_IDS, HOST_TITLE, HOST_UID, hostDashboard } from './host';
export { PROMETHEUS_PANEL_IDS, PROMETHEUS_TITLE, PROMETHEUS_UID, prometheusDashboard } from './prometheus';
export { REDIS_PANEL_IDS, REDIS_TITLE, REDIS_UID, redisDashboard } from './redis';
export {
  type DashboardSection,
  SERVICE_OVERVIEW_PANEL_IDS,
  serviceOverview,
  serviceOverviewTitle,
  serviceOverviewUid,
  type ServiceOverviewOptions,
} from './service-overview';
export { REDIS_CLIENT_PANEL_IDS, redisClientSection, RUNTIME_PANEL_IDS, runtimeSection, type ServiceRuntime } from './service-sections';
