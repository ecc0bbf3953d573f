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

/**
 * A job several targets serve, whose TargetDown counts them: the tasks of a replicated Swarm
 * service, found by DNS, or the replicas one host runs, each listed as a target.
 */
export interface CountedTargets {
  readonly jobName: string;
  readonly desired: number;
  readonly noun: { readonly one: 'task' | 'replica'; readonly many: 'tasks' | 'replicas' };
  /** What became of a target that does not answer. */
  readonly lost: string;
}

/** The job as TargetDown counts it, if several targets serve it; a job of one target is alerted on alone. */
export function countedTargets(job: ScrapeJob): CountedTargets | undefined {
  if (isReplicated(job)) {
    return { jobName: job.jobName, desired: job.replicas, noun: { one: 'task', many: 'tasks' }, lost: 'down, unreachable or gone from discovery' };
  }
  // A listed target never leaves the job: a stopped replica reads up 0.
  if (job.targets.length > 1) {
    return { jobName: job.jobName, desired: job.targets.length, noun: { one: 'replica', many: 'replicas' }, lost: 'down or unreachable' };
  }
  return undefined;
}

// With DNS discovery a task Swarm removes leaves the targets: its `up` series ends rather than
// reading 0, so only a count held against the desired number sees it go. `count` of nothing is
// no result at all, hence `or vector(0)` wherever "none" must compare.
const tasksFound = (job: ReplicatedJob) => `count(up{job="${job.jobName}"})`;
const targetsUp = (jobName: string) => `count(up{job="${jobName}"} == 1)`;

/** Labels of a rule over a count of targets, which keeps none of the series' own: the job for routes and inhibition. */
function taskCountRule(jobName: string, rule: Omit<AlertingRule, 'labels'>): AlertingRule {
  return { ...rule, labels: { job: jobName } };
}

/**
 * TargetDown of a job several targets serve, on the share of them that answer their scrapes: any
 * lost is a warning (the service runs on the rest), all lost is also the job's severity when down.
 * The warning holds at none up too, so losing the last one does not resolve it for the `for`
 * the other rule waits; Alertmanager's critical-inhibits-warning rule then shows one alert.
 */
export function countedTargetDownAlerts(counted: CountedTargets, forDuration: Duration, severityWhenAllDown: Exclude<Severity, 'none'>): AlertingRule[] {
  const { jobName, desired, noun, lost } = counted;
  const up = `(${targetsUp(jobName)} or vector(0))`;
  const someDown = taskCountRule(jobName, {
    alert: 'TargetDown',
    expr: `${up} < ${desired}`,
    for: forDuration,
    severity: 'warning',
    summary: `{{ $value }} of ${desired} ${noun.many} of ${jobName} are up`,
    description: `Only {{ $value }} of the ${desired} ${noun.many} of job ${jobName} have answered their scrapes for ${forDuration}; the others are ${lost}.`,
  });
  // A second warning would carry the same labels as the first: Alertmanager would take them for one alert.
  if (severityWhenAllDown === 'warning') return [someDown];
  const allDown = taskCountRule(jobName, {
    alert: 'TargetDown',
    expr: `${up} == 0`,
    for: forDuration,
    severity: severityWhenAllDown,
    summary: `0 of ${desired} ${noun.many} of ${jobName} are up`,
    description: `None of the ${desired} ${noun.many} of job ${jobName} has answered a scrape for ${forDuration}: every ${noun.one} is ${lost}.`,
  });
  return [someDown, allDown];
}

/**
 * One alert per replicated Swarm job: Swarm runs fewer tasks than it should, for longer than a
 * rollout or a restart takes. None for one host's replicas: listed targets are always all found.
 */
export function replicasMismatchAlerts(jobs: readonly ScrapeJob[], forDuration: Duration = REPLICAS_MISMATCH_FOR): AlertingRule[] {
  return [...jobs]
    .filter(isReplicated)
    .sort((a, b) => a.jobName.localeCompare(b.jobName))
    .map((job) =>
      taskCountRule(job.jobName, {
        alert: 'ReplicasMismatch',
        expr: `(${tasksFound(job)} or vector(0)) < ${job.replicas}`,
        for: forDuration,
        severity: 'warning',
        summary: `${job.jobName} runs {{ $value }} of ${job.replicas} desired tasks`,
        description: `Prometheus has found only {{ $value }} of the ${job.replicas} tasks of job ${job.jobName} for ${forDuration}: Swarm cannot place or start the rest.`,
      }),
    );
}
