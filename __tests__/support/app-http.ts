import { Agent, IncomingHttpHeaders, request } from 'node:http';
import { connect, Socket } from 'node:net';

export interface HttpResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export interface HttpRequestOptions {
  readonly method?: string;
  readonly path?: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** The whole exchange fails after this long, so a hung server fails the test instead of stalling it. */
  readonly timeoutMs?: number;
  /** Kept-alive connections to reuse; by default each request opens its own. */
  readonly agent?: Agent;
}

/** One HTTP/1.1 request to 127.0.0.1:`port`, on a fresh connection unless `agent` is given. */
export function httpRequest(port: number, options: HttpRequestOptions = {}): Promise<HttpResponse> {
  const { method = 'GET', path = '/', headers = {}, timeoutMs = 5_000, agent = false } = options;
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') });
      });
      res.on('error', reject);
    });
    const timer = setTimeout(() => {
      req.destroy(new Error(`${method} ${path} got no complete response within ${timeoutMs} ms`));
    }, timeoutMs);
    req.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    req.end();
  });
}

/** Resolves with the connection error code (e.g. ECONNREFUSED), or undefined when the connection was accepted. */
export function connectionError(port: number, timeoutMs = 2_000): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`connecting to 127.0.0.1:${port} neither succeeded nor failed within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(undefined);
    });
    socket.once('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve(err.code ?? err.message);
    });
  });
}

/** A raw TCP connection to 127.0.0.1:`port` that records every byte received, for hand-written HTTP. */
export interface RawConnection {
  readonly socket: Socket;
  received(): string;
  /** Resolves when the server has closed its side. */
  readonly ended: Promise<void>;
}

export function openRawConnection(port: number): Promise<RawConnection> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    const ended = new Promise<void>((resolveEnded) => socket.once('close', () => resolveEnded()));
    socket.once('error', reject);
    socket.once('connect', () => resolve({ socket, received: () => Buffer.concat(chunks).toString('utf8'), ended }));
  });
}

export interface ParsedHttpResponse extends HttpResponse {
  /** Bytes after this response, e.g. the next pipelined response. */
  readonly rest: string;
}

/** Splits the first Content-Length-delimited response off raw HTTP/1.1 text; undefined while incomplete. */
export function parseHttpResponse(raw: string): ParsedHttpResponse | undefined {
  const bytes = Buffer.from(raw, 'utf8');
  const headerEnd = bytes.indexOf('\r\n\r\n');
  if (headerEnd < 0) return undefined;
  const [statusLine, ...headerLines] = bytes.subarray(0, headerEnd).toString('latin1').split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3}) /.exec(statusLine)?.[1]);
  const headers: IncomingHttpHeaders = {};
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const bodyStart = headerEnd + 4;
  const bodyEnd = bodyStart + Number(headers['content-length'] ?? 0);
  if (bytes.length < bodyEnd) return undefined;
  return {
    status,
    headers,
    body: bytes.subarray(bodyStart, bodyEnd).toString('utf8'),
    rest: bytes.subarray(bodyEnd).toString('utf8'),
  };
}

/** Client connections that stay open without sending anything, as slow or idle clients hold them. */
export interface IdleConnections {
  /** How many are still open (the server has closed none of them). */
  open(): number;
  close(): void;
}

const CONNECT_BATCH = 500;

/** Opens `count` TCP connections to 127.0.0.1:`port`, `CONNECT_BATCH` at a time so the listen backlog never overflows. */
export async function openIdleConnections(port: number, count: number): Promise<IdleConnections> {
  const sockets: Socket[] = [];
  let closedByServer = 0;
  const close = () => {
    for (const socket of sockets) socket.destroy();
  };
  try {
    for (let opened = 0; opened < count; opened += CONNECT_BATCH) {
      const batch = Array.from({ length: Math.min(CONNECT_BATCH, count - opened) }, () =>
        new Promise<Socket>((resolve, reject) => {
          const socket = connect({ host: '127.0.0.1', port });
          sockets.push(socket);
          socket.once('connect', () => resolve(socket));
          socket.once('error', reject);
          socket.once('close', () => closedByServer++);
        }),
      );
      await Promise.all(batch);
    }
  } catch (error) {
    close();
    throw error;
  }
  return { open: () => sockets.length - closedByServer, close };
}
