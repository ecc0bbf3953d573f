import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Endpoint } from '../../config/endpoint';
import { GATEWAY_ERRORS, type NginxConfigInput, renderNginxConf, STATUS_PATH, WORKER_CONNECTIONS } from '../../config/nginx';
import { declareOrdersService } from '../support/orders-service';
import { describeWithTools, TOOLS } from '../support/external-tools';
import { containerNamed, synthStack, uploadedFile } from '../support/synth-stack';
import { useTempDir } from '../support/temp-dir';

const synth = synthStack();
const gatewayConfig = synth.stack.gateway.nginxConfig();
const shipped = uploadedFile(containerNamed(synth, 'sentinel-gateway'), '/etc/nginx/nginx.conf');

describe('gateway nginx.conf on a Swarm', () => {
  const conf = renderNginxConf(synthStack({ engine: 'swarm' }, (stack) => declareOrdersService(stack)).stack.gateway.nginxConfig());

  it('asks Docker\'s DNS again every second instead of resolving each upstream once at start', () => {
    expect(conf).toContain('resolver 127.0.0.11 valid=1s ipv6=off;');
    expect(conf).not.toMatch(/^\s*upstream /m);
  });

  it('takes a route\'s prefix off with a rewrite, since a URI cannot follow a variable in proxy_pass', () => {
    expect(conf).toMatch(/location \/orders\/ \{\n\s+set \$upstream_\d orders;\n\s+rewrite \^\/orders\/\(\.\*\)\$ \/\$1 break;\n\s+proxy_pass http:\/\/\$upstream_\d:8000;/);
    expect(conf).toMatch(/location \/ \{\n\s+set \$upstream_\d app;\n\s+proxy_pass http:\/\/\$upstream_\d:8080;/);
  });
});

describe('gateway nginx.conf', () => {
  it('is the renderer output for the gateway construct', () => {
    expect(shipped).toBe(renderNginxConf(gatewayConfig));
  });

  it('balances a route over every server it lists, and over its upstream alone when it lists none', () => {
    const [app] = gatewayConfig.routes.filter((route) => route.name === 'app');
    const conf = renderNginxConf({
      ...gatewayConfig,
      routes: [{ ...app!, servers: [{ host: 'app', port: 8080 }, { host: 'app-2', port: 8080 }, { host: 'app-3', port: 8080 }] }],
    });
    expect(/upstream app \{([^}]*)\}/.exec(conf)?.[1]).toMatch(/^\s*server app:8080;\n\s*server app-2:8080;\n\s*server app-3:8080;$/m);
    const alone = renderNginxConf({ ...gatewayConfig, routes: [{ name: 'app', upstream: { host: 'app', port: 8080 }, pathPrefix: '/', metricsPath: '/metrics' }] });
    expect(alone.match(/^\s*server \S+;$/gm)).toEqual(['    server app:8080;']);
  });

  it('answers /metrics with 404 instead of proxying it', () => {
    expect(shipped).toMatch(/location ~ \^\/metrics\(\/\|\$\) \{\s+default_type application\/json;\s+return 404 '\{"error":"not found",/);
  });

  it('takes route prefixes literally in its regular expressions', () => {
    const routes = [{ ...gatewayConfig.routes[0], pathPrefix: '/v1.0/' }];
    const conf = renderNginxConf({ ...gatewayConfig, routes });
    expect(conf).toContain('location ~ ^/v1\\.0/metrics(/|$) {');
    const swarm = renderNginxConf({ ...gatewayConfig, dnsResolver: { address: '127.0.0.11', validSeconds: 1 }, routes });
    expect(swarm).toContain('rewrite ^/v1\\.0/(.*)$ /$1 break;');
  });

  it('keeps every temporary file under its temp directory, since the root filesystem is read-only', () => {
    const temp = [...shipped.matchAll(/^\s*(\w+)_temp_path (\S+);$/gm)].map(([, kind, path]) => [kind, path]);
    expect(temp).toEqual(
      ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((kind) => [kind, `${gatewayConfig.paths.tempDir}/${kind}`]),
    );
  });

  it.each([
    ['$request_uri', 'log_uri'],
    ['$http_user_agent', 'log_user_agent'],
  ])('logs %s as %s: each of its first two invalid UTF-8 bytes replaced by U+FFFD, then cut at the next', (source, target) => {
    const maps = [...shipped.matchAll(/^ {2}map (\S+) \$(\S+) \{\n([\s\S]*?)\n {2}\}/gm)].filter(([, , to]) => to.startsWith(target));
    expect(maps.map(([, from, to]) => [from, to])).toEqual([
      [source, `${target}_0`],
      [`$${target}_0`, `${target}_1`],
      [`$${target}_1`, target],
    ]);
    const [replacing0, replacing1, cutting] = maps.map(([, , , body]) => body);
    expect(replacing0).toContain(`"\${${target}_0_head}\uFFFD\${${target}_0_tail}";`);
    expect(replacing1).toContain(`"\${${target}_1_head}\uFFFD\${${target}_1_tail}";`);
    expect(cutting).toContain(`"\${${target}_head}\uFFFD...";`);
    expect(cutting).toContain(`default $${target}_1;`);
  });

  it('logs each request as one JSON object with the request id, timing and upstream fields', () => {
    const format = /log_format sentinel_json escape=json '(.*)';/.exec(shipped)?.[1] ?? '';
    // nginx puts numbers in for the unquoted variables and escaped text in for the quoted ones.
    const line = format.replace(/"\$(\w+)"/g, '"text"').replace(/\$(\w+)/g, '1');
    expect(Object.keys(JSON.parse(line))).toEqual([
      'time', 'request_id', 'remote_addr', 'method', 'uri', 'status', 'bytes_sent',
      'request_time', 'upstream_status', 'upstream_response_time', 'user_agent',
    ]);
    expect(format).toContain('"request_id":"$req_id"');
    expect(format).toContain('"uri":"$log_uri"');
    expect(format).toContain('"user_agent":"$log_user_agent"');
    expect(format).toContain('"status":$status');
    expect(shipped).toMatch(/access_log \S+ sentinel_json;/);
  });

  it.each(GATEWAY_ERRORS.map((error) => [error.status, error]))('answers its own %i as JSON from an internal location', (status, error) => {
    const publicServer = shipped.slice(0, shipped.indexOf('listen 0.0.0.0:8081;'));
    const page = new RegExp(`error_page ${status} (\\S+);`).exec(publicServer)?.[1];
    // A URI: anything else would make nginx answer with a redirect to it.
    expect(page).toMatch(/^\/\S+$/);
    const location = new RegExp(`location = ${page} \\{\\n([\\s\\S]*?)\\n    \\}`).exec(publicServer)?.[1] ?? '';
    expect(location).toContain('internal;');
    expect(location).toContain('default_type application/json;');
    const answered = 'answeredAs' in error ? error.answeredAs : status;
    expect(location).toContain(`return ${answered} '{"error":"${error.message}","request_id":"$req_id"}\\n';`);
  });

  it('opens descriptors for every connection a worker may hold, clients and app alike', () => {
    expect(shipped).toContain(`worker_connections ${WORKER_CONNECTIONS};`);
    expect(WORKER_CONNECTIONS).toBeGreaterThanOrEqual(10_000);
    expect(shipped).toContain(`worker_rlimit_nofile ${2 * WORKER_CONNECTIONS};`);
  });

  it('serves stub_status on the status listener to the monitoring network only', () => {
    const statusServer = shipped.slice(shipped.indexOf('listen 0.0.0.0:8081;'));
    expect(statusServer).toContain(`location = ${STATUS_PATH}`);
    expect(statusServer).toMatch(/allow 127\.0\.0\.1;\s+allow 172\.28\.30\.0\/24;\s+deny all;/);
    const publicServer = shipped.slice(0, shipped.indexOf('listen 0.0.0.0:8081;'));
    expect(publicServer).not.toContain('stub_status');
  });

  it('proxies with timeouts, X-Forwarded-For and a request id', () => {
    expect(shipped).toContain('proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;');
    expect(shipped).toContain('proxy_set_header X-Request-Id $req_id;');
    expect(shipped).toContain('proxy_connect_timeout 2s;');
    expect(shipped).toContain('proxy_read_timeout 10s;');
    expect(shipped).toContain('server app:8080;');
  });

  it('applies the limits it is given to client bodies, slow clients and the upstream', () => {
    const conf = renderNginxConf({
      ...gatewayConfig,
      limits: { maxBodySize: '3m', clientTimeoutSeconds: 7, upstreamConnectTimeoutSeconds: 4, upstreamReadTimeoutSeconds: 25 },
    });
    for (const directive of [
      'client_max_body_size 3m;',
      'client_header_timeout 7s;',
      'client_body_timeout 7s;',
      'send_timeout 7s;',
      'proxy_connect_timeout 4s;',
      'proxy_send_timeout 25s;',
      'proxy_read_timeout 25s;',
    ]) {
      expect(conf).toContain(directive);
    }
  });

  it('never passes a request on to another upstream after a failure: a visit would be counted twice', () => {
    const proxied = shipped.match(/location \/ \{[^}]*\}/)?.[0] ?? '';
    expect(proxied).toContain('proxy_pass http://app;');
    expect(proxied).toContain('proxy_next_upstream off;');
  });

  it('keeps enough idle upstream connections that a busy worker reuses them instead of reconnecting', () => {
    const upstream = /upstream app \{([^}]*)\}/.exec(shipped)?.[1] ?? '';
    expect(upstream).toContain('keepalive_timeout 60s;');
    const pool = Number(/^\s*keepalive (\d+);/m.exec(upstream)?.[1]);
    // The bench's 64 client connections can all land on one worker.
    expect(pool).toBeGreaterThanOrEqual(64);
    expect(shipped).toContain('proxy_set_header Connection "";');
  });
});

describeWithTools('gateway nginx.conf checked by nginx -t', [TOOLS.nginx], ([nginx]) => {
  const tempDir = useTempDir('nginx');

  /** Each replica at an address of its own, as each container has on one host. */
  const loopback = (server: Endpoint, index: number): Endpoint => ({ host: `127.0.0.${index + 1}`, port: server.port });

  /** nginx -t's output for `config` with this machine's paths; Docker DNS names resolved once at start become loopback. */
  const nginxTest = (config: NginxConfigInput): string => {
    const dir = tempDir();
    const conf = renderNginxConf({
      ...config,
      routes: config.routes.map((route) =>
        config.dnsResolver
          ? route
          : { ...route, upstream: loopback(route.upstream, 0), servers: (route.servers ?? [route.upstream]).map(loopback) },
      ),
      paths: { pidFile: join(dir, 'nginx.pid'), tempDir: dir, accessLog: join(dir, 'access.log'), errorLog: join(dir, 'error.log') },
    });
    const file = join(dir, 'nginx.conf');
    writeFileSync(file, conf);
    return execFileSync(nginx, ['-t', '-q', '-p', dir, '-c', file, '-e', join(dir, 'startup-error.log')], { stdio: 'pipe' }).toString();
  };

  it('passes nginx -t', () => {
    expect(nginxTest(gatewayConfig)).toBe('');
  });

  it('passes nginx -t with two replicas of the app in its upstream block', () => {
    const twoReplicas = synthStack({ app: { replicas: 2 } }).stack.gateway.nginxConfig();
    expect(twoReplicas.routes.find((route) => route.name === 'app')?.servers).toHaveLength(2);
    expect(nginxTest(twoReplicas)).toBe('');
  });

  it('passes nginx -t as the Swarm gateway, which looks its upstreams up per request, a second service beside the app', () => {
    const swarm = synthStack({ engine: 'swarm' }, (stack) => declareOrdersService(stack)).stack.gateway.nginxConfig();
    expect(swarm.dnsResolver).toEqual({ address: '127.0.0.11', validSeconds: 1 });
    expect(nginxTest(swarm)).toBe('');
  });

  it('passes nginx -t with no service at /, which it then answers with 404', () => {
    const teamOnly = synthStack({ app: false }, (stack) => declareOrdersService(stack)).stack.gateway.nginxConfig();
    expect(teamOnly.routes.map((route) => route.pathPrefix)).toEqual(['/orders/']);
    expect(nginxTest(teamOnly)).toBe('');
  });

  it('fails nginx -t on a broken config, so the check above means something', () => {
    const dir = tempDir();
    const file = join(dir, 'broken.conf');
    writeFileSync(file, 'events {}\nhttp { server { listen 8080; location / { proxy_pass; } } }\n');
    expect(() => execFileSync(nginx, ['-t', '-q', '-p', dir, '-c', file, '-e', join(dir, 'e.log')], { stdio: 'pipe' })).toThrow();
  });
});
