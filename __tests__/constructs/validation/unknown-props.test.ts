import { MonitoredService, type MonitoredServiceProps } from '../../../constructs/components/monitored-service';
import type { SentinelStackProps } from '../../../constructs/stack/sentinel-stack';
import { requireKnownProps, UnknownPropError } from '../../../constructs/validation/unknown-props';
import { ordersServiceProps } from '../../support/orders-service';
import { synthStack } from '../../support/synth-stack';

/** Props as JavaScript or an unchecked transpile hands them over: the type says nothing. */
const untyped = <T>(props: object) => props as T;

describe('a key no props type declares', () => {
  it.each<[string, object, string]>([
    ['an alert threshold of the app', { app: { alerts: { errorRate: 0.1 } } }, 'app.alerts.errorRate is not a prop; did you mean errorRatio?'],
    ["the gateway's port in the wrong case", { gateway: { hostport: 8080 } }, 'gateway.hostport is not a prop; did you mean hostPort?'],
    ['a component misspelled', { prometeus: {} }, 'prometeus is not a prop; did you mean prometheus?'],
    ['a network subnet', { networks: { edgeSubnets: '10.0.0.0/24' } }, 'networks.edgeSubnets is not a prop; did you mean edgeSubnet?'],
  ])('stops the stack on %s, naming its path and the nearest key', (_case, props, message) => {
    expect(() => synthStack(untyped<SentinelStackProps>(props))).toThrow(new UnknownPropError([message]));
  });

  it("names each of a Slack receiver's made-up keys, the keys it has, and where its URL goes instead", () => {
    const receivers = [{ kind: 'slack', name: 'team', apiUrl: 'https://hooks.slack.example/T0', channel: '#alerts' }];
    const error = (() => {
      try {
        synthStack(untyped<SentinelStackProps>({ alertmanager: { receivers } }));
      } catch (e) {
        return e as UnknownPropError;
      }
      throw new Error('the stack was built');
    })();
    expect(error).toBeInstanceOf(UnknownPropError);
    expect(error.problems).toEqual([
      expect.stringMatching(/^alertmanager\.receivers\[0\]\.apiUrl is not a prop; the props there are kind, name \(.*alertmanager_slack_<name>_webhook_url/),
      expect.stringMatching(/^alertmanager\.receivers\[0\]\.channel is not a prop; the props there are kind, name/),
    ]);
  });

  it('takes the keys of the receiver kind the tag names, though another kind has the same key', () => {
    const receivers = [{ kind: 'pagerduty', name: 'oncall', apiUrl: 'https://events.example/v2/enqueue' }];
    expect(() => requireKnownProps('SentinelStackProps', { alertmanager: { receivers } })).not.toThrow();
  });

  it("stops a MonitoredService on a typo, under the service's name, at any depth", () => {
    const props = untyped<MonitoredServiceProps>({ ...ordersServiceProps(), alerts: { errorRate: 0.1 }, healthcheck: { command: ['true'], intervall: '5s' } });
    expect(() => synthStack({}, (stack) => new MonitoredService(stack, 'orders', props))).toThrow(
      // In the order the props hold them.
      new UnknownPropError(['orders.healthcheck.intervall is not a prop; did you mean interval?', 'orders.alerts.errorRate is not a prop; did you mean errorRatio?']),
    );
  });

  it('suggests nothing for a key unlike every known one, and lists those instead', () => {
    expect(() => requireKnownProps('SentinelStackProps', { redis: { persistence: true } })).toThrow(new UnknownPropError(['redis.persistence is not a prop; the props there are memoryMb']));
  });

  it('leaves the keys of a record (env), callbacks and objects built by code alone', () => {
    const props = ordersServiceProps({ env: { ANY_NAME: '1' }, dependencies: [{ alerts: () => [], section: { row: new (class Row { readonly built = 1; })() as never, panels: [] } }] });
    expect(() => requireKnownProps('MonitoredServiceProps', props, 'orders')).not.toThrow();
  });

  it('takes every prop the default stack and the orders service declare', () => {
    expect(() => synthStack({ engine: 'swarm', gateway: { hostPort: 8080 }, app: { alerts: { redisDownFor: '2m', errorRatio: 0.1 } } }, (stack) => new MonitoredService(stack, 'orders', ordersServiceProps()))).not.toThrow();
  });
});
