import type { Duration } from './duration';
import { type Endpoint, hostPort } from './endpoint';
import { renderYaml } from './yaml';

export const PROMETHEUS_DATASOURCE_UID = 'prometheus';

export interface GrafanaDatasourceInput {
  readonly prometheus: Endpoint;
  readonly scrapeInterval: Duration;
}

/** Provisioned datasources: the stack's Prometheus, read-only in the UI. */
export function renderGrafanaDatasources(input: GrafanaDatasourceInput): string {
  return renderYaml({
    apiVersion: 1,
    datasources: [
      {
        name: 'Prometheus',
        uid: PROMETHEUS_DATASOURCE_UID,
        type: 'prometheus',
        access: 'proxy',
        url: `http://${hostPort(input.prometheus)}`,
        isDefault: true,
        editable: false,
        jsonData: {
          // Grafana's $__rate_interval is derived from this; it must match the real scrape interval.
          timeInterval: input.scrapeInterval,
          httpMethod: 'POST',
        },
      },
    ],
  });
}

export interface GrafanaDashboardProviderInput {
  /** Directory in the Grafana container that holds the dashboard JSON files. */
  readonly dashboardsDir: string;
}

/** Dashboard provider: files are the source of truth, UI edits are not kept. */
export function renderGrafanaDashboardProvider(input: GrafanaDashboardProviderInput): string {
  return renderYaml({
    apiVersion: 1,
    providers: [
      {
        name: 'sentinel',
        folder: 'Sentinel',
        type: 'file',
        disableDeletion: true,
        allowUiUpdates: false,
        updateIntervalSeconds: 30,
        options: { path: input.dashboardsDir, foldersFromFilesStructure: false },
      },
    ],
  });
}
