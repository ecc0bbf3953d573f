import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect } from 'node:net';
import { RED_SERIES } from '../../alerts/red-recording-rules';
import { metricsFromExposition } from '../../dashboards/catalog';
import { metricsSourcesIn } from '../../constructs/components/metrics-source';
import { DeliveredNotifications, type Delivered, titleOf } from './support/delivered-notifications';
import { liveAlerting, liveSecrets, MAIL_TO, SMTP_LOGIN } from './support/live-alerting';
import { LIVE_JOB_TARGETS } from './support/live-configs';
import { activeScrapeTargets, type AlertmanagerAlert, alertmanagerAlerts, get, getFrom, prometheusAlerts, promQuery } from './support/live-http';
import { type LiveBinaries, LiveStack } from './support/live-stack';
import { liveDashboardQueries } from './support/live-panels';
import { HttpSink, SmtpSink } from './support/notification-sinks';
import { httpRequest, openIdleConnections } from '../support/app-http';
import { waitFor } from '../support/app-processes';
import { VISITS_KEY } from '../../app/src/redis';
import { logLines, redisNumber } from '../support/app-stack';
import { describeWithTools, TOOLS } from '../support/external-tools';
import { sendOrdersTraffic } from '../support/orders-service';
import { alertUntilEveryReceiverFails, byIntegration, INTEGRATIONS } from '../support/failing-receivers';
import { everyPanelWithData, everyTargetUp, evaluatedRuleGroups, firingAlert as firingAlertIn, sendTrafficMix, unhealthyRules, visitsAcrossFrozenRedis, expectCountedOnceAcrossFrozenRedis } from '../support/stack-checks';

const TOOLSET = [
  TOOLS.redisServer,
  TOOLS.nginx,
  TOOLS.prometheus,
  TOOLS.alertmanager,
  TOOLS.nginxExporter,
  TOOLS.redisExporter,
  TOOLS.nodeExporter,
];

/** Sends raw bytes to the gateway and returns what comes back before it closes (bounded). */
function rawExchange(port: number, payload: string, { holdMs = 0, timeoutMs = 15_000 } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    let received = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer within ${timeoutMs} ms to ${JSON.stringify(payload.slice(0, 40))}`));
    }, timeoutMs);
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(received);
    });
    socket.on('error', () => undefined);
    socket.on('connect', () => {
      // latin1: one byte per character, so a test can send any byte.
      socket.write(Buffer.from(payload, 'latin1'));
      if (holdMs === 0) return;
      // A slow client: the request never completes; the gateway must time it out.
      setTimeout(() => socket.write('X-Slow: 1\r\n'), holdMs);
    });
  });
}

// Past the 1024 connections per worker that ran out at a few thousand.
const IDLE_CLIENTS = 10_000;

const statusOf = (raw: string) => Number(/^HTTP\/1\.[01] (\d{3})/.exec(raw)?.[1] ?? 0);

describeWithTools('the stack, live on loopback', TOOLSET, (paths) => {
  const [redisServer, nginx, prometheus, alertmanager, nginxExporter, redisExporter, nodeExporter] = paths as [string, string, string, string, string, string, string];
  const binaries: LiveBinaries = { redisServer, nginx, prometheus, alertmanager, nginxExporter, redisExporter, nodeExporter };
  let live: LiveStack;
  let http: HttpSink | undefined;
  let smtp: SmtpSink | undefined;
  let delivered: DeliveredNotifications;
  const secrets = liveSecrets();
  const gateway = () => live.endpoints.gateway;
  const visit = () => httpRequest(gateway().port, { path: '/' });
  const firingAlert = (alertname: string, match?: (alert: AlertmanagerAlert) => boolean) =>
    firingAlertIn(live.endpoints.alertmanager, alertname, match);

  beforeAll(async () => {
    http = await HttpSink.start();
    smtp = await SmtpSink.start({ username: SMTP_LOGIN, password: secrets.smtpPassword });
    delivered = new DeliveredNotifications(http, smtp, secrets.paths);
    live = await LiveStack.start(binaries, { alerting: liveAlerting(http, smtp, secrets) });
  }, 120_000);

  afterAll(async () => {
    await live?.stop();
    await http?.close();
    await smtp?.close();
  }, 60_000);

  /** Waits until every receiver type has been notified of the group; fails naming those that have not. */
  const deliveredEverywhere = (alertname: string, status: 'firing' | 'resolved', timeoutMs: number): Promise<Delivered> =>
    waitFor(() => delivered.about(alertname, 'critical', status), { what: `${alertname} ${status} at every receiver type`, timeoutMs, intervalMs: 1_000 }).catch(
      (error: Error) => {
        throw new Error(`${error.message}; notified so far: ${delivered.typesNotifiedOf(alertname, 'critical').join(', ') || 'none'}`);
      },
    );

  it('has every scrape target up', async () => {
    const up = await everyTargetUp(live.endpoints.prometheus, live.configs.jobs);
    expect(up.map((s) => [s.metric.job, s.value[1]]).sort()).toEqual(live.configs.jobs.map((job) => [job, '1']).sort());
  }, 70_000);

  it('evaluates every recording and alerting rule group without error', async () => {
    const groups = await evaluatedRuleGroups(live.endpoints.prometheus);
    expect(unhealthyRules(groups)).toEqual([]);
    expect(groups.map((g) => g.name)).toEqual(expect.arrayContaining(['app-red', 'app-alerts', 'orders-red', 'orders-alerts', 'targets', 'prometheus', 'alertmanager']));
  }, 100_000);

  it('counts visits through the gateway', async () => {
    const first = JSON.parse((await visit()).body).visits as number;
    const second = await visit();
    expect(second.status).toBe(200);
    expect(JSON.parse(second.body).visits).toBe(first + 1);
    expect(second.headers['x-request-id']).toMatch(/^[0-9a-f]{32}$/);
  });

  it('routes /orders/ to the orders service with its prefix taken off, beside the app on /', async () => {
    const list = await httpRequest(gateway().port, { path: '/orders/' });
    expect([list.status, JSON.parse(list.body)]).toEqual([200, []]);
    // The service answers only /{id}: an answer for 42 means the gateway took /orders off.
    const one = await httpRequest(gateway().port, { path: '/orders/42' });
    expect([one.status, JSON.parse(one.body)]).toEqual([200, { id: 42, state: 'shipped' }]);
    const app = await visit();
    expect(app.status).toBe(200);
    expect(JSON.parse(app.body)).toHaveProperty('visits');
  });

  it('gives every panel of every dashboard data, both service dashboards included, after a bounded mix of traffic to both services', async () => {
    await Promise.all([sendTrafficMix(gateway().port), sendOrdersTraffic(gateway().port, { rounds: 40 })]);
    const queries = liveDashboardQueries(live.configs.synth);
    expect([...new Set(queries.map((query) => query.dashboardUid))]).toEqual(expect.arrayContaining(['sentinel-service-app', 'sentinel-service-orders']));
    const results = await everyPanelWithData(live.endpoints.prometheus, queries);
    expect(results.filter((row) => row.series === 0)).toEqual([]);
  }, 120_000);

  it("records the orders service's RED series per route, the route label taken from its http_route", async () => {
    // Requests between two scrapes only create series; a rate needs requests across scrapes, so traffic goes on while waiting.
    const perRoute = await waitFor(async () => {
      await sendOrdersTraffic(gateway().port);
      const samples = await promQuery(live.endpoints.prometheus, `${RED_SERIES.requestRateByRoute}{job="orders"}`);
      const served = samples.filter((sample) => Number(sample.value[1]) > 0).map((sample) => sample.metric.route);
      return served.includes('/') && served.includes('/{id}') ? samples : undefined;
    }, { what: 'a request rate on both user routes of the orders service', timeoutMs: 30_000, intervalMs: 2_000 });
    expect(perRoute.map((sample) => sample.metric.route)).toEqual(expect.arrayContaining(['/', '/{id}', '/health']));
    expect(perRoute.filter((sample) => 'http_route' in sample.metric)).toEqual([]);
    const userErrorRatio = await promQuery(live.endpoints.prometheus, `${RED_SERIES.userErrorRatio}{job="orders"}`);
    expect(userErrorRatio.map((sample) => sample.value[1])).toEqual(['0']);
  }, 40_000);

  it("exports every metric of each live component's declared catalog, with its type, from the real process", async () => {
    const sources = metricsSourcesIn(live.configs.synth.stack).filter((source) => LIVE_JOB_TARGETS[source.scrapeJob.jobName] !== undefined);
    expect(sources.map((source) => source.scrapeJob.jobName)).toEqual(expect.arrayContaining(['app', 'orders']));
    const catalogs = await Promise.all(sources.map(async (source) => ({ job: source.scrapeJob, catalog: await source.metricCatalog?.() })));
    const missingNow = async () => {
      const missing: string[] = [];
      for (const { job, catalog } of catalogs) {
        if (catalog === undefined) {
          missing.push(`${job.jobName}: declares no metric catalog`);
          continue;
        }
        const target = live.endpoints[LIVE_JOB_TARGETS[job.jobName]!];
        const exported = metricsFromExposition((await get(target, job.metricsPath ?? '/metrics')).body);
        const has = new Set(exported.map((metric) => `${metric.name} ${metric.type}`));
        for (const metric of catalog.metrics) {
          if (!has.has(`${metric.name} ${metric.type}`)) missing.push(`${job.jobName}: ${metric.name} (${metric.type})`);
        }
      }
      return missing;
    };
    // Some series appear only once there is something to count (keys, alerts sent): after the traffic above.
    const missing = await waitFor(async () => {
      const names = await missingNow();
      return names.length === 0 ? names : undefined;
    }, { what: 'every catalog metric to be exported', timeoutMs: 30_000, intervalMs: 2_000 }).catch(() => missingNow());
    expect(missing).toEqual([]);
  }, 40_000);

  it.each([
    ['the app', ['/metrics', '/metrics/', '/metrics?x=1', '/%6Detrics', '//metrics'], 'http_requests_total'],
    ['the orders service', ['/orders/metrics', '/orders/metrics/', '/orders/metrics?x=1', '/orders/%6Detrics', '/orders//metrics'], 'http_server_request_duration_seconds'],
  ])("refuses %s's metrics on the public side with a 404 in JSON", async (_service, paths, exportedName) => {
    for (const path of paths) {
      const response = await httpRequest(gateway().port, { path });
      expect([path, response.status]).toEqual([path, 404]);
      expect(JSON.parse(response.body)).toMatchObject({ error: 'not found' });
      expect(response.body).not.toContain(exportedName);
    }
  });

  it("scrapes the orders service at its own /metrics, not through the gateway", async () => {
    const targets = (await activeScrapeTargets(live.endpoints.prometheus)).filter((target) => target.labels.job === 'orders');
    expect(targets.map((target) => [target.scrapeUrl, target.health])).toEqual([[`http://${live.endpoints.orders.host}:${live.endpoints.orders.port}/metrics`, 'up']]);
  });

  it('keeps stub_status off the public side', async () => {
    const publicStatus = await httpRequest(gateway().port, { path: '/stub_status' });
    expect(publicStatus.status).toBe(404);
    expect(publicStatus.body).not.toContain('Active connections');
    // From an address outside the allow list, the status listener itself refuses.
    expect(await getFrom('127.0.0.5', live.endpoints.gatewayStatus, '/stub_status')).toBe(403);
  });

  describe('bad input through the gateway', () => {
    const port = () => gateway().port;

    it.each([
      ['an oversized header', `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(16_000)}\r\n\r\n`, 400, 'request header too large'],
      ['too many large headers', `GET / HTTP/1.1\r\nHost: x\r\n${Array.from({ length: 6 }, (_, i) => `X-${i}: ${'b'.repeat(7_000)}\r\n`).join('')}\r\n`, 400, 'request header too large'],
      ['an oversized body', `POST / HTTP/1.1\r\nHost: x\r\nContent-Length: ${2 * 1024 * 1024}\r\n\r\n`, 413, 'request body too large'],
      ['an overlong URI', `GET /${'u'.repeat(9_000)} HTTP/1.1\r\nHost: x\r\n\r\n`, 414, 'request URI too long'],
      ['a malformed request line', 'GARBAGE\r\n\r\n', 400, 'bad request'],
      ['a path escaping the root', 'GET /../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n', 400, 'bad request'],
      ['an encoded path escaping the root', 'GET /%2e%2e/%2e%2e/etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n', 400, 'bad request'],
      // Node's HTTP parser knows no BREW: the app answers 400 before routing.
      ['an unknown method', 'BREW / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', 400, 'Bad Request'],
      ['a lowercase method', 'get / HTTP/1.1\r\nHost: x\r\n\r\n', 400, 'bad request'],
    ])('answers %s with a 4xx in JSON', async (_what, payload, status, error) => {
      const answer = await rawExchange(port(), payload);
      expect(statusOf(answer)).toBe(status);
      expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toMatchObject({ error });
    }, 20_000);

    it('writes an access log line that parses as JSON whatever bytes the client sends', async () => {
      const marker = `bytes-${Date.now()}`;
      // Invalid UTF-8 (0xff, a lone 0xc3, 0xfe) next to valid multi-byte characters, in the URI and the User-Agent.
      const request = Buffer.concat([
        Buffer.from(`GET /${marker}/a`, 'latin1'),
        Buffer.from([0xff]),
        Buffer.from('b/caf\u00e9?q=\u20ac', 'utf8'),
        Buffer.from([0xc3]),
        Buffer.from(' HTTP/1.1\r\nHost: x\r\nUser-Agent: probe ', 'latin1'),
        Buffer.from([0xfe, 0xff]),
        Buffer.from(' "quoted" \\\r\nConnection: close\r\n\r\n', 'latin1'),
      ]);
      expect(statusOf(await rawExchange(port(), request.toString('latin1')))).toBeGreaterThan(0);
      const lines = await waitFor(() => {
        const found = readFileSync(join(live.dir, 'nginx', 'access.log')).toString('utf8').split('\n').filter((line) => line.includes(marker));
        return found.length > 0 ? found : undefined;
      }, { what: 'the access log line', timeoutMs: 5_000 });
      expect(lines).toHaveLength(1);
      const raw = readFileSync(join(live.dir, 'nginx', 'access.log'));
      expect(new TextDecoder('utf-8', { fatal: true }).decode(raw)).toContain(marker);
      const entry = JSON.parse(lines[0]!) as { uri: string; user_agent: string };
      expect(entry.uri).toBe(`/${marker}/a\uFFFDb/caf\u00e9?q=\u20ac\uFFFD`);
      expect(entry.user_agent).toBe('probe \uFFFD\uFFFD "quoted" \\');
    });

    it('passes a body that nginx spools to a temp file on to the app', async () => {
      // Above client_body_buffer_size (16k): nginx writes it to its client_body temp dir first.
      const body = 'a'.repeat(100_000);
      const answer = await rawExchange(port(), `POST / HTTP/1.1\r\nHost: x\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`);
      // The app's own answer to a POST: the body reached it.
      expect(statusOf(answer)).toBe(405);
      expect(answer).toContain('"error":"method not allowed"');
    }, 20_000);

    it('closes on a slow client after the header timeout', async () => {
      const startedAt = Date.now();
      const answer = await rawExchange(port(), 'GET / HTTP/1.1\r\nHost: x\r\n', { holdMs: 100, timeoutMs: 15_000 });
      expect(answer === '' || statusOf(answer) === 408).toBe(true);
      expect(Date.now() - startedAt).toBeLessThan(15_000);
    }, 20_000);

    it('leaves every process running and logs no client mistake as an app error', async () => {
      for (const name of ['gateway', 'app', 'redis'] as const) expect(live.process(name).exited()).toBeUndefined();
      expect((await visit()).status).toBe(200);
      const errors = logLines(live.process('app')).filter((line) => line.level === 'error');
      expect(errors).toEqual([]);
    });
  });

  it('holds 10,000 idle client connections and still answers a new visitor at once', async () => {
    const idle = await openIdleConnections(gateway().port, IDLE_CLIENTS);
    try {
      // Fails unless answered within 2 s: a gateway out of connections would hold it in the backlog or drop it.
      const response = await httpRequest(gateway().port, { path: '/', timeoutMs: 2_000 });
      expect(response.status).toBe(200);
      expect(idle.open()).toBe(IDLE_CLIENTS);
    } finally {
      idle.close();
    }
    expect(readFileSync(join(live.dir, 'nginx', 'error.log'), 'utf8')).not.toContain('worker_connections are not enough');
  }, 60_000);

  it('proves the alerting pipeline with the Watchdog in Alertmanager', async () => {
    const watchdog = await firingAlert('Watchdog');
    expect(watchdog.labels.severity).toBe('none');
  }, 100_000);

  it('counts every visit answered 200 once, and no visit answered 503 unless Redis froze just after counting it', async () => {
    const redisPid = live.process('redis').pid;
    const result = await visitsAcrossFrozenRedis(gateway().port, {
      visitCounter: () => redisNumber(live.endpoints.redis.port, VISITS_KEY),
      // Stopped, not dead: the connection stays open and the app's commands wait in it.
      freeze: async () => void process.kill(redisPid, 'SIGSTOP'),
      thaw: async () => void process.kill(redisPid, 'SIGCONT'),
    });
    expectCountedOnceAcrossFrozenRedis(result);
  }, 60_000);

  describe('Redis killed', () => {
    let lastAcknowledged = 0;

    beforeAll(async () => {
      lastAcknowledged = JSON.parse((await visit()).body).visits as number;
      await live.kill('redis');
    }, 30_000);

    it('keeps the app up, answering 503 on / and /readyz', async () => {
      const appPid = live.process('app').pid;
      const failed = await waitFor(async () => ((await visit()).status === 503 ? visit() : undefined), {
        what: '/ to answer 503',
        timeoutMs: 10_000,
      });
      expect(failed.status).toBe(503);
      expect(JSON.parse(failed.body)).toHaveProperty('error');
      expect((await httpRequest(gateway().port, { path: '/readyz' })).status).toBe(503);
      expect(live.process('app').pid).toBe(appPid);
      expect(live.process('app').exited()).toBeUndefined();
      const metrics = await get(live.endpoints.app, '/metrics');
      expect(metrics.body).toMatch(/^app_redis_up 0$/m);
    }, 20_000);

    it('fires RedisUnreachable into Alertmanager', async () => {
      const alert = await firingAlert('RedisUnreachable');
      expect(alert.labels).toMatchObject({ severity: 'critical', job: 'app' });
      expect(alert.annotations.runbook_url).toContain('#redis-unreachable');
    }, 100_000);

    it('notifies every receiver type, with the alert name, severity, summary and runbook link', async () => {
      const { annotations } = await firingAlert('RedisUnreachable');
      const title = titleOf('RedisUnreachable', 'critical', 'firing');
      // A link a browser opens from the message, not a path relative to some checkout.
      expect(new URL(annotations.runbook_url!).protocol).toBe('http:');
      const lines = ['[FIRING] RedisUnreachable (critical, job app)', `Summary: ${annotations.summary}`, `Runbook: ${annotations.runbook_url}`];
      const { slack, pagerduty, webhook, mail } = await deliveredEverywhere('RedisUnreachable', 'firing', 60_000);

      expect(slack.attachments[0]?.text).toContain(lines.join('\n'));
      expect(pagerduty).toMatchObject({
        routing_key: secrets.routingKey,
        event_action: 'trigger',
        payload: { summary: title, severity: 'critical', custom_details: { alerts: expect.stringContaining(lines.join('\n')) } },
        links: [{ href: annotations.runbook_url, text: 'Runbook' }],
      });
      expect(webhook).toMatchObject({ receiver: 'incident-hook', status: 'firing' });
      expect(webhook.alerts.find((a) => a.labels.alertname === 'RedisUnreachable')).toMatchObject({
        status: 'firing',
        labels: { severity: 'critical', job: 'app' },
        annotations: { summary: annotations.summary, runbook_url: annotations.runbook_url },
      });
      // The sink accepts mail only after a login with the password the variable holds.
      expect(mail).toMatchObject({ login: SMTP_LOGIN, recipients: [MAIL_TO] });
      expect(mail.mail.text).toContain(lines.join('\n'));
    }, 70_000);

    it('continues the counter from the AOF once Redis restarts, without restarting the app', async () => {
      const appPid = live.process('app').pid;
      await live.start('redis');
      const next = await waitFor(async () => {
        const response = await visit();
        return response.status === 200 ? (JSON.parse(response.body).visits as number) : undefined;
      }, { what: 'visits to succeed again', timeoutMs: 20_000, intervalMs: 250 });
      expect(next).toBe(lastAcknowledged + 1);
      expect(live.process('app').pid).toBe(appPid);
      expect((await get(live.endpoints.app, '/metrics')).body).toMatch(/^app_redis_up 1$/m);
    }, 30_000);

    it('notifies every receiver type of the resolution', async () => {
      const firing = delivered.about('RedisUnreachable', 'critical', 'firing');
      // Alertmanager tells of a change in a group at its next interval (1 m), not at once.
      const { slack, pagerduty, webhook, mail } = await deliveredEverywhere('RedisUnreachable', 'resolved', 100_000);
      expect(slack.attachments[0]?.text).toContain('[RESOLVED] RedisUnreachable (critical, job app)');
      expect(pagerduty).toMatchObject({ routing_key: secrets.routingKey, event_action: 'resolve', dedup_key: firing?.pagerduty.dedup_key });
      expect(webhook.alerts.find((a) => a.labels.alertname === 'RedisUnreachable')?.status).toBe('resolved');
      expect(mail.mail.text).toContain('[RESOLVED] RedisUnreachable (critical, job app)');
    }, 110_000);
  });

  describe('app killed', () => {
    beforeAll(async () => {
      await live.kill('app');
    }, 30_000);

    it('gets a clean, quick 502 from the gateway', async () => {
      const startedAt = Date.now();
      const response = await visit();
      expect(response.status).toBe(502);
      expect(JSON.parse(response.body)).toMatchObject({ error: 'upstream unavailable' });
      expect(Date.now() - startedAt).toBeLessThan(3_000);
    });

    it('fires TargetDown for the app into Alertmanager', async () => {
      const alert = await firingAlert('TargetDown', (a) => a.labels.job === 'app');
      expect(alert.labels.severity).toBe('critical');
    }, 100_000);

    it('recovers once the app is back', async () => {
      await live.start('app');
      const response = await waitFor(async () => ((await visit()).status === 200 ? visit() : undefined), {
        what: 'the gateway to reach the restarted app',
        timeoutMs: 20_000,
        intervalMs: 250,
      });
      expect(response.status).toBe(200);
    }, 30_000);
  });

  describe('the orders service failing', () => {
    let failing = false;
    // The service toggles its failure mode on each SIGUSR2.
    const toggleOrdersFailure = () => {
      process.kill(live.process('orders').pid, 'SIGUSR2');
      failing = !failing;
    };
    const ordersStatus = async (path: string) => (await httpRequest(gateway().port, { path })).status;
    const highErrorRateOfOrders = async () => ({
      inPrometheus: (await prometheusAlerts(live.endpoints.prometheus, 'HighErrorRate')).filter((alert) => alert.labels.job === 'orders'),
      inAlertmanager: (await alertmanagerAlerts(live.endpoints.alertmanager, 'HighErrorRate')).filter((alert) => alert.labels.job === 'orders'),
    });

    beforeAll(() => {
      toggleOrdersFailure();
    });

    afterAll(() => {
      if (failing) toggleOrdersFailure();
    });

    it('answers 500 on its user routes through the gateway, and 200 on its probe', async () => {
      await waitFor(async () => (await ordersStatus('/orders/')) === 500, { what: 'the orders service to fail', timeoutMs: 5_000 });
      expect([await ordersStatus('/orders/'), await ordersStatus('/orders/42'), await ordersStatus('/orders/health')]).toEqual([500, 500, 200]);
      expect(live.process('orders').exited()).toBeUndefined();
    });

    it('fires HighErrorRate for the orders job in Prometheus and in Alertmanager, and for no other job', async () => {
      // Bounded traffic: one round of requests per check, for at most the timeout.
      const alert = await waitFor(async () => {
        await sendOrdersTraffic(gateway().port);
        const { inPrometheus, inAlertmanager } = await highErrorRateOfOrders();
        return inPrometheus.some((firing) => firing.state === 'firing') ? inAlertmanager[0] : undefined;
      }, { what: 'HighErrorRate of the orders job to reach Alertmanager', timeoutMs: 100_000, intervalMs: 1_000 });
      expect(alert.labels).toMatchObject({ severity: 'critical', job: 'orders' });
      expect(alert.annotations.runbook_url).toContain('#high-error-rate');
      const otherJobs = (await alertmanagerAlerts(live.endpoints.alertmanager, 'HighErrorRate')).filter((other) => other.labels.job !== 'orders');
      expect(otherJobs).toEqual([]);
    }, 110_000);

    it('resolves HighErrorRate once the service answers again', async () => {
      toggleOrdersFailure();
      await waitFor(async () => (await ordersStatus('/orders/')) === 200, { what: 'the orders service to answer again', timeoutMs: 5_000 });
      // The error ratio reads the last minute: the alert ends once the 500s have left it.
      const stillActive = await waitFor(async () => {
        await sendOrdersTraffic(gateway().port);
        const { inPrometheus, inAlertmanager } = await highErrorRateOfOrders();
        return inPrometheus.length + inAlertmanager.length === 0 ? [...inPrometheus, ...inAlertmanager] : undefined;
      }, { what: 'HighErrorRate of the orders job to resolve', timeoutMs: 150_000, intervalMs: 2_000 });
      expect(stillActive).toEqual([]);
    }, 160_000);
  });

  describe('the node exporter killed', () => {
    beforeAll(async () => {
      await live.kill('nodeExporter');
    }, 30_000);

    afterAll(async () => {
      await live.start('nodeExporter');
    }, 40_000);

    it('routes its warning to the Slack receiver alone', async () => {
      const alert = await firingAlert('TargetDown', (a) => a.labels.job === 'node');
      expect(alert.labels.severity).toBe('warning');
      const message = await waitFor(() => delivered.slack().find((m) => m.attachments[0]?.title === titleOf('TargetDown', 'warning', 'firing')), {
        what: 'the TargetDown warning in Slack',
        timeoutMs: 60_000,
        intervalMs: 1_000,
      });
      expect(message.attachments[0]?.text).toContain('[FIRING] TargetDown (warning, job node)');
      expect(delivered.typesNotifiedOf('TargetDown', 'warning')).toEqual(['slack']);
    }, 100_000);
  });

  it("pings the dead man's switch while the Watchdog fires, and tells no other receiver of it", async () => {
    const pings = await waitFor(() => (delivered.deadMansSwitch().length >= 2 ? delivered.deadMansSwitch() : undefined), {
      what: "a second ping of the dead man's switch",
      timeoutMs: 150_000,
      intervalMs: 1_000,
    });
    for (const ping of pings) {
      expect(ping).toMatchObject({ receiver: 'watchdog', status: 'firing' });
      expect(ping.alerts.map((a) => a.labels.alertname)).toEqual(['Watchdog']);
    }
    expect(delivered.typesNotifiedOf('Watchdog', 'none')).toEqual([]);
  }, 160_000);

  const alertmanagerMetrics = async () => (await get(live.endpoints.alertmanager, '/metrics')).body;

  it('delivers without a failure, and writes no secret into Alertmanager\'s log', async () => {
    const metrics = await alertmanagerMetrics();
    const sent = byIntegration(metrics, 'alertmanager_notifications_total');
    const failed = byIntegration(metrics, 'alertmanager_notifications_failed_total');
    expect(INTEGRATIONS.map((integration) => [integration, (sent[integration] ?? 0) > 0])).toEqual(INTEGRATIONS.map((integration) => [integration, true]));
    expect(Object.entries(failed).filter(([, count]) => count > 0)).toEqual([]);
    const log = live.process('alertmanager').stdout() + live.process('alertmanager').stderr();
    for (const secret of [secrets.routingKey, secrets.smtpPassword, ...Object.values(secrets.paths).filter((path) => path !== '/pagerduty/v2/enqueue')]) {
      expect(log).not.toContain(secret);
    }
  });

  it('writes no secret into any process\'s output while every receiver fails, though Alertmanager logs each failure', async () => {
    http!.failing = true;
    smtp!.failing = true;
    try {
      await alertUntilEveryReceiverFails(live.endpoints.alertmanager, { alertname: 'ReceiversDown', severity: 'critical', job: 'app' });
    } finally {
      http!.failing = false;
      smtp!.failing = false;
    }
    const alertmanagerLog = live.process('alertmanager').stdout() + live.process('alertmanager').stderr();
    expect(alertmanagerLog).toMatch(/Notify attempt failed|Notify for alerts failed|notify retry canceled/i);
    const output = live.output();
    for (const secret of [secrets.routingKey, secrets.smtpPassword, ...Object.values(secrets.paths).filter((path) => path !== '/pagerduty/v2/enqueue')]) {
      expect(output).not.toContain(secret);
    }
  }, 180_000);

  it('leaves no process and no temp dir behind', async () => {
    const pids = live.pids();
    expect(pids).toHaveLength(9);
    await live.stop();
    const alive = pids.filter((pid) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    });
    expect(alive).toEqual([]);
    expect(existsSync(live.dir)).toBe(false);
  }, 60_000);
});
