import type { Endpoint } from '../../../config/endpoint';
import { httpRequest } from '../../support/app-http';

/** A silence on a label no alert has, made through Alertmanager's API: its id. */
export async function createSilence(alertmanager: Endpoint): Promise<string> {
  const now = Date.now();
  const response = await fetch(`http://${alertmanager.host}:${alertmanager.port}/api/v2/silences`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      matchers: [{ name: 'sentinel_suite', value: 'kept', isRegex: false }],
      startsAt: new Date(now).toISOString(),
      endsAt: new Date(now + 3_600_000).toISOString(),
      createdBy: 'a Docker suite',
      comment: 'must outlive a service update',
    }),
    signal: AbortSignal.timeout(5_000),
  });
  const body = await response.text();
  if (response.status !== 200) throw new Error(`Alertmanager refused the silence: ${response.status} ${body}`);
  return (JSON.parse(body) as { silenceID: string }).silenceID;
}

export async function silenceIds(alertmanager: Endpoint): Promise<string[]> {
  const response = await httpRequest(alertmanager.port, { path: '/api/v2/silences' });
  return (JSON.parse(response.body) as { id: string; status: { state: string } }[]).filter((s) => s.status.state === 'active').map((s) => s.id);
}
