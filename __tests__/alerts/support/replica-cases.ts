/**
 * promtool cases for a job replicated on Swarm: three tasks of the app, each found by DNS
 * and scraped under its own task address. TargetDown counts the tasks up against the
 * desired three; ReplicasMismatch counts the tasks found.
 */
import { replicasMismatchAlerts } from '../../../alerts/replicas';
import { runbookLink } from '../../../alerts/runbook';
import { targetDownAlerts } from '../../../alerts/target-down';
import { renderRuleFile } from '../../../config/prometheus-rules';
import type { ScrapeJob } from '../../../config/scrape-job';
import type { AlertCheck, ExprCheck, FiringAlert, InputSeries, Labels, RuleTestCase, TestTime } from '../../support/promtool-tests';
import { taskUp, up } from './series';
import { RUNBOOK, type Scenario, scenario } from './shipped-rules';

export const REPLICATED_APP: ScrapeJob = { jobName: 'app', targets: [{ host: 'app', port: 8080 }], replicas: 3 };

/** The rule group the stack would ship for the replicated app, with a 1m TargetDown `for` and ReplicasMismatch's default 5m. */
export function replicaRuleFile(): string {
  const jobs = [REPLICATED_APP];
  return renderRuleFile([{ name: 'targets', rules: [...targetDownAlerts(jobs, '1m'), ...replicasMismatchAlerts(jobs)] }], runbookLink(RUNBOOK));
}

const task = (address: string) => ({ job: 'app', instance: `${address}:8080` }) as const;
/** The three tasks Swarm starts, then the three that replace them in a rolling update. */
const [TASK_A, TASK_B, TASK_C, TASK_D, TASK_E, TASK_F] = ['11', '12', '13', '14', '15', '16'].map((host) => task(`172.28.30.${host}`));

export function someTasksDown(tasksUp: number): FiringAlert {
  return {
    labels: { severity: 'warning', job: 'app' },
    annotations: {
      summary: `${tasksUp} of 3 tasks of app are up`,
      description: `Only ${tasksUp} of the 3 tasks of job app have answered their scrapes for 1m; the others are down, unreachable or gone from discovery.`,
      runbook_url: `${RUNBOOK}#target-down`,
    },
  };
}

export const ALL_TASKS_DOWN: FiringAlert = {
  labels: { severity: 'critical', job: 'app' },
  annotations: {
    summary: '0 of 3 tasks of app are up',
    description: 'None of the 3 tasks of job app has answered a scrape for 1m: every task is down, unreachable or gone from discovery.',
    runbook_url: `${RUNBOOK}#target-down`,
  },
};

export function replicasMismatch(tasksFound: number): FiringAlert {
  return {
    labels: { severity: 'warning', job: 'app' },
    annotations: {
      summary: `app runs ${tasksFound} of 3 desired tasks`,
      description: `Prometheus has found only ${tasksFound} of the 3 tasks of job app for 5m: Swarm cannot place or start the rest.`,
      runbook_url: `${RUNBOOK}#replicas-mismatch`,
    },
  };
}

const UP_FOR_12M = [{ for: '12m', value: 1 }] as const;
const stillUp = (target: Labels): InputSeries => up(target, '15s', UP_FOR_12M);
/** Up for 5m, then every scrape fails while DNS still lists the task. */
const failsAt5m = (target: Labels): InputSeries =>
  up(target, '15s', [
    { for: '5m', value: 1 },
    { for: '7m', value: 0 },
  ]);
/** Up for 5m, then Swarm removes the task: its series ends at 5m15s. */
const leavesAt5m = (target: Labels): InputSeries => taskUp(target, '15s', { phases: [{ for: '5m', value: 1 }], leaves: true });

const silent = (alertname: string, times: readonly TestTime[]): AlertCheck[] => times.map((at) => ({ at, alertname, firing: [] }));
/** Silent at each of `silentAt`, then exactly `firing` at `firesAt`. */
const firesFrom = (alertname: string, silentAt: readonly TestTime[], firesAt: TestTime, firing: readonly FiringAlert[]): AlertCheck[] => [
  ...silent(alertname, silentAt),
  { at: firesAt, alertname, firing },
];
const countOf = (expr: string, at: TestTime, value: number): ExprCheck => ({ at, expr, samples: [{ labels: '{}', value }] });
/** Samples and evaluations every 15 s, to see inside the 1m `for`. */
const every15s = (title: string, test: Omit<RuleTestCase, 'interval'>): Scenario => scenario(title, { interval: '15s', ...test }, '15s');

const ALL_UP = [stillUp(TASK_A), stillUp(TASK_B), stillUp(TASK_C)];
const ONE_FAILS = [stillUp(TASK_A), stillUp(TASK_B), failsAt5m(TASK_C)];
const ONE_LEAVES = [stillUp(TASK_A), stillUp(TASK_B), leavesAt5m(TASK_C)];

export const TARGET_DOWN_REPLICATED: readonly Scenario[] = [
  every15s('warns once one task of three has failed its scrapes for 1m, saying 2 of 3 are up', {
    series: ONE_FAILS,
    alerts: firesFrom('TargetDown', ['5m', '5m45s'], '6m', [someTasksDown(2)]),
  }),
  every15s('counts a task that leaves discovery (its up series ends) as down', {
    series: ONE_LEAVES,
    alerts: firesFrom('TargetDown', ['6m'], '6m15s', [someTasksDown(2)]),
    exprs: [countOf('count(up{job="app"})', '5m', 3), countOf('count(up{job="app"})', '5m15s', 2)],
  }),
  every15s('goes critical 1m after every task has left discovery, the warning firing alongside', {
    series: [leavesAt5m(TASK_A), leavesAt5m(TASK_B), leavesAt5m(TASK_C)],
    alerts: firesFrom('TargetDown', ['6m'], '6m15s', [someTasksDown(0), ALL_TASKS_DOWN]),
  }),
  every15s('keeps warning while the last task goes, then adds critical 1m after it went', {
    series: [
      taskUp(TASK_A, '15s', { phases: [{ for: '3m', value: 1 }], leaves: true }),
      taskUp(TASK_B, '15s', { phases: [{ for: '3m', value: 1 }], leaves: true }),
      failsAt5m(TASK_C),
    ],
    alerts: [
      { at: '4m15s', alertname: 'TargetDown', firing: [someTasksDown(1)] },
      { at: '5m45s', alertname: 'TargetDown', firing: [someTasksDown(0)] },
      { at: '6m', alertname: 'TargetDown', firing: [someTasksDown(0), ALL_TASKS_DOWN] },
    ],
  }),
  every15s('goes critical when no task has ever been found', {
    series: [],
    alerts: firesFrom('TargetDown', ['45s'], '1m', [someTasksDown(0), ALL_TASKS_DOWN]),
  }),
  every15s('stays silent while all three tasks are up', { series: ALL_UP, alerts: silent('TargetDown', ['0m', '5m', '12m']) }),
];

export const REPLICAS_MISMATCH: readonly Scenario[] = [
  every15s('fires once only 2 of 3 tasks have been found for 5m', {
    series: ONE_LEAVES,
    alerts: firesFrom('ReplicasMismatch', ['6m15s', '10m'], '10m15s', [replicasMismatch(2)]),
  }),
  every15s('does not count a task that is found but fails its scrapes as missing', {
    series: ONE_FAILS,
    alerts: silent('ReplicasMismatch', ['11m', '12m']),
  }),
  every15s('fires when no task has been found for 5m', {
    series: [],
    alerts: firesFrom('ReplicasMismatch', ['4m45s'], '5m', [replicasMismatch(0)]),
  }),
  every15s('stays silent while all three tasks are found', { series: ALL_UP, alerts: silent('ReplicasMismatch', ['0m', '5m', '12m']) }),
];

/**
 * A rolling update, one task at a time, start-first: each new task is found before its old one
 * stops. The old task fails its last scrape as it shuts down; at the third step it leaves DNS one
 * scrape before its replacement is first scraped, so only two tasks are seen for that scrape.
 */
const ROLLING_UPDATE: readonly InputSeries[] = [
  taskUp(TASK_A, '15s', { phases: [{ for: '2m15s', value: 1 }, { for: '15s', value: 0 }], leaves: true }),
  taskUp(TASK_D, '15s', { foundAfter: '2m', phases: [{ for: '10m', value: 1 }] }),
  taskUp(TASK_B, '15s', { phases: [{ for: '3m30s', value: 1 }], leaves: true }),
  taskUp(TASK_E, '15s', { foundAfter: '3m', phases: [{ for: '9m', value: 1 }] }),
  taskUp(TASK_C, '15s', { phases: [{ for: '4m30s', value: 1 }], leaves: true }),
  taskUp(TASK_F, '15s', { foundAfter: '5m', phases: [{ for: '7m', value: 1 }] }),
];

const DURING_AND_AFTER_THE_UPDATE: readonly TestTime[] = ['2m15s', '2m30s', '3m15s', '4m45s', '5m45s', '10m', '12m'];

export const ROLLING_UPDATE_SILENT: readonly Scenario[] = [
  every15s('TargetDown and ReplicasMismatch stay silent through a rolling update (4 tasks briefly, then 3; once 2 for a scrape)', {
    series: ROLLING_UPDATE,
    alerts: [...silent('TargetDown', DURING_AND_AFTER_THE_UPDATE), ...silent('ReplicasMismatch', DURING_AND_AFTER_THE_UPDATE)],
    exprs: [
      countOf('count(up{job="app"})', '2m15s', 4),
      countOf('count(up{job="app"} == 1)', '2m15s', 3),
      countOf('count(up{job="app"})', '2m45s', 3),
      countOf('count(up{job="app"})', '4m45s', 2),
      countOf('count(up{job="app"})', '5m', 3),
      countOf('count(up{job="app"})', '12m', 3),
    ],
  }),
];
