import type { Duration } from '../config/duration';
import type { AlertingRule } from '../config/prometheus-rules';
import type { ScrapeJob } from '../config/scrape-job';

/** The gateway, seen through its exporter: when nginx stops answering, no request reaches the app. */
export function gatewayAlerts(exporterJob: ScrapeJob, forDuration: Duration): AlertingRule[] {
  return [
    {
      alert: 'GatewayDown',
      expr: `nginx_up{job="${exporterJob.jobName}"} == 0`,
      for: forDuration,
      severity: 'critical',
      summary: 'The nginx gateway does not answer its status endpoint',
      description: `{{ $labels.instance }} has not been able to read the gateway's stub_status for ${forDuration}: the gateway is down or unreachable, and users get no answer.`,
    },
  ];
}
