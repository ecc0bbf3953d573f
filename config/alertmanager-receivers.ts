import { NOTIFICATION_BODY, NOTIFICATION_BODY_AS_JSON_STRING, NOTIFICATION_TITLE, PAGERDUTY_SEVERITY, RUNBOOK_LINK } from './notification-text';

/** A value known only when the config is delivered (a token, a password), named by the key it is looked up under. */
export interface Secret {
  readonly secretName: string;
}

/** Values of the secrets a config reads, by secret name. */
export type SecretValues = Readonly<Record<string, string>>;

/** Slack incoming webhook: its URL carries the token. */
export interface SlackReceiver {
  readonly kind: 'slack';
  readonly name: string;
  readonly webhookUrl: Secret;
}

/** Mail through an SMTP server. */
export interface EmailReceiver {
  readonly kind: 'email';
  readonly name: string;
  /** `host:port` of the SMTP server. */
  readonly smarthost: string;
  readonly from: string;
  readonly to: readonly string[];
  /** Refuse to send unless the server offers STARTTLS. */
  readonly requireTls: boolean;
  /** SMTP login; without it, mail is sent unauthenticated. */
  readonly auth?: { readonly username: string; readonly password: Secret };
}

/** PagerDuty Events API v2. */
export interface PagerDutyReceiver {
  readonly kind: 'pagerduty';
  readonly name: string;
  /** The Events API v2 endpoint. */
  readonly apiUrl: string;
  /** The integration's routing key. */
  readonly routingKey: Secret;
}

/** Any endpoint that takes Alertmanager's JSON webhook payload; its URL may carry a token. */
export interface WebhookReceiver {
  readonly kind: 'webhook';
  readonly name: string;
  readonly url: Secret;
}

export type Receiver = SlackReceiver | EmailReceiver | PagerDutyReceiver | WebhookReceiver;

function secretValue(secret: Secret, values: SecretValues): string {
  const value = values[secret.secretName];
  if (value === undefined) throw new Error(`no value for secret ${secret.secretName}`);
  return value;
}

/** A webhook integration: Alertmanager's JSON payload carries every label and annotation, so no text is set. */
export function webhookConfig(url: Secret, values: SecretValues, sendResolved: boolean): object {
  return { url: secretValue(url, values), send_resolved: sendResolved };
}

/** The receiver as Alertmanager's config declares it; every integration also reports resolutions. */
export function renderReceiver(receiver: Receiver, values: SecretValues): object {
  switch (receiver.kind) {
    case 'slack':
      return {
        name: receiver.name,
        slack_configs: [
          {
            api_url: secretValue(receiver.webhookUrl, values),
            send_resolved: true,
            title: NOTIFICATION_TITLE,
            text: NOTIFICATION_BODY,
          },
        ],
      };
    case 'email':
      return {
        name: receiver.name,
        email_configs: [
          {
            to: receiver.to.join(', '),
            from: receiver.from,
            smarthost: receiver.smarthost,
            require_tls: receiver.requireTls,
            ...(receiver.auth && {
              auth_username: receiver.auth.username,
              auth_password: secretValue(receiver.auth.password, values),
            }),
            send_resolved: true,
            headers: { Subject: NOTIFICATION_TITLE },
            text: NOTIFICATION_BODY,
          },
        ],
      };
    case 'pagerduty':
      return {
        name: receiver.name,
        pagerduty_configs: [
          {
            routing_key: secretValue(receiver.routingKey, values),
            url: receiver.apiUrl,
            send_resolved: true,
            description: NOTIFICATION_TITLE,
            severity: PAGERDUTY_SEVERITY,
            details: { alerts: NOTIFICATION_BODY_AS_JSON_STRING },
            links: [{ href: RUNBOOK_LINK, text: 'Runbook' }],
          },
        ],
      };
    case 'webhook':
      return { name: receiver.name, webhook_configs: [webhookConfig(receiver.url, values, true)] };
  }
}
