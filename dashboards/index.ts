/**
 * The Sentinel dashboards as files for Grafana's file provisioning. Each
 * component that exports metrics attaches its dashboard (`MetricsSource.dashboards`),
 * so Grafana provisions exactly the dashboards of the components in the stack.
 */
import { DEFAULT_APP_ALERT_THRESHOLDS } from '../alerts/app-alerts';
import type { DashboardBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { toDashboardJson, type DashboardJson } from './common';
import { gatewayDashboard } from './gateway';
import { hostDashboard } from './host';
import { prometheusDashboard } from './prometheus';
import { redisDashboard } from './redis';
import { serviceOverview, type ServiceOverviewOptions } from './service-overview';

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

/** The service overview as the app ships it without overrides: default alert thresholds and a 99.9 % SLO. */
export const DEFAULT_SERVICE_OVERVIEW_OPTIONS: ServiceOverviewOptions = {
  thresholds: DEFAULT_APP_ALERT_THRESHOLDS,
  sloTargetPercent: 99.9,
};

/** Render one dashboard builder to its provisioning file. */
export function dashboardFile(builder: DashboardBuilder): DashboardFile {
  const json = toDashboardJson(builder);
  const { uid, title } = json;
  if (typeof uid !== 'string' || uid === '' || typeof title !== 'string' || title === '') {
    throw new Error('a provisioned dashboard needs a uid and a title');
  }
  return { uid, title, fileName: `${uid}.json`, json };
}

/** Every Sentinel dashboard with default options, service overview first, built fresh on each call. */
export function allDashboards(): DashboardFile[] {
  const builders = [
    serviceOverview(DEFAULT_SERVICE_OVERVIEW_OPTIONS),
    gatewayDashboard(),
    redisDashboard(),
    prometheusDashboard(),
    hostDashboard(),
  ];
  return builders.map(dashboardFile);
}

export { DATASOURCE, DATASOURCE_VARIABLE, SENTINEL_TAG, type DashboardJson } from './common';
export { allPanels, dataPanels, panelQueries, type DashboardLike, type PanelJson, type PanelQuery } from './inspect';
export { GATEWAY_PANEL_IDS, GATEWAY_TITLE, GATEWAY_UID, gatewayDashboard, UPSTREAM_JOB_VARIABLE } from './gateway';
export { FSTYPE_VARIABLE, HOST_PANEL_IDS, HOST_TITLE, HOST_UID, hostDashboard } from './host';
export { PROMETHEUS_PANEL_IDS, PROMETHEUS_TITLE, PROMETHEUS_UID, prometheusDashboard } from './prometheus';
export { REDIS_PANEL_IDS, REDIS_TITLE, REDIS_UID, redisDashboard } from './redis';
export {
  SERVICE_OVERVIEW_PANEL_IDS,
  SERVICE_OVERVIEW_TITLE,
  SERVICE_OVERVIEW_UID,
  serviceOverview,
  type ServiceOverviewOptions,
} from './service-overview';
