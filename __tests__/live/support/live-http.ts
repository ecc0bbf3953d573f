import { request } from 'node:http';
import type { Endpoint } from '../../../config/endpoint';
import { httpRequest, type HttpResponse } from '../../support/app-http';

/** GET on a live endpoint, failing after `timeoutMs` rather than hanging. */
export function get(endpoint: Endpoint, path: string, timeoutMs = 5_000): Promise<HttpResponse> {
  return httpRequest(endpoint.port, { path, timeoutMs });
}

/** A request sent from another loopback address, as a peer outside an allow list would. */
export function getFrom(localAddress: string, endpoint: Endpoint, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: endpoint.host, port: endpoint.port, path, localAddress, agent: false, timeout: 5_000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${path} from ${localAddress} timed out`)));
    req.on('error', reject);
    req.end();
  });
}

export interface PromVectorSample {
  readonly metric: Record<string, string>;
  readonly value: [number, string];
}

/** An instant query against the live Prometheus: the vector it returns (empty when no data). */
export async function promQuery(prometheus: Endpoint, query: string): Promise<PromVectorSample[]> {
  const response = await get(prometheus, `/api/v1/query?query=${encodeURIComponent(query)}`);
  const body = JSON.parse(response.body) as { status: string; error?: string; data?: { resultType: string; result: unknown } };
  if (body.status !== 'success') throw new Error(`query failed: ${query}: ${body.error}`);
  const { resultType, result } = body.data ?? { resultType: 'vector', result: [] };
  if (resultType === 'scalar') return [{ metric: {}, value: result as [number, string] }];
  return result as PromVectorSample[];
}

export interface AlertmanagerAlert {
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
  readonly status: { readonly state: string };
}

/** Alerts Alertmanager holds now, read through its v2 API. */
export async function alertmanagerAlerts(alertmanager: Endpoint, alertname: string): Promise<AlertmanagerAlert[]> {
  const filter = encodeURIComponent(`alertname="${alertname}"`);
  const response = await get(alertmanager, `/api/v2/alerts?filter=${filter}`);
  return JSON.parse(response.body) as AlertmanagerAlert[];
}

export interface PrometheusAlert {
  readonly labels: Record<string, string>;
  readonly state: 'pending' | 'firing';
}

/** Alerts Prometheus holds now (pending or firing), of that name. */
export async function prometheusAlerts(prometheus: Endpoint, alertname: string): Promise<PrometheusAlert[]> {
  const body = JSON.parse((await get(prometheus, '/api/v1/alerts')).body) as { data: { alerts: PrometheusAlert[] } };
  return body.data.alerts.filter((alert) => alert.labels.alertname === alertname);
}

export interface ScrapeTarget {
  readonly labels: Record<string, string>;
  readonly scrapeUrl: string;
  readonly health: 'up' | 'down' | 'unknown';
}

/** The targets Prometheus scrapes now. */
export async function activeScrapeTargets(prometheus: Endpoint): Promise<ScrapeTarget[]> {
  const body = JSON.parse((await get(prometheus, '/api/v1/targets?state=active')).body) as { data: { activeTargets: ScrapeTarget[] } };
  return body.data.activeTargets;
}
