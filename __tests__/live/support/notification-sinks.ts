/**
 * Where the live Alertmanager's notifications land, on loopback: an HTTP sink standing in
 * for Slack, PagerDuty, webhooks and a dead man's switch, and an SMTP sink standing in for
 * a mail server that wants a login. Each keeps what it received, up to a bound.
 */
import { createServer, type Server } from 'node:http';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { Endpoint } from '../../../config/endpoint';
import { freePort } from '../../support/app-processes';

const MAX_KEPT = 500;
const MAX_BODY_BYTES = 1024 * 1024;

/** A POST the HTTP sink received: where to, and its JSON body. */
export interface ReceivedPost {
  readonly path: string;
  readonly body: unknown;
}

const listening = (server: { listen(port: number, host: string, done: () => void): unknown }, port: number) =>
  new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));

export class HttpSink {
  private readonly received: ReceivedPost[] = [];
  /** While set, every POST is answered 500, as a service that is down answers. */
  failing = false;

  private constructor(
    readonly endpoint: Endpoint,
    private readonly server: Server,
  ) {}

  /** Answers as the real services do on success: PagerDuty 202 with its JSON, everything else 200. */
  static async start(): Promise<HttpSink> {
    const endpoint: Endpoint = { host: '127.0.0.1', port: await freePort() };
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      request.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= MAX_BODY_BYTES) chunks.push(chunk);
      });
      request.on('end', () => {
        if (request.method !== 'POST' || size > MAX_BODY_BYTES) {
          response.writeHead(request.method !== 'POST' ? 405 : 413).end();
          return;
        }
        if (sink.failing) {
          response.writeHead(500, { 'content-type': 'text/plain' }).end('internal error');
          return;
        }
        const path = request.url ?? '';
        let body: unknown;
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch {
          response.writeHead(400).end();
          return;
        }
        if (sink.received.length < MAX_KEPT) sink.received.push({ path, body });
        if (path.startsWith('/pagerduty/')) {
          response.writeHead(202, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'success', message: 'Event processed' }));
        } else {
          response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
        }
      });
    });
    const sink = new HttpSink(endpoint, server);
    await listening(server, endpoint.port);
    return sink;
  }

  /** `http://127.0.0.1:port` + `path`. */
  url(path: string): string {
    return `http://${this.endpoint.host}:${this.endpoint.port}${path}`;
  }

  /** POSTs received at `path` so far, oldest first. */
  postsTo(path: string): ReceivedPost[] {
    return this.received.filter((post) => post.path === path);
  }

  all(): readonly ReceivedPost[] {
    return this.received;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** A mail the SMTP sink accepted: who logged in to send it, the envelope's recipients, and the parsed message. */
export interface ReceivedMail {
  readonly login: string;
  readonly recipients: readonly string[];
  readonly mail: ParsedMail;
}

export class SmtpSink {
  private readonly received: ReceivedMail[] = [];
  /** While set, every message is refused with a temporary failure, as a mail server that is down refuses. */
  failing = false;

  private constructor(
    readonly endpoint: Endpoint,
    private readonly server: SMTPServer,
  ) {}

  /** Accepts mail only after a login with exactly these credentials, over plain SMTP on loopback. */
  static async start(credentials: { readonly username: string; readonly password: string }): Promise<SmtpSink> {
    const endpoint: Endpoint = { host: '127.0.0.1', port: await freePort() };
    const server = new SMTPServer({
      authOptional: false,
      // No TLS on loopback: the stack's email receiver can be told not to require it.
      disabledCommands: ['STARTTLS'],
      allowInsecureAuth: true,
      size: MAX_BODY_BYTES,
      logger: false,
      onAuth(auth, _session, callback) {
        const accepted = auth.username === credentials.username && auth.password === credentials.password;
        callback(accepted ? null : new Error('invalid login'), accepted ? { user: auth.username } : undefined);
      },
      onData(stream, session, callback) {
        if (sink.failing) {
          stream.resume();
          stream.on('end', () => callback(Object.assign(new Error('mail service unavailable'), { responseCode: 451 })));
          return;
        }
        simpleParser(stream)
          .then((mail) => {
            if (sink.received.length < MAX_KEPT) {
              sink.received.push({ login: String(session.user), recipients: session.envelope.rcptTo.map((to) => to.address), mail });
            }
            callback();
          })
          .catch((error: Error) => callback(error));
      },
    });
    const sink = new SmtpSink(endpoint, server);
    await listening(server, endpoint.port);
    return sink;
  }

  /** `host:port`, as Alertmanager's smarthost. */
  get smarthost(): string {
    return `${this.endpoint.host}:${this.endpoint.port}`;
  }

  mails(): readonly ReceivedMail[] {
    return this.received;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
