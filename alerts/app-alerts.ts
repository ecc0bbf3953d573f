import type { Duration } from '../config/duration';
import type { AlertingRule } from '../config/prometheus-rules';
import { APP_METRICS } from '../dashboards/metrics';

/** How long the app must report Redis unreachable before `RedisUnreachable` fires. @default 1m */
export const DEFAULT_REDIS_DOWN_FOR: Duration = '1m';

/** The Sentinel app's own view of its Redis, from the client side: what no exporter can see. */
export function redisClientAlerts(jobName: string, redisDownFor: Duration): AlertingRule[] {
  return [
    {
      alert: 'RedisUnreachable',
      expr: `${APP_METRICS.redisUp}{job="${jobName}"} == 0`,
      for: redisDownFor,
      severity: 'critical',
      summary: '{{ $labels.instance }} cannot reach Redis',
      description: `{{ $labels.job }} instance {{ $labels.instance }} has reported ${APP_METRICS.redisUp} 0 for ${redisDownFor}: visits fail with 503.`,
    },
  ];
}
