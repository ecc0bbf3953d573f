import { createMetrics } from '../../app/src/metrics';
import { RedisUnavailableError, VisitorStore } from '../../app/src/redis';
import { requestIdFrom } from '../../app/src/request-id';
import {
  allowedMethods,
  createRoutes,
  matchRoute,
  METHOD_LABELS,
  methodLabel,
  ROUTE_TEMPLATES,
} from '../../app/src/routes';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function fakeStore(overrides: Partial<VisitorStore> = {}): VisitorStore {
  return {
    incrementVisits: async () => 7,
    ping: async () => undefined,
    close: async () => undefined,
    ...overrides,
  };
}

describe('matchRoute', () => {
  it.each(ROUTE_TEMPLATES.map((route) => [route]))('matches %s exactly', (route) => {
    expect(matchRoute(route)).toBe(route);
  });

  it('ignores the query string', () => {
    expect(matchRoute('/metrics?name[]=up')).toBe('/metrics');
    expect(matchRoute('/?a=1')).toBe('/');
  });

  it.each(['/healthz/', '/HEALTHZ', '//', '/metrics/x', '', '*', 'http://example.com/', '/%2Fhealthz', undefined])(
    'maps %j to "unmatched"',
    (url) => {
      expect(matchRoute(url)).toBe('unmatched');
    },
  );
});

describe('methodLabel', () => {
  it.each(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'])('keeps %s', (method) => {
    expect(methodLabel(method)).toBe(method);
  });

  it.each(['PROPFIND', 'PURGE', 'get', 'CONNECT', '', undefined])('folds %j into OTHER', (method) => {
    expect(methodLabel(method)).toBe('OTHER');
  });

  it('only ever yields one of the declared labels', () => {
    const seen = new Set(['GET', 'FOO', 'M-SEARCH', 'delete', 'TRACE'].map(methodLabel));
    for (const label of seen) expect(METHOD_LABELS).toContain(label);
  });
});

describe('requestIdFrom', () => {
  it.each(['abc', 'A.b_c-1', 'x'.repeat(64), '0'])('keeps the valid id %j', (id) => {
    expect(requestIdFrom(id)).toBe(id);
  });

  it.each(['', 'x'.repeat(65), 'has space', 'semi;colon', 'new\nline', 'ünï', 'a/b'])('replaces %j with a UUID', (id) => {
    expect(requestIdFrom(id)).toMatch(UUID);
  });

  it('generates one when the header is missing or repeated', () => {
    expect(requestIdFrom(undefined)).toMatch(UUID);
    expect(requestIdFrom(['a', 'b'])).toMatch(UUID);
    expect(requestIdFrom(undefined)).not.toBe(requestIdFrom(undefined));
  });
});

describe('createRoutes', () => {
  it('offers HEAD only where GET has no side effect', () => {
    const routes = createRoutes(fakeStore(), createMetrics());
    expect(allowedMethods(routes, '/')).toBe('GET');
    expect(allowedMethods(routes, '/healthz')).toBe('GET, HEAD');
    expect(allowedMethods(routes, '/readyz')).toBe('GET, HEAD');
    expect(allowedMethods(routes, '/metrics')).toBe('GET, HEAD');
  });

  it('answers / with the new count and records it as the visitor gauge', async () => {
    const metrics = createMetrics();
    const reply = await createRoutes(fakeStore(), metrics)['/'].GET!();
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toEqual({ visits: 7 });
    expect((await metrics.visitorCount.get()).values[0].value).toBe(7);
  });

  it('answers / with 503 when Redis is unavailable', async () => {
    const store = fakeStore({
      incrementVisits: async () => {
        throw new RedisUnavailableError(new Error('Connection is closed.'));
      },
    });
    const reply = await createRoutes(store, createMetrics())['/'].GET!();
    expect(reply.status).toBe(503);
    expect(JSON.parse(reply.body)).toEqual({ error: 'redis unavailable' });
    expect(reply.error).toContain('Connection is closed.');
  });

  it('lets other store failures through, so they become a 500 rather than a misleading 503', async () => {
    const store = fakeStore({
      incrementVisits: async () => {
        throw new Error('WRONGTYPE Operation against a key holding the wrong kind of value');
      },
    });
    await expect(createRoutes(store, createMetrics())['/'].GET!()).rejects.toThrow(/WRONGTYPE/);
  });

  it('serves no /metrics and records nothing when metrics are disabled', async () => {
    const routes = createRoutes(fakeStore(), undefined);
    expect(routes['/metrics']).toStrictEqual({});
    expect(allowedMethods(routes, '/metrics')).toBe('');
    expect(allowedMethods(routes, '/')).toBe('GET');
    const reply = await routes['/'].GET!();
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toEqual({ visits: 7 });
  });

  it('answers /readyz with 503 whenever the PING fails', async () => {
    const store = fakeStore({
      ping: async () => {
        throw new Error('NOAUTH Authentication required.');
      },
    });
    const reply = await createRoutes(store, createMetrics())['/readyz'].GET!();
    expect(reply.status).toBe(503);
    expect(reply.contentType).toMatch(/^application\/json/);
    expect(JSON.parse(reply.body)).toEqual({ status: 'not ready', reason: 'redis unreachable' });
    expect(reply.error).toBe('NOAUTH Authentication required.');
  });

  it('answers /healthz without asking Redis, and /readyz once Redis answers a PING', async () => {
    const pinged = jest.fn(async () => undefined);
    const routes = createRoutes(fakeStore({ ping: pinged }), createMetrics());
    const health = await routes['/healthz'].GET!();
    expect([health.status, JSON.parse(health.body)]).toEqual([200, { status: 'ok' }]);
    expect(pinged).not.toHaveBeenCalled();
    const ready = await routes['/readyz'].GET!();
    expect([ready.status, JSON.parse(ready.body), ready.error]).toEqual([200, { status: 'ready' }, undefined]);
    expect(pinged).toHaveBeenCalledTimes(1);
  });
});
