import type { Duration } from '../config/duration';
import type { AlertingRule, Severity } from '../config/prometheus-rules';
import type { ScrapeJob } from '../config/scrape-job';

/** A job whose targets are the tasks of a replicated Swarm service, found by DNS. */
export type ReplicatedJob = ScrapeJob & { readonly replicas: number };

export function isReplicated(job: ScrapeJob): job is ReplicatedJob {
  return job.replicas !== undefined;
}

/**
 * How long the tasks found may stay below the desired count before ReplicasMismatch fires.
 * A rolling update, one task at a time and start-first, starts the new task before it stops the
 * old one, so the count dips below desired for a scrape interval or two at most (the new task
 * not yet scraped when the old one leaves DNS); Swarm replaces a crashed task within seconds
 * (restart delay, start, next DNS refresh). Five minutes is far beyond both, so the alert means
 * Swarm cannot bring the service back to its count, not that it is busy doing so.
 */
export const REPLICAS_MISMATCH_FOR: Duration = '5m';

// With DNS discovery a task Swarm removes leaves the targets: its `up` series ends rather than
// reading 0, so only a count held against the desired number sees it go. `count` of nothing is
// no result at all, hence `or vector(0)` wherever "none" must compare.
const tasksFound = (job: ReplicatedJob) => `count(up{job="${job.jobName}"})`;
const tasksUp = (job: ReplicatedJob) => `count(up{job="${job.jobName}"} == 1)`;

/** Labels of a rule over a count of tasks, which keeps none of the series' own: the job for routes and inhibition. */
function taskCountRule(job: ReplicatedJob, rule: Omit<AlertingRule, 'labels'>): AlertingRule {
  return { ...rule, labels: { job: job.jobName } };
}

/**
 * TargetDown of a replicated job, on the share of its tasks that answer their scrapes: any lost
 * is a warning (the service runs on the rest), all lost is also the job's severity when down.
 * The warning holds at none up too, so losing the last task does not resolve it for the `for`
 * the other rule waits; Alertmanager's critical-inhibits-warning rule then shows one alert.
 */
export function replicatedTargetDownAlerts(job: ReplicatedJob, forDuration: Duration, severityWhenAllDown: Exclude<Severity, 'none'>): AlertingRule[] {
  const desired = job.replicas;
  const up = `(${tasksUp(job)} or vector(0))`;
  const someDown = taskCountRule(job, {
    alert: 'TargetDown',
    expr: `${up} < ${desired}`,
    for: forDuration,
    severity: 'warning',
    summary: `{{ $value }} of ${desired} tasks of ${job.jobName} are up`,
    description: `Only {{ $value }} of the ${desired} tasks of job ${job.jobName} have answered their scrapes for ${forDuration}; the others are down, unreachable or gone from discovery.`,
  });
  // A second warning would carry the same labels as the first: Alertmanager would take them for one alert.
  if (severityWhenAllDown === 'warning') return [someDown];
  const allDown = taskCountRule(job, {
    alert: 'TargetDown',
    expr: `${up} == 0`,
    for: forDuration,
    severity: severityWhenAllDown,
    summary: `0 of ${desired} tasks of ${job.jobName} are up`,
    description: `None of the ${desired} tasks of job ${job.jobName} has answered a scrape for ${forDuration}: every task is down, unreachable or gone from discovery.`,
  });
  return [someDown, allDown];
}

/** One alert per replicated job: Swarm runs fewer tasks than it should, for longer than a rollout or a restart takes. */
export function replicasMismatchAlerts(jobs: readonly ScrapeJob[], forDuration: Duration = REPLICAS_MISMATCH_FOR): AlertingRule[] {
  return [...jobs]
    .filter(isReplicated)
    .sort((a, b) => a.jobName.localeCompare(b.jobName))
    .map((job) =>
      taskCountRule(job, {
        alert: 'ReplicasMismatch',
        expr: `(${tasksFound(job)} or vector(0)) < ${job.replicas}`,
        for: forDuration,
        severity: 'warning',
        summary: `${job.jobName} runs {{ $value }} of ${job.replicas} desired tasks`,
        description: `Prometheus has found only {{ $value }} of the ${job.replicas} tasks of job ${job.jobName} for ${forDuration}: Swarm cannot place or start the rest.`,
      }),
    );
}
