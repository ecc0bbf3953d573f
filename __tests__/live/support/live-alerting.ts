import { randomBytes } from 'node:crypto';
import type { SecretValues } from '../../../config/alertmanager-receivers';
import type { AlertmanagerOptions } from '../../../constructs/components/alertmanager';
import type { HttpSink, SmtpSink } from './notification-sinks';

/** Receivers as a stack declares them, and the secret values Terraform would write in at apply time. */
export interface LiveAlerting {
  readonly alertmanager: Pick<AlertmanagerOptions, 'receivers' | 'routes' | 'deadMansSwitch'>;
  readonly secrets: SecretValues;
}

const token = () => randomBytes(12).toString('hex');

/** Where each receiver of the live stack delivers: paths on the HTTP sink carry a token, as real ones do. */
export interface LiveReceiverPaths {
  readonly slack: string;
  readonly pagerduty: string;
  readonly webhook: string;
  readonly deadMansSwitch: string;
}

export const SMTP_LOGIN = 'sentinel';
const MAIL_FROM = 'sentinel@example.test';
export const MAIL_TO = 'oncall@example.test';

/** Fresh secrets for one run, so that finding one in a log can only mean it leaked there. */
export function liveSecrets(): { paths: LiveReceiverPaths; routingKey: string; smtpPassword: string } {
  return {
    paths: {
      slack: `/slack/services/T0/B0/${token()}`,
      pagerduty: '/pagerduty/v2/enqueue',
      webhook: `/webhook/${token()}`,
      deadMansSwitch: `/dead-mans-switch/${token()}`,
    },
    routingKey: token(),
    smtpPassword: token(),
  };
}

/**
 * One receiver of each type and a dead man's switch, all on loopback sinks. Critical alerts of
 * the app reach every receiver type; warnings reach the Slack receiver alone.
 */
export function liveAlerting(http: HttpSink, smtp: SmtpSink, secrets: ReturnType<typeof liveSecrets>): LiveAlerting {
  const { paths } = secrets;
  return {
    alertmanager: {
      receivers: [
        { kind: 'slack', name: 'team-chat' },
        { kind: 'pagerduty', name: 'pager', apiUrl: http.url(paths.pagerduty) },
        { kind: 'email', name: 'ops-mail', smarthost: smtp.smarthost, from: MAIL_FROM, to: [MAIL_TO], requireTls: false, authUsername: SMTP_LOGIN },
        { kind: 'webhook', name: 'incident-hook' },
      ],
      routes: [
        { severity: 'critical', job: 'app', receivers: ['pager', 'team-chat', 'ops-mail', 'incident-hook'] },
        { severity: 'warning', receivers: ['team-chat'] },
      ],
      deadMansSwitch: true,
    },
    secrets: {
      alertmanager_slack_team_chat_webhook_url: http.url(paths.slack),
      alertmanager_pagerduty_pager_routing_key: secrets.routingKey,
      alertmanager_email_ops_mail_smtp_password: secrets.smtpPassword,
      alertmanager_webhook_incident_hook_url: http.url(paths.webhook),
      alertmanager_dead_mans_switch_url: http.url(paths.deadMansSwitch),
    },
  };
}
