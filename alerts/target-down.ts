import type { Duration } from '../config/duration';
import type { AlertingRule } from '../config/prometheus-rules';
import type { ScrapeJob } from '../config/scrape-job';
import { countedTargetDownAlerts, countedTargets } from './replicas';

/** One alert per scrape job the stack declares (two for one that several replicas serve), so a missing component never alerts. */
export function targetDownAlerts(jobs: readonly ScrapeJob[], forDuration: Duration): AlertingRule[] {
  return [...jobs]
    .sort((a, b) => a.jobName.localeCompare(b.jobName))
    .flatMap((job) => {
      const severity = job.severityWhenDown ?? 'critical';
      const counted = countedTargets(job);
      if (counted) return countedTargetDownAlerts(counted, forDuration, severity);
      return [
        {
          alert: 'TargetDown',
          expr: `up{job="${job.jobName}"} == 0`,
          for: forDuration,
          severity,
          // Same value as the series' own job label; it keeps each job's rule distinct for promtool.
          labels: { job: job.jobName },
          summary: 'Prometheus cannot scrape {{ $labels.job }} at {{ $labels.instance }}',
          description: `Every scrape of job {{ $labels.job }} at {{ $labels.instance }} has failed for ${forDuration}: it is down or unreachable.`,
        },
      ];
    });
}
