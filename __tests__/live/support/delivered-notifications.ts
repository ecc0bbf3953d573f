/**
 * The notifications the sinks received, read as each receiver type's payload, and found
 * by alert name and status: what an on-call person would have been shown.
 */
import type { LiveReceiverPaths } from './live-alerting';
import type { HttpSink, ReceivedMail, SmtpSink } from './notification-sinks';

export interface SlackMessage {
  readonly attachments: readonly { readonly title: string; readonly text: string }[];
}

export interface PagerDutyEvent {
  readonly routing_key: string;
  readonly event_action: 'trigger' | 'resolve';
  readonly dedup_key: string;
  readonly payload: { readonly summary: string; readonly severity: string; readonly custom_details: Readonly<Record<string, string>> };
  readonly links: readonly { readonly href: string; readonly text: string }[];
}

export interface WebhookAlert {
  readonly status: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
}

export interface WebhookMessage {
  readonly receiver: string;
  readonly status: string;
  readonly alerts: readonly WebhookAlert[];
}

/** One of each receiver type's notifications about the same group. */
export interface Delivered {
  readonly slack: SlackMessage;
  readonly pagerduty: PagerDutyEvent;
  readonly webhook: WebhookMessage;
  readonly mail: ReceivedMail;
}

export type GroupStatus = 'firing' | 'resolved';

/** The title every receiver type shows for a group (config/notification-text.ts). */
export const titleOf = (alertname: string, severity: string, status: GroupStatus) => `[${status.toUpperCase()}] ${alertname} (${severity})`;

export class DeliveredNotifications {
  constructor(
    private readonly http: HttpSink,
    private readonly smtp: SmtpSink,
    private readonly paths: LiveReceiverPaths,
  ) {}

  slack(): SlackMessage[] {
    return this.http.postsTo(this.paths.slack).map((post) => post.body as SlackMessage);
  }

  pagerduty(): PagerDutyEvent[] {
    return this.http.postsTo(this.paths.pagerduty).map((post) => post.body as PagerDutyEvent);
  }

  webhook(): WebhookMessage[] {
    return this.http.postsTo(this.paths.webhook).map((post) => post.body as WebhookMessage);
  }

  deadMansSwitch(): WebhookMessage[] {
    return this.http.postsTo(this.paths.deadMansSwitch).map((post) => post.body as WebhookMessage);
  }

  mails(): readonly ReceivedMail[] {
    return this.smtp.mails();
  }

  /** Every receiver type's notification of the group, once each has one; undefined until then. */
  about(alertname: string, severity: string, status: GroupStatus): Delivered | undefined {
    const title = titleOf(alertname, severity, status);
    const action = status === 'firing' ? 'trigger' : 'resolve';
    const slack = this.slack().find((message) => message.attachments[0]?.title === title);
    const pagerduty = this.pagerduty().find((event) => event.payload.summary === title && event.event_action === action);
    const webhook = this.webhook().find((message) => message.status === status && message.alerts.some((alert) => alert.labels.alertname === alertname));
    const mail = this.mails().find((received) => received.mail.subject === title);
    return slack && pagerduty && webhook && mail ? { slack, pagerduty, webhook, mail } : undefined;
  }

  /** Which receiver types have received anything about `alertname`, by the name of the type. */
  typesNotifiedOf(alertname: string, severity: string): string[] {
    const mentions = (text: string | undefined) => (text ?? '').includes(`${alertname} (${severity}`);
    return [
      this.slack().some((message) => message.attachments.some((a) => mentions(a.title))) && 'slack',
      this.pagerduty().some((event) => mentions(event.payload.summary)) && 'pagerduty',
      this.webhook().some((message) => message.alerts.some((a) => a.labels.alertname === alertname && a.labels.severity === severity)) && 'webhook',
      this.mails().some((received) => mentions(received.mail.subject)) && 'email',
    ].filter((type): type is string => type !== false);
  }
}
