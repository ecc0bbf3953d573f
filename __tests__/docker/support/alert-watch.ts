import { setTimeout as sleep } from 'node:timers/promises';
import type { Endpoint } from '../../../config/endpoint';
import { alertmanagerAlerts } from '../../live/support/live-http';

/** An alert Alertmanager held active, by name and job, and when it was first and last seen (ms after the watch began). */
export interface AlertSighting {
  readonly alertname: string;
  readonly job: string;
  readonly firstSeenMs: number;
  readonly lastSeenMs: number;
}

const POLL_MS = 1_000;
// Longer than any test that watches; a watch its test never stopped ends by itself.
const WATCH_LIMIT_MS = 20 * 60_000;

/** Polls Alertmanager for the named alerts until stopped: which were active, and when. */
export function watchAlerts(alertmanager: Endpoint, names: readonly string[]): { stop(): Promise<AlertSighting[]> } {
  const startedAt = Date.now();
  const seen = new Map<string, AlertSighting>();
  let stopped = false;
  const poll = (async () => {
    while (!stopped && Date.now() - startedAt < WATCH_LIMIT_MS) {
      for (const name of names) {
        const active = (await alertmanagerAlerts(alertmanager, name).catch(() => [])).filter((alert) => alert.status.state === 'active');
        for (const alert of active) {
          const key = `${name}/${alert.labels.job ?? ''}`;
          const now = Date.now() - startedAt;
          const earlier = seen.get(key);
          seen.set(key, { alertname: name, job: alert.labels.job ?? '', firstSeenMs: earlier?.firstSeenMs ?? now, lastSeenMs: now });
        }
      }
      // Unreferenced: a watch its failed test never stopped does not hold the run open.
      await sleep(POLL_MS, undefined, { ref: false });
    }
  })();
  return {
    async stop() {
      stopped = true;
      await poll;
      return [...seen.values()];
    },
  };
}
