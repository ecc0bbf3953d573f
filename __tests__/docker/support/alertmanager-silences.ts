import { request } from 'node:http';
import type { Endpoint } from '../../../config/endpoint';
import { httpRequest } from '../../support/app-http';

/** A silence on a label no alert has, made through Alertmanager's API: its id. */
export async function createSilence(alertmanager: Endpoint): Promise<string> {
  const now = Date.now();
  const body = JSON.stringify({
    matchers: [{ name: 'swarm_nodes_suite', value: 'kept', isRegex: false }],
    startsAt: new Date(now).toISOString(),
    endsAt: new Date(now + 3_600_000).toISOString(),
    createdBy: 'swarm-nodes suite',
    comment: 'must outlive a service update',
  });
  const response = await new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request({ host: alertmanager.host, port: alertmanager.port, method: 'POST', path: '/api/v2/silences', headers: { 'content-type': 'application/json' }, timeout: 5_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('timeout', () => req.destroy(new Error('POST /api/v2/silences timed out')));
    req.on('error', reject);
    req.end(body);
  });
  if (response.status !== 200) throw new Error(`Alertmanager refused the silence: ${response.status} ${response.body}`);
  return (JSON.parse(response.body) as { silenceID: string }).silenceID;
}

export async function silenceIds(alertmanager: Endpoint): Promise<string[]> {
  const response = await httpRequest(alertmanager.port, { path: '/api/v2/silences' });
  return (JSON.parse(response.body) as { id: string; status: { state: string } }[]).filter((s) => s.status.state === 'active').map((s) => s.id);
}
