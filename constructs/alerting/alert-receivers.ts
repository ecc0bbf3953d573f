import type { EmailReceiver, Receiver, Secret } from '../../config/alertmanager-receivers';
import { ALERTMANAGER_RECEIVERS } from '../../config/alertmanager';
import type { SecretVariable } from './secret-variables';
import { InvalidPropError, requireDistinct, requirePort } from '../validation/validation';

/** Slack incoming webhook; its URL, which carries the token, is the variable `alertmanager_slack_<name>_webhook_url`. */
export interface SlackReceiverProps {
  readonly kind: 'slack';
  /** Receiver name routes refer to: lowercase letters, digits, dashes (no default). */
  readonly name: string;
}

/** Mail through an SMTP server; with `authUsername`, its password is the variable `alertmanager_email_<name>_smtp_password`. */
export interface EmailReceiverProps {
  readonly kind: 'email';
  /** Receiver name routes refer to: lowercase letters, digits, dashes (no default). */
  readonly name: string;
  /** SMTP server as `host:port`, e.g. `smtp.example.com:587` (no default). */
  readonly smarthost: string;
  /** Sender address (no default). */
  readonly from: string;
  /** Recipient addresses, at least one (no default). */
  readonly to: readonly string[];
  /** Send only after STARTTLS (default true). */
  readonly requireTls?: boolean;
  /** SMTP login name (default none: mail is sent without logging in). */
  readonly authUsername?: string;
}

/** PagerDuty Events API v2; the integration's routing key is the variable `alertmanager_pagerduty_<name>_routing_key`. */
export interface PagerDutyReceiverProps {
  readonly kind: 'pagerduty';
  /** Receiver name routes refer to: lowercase letters, digits, dashes (no default). */
  readonly name: string;
  /** Events API v2 endpoint, e.g. a self-hosted gateway (default `https://events.pagerduty.com/v2/enqueue`). */
  readonly apiUrl?: string;
}

/** Any endpoint taking Alertmanager's JSON payload; its URL is the variable `alertmanager_webhook_<name>_url`. */
export interface WebhookReceiverProps {
  readonly kind: 'webhook';
  /** Receiver name routes refer to: lowercase letters, digits, dashes (no default). */
  readonly name: string;
}

export type ReceiverProps = SlackReceiverProps | EmailReceiverProps | PagerDutyReceiverProps | WebhookReceiverProps;

const PAGERDUTY_EVENTS_V2_URL = 'https://events.pagerduty.com/v2/enqueue';

const KINDS: readonly ReceiverProps['kind'][] = ['slack', 'email', 'pagerduty', 'webhook'];
const NAME = /^[a-z][a-z0-9-]{0,30}$/;
const RESERVED_NAMES: readonly string[] = Object.values(ALERTMANAGER_RECEIVERS);
const EMAIL_ADDRESS = /^[^\s@<>,"]+@[^\s@<>,"]+$/;
const SMARTHOST = /^([A-Za-z0-9.-]+):(\d+)$/;
const HTTP_URL = /^https?:\/\/\S+$/;

/** Receivers with their secrets named by the Terraform variables that hold them. */
export interface DeclaredReceivers {
  readonly receivers: readonly Receiver[];
  readonly secretVariables: readonly SecretVariable[];
}

/** Dashes become underscores: TF_VAR_<name> must be a valid shell variable name. */
function variableName(kind: ReceiverProps['kind'], name: string, secret: string): string {
  return `alertmanager_${kind}_${name.replace(/-/g, '_')}_${secret}`;
}

function requireString(prop: string, value: unknown, expected: string, pattern: RegExp): string {
  if (typeof value !== 'string' || !pattern.test(value)) throw new InvalidPropError(prop, value, expected);
  return value;
}

function requireEmailAddress(prop: string, value: unknown): string {
  return requireString(prop, value, 'an email address such as alerts@example.com', EMAIL_ADDRESS);
}

function requireSmarthost(prop: string, value: unknown): string {
  const host = requireString(prop, value, 'an SMTP server as host:port, such as smtp.example.com:587', SMARTHOST);
  requirePort(prop, Number(SMARTHOST.exec(host)![2]));
  return host;
}

/** Where a receiver's secret goes: a Terraform variable of its own. */
type DeclareSecret = (variable: SecretVariable) => Secret;

function emailReceiver(props: EmailReceiverProps, prop: string, declareSecret: DeclareSecret): EmailReceiver {
  if (!Array.isArray(props.to) || props.to.length === 0) {
    throw new InvalidPropError(`${prop}.to`, props.to, 'a list of at least one email address');
  }
  if (props.requireTls !== undefined && typeof props.requireTls !== 'boolean') {
    throw new InvalidPropError(`${prop}.requireTls`, props.requireTls, 'true or false');
  }
  const { name, authUsername } = props;
  return {
    kind: 'email',
    name,
    smarthost: requireSmarthost(`${prop}.smarthost`, props.smarthost),
    from: requireEmailAddress(`${prop}.from`, props.from),
    to: props.to.map((address, i) => requireEmailAddress(`${prop}.to[${i}]`, address)),
    requireTls: props.requireTls ?? true,
    ...(authUsername !== undefined && {
      auth: {
        username: requireString(`${prop}.authUsername`, authUsername, 'an SMTP login without spaces', /^\S+$/),
        password: declareSecret({
          name: variableName('email', name, 'smtp_password'),
          description: `SMTP password of ${authUsername} for the ${name} receiver.`,
        }),
      },
    }),
  };
}

function toReceiver(props: ReceiverProps, prop: string, declareSecret: DeclareSecret): Receiver {
  const { name } = props;
  switch (props.kind) {
    case 'slack':
      return {
        kind: 'slack',
        name,
        webhookUrl: declareSecret({
          name: variableName('slack', name, 'webhook_url'),
          description: `Slack incoming webhook URL of the ${name} receiver.`,
        }),
      };
    case 'email':
      return emailReceiver(props, prop, declareSecret);
    case 'pagerduty':
      return {
        kind: 'pagerduty',
        name,
        apiUrl: requireString(`${prop}.apiUrl`, props.apiUrl ?? PAGERDUTY_EVENTS_V2_URL, 'an http(s) URL', HTTP_URL),
        routingKey: declareSecret({
          name: variableName('pagerduty', name, 'routing_key'),
          description: `PagerDuty Events API v2 routing key of the ${name} receiver.`,
        }),
      };
    case 'webhook':
      return {
        kind: 'webhook',
        name,
        url: declareSecret({ name: variableName('webhook', name, 'url'), description: `Webhook URL of the ${name} receiver.` }),
      };
  }
}

/** The receivers the props declare, checked at synth time, each secret a Terraform variable of its own. */
export function declaredReceivers(props: readonly ReceiverProps[] | undefined): DeclaredReceivers {
  const list = props ?? [];
  if (!Array.isArray(list)) throw new InvalidPropError('alertmanager.receivers', list, 'a list of receivers');
  const receivers: Receiver[] = [];
  const secretVariables: SecretVariable[] = [];
  list.forEach((entry: ReceiverProps, i) => {
    const prop = `alertmanager.receivers[${i}]`;
    if (!KINDS.includes(entry?.kind)) throw new InvalidPropError(`${prop}.kind`, entry?.kind, `one of ${KINDS.join(', ')}`);
    requireString(`${prop}.name`, entry.name, 'lowercase letters, digits and dashes, starting with a letter, at most 31 characters', NAME);
    if (RESERVED_NAMES.includes(entry.name)) {
      throw new InvalidPropError(`${prop}.name`, entry.name, `a name other than ${RESERVED_NAMES.join(', ')} (the routing tree's own receivers)`);
    }
    receivers.push(
      toReceiver(entry, prop, (variable) => {
        secretVariables.push(variable);
        return { secretName: variable.name };
      }),
    );
  });
  requireDistinct(
    'alertmanager.receivers[].name',
    receivers.map((receiver, i) => ({ owner: `alertmanager.receivers[${i}]`, value: receiver.name })),
    (name) => name,
  );
  return { receivers, secretVariables };
}
