import { createServer, IncomingMessage, Server, ServerResponse, STATUS_CODES } from 'node:http';
import { Socket } from 'node:net';
import { errorMessage, LogFields, Logger } from './logger';
import { AppMetrics } from './metrics';
import { requestIdFrom } from './request-id';
import {
  allowedMethods,
  jsonReply,
  matchRoute,
  MethodLabel,
  methodLabel,
  Reply,
  RouteLabel,
  ROUTE_TEMPLATES,
  RouteTable,
  UNMATCHED_ROUTE,
} from './routes';

// Longer than the gateway's upstream keepalive_timeout (60 s): nginx must close an idle
// pooled connection before the app does, or it may reuse a closed one and answer 502.
const KEEP_ALIVE_TIMEOUT_MS = 65_000;

// nginx's convention for a client that went away before its response was sent.
const CLIENT_CLOSED_REQUEST = 499;

// The request log line by outcome: level and message.
const REQUEST_FAILED = ['error', 'request failed'] as const;
const REQUEST_REJECTED = ['warn', 'request rejected'] as const;
const REQUEST_COMPLETED = ['debug', 'request completed'] as const;

export interface AppServer {
  readonly http: Server;
  /**
   * Stops accepting connections and resolves once every open connection has finished its
   * request, or after `timeoutMs`, when the remaining connections are cut (`forced: true`).
   */
  close(timeoutMs: number): Promise<{ forced: boolean }>;
}

export interface AppServerDeps {
  readonly logger: Logger;
  /** Undefined when METRICS_ENABLED=false: requests are logged but not counted or timed. */
  readonly metrics: AppMetrics | undefined;
  readonly routes: RouteTable;
}

export function createAppServer({ logger, metrics, routes }: AppServerDeps): AppServer {
  let closing = false;
  // A route without any method (/metrics when metrics are off) answers 404 like an unknown path.
  const served: ReadonlySet<RouteLabel> = new Set(
    ROUTE_TEMPLATES.filter((route) => Object.keys(routes[route]).length > 0),
  );

  const dispatch = (method: MethodLabel, route: RouteLabel): Promise<Reply> | Reply => {
    if (route === UNMATCHED_ROUTE || !served.has(route)) return jsonReply(404, { error: 'not found' });
    const handler = routes[route][method];
    if (handler === undefined) {
      return jsonReply(405, { error: 'method not allowed' }, { headers: { Allow: allowedMethods(routes, route) } });
    }
    return handler();
  };

  const send = (res: ServerResponse, reply: Reply, requestId: string): void => {
    res.writeHead(reply.status, {
      'X-Request-Id': requestId,
      ...reply.headers,
      'Content-Type': reply.contentType,
      'Content-Length': Buffer.byteLength(reply.body),
      // While draining, keep-alive connections must close after their current response.
      ...(closing ? { Connection: 'close' } : {}),
    });
    res.end(reply.body);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const startedAt = process.hrtime.bigint();
    const requestId = requestIdFrom(req.headers['x-request-id']);
    const method = methodLabel(req.method);
    const route = matchRoute(req.url);
    let error: string | undefined;

    if (metrics !== undefined) metrics.live.inFlight++;
    res.once('close', () => {
      const status = res.writableFinished ? res.statusCode : CLIENT_CLOSED_REQUEST;
      const seconds = Number(process.hrtime.bigint() - startedAt) / 1e9;
      if (metrics !== undefined) {
        metrics.live.inFlight--;
        metrics.httpRequestDuration.observe({ method, route, status_code: String(status) }, seconds);
      }
      // Every request is in the gateway's access log, with the same request id; the app's own
      // line for a success only repeats it, and took 12 % of the app's busy time under load (CPU profile).
      const [level, msg] = status >= 500 ? REQUEST_FAILED : status >= 400 ? REQUEST_REJECTED : REQUEST_COMPLETED;
      if (!logger.enabled(level)) return;
      const fields: LogFields = { requestId, method: req.method, route, status, durationMs: Math.round(seconds * 1e6) / 1e3 };
      if (error !== undefined) fields.error = error;
      logger[level](msg, fields);
    });

    let reply: Reply;
    try {
      reply = await dispatch(method, route);
    } catch (err) {
      reply = jsonReply(500, { error: 'internal error' }, { error: errorMessage(err) });
    }
    error = reply.error;
    send(res, reply, requestId);
  };

  const server = createServer((req, res) => void handle(req, res));
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;

  // Requests the HTTP parser rejects never reach the handler; answer and count them here.
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
    if (err.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const status =
      err.code === 'HPE_HEADER_OVERFLOW' ? 431 : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
    metrics?.countRejected({ method: 'OTHER', route: UNMATCHED_ROUTE, status_code: String(status) });
    logger.warn('malformed request rejected', { status, reason: err.code ?? err.message });
    const body = JSON.stringify({ error: STATUS_CODES[status] });
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
        `Content-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `Connection: close\r\n\r\n${body}`,
    );
  });

  return {
    http: server,
    close: (timeoutMs) =>
      new Promise((resolve) => {
        closing = true;
        let forced = false;
        const deadline = setTimeout(() => {
          forced = true;
          logger.warn('drain timed out, closing remaining connections', { timeoutMs });
          server.closeAllConnections();
        }, timeoutMs);
        // Also closes idle keep-alive connections; busy ones end after their response.
        server.close(() => {
          clearTimeout(deadline);
          resolve({ forced });
        });
        logger.info('stopped accepting connections');
      }),
  };
}
