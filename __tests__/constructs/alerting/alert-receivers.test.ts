import { declaredReceivers, type ReceiverProps } from '../../../constructs/alerting/alert-receivers';
import { Alertmanager, type AlertmanagerOptions } from '../../../constructs/components/alertmanager';
import type { SentinelStackProps } from '../../../constructs/stack/sentinel-stack';
import { synthConstruct } from '../../support/construct-scope';
import { synthStack } from '../../support/synth-stack';

/** Props arrive from code, but also from JSON and environment: values TypeScript's types cannot vet. */
function alerting(alertmanager: unknown): SentinelStackProps {
  return { alertmanager: alertmanager as AlertmanagerOptions };
}

const SLACK = { kind: 'slack', name: 'chat' };
const MAIL = { kind: 'email', name: 'mail', smarthost: 'smtp.example.test:587', from: 'a@example.test', to: ['b@example.test'] };
const toChat = [{ severity: 'critical', receivers: ['chat'] }];
const withMail = (mail: object) => alerting({ receivers: [{ ...MAIL, ...mail }], routes: [{ severity: 'warning', receivers: ['mail'] }] });

describe('receivers and routes are validated at synth time', () => {
  it.each([
    ['a route to an undeclared receiver', alerting({ receivers: [SLACK], routes: [{ severity: 'critical', receivers: ['chat', 'pagr'] }] }), /Invalid alertmanager\.routes\[0\]\.receivers\[1\]: got "pagr", expected the name of a receiver in alertmanager\.receivers \(chat\)/],
    ['a route with no receiver declared at all', alerting({ routes: toChat }), /Invalid alertmanager\.routes\[0\]\.receivers\[0\]: got "chat", expected the name of a receiver in alertmanager\.receivers \(none is declared\)/],
    ['a receiver no route names', alerting({ receivers: [SLACK, { kind: 'webhook', name: 'hook' }], routes: toChat }), /Invalid alertmanager\.receivers\[1\]\.name: got "hook", expected a receiver that some alertmanager\.routes entry names/],
    ['a route without receivers', alerting({ receivers: [SLACK], routes: [{ severity: 'critical', receivers: [] }] }), /Invalid alertmanager\.routes\[0\]\.receivers: got \[\], expected a list of at least one receiver name/],
    ['a route naming a receiver twice', alerting({ receivers: [SLACK], routes: [{ severity: 'critical', receivers: ['chat', 'chat'] }] }), /Invalid alertmanager\.routes\[0\]\.receivers: got "chat", expected a value not already used by alertmanager\.routes\[0\]\.receivers\[0\]/],
    ['a route of an unknown severity', alerting({ receivers: [SLACK], routes: [{ severity: 'page', receivers: ['chat'] }] }), /Invalid alertmanager\.routes\[0\]\.severity: got "page", expected one of critical, warning/],
    ['a route without a severity', alerting({ receivers: [SLACK], routes: [{ receivers: ['chat'] }] }), /Invalid alertmanager\.routes\[0\]\.severity: got undefined/],
    ['routes as one object', alerting({ receivers: [SLACK], routes: toChat[0] }), /Invalid alertmanager\.routes: got \{"severity":"critical","receivers":\["chat"\]\}, expected a list of routes/],
    ['a route that is nothing', alerting({ receivers: [SLACK], routes: [null] }), /Invalid alertmanager\.routes\[0\]\.severity: got undefined, expected one of critical, warning/],
    ['a route to a job named with a capital', alerting({ receivers: [SLACK], routes: [{ severity: 'critical', job: 'App', receivers: ['chat'] }] }), /Invalid alertmanager\.routes\[0\]\.job: got "App", expected a scrape job name/],
    ['a route to a malformed job', alerting({ receivers: [SLACK], routes: [{ severity: 'critical', job: 'app"}', receivers: ['chat'] }] }), /Invalid alertmanager\.routes\[0\]\.job: got "app\\"}", expected a scrape job name/],
    ['a receiver of an unknown kind', alerting({ receivers: [{ kind: 'teams', name: 'chat' }], routes: toChat }), /Invalid alertmanager\.receivers\[0\]\.kind: got "teams", expected one of slack, email, pagerduty, webhook/],
    ['a receiver without a name', alerting({ receivers: [{ kind: 'slack' }], routes: toChat }), /Invalid alertmanager\.receivers\[0\]\.name: got undefined, expected lowercase letters/],
    ['receivers as one object', alerting({ receivers: SLACK, routes: toChat }), /Invalid alertmanager\.receivers: got \{"kind":"slack","name":"chat"\}, expected a list of receivers/],
    ['a receiver that is nothing', alerting({ receivers: [null], routes: toChat }), /Invalid alertmanager\.receivers\[0\]\.kind: got undefined, expected one of slack/],
    ['a receiver name that is no identifier', alerting({ receivers: [{ kind: 'slack', name: 'Team Chat' }], routes: toChat }), /Invalid alertmanager\.receivers\[0\]\.name: got "Team Chat"/],
    ['a receiver name that ends in a character outside the set', alerting({ receivers: [{ kind: 'slack', name: 'chat!' }], routes: toChat }), /Invalid alertmanager\.receivers\[0\]\.name: got "chat!"/],
    ['a receiver name of 32 characters', alerting({ receivers: [{ kind: 'slack', name: `c${'h'.repeat(31)}` }], routes: toChat }), /Invalid alertmanager\.receivers\[0\]\.name: got "ch{31}", expected .*at most 31 characters/],
    ["a receiver named like one of the tree's own", alerting({ receivers: [{ kind: 'slack', name: 'critical' }], routes: [{ severity: 'critical', receivers: ['critical'] }] }), /Invalid alertmanager\.receivers\[0\]\.name: got "critical", expected a name other than default, critical, warning, watchdog/],
    ['two receivers of one name', alerting({ receivers: [SLACK, { kind: 'webhook', name: 'chat' }], routes: toChat }), /Invalid alertmanager\.receivers\[\]\.name: got "chat", expected a value not already used by alertmanager\.receivers\[0\] \(alertmanager\.receivers\[1\] uses it too\)/],
    ['an email receiver without a smarthost', withMail({ smarthost: undefined }), /Invalid alertmanager\.receivers\[0\]\.smarthost: got undefined, expected an SMTP server as host:port/],
    ['an email smarthost without a port', withMail({ smarthost: 'smtp.example.test' }), /Invalid alertmanager\.receivers\[0\]\.smarthost: got "smtp\.example\.test"/],
    ['an email smarthost with port 0', withMail({ smarthost: 'smtp.example.test:0' }), /Invalid alertmanager\.receivers\[0\]\.smarthost: got 0, expected an integer TCP port/],
    ['an email receiver without a sender', withMail({ from: undefined }), /Invalid alertmanager\.receivers\[0\]\.from: got undefined, expected an email address/],
    ['an email receiver without recipients', withMail({ to: [] }), /Invalid alertmanager\.receivers\[0\]\.to: got \[\], expected a list of at least one email address/],
    ['an email recipient that is no address', withMail({ to: ['b@example.test', 'ops team'] }), /Invalid alertmanager\.receivers\[0\]\.to\[1\]: got "ops team", expected an email address/],
    ['a recipient with a name before the address', withMail({ to: ['Ops ops@example.test'] }), /Invalid alertmanager\.receivers\[0\]\.to\[0\]: got "Ops ops@example\.test"/],
    ['a recipient with a comment after the address', withMail({ to: ['ops@example.test (ops)'] }), /Invalid alertmanager\.receivers\[0\]\.to\[0\]: got "ops@example\.test \(ops\)"/],
    ['recipients as one string', withMail({ to: 'b@example.test' }), /Invalid alertmanager\.receivers\[0\]\.to: got "b@example\.test", expected a list/],
    ['requireTls as text', withMail({ requireTls: 'yes' }), /Invalid alertmanager\.receivers\[0\]\.requireTls: got "yes", expected true or false/],
    ['an SMTP login with a space', withMail({ authUsername: 'sentinel bot' }), /Invalid alertmanager\.receivers\[0\]\.authUsername: got "sentinel bot", expected an SMTP login without spaces/],
    ['a PagerDuty endpoint that is no URL', alerting({ receivers: [{ kind: 'pagerduty', name: 'chat', apiUrl: 'events.pagerduty.com' }], routes: toChat }), /Invalid alertmanager\.receivers\[0\]\.apiUrl: got "events\.pagerduty\.com", expected an http\(s\) URL/],
    ['a PagerDuty endpoint after other text', alerting({ receivers: [{ kind: 'pagerduty', name: 'chat', apiUrl: 'at https://events.pagerduty.com' }], routes: toChat }), /Invalid alertmanager\.receivers\[0\]\.apiUrl: got "at https/],
    ['a PagerDuty endpoint followed by other text', alerting({ receivers: [{ kind: 'pagerduty', name: 'chat', apiUrl: 'https://events.pagerduty.com now' }], routes: toChat }), /Invalid alertmanager\.receivers\[0\]\.apiUrl: got "https:\/\/events\.pagerduty\.com now"/],
    ["a dead man's switch as text", alerting({ deadMansSwitch: 'yes' }), /Invalid alertmanager\.deadMansSwitch: got "yes", expected true or false/],
  ])('refuses %s, naming the prop', (_what, props, message) => {
    expect(() => synthConstruct((scope) => new Alertmanager(scope, 'alertmanager', props.alertmanager))).toThrow(message);
  });

  it('refuses, once the stack is whole, a route to a job the stack does not scrape', () => {
    const props = alerting({ receivers: [SLACK], routes: [{ severity: 'critical', job: 'ap', receivers: ['chat'] }] });
    expect(() => synthStack(props)).toThrow(/Invalid alertmanager\.routes\[0\]\.job: got "ap", expected one of the stack's scrape jobs \(.*\bapp\b.*\)/);
  });

  it('accepts a route to a job the stack scrapes, and receivers every route shape reaches', () => {
    const synth = synthStack(
      alerting({
        receivers: [SLACK, MAIL, { kind: 'pagerduty', name: 'pager', apiUrl: 'http://127.0.0.1:9999/v2/enqueue' }, { kind: 'webhook', name: 'hook' }],
        routes: [
          { severity: 'critical', job: 'redis', receivers: ['pager'] },
          { severity: 'critical', receivers: ['pager', 'chat', 'hook'] },
          { severity: 'warning', receivers: ['mail'] },
        ],
      }),
    );
    expect(synth.stack.alertmanager.alertmanagerConfig.routes.map((route) => route.job)).toEqual(['redis', undefined, undefined]);
  });
});

describe('declared receivers', () => {
  const email = MAIL as ReceiverProps;

  it('require TLS to the smarthost unless told not to', () => {
    const requireTls = (props: object) => declaredReceivers([{ ...email, ...props } as ReceiverProps]).receivers.map((r) => r.kind === 'email' && r.requireTls);
    expect([requireTls({}), requireTls({ requireTls: false }), requireTls({ requireTls: true })]).toEqual([[true], [false], [true]]);
  });

  it('ask for each secret by a variable that says whose it is', () => {
    const { secretVariables } = declaredReceivers([
      { kind: 'slack', name: 'team-chat' },
      { ...email, authUsername: 'bot' } as ReceiverProps,
      { kind: 'pagerduty', name: 'pager' },
      { kind: 'webhook', name: 'hook' },
    ]);
    expect(secretVariables).toEqual([
      { name: 'alertmanager_slack_team_chat_webhook_url', description: 'Slack incoming webhook URL of the team-chat receiver.' },
      { name: 'alertmanager_email_mail_smtp_password', description: 'SMTP password of bot for the mail receiver.' },
      { name: 'alertmanager_pagerduty_pager_routing_key', description: 'PagerDuty Events API v2 routing key of the pager receiver.' },
      { name: 'alertmanager_webhook_hook_url', description: 'Webhook URL of the hook receiver.' },
    ]);
  });
});
