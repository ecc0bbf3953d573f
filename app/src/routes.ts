import { errorMessage } from './logger';
import { AppMetrics } from './metrics';
import { RedisUnavailableError, VisitorStore } from './redis';

export const ROUTE_TEMPLATES = ['/', '/healthz', '/readyz', '/metrics'] as const;
export type RouteTemplate = (typeof ROUTE_TEMPLATES)[number];
export const UNMATCHED_ROUTE = 'unmatched';
export type RouteLabel = RouteTemplate | typeof UNMATCHED_ROUTE;

// Label values must stay a small fixed set whatever clients send, or every odd request becomes a new series.
export const METHOD_LABELS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'OTHER'] as const;
export type MethodLabel = (typeof METHOD_LABELS)[number];

const TEMPLATES: ReadonlySet<string> = new Set(ROUTE_TEMPLATES);
const METHODS: ReadonlySet<string> = new Set(METHOD_LABELS);

/** The route template for a request target (query string ignored), or "unmatched". */
export function matchRoute(url: string | undefined): RouteLabel {
  const path = (url ?? '').split('?', 1)[0];
  return TEMPLATES.has(path) ? (path as RouteTemplate) : UNMATCHED_ROUTE;
}

export function methodLabel(method: string | undefined): MethodLabel {
  return method !== undefined && METHODS.has(method) ? (method as MethodLabel) : 'OTHER';
}

export interface Reply {
  readonly status: number;
  readonly body: string;
  readonly contentType: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Why the request failed, for the request log only. */
  readonly error?: string;
}

type Handler = () => Promise<Reply>;
/** A route with no methods is not served at all: it answers 404 like an unknown path. */
export type RouteTable = Readonly<Record<RouteTemplate, Readonly<Partial<Record<MethodLabel, Handler>>>>>;

const JSON_TYPE = 'application/json; charset=utf-8';

export function jsonReply(status: number, body: unknown, extra: Pick<Reply, 'headers' | 'error'> = {}): Reply {
  return { status, body: JSON.stringify(body), contentType: JSON_TYPE, ...extra };
}

/** Without `metrics` (METRICS_ENABLED=false) /metrics has no methods, so it answers 404. */
export function createRoutes(store: VisitorStore, metrics: AppMetrics | undefined): RouteTable {
  const visit: Handler = async () => {
    try {
      const visits = await store.incrementVisits();
      if (metrics !== undefined) metrics.live.visitorCount = visits;
      return jsonReply(200, { visits });
    } catch (err) {
      if (!(err instanceof RedisUnavailableError)) throw err;
      return jsonReply(503, { error: 'redis unavailable' }, { error: err.message });
    }
  };
  const healthz: Handler = async () => jsonReply(200, { status: 'ok' });
  const readyz: Handler = async () => {
    try {
      await store.ping();
      return jsonReply(200, { status: 'ready' });
    } catch (err) {
      return jsonReply(503, { status: 'not ready', reason: 'redis unreachable' }, { error: errorMessage(err) });
    }
  };
  const scrape: Handler | undefined =
    metrics && (async () => ({ status: 200, body: await metrics.exposition(), contentType: metrics.registry.contentType }));
  // HEAD is offered only where GET has no side effect, so probes like `wget --spider` work on them.
  return {
    '/': { GET: visit },
    '/healthz': { GET: healthz, HEAD: healthz },
    '/readyz': { GET: readyz, HEAD: readyz },
    '/metrics': scrape === undefined ? {} : { GET: scrape, HEAD: scrape },
  };
}

/** Value for the Allow header of a 405 on `route`. */
export function allowedMethods(routes: RouteTable, route: RouteTemplate): string {
  return Object.keys(routes[route]).join(', ');
}
