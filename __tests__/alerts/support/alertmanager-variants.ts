/**
 * alertmanager.yml inputs that together take both sides of every choice the renderer makes:
 * no receivers and every kind of receiver; email with and without login and TLS; PagerDuty's
 * own endpoint and another; routes with and without a job, to one receiver and to several;
 * the Watchdog with and without a dead man's switch.
 */
import type { AlertmanagerConfigInput } from '../../../config/alertmanager';
import type { SecretValues } from '../../../config/alertmanager-receivers';

const BASE = { watchdogAlertName: 'Watchdog', resolveTimeout: '5m' } as const;
const secret = (secretName: string) => ({ secretName });

/** Values with characters that mean something in YAML (`#`, `: `, quotes), as tokens may hold. */
export const SECRETS: SecretValues = {
  chat_url: 'https://hooks.slack.test/services/T0/B0/abc#def: "x"',
  mail_password: "p@ss: w#rd 'quoted'",
  pager_key: 'R0UTINGKEY0123456789abcdef012345',
  hook_url: 'https://hooks.example.test/alerts?token=a#b',
  dms_url: 'https://dms.example.test/ping/1234',
  chat_b_url: 'https://hooks.slack.test/services/T1/B1/ghi',
  relay_key: 'relay-key',
};

export const PAGERDUTY_URL = 'https://events.pagerduty.com/v2/enqueue';

export interface Variant {
  readonly name: string;
  readonly input: AlertmanagerConfigInput;
  /** Receivers in the rendered config, the routing tree's four included. */
  readonly receiverCount: number;
  /** Labels of an alert → the receivers `amtool config routes test` must name, in order. */
  readonly routes: readonly { labels: Readonly<Record<string, string>>; receivers: readonly string[] }[];
}

/** The Watchdog and the tree's own receivers, whatever the declared routes. */
const TREE_ROUTES: Variant['routes'] = [
  { labels: { alertname: 'Watchdog', severity: 'none' }, receivers: ['watchdog'] },
  // The Watchdog route comes first: its name wins over any severity.
  { labels: { alertname: 'Watchdog', severity: 'critical' }, receivers: ['watchdog'] },
  { labels: { alertname: 'TargetDown' }, receivers: ['default'] },
  { labels: { alertname: 'SomethingElse', severity: 'none' }, receivers: ['default'] },
];

export const VARIANTS: readonly Variant[] = [
  {
    name: 'no receivers (the default stack)',
    input: { ...BASE, receivers: [], routes: [] },
    receiverCount: 4,
    routes: [
      ...TREE_ROUTES,
      { labels: { severity: 'critical', alertname: 'HighErrorRate', job: 'app' }, receivers: ['critical'] },
      { labels: { severity: 'warning', alertname: 'HighLatency', job: 'app' }, receivers: ['warning'] },
    ],
  },
  {
    name: "every kind of receiver, email with login and TLS, a job route, a dead man's switch",
    input: {
      ...BASE,
      receivers: [
        { kind: 'slack', name: 'team-chat', webhookUrl: secret('chat_url') },
        {
          kind: 'email',
          name: 'ops-mail',
          smarthost: 'smtp.example.test:587',
          from: 'sentinel@example.test',
          to: ['ops@example.test', 'lead@example.test'],
          requireTls: true,
          auth: { username: 'sentinel', password: secret('mail_password') },
        },
        { kind: 'pagerduty', name: 'pager', apiUrl: PAGERDUTY_URL, routingKey: secret('pager_key') },
        { kind: 'webhook', name: 'hook', url: secret('hook_url') },
      ],
      routes: [
        { severity: 'critical', job: 'app', receivers: ['pager', 'team-chat', 'ops-mail'] },
        { severity: 'critical', receivers: ['pager'] },
        { severity: 'warning', receivers: ['team-chat', 'hook'] },
      ],
      deadMansSwitch: secret('dms_url'),
    },
    receiverCount: 8,
    routes: [
      ...TREE_ROUTES,
      { labels: { severity: 'critical', alertname: 'RedisUnreachable', job: 'app' }, receivers: ['pager', 'team-chat', 'ops-mail'] },
      { labels: { severity: 'critical', alertname: 'GatewayDown', job: 'nginx' }, receivers: ['pager'] },
      { labels: { severity: 'critical', alertname: 'TargetDown' }, receivers: ['pager'] },
      { labels: { severity: 'warning', alertname: 'HighLatency', job: 'app' }, receivers: ['team-chat', 'hook'] },
    ],
  },
  {
    name: 'email without login or TLS, another PagerDuty endpoint, two Slack receivers, no job route to critical',
    input: {
      ...BASE,
      receivers: [
        { kind: 'slack', name: 'chat-a', webhookUrl: secret('chat_url') },
        { kind: 'slack', name: 'chat-b', webhookUrl: secret('chat_b_url') },
        { kind: 'email', name: 'mail', smarthost: '127.0.0.1:2525', from: 'a@example.test', to: ['b@example.test'], requireTls: false },
        { kind: 'pagerduty', name: 'relay-pager', apiUrl: 'http://127.0.0.1:8080/v2/enqueue', routingKey: secret('relay_key') },
        { kind: 'webhook', name: 'hook', url: secret('hook_url') },
      ],
      routes: [
        { severity: 'warning', job: 'nginx', receivers: ['chat-b'] },
        { severity: 'warning', receivers: ['chat-a'] },
        { severity: 'critical', receivers: ['relay-pager', 'mail', 'hook'] },
      ],
    },
    receiverCount: 9,
    routes: [
      ...TREE_ROUTES,
      { labels: { severity: 'warning', alertname: 'TargetDown', job: 'nginx' }, receivers: ['chat-b'] },
      { labels: { severity: 'warning', alertname: 'TargetDown', job: 'redis' }, receivers: ['chat-a'] },
      { labels: { severity: 'critical', alertname: 'HighErrorRate', job: 'app' }, receivers: ['relay-pager', 'mail', 'hook'] },
    ],
  },
];
