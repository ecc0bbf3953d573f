import { type Endpoint, hostPort } from './endpoint';
import { generatedHeader } from './generated-header';

/** Filesystem locations nginx writes to: container paths in Docker, a temp dir in tests. */
export interface NginxPaths {
  readonly pidFile: string;
  readonly tempDir: string;
  readonly accessLog: string;
  readonly errorLog: string;
}

export interface NginxConfigInput {
  /** Public listener: the only port users reach. */
  readonly publicListen: Endpoint;
  /** Listener for stub_status and the gateway's own health probe. */
  readonly statusListen: Endpoint;
  /** Networks (CIDR) allowed to read stub_status besides loopback: the monitoring network. */
  readonly statusAllowedFrom: readonly string[];
  /** The services behind the gateway, each under its own path prefix; at least one. */
  readonly routes: readonly NginxRoute[];
  readonly paths: NginxPaths;
  readonly limits: NginxLimits;
  /** The directory holding the runbook's index.html, served under RUNBOOK_PATH so alerts link to a page that opens. */
  readonly runbookDir: string;
  /**
   * Where to look upstream names up again while running (Swarm's DNS, whose task list changes),
   * and how long an answer is kept. Without it each name is resolved once, at start: on one host
   * the gateway is replaced with its upstreams.
   */
  readonly dnsResolver?: { readonly address: string; readonly validSeconds: number };
}

/** One service behind the gateway. */
export interface NginxRoute {
  /** The upstream's name in nginx.conf: letters, digits, dashes. */
  readonly name: string;
  readonly upstream: Endpoint;
  /**
   * The servers of its upstream block, among which nginx balances (round robin): each replica by
   * its own name on one host. A resolving gateway looks `upstream` up instead. @default [upstream]
   */
  readonly servers?: readonly Endpoint[];
  /**
   * Path prefix users reach it under, starting and ending with `/`. Below `/`, the prefix is
   * taken off before the request is passed on: the service sees the paths it serves.
   */
  readonly pathPrefix: string;
  /** Its metrics path (as the service sees it), answered 404 here: metrics are for Prometheus only. */
  readonly metricsPath: string;
}

export interface NginxLimits {
  readonly maxBodySize: string;
  readonly clientTimeoutSeconds: number;
  readonly upstreamConnectTimeoutSeconds: number;
  readonly upstreamReadTimeoutSeconds: number;
}

export const STATUS_PATH = '/stub_status';
/** Open connections per worker process, clients and app together: 1024 ran out at a few thousand idle clients. */
export const WORKER_CONNECTIONS = 16_384;
export const HEALTH_PATH = '/healthz';

const TEMP_KINDS = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'] as const;

// Only well-formed ids from clients are trusted; anything else gets nginx's own id,
// so a client cannot inject arbitrary text into every log line downstream.
const REQUEST_ID_MAP = `  map $http_x_request_id $req_id {
    "~^[A-Za-z0-9._-]{1,64}$" $http_x_request_id;
    default $request_id;
  }`;

// One well-formed UTF-8 character (RFC 3629), as PCRE matches bytes.
const UTF8_CHARACTER =
  '(?:[\\x00-\\x7F]|[\\xC2-\\xDF][\\x80-\\xBF]|\\xE0[\\xA0-\\xBF][\\x80-\\xBF]|[\\xE1-\\xEC\\xEE\\xEF][\\x80-\\xBF]{2}' +
  '|\\xED[\\x80-\\x9F][\\x80-\\xBF]|\\xF0[\\x90-\\xBF][\\x80-\\xBF]{2}|[\\xF1-\\xF3][\\x80-\\xBF]{3}|\\xF4[\\x80-\\x8F][\\x80-\\xBF]{2})';
const REPLACEMENT_CHARACTER = '\uFFFD';
const REPLACED_BYTES = 2;

/**
 * nginx's `escape=json` passes bytes of 0x80 and above through, so a client's invalid UTF-8
 * would make the log line unreadable to a strict JSON reader. These maps replace the first
 * invalid bytes of a client-supplied variable with U+FFFD and, past that many, cut it there.
 */
function utf8SafeMaps(source: string, target: string): string {
  const valid = (name: string) => `(?<${name}>${UTF8_CHARACTER}*+)`;
  const stages = Array.from({ length: REPLACED_BYTES }, (_, i) => `${target}_${i}`);
  const replacing = stages.map((stage, i) => {
    const input = i === 0 ? source : `$${stages[i - 1]}`;
    return `  map ${input} $${stage} {
    "~^${valid(`${stage}_head`)}[\\x80-\\xFF](?<${stage}_tail>[\\s\\S]*)$" "$\{${stage}_head}${REPLACEMENT_CHARACTER}$\{${stage}_tail}";
    default ${input};
  }`;
  });
  const last = stages[stages.length - 1];
  const cutting = `  map $${last} $${target} {
    "~^${valid(`${target}_head`)}[\\x80-\\xFF]" "$\{${target}_head}${REPLACEMENT_CHARACTER}...";
    default $${last};
  }`;
  return [...replacing, cutting].join('\n');
}

const LOGGED_CLIENT_TEXT = `${utf8SafeMaps('$request_uri', 'log_uri')}
${utf8SafeMaps('$http_user_agent', 'log_user_agent')}`;

const ACCESS_LOG_FORMAT = [
  '"time":"$time_iso8601"',
  '"request_id":"$req_id"',
  '"remote_addr":"$remote_addr"',
  '"method":"$request_method"',
  '"uri":"$log_uri"',
  '"status":$status',
  '"bytes_sent":$body_bytes_sent',
  '"request_time":$request_time',
  '"upstream_status":"$upstream_status"',
  '"upstream_response_time":"$upstream_response_time"',
  '"user_agent":"$log_user_agent"',
].join(',');

function listenDirective(endpoint: Endpoint): string {
  return `listen ${hostPort(endpoint)};`;
}

/**
 * Every answer nginx makes itself, as JSON in the shape of the app's errors. 494 is nginx's
 * own code for a request header too large, which it answers as 400.
 */
export const GATEWAY_ERRORS = [
  { status: 400, message: 'bad request' },
  { status: 494, answeredAs: 400, message: 'request header too large' },
  { status: 404, message: 'not found' },
  { status: 413, message: 'request body too large' },
  { status: 414, message: 'request URI too long' },
  { status: 500, message: 'internal error' },
  { status: 502, message: 'upstream unavailable' },
  { status: 504, message: 'upstream timed out' },
] as const;

// URIs, not named locations: a request whose line nginx could not parse (400, 414) can only be
// redirected to a URI; a named location answers it with a 500 instead.
const ERROR_PAGE_PREFIX = '/_gateway/errors/';

const errorPages = GATEWAY_ERRORS.map(
  (error) => `    error_page ${error.status} ${ERROR_PAGE_PREFIX}${error.status};
    location = ${ERROR_PAGE_PREFIX}${error.status} {
      internal;
      default_type application/json;
      ${jsonError('answeredAs' in error ? error.answeredAs : error.status, error.message)}
    }`,
).join('\n');

function jsonError(status: number, message: string): string {
  return `return ${status} '{"error":"${message}","request_id":"$req_id"}\\n';`;
}

function upstreamBlock(route: NginxRoute): string {
  return `  upstream ${route.name} {
${(route.servers ?? [route.upstream]).map((server) => `    server ${hostPort(server)};`).join('\n')}
    # Idle connections each worker keeps: fewer than the requests one worker has in flight, and
    # every request past them opens and closes a TCP connection to the app (with 32, one request
    # in 57 did at 64 client connections: bench/results.md).
    keepalive 128;
    # Below the app's own keep-alive timeout (65 s), so nginx closes idle connections first.
    keepalive_timeout 60s;
  }
`;
}

/** PCRE for `text` taken literally. */
function literalRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** How a location hands its requests on: to the upstream block, or to a name looked up per request. */
function proxyTo(route: NginxRoute, index: number, resolving: boolean): string {
  const stripsPrefix = route.pathPrefix !== '/';
  if (!resolving) {
    // A URI on proxy_pass replaces the matched prefix with it; none passes the path unchanged.
    return `proxy_pass http://${route.name}${stripsPrefix ? '/' : ''};`;
  }
  // A variable makes nginx resolve the name per request (through the resolver, cached for its
  // valid time); a URI cannot then stand in for the prefix, so a rewrite takes it off.
  const variable = `$upstream_${index}`;
  return [
    `set ${variable} ${route.upstream.host};`,
    ...(stripsPrefix ? [`rewrite ^${literalRegex(route.pathPrefix)}(.*)$ /$1 break;`] : []),
    `proxy_pass http://${variable}:${route.upstream.port};`,
  ].join('\n      ');
}

function routeLocations(route: NginxRoute, index: number, limits: NginxLimits, resolving: boolean): string {
  const refused = `${route.pathPrefix}${route.metricsPath.replace(/^\//, '')}`;
  return `    # Metrics are for Prometheus on the monitoring network, never for the public.
    location ~ ^${literalRegex(refused)}(/|$) {
      default_type application/json;
      ${jsonError(404, 'not found')}
    }

    location ${route.pathPrefix} {
      ${proxyTo(route, index, resolving)}
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
      proxy_set_header X-Real-IP $remote_addr;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_set_header X-Request-Id $req_id;
      proxy_hide_header X-Request-Id;
      proxy_connect_timeout ${limits.upstreamConnectTimeoutSeconds}s;
      proxy_send_timeout ${limits.upstreamReadTimeoutSeconds}s;
      proxy_read_timeout ${limits.upstreamReadTimeoutSeconds}s;
      proxy_next_upstream off;
    }
`;
}

/** Where the gateway serves the runbook: a prefix no service may take. */
export const RUNBOOK_PATH = '/runbook/';

// Without a service at /, nginx would otherwise serve its image's welcome page.
const unroutedRoot = `    location / {
      default_type application/json;
      ${jsonError(404, 'not found')}
    }
`;

/** nginx.conf for the gateway. Valid for nginx 1.22 (Debian) and the pinned image. */
export function renderNginxConf(input: NginxConfigInput): string {
  const { paths, limits } = input;
  const resolver = input.dnsResolver;
  const resolving = resolver !== undefined;
  const tempPaths = TEMP_KINDS.map((kind) => `  ${kind}_temp_path ${paths.tempDir}/${kind};`).join('\n');
  const statusAllow = ['127.0.0.1', ...input.statusAllowedFrom].map((cidr) => `      allow ${cidr};`).join('\n');
  return `${generatedHeader('#')}worker_processes auto;
# Each proxied request holds two descriptors (client and app); an idle client holds one.
worker_rlimit_nofile ${2 * WORKER_CONNECTIONS};
pid ${paths.pidFile};
error_log ${paths.errorLog} warn;

events {
  worker_connections ${WORKER_CONNECTIONS};
}

http {
  server_tokens off;
  default_type application/octet-stream;
${tempPaths}

${REQUEST_ID_MAP}

${LOGGED_CLIENT_TEXT}

  log_format sentinel_json escape=json '{${ACCESS_LOG_FORMAT}}';
  access_log ${paths.accessLog} sentinel_json;

  client_max_body_size ${limits.maxBodySize};
  client_body_buffer_size 16k;
  client_header_buffer_size 1k;
  large_client_header_buffers 4 8k;
  client_header_timeout ${limits.clientTimeoutSeconds}s;
  client_body_timeout ${limits.clientTimeoutSeconds}s;
  send_timeout ${limits.clientTimeoutSeconds}s;
  keepalive_timeout 30s;
  reset_timedout_connection on;

${resolver ? `  resolver ${resolver.address} valid=${resolver.validSeconds}s ipv6=off;\n` : input.routes.map(upstreamBlock).join('\n')}
  server {
    ${listenDirective(input.publicListen)}
    server_name _;

    add_header X-Request-Id $req_id always;
    add_header X-Content-Type-Options nosniff always;
    add_header X-Frame-Options DENY always;
    add_header Referrer-Policy no-referrer always;

${input.routes.map((route, index) => routeLocations(route, index, limits, resolving)).join('\n')}
    location ${RUNBOOK_PATH} {
      alias ${input.runbookDir}/;
      default_type text/html;
    }

${input.routes.some((route) => route.pathPrefix === '/') ? '' : unroutedRoot}
${errorPages}
  }

  server {
    ${listenDirective(input.statusListen)}
    server_name _;
    access_log off;

    location = ${STATUS_PATH} {
      stub_status;
${statusAllow}
      deny all;
    }

    location = ${HEALTH_PATH} {
      default_type text/plain;
      return 200 'ok\\n';
    }

    location / {
      return 404;
    }
  }
}
`;
}
