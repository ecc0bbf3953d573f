import type { Endpoint } from '../../config/endpoint';
import { waitFor } from './app-processes';

/** Every kind of receiver the stack declares, as Alertmanager's notification counters name it. */
export const INTEGRATIONS = ['slack', 'pagerduty', 'email', 'webhook'] as const;

/** A counter of Alertmanager's summed by integration: newer releases add labels (the receiver's name) to these counters. */
export function byIntegration(metrics: string, metric: string): Record<string, number> {
  const sums: Record<string, number> = {};
  for (const [, labels, value] of metrics.matchAll(new RegExp(`^${metric}\\{([^}]*)\\} (\\S+)$`, 'gm'))) {
    const integration = /integration="([^"]+)"/.exec(labels ?? '')?.[1] ?? '';
    sums[integration] = (sums[integration] ?? 0) + Number(value);
  }
  return sums;
}

async function failedDeliveries(alertmanager: Endpoint): Promise<Record<string, number>> {
  const response = await fetch(`http://${alertmanager.host}:${alertmanager.port}/metrics`, { signal: AbortSignal.timeout(5_000) });
  return byIntegration(await response.text(), 'alertmanager_notifications_failed_total');
}

async function postAlert(alertmanager: Endpoint, labels: Readonly<Record<string, string>>, startsAt: Date, endsAt: Date): Promise<void> {
  const response = await fetch(`http://${alertmanager.host}:${alertmanager.port}/api/v2/alerts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify([{ labels, annotations: { summary: 'every receiver fails' }, startsAt, endsAt }]),
    signal: AbortSignal.timeout(5_000),
  });
  if (response.status !== 200) throw new Error(`posting an alert to Alertmanager: ${response.status} ${await response.text()}`);
}

/**
 * Raises an alert with `labels` (a route that reaches one receiver of every kind) and waits until each
 * kind has failed a delivery since, then resolves it: the receivers' endpoints are expected to fail.
 */
export async function alertUntilEveryReceiverFails(alertmanager: Endpoint, labels: Readonly<Record<string, string>>, timeoutMs = 120_000): Promise<void> {
  const before = await failedDeliveries(alertmanager);
  const startsAt = new Date();
  await postAlert(alertmanager, labels, startsAt, new Date(Date.now() + 10 * 60_000));
  try {
    await waitFor(
      async () => {
        const failed = await failedDeliveries(alertmanager);
        return INTEGRATIONS.every((integration) => (failed[integration] ?? 0) > (before[integration] ?? 0)) || undefined;
      },
      { what: 'every receiver kind to fail a delivery', timeoutMs, intervalMs: 2_000 },
    );
  } finally {
    await postAlert(alertmanager, labels, startsAt, new Date());
  }
}
