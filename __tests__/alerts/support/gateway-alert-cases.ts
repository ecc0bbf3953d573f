/** promtool cases for GatewayDown, which watches the gateway through its exporter's nginx_up. */
import type { FiringAlert } from '../../support/promtool-tests';
import { NGINX_EXPORTER, nginxUp } from './series';
import { RUNBOOK, type Scenario, scenario } from './shipped-rules';

export const GATEWAY_DOWN_ALERT: FiringAlert = {
  labels: { severity: 'critical', job: NGINX_EXPORTER.job, instance: NGINX_EXPORTER.instance },
  annotations: {
    summary: 'The nginx gateway does not answer its status endpoint',
    description:
      "nginx-exporter:9113 has not been able to read the gateway's stub_status for 1m: the gateway is down or unreachable, and users get no answer.",
    runbook_url: `${RUNBOOK}#gateway-down`,
  },
};

/** The gateway answers for 5m, then stops answering. */
const GATEWAY_LOST = [nginxUp('15s', [{ for: '5m', value: 1 }, { for: '5m', value: 0 }])];

export const GATEWAY_DOWN: readonly Scenario[] = [
  scenario(
    'fires once nginx_up has been 0 for 1m',
    { interval: '15s', series: GATEWAY_LOST, alerts: [{ at: '6m15s', alertname: 'GatewayDown', firing: [GATEWAY_DOWN_ALERT] }] },
    '15s',
  ),
  scenario(
    'stays silent while the gateway answers, and before nginx_up has been 0 for 1m',
    {
      interval: '15s',
      series: GATEWAY_LOST,
      alerts: [
        { at: '4m', alertname: 'GatewayDown', firing: [] },
        { at: '5m45s', alertname: 'GatewayDown', firing: [] },
      ],
    },
    '15s',
  ),
];
