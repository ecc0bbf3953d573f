import type { Endpoint } from '../../config/endpoint';
import { type AlertmanagerAlert, alertmanagerAlerts, get, type PromVectorSample, promQuery } from '../live/support/live-http';
import { type LivePanelQuery, printPanelTable } from '../live/support/live-panels';
import { httpRequest } from './app-http';
import { setTimeout as sleep } from 'node:timers/promises';
import { waitFor } from './app-processes';

// What a running stack must show, whichever way it runs: processes on loopback (the live
// suite) or containers on a Docker engine (the Docker suite).

/** Waits until every job has a target with up == 1; returns the `up` samples. */
export function everyTargetUp(prometheus: Endpoint, jobs: readonly string[], timeoutMs = 60_000): Promise<PromVectorSample[]> {
  return waitFor(
    async () => {
      const samples = await promQuery(prometheus, 'up');
      const healthy = samples.filter((s) => s.value[1] === '1').map((s) => s.metric.job);
      return jobs.every((job) => healthy.includes(job)) ? samples : undefined;
    },
    { what: 'every target to be up', timeoutMs, intervalMs: 1_000 },
  );
}

export interface RuleGroupStatus {
  name: string;
  lastEvaluation: string;
  rules: { name: string; health: string; lastError?: string }[];
}

/** Waits until every rule group has been evaluated once; returns the groups. */
export function evaluatedRuleGroups(prometheus: Endpoint): Promise<RuleGroupStatus[]> {
  return waitFor(
    async () => {
      const body = JSON.parse((await get(prometheus, '/api/v1/rules')).body) as { data: { groups: RuleGroupStatus[] } };
      const all = body.data.groups;
      return all.length > 0 && all.every((g) => !g.lastEvaluation.startsWith('0001')) ? all : undefined;
    },
    // The long-window SLO group is evaluated once a minute.
    { what: 'every rule group to be evaluated once', timeoutMs: 90_000, intervalMs: 2_000 },
  );
}

/** Rules that failed their last evaluation, as `group/rule: error`. */
export function unhealthyRules(groups: readonly RuleGroupStatus[]): string[] {
  return groups.flatMap((g) => g.rules.filter((r) => r.health !== 'ok').map((r) => `${g.name}/${r.name}: ${r.lastError}`));
}

/** A bounded mix of traffic through the gateway: visits, unknown paths, probes and a POST, 40 rounds. */
export async function sendTrafficMix(gatewayPort: number): Promise<void> {
  const paths = ['/', '/', '/', '/', '/nope', '/admin', '/healthz', '/readyz'];
  for (let round = 0; round < 40; round++) {
    await Promise.all(paths.map((path) => httpRequest(gatewayPort, { path })));
    await httpRequest(gatewayPort, { method: 'POST', path: '/' });
  }
}

/** Waits until every panel query returns a series; prints the panel table either way, and names the empty panels on failure. */
export async function everyPanelWithData(prometheus: Endpoint, queries: readonly LivePanelQuery[]): Promise<(LivePanelQuery & { series: number })[]> {
  const countSeries = () => Promise.all(queries.map(async (q) => ({ ...q, series: (await promQuery(prometheus, q.promql)).length })));
  const results = await waitFor(async () => {
    const rows = await countSeries();
    return rows.every((row) => row.series > 0) ? rows : undefined;
  }, { what: 'every panel query to return data', timeoutMs: 90_000, intervalMs: 5_000 }).catch(async (error: Error) => {
    const rows = await countSeries();
    printPanelTable(rows);
    const empty = rows.filter((row) => row.series === 0).map((row) => `${row.dashboard} / ${row.panel} (${row.refId})`);
    throw new Error(`${error.message}; panels without data:\n${empty.join('\n')}`);
  });
  printPanelTable(results);
  return results;
}

/** Waits until Alertmanager holds a firing alert of that name (and match). */
export function firingAlert(
  alertmanager: Endpoint,
  alertname: string,
  match: (alert: AlertmanagerAlert) => boolean = () => true,
): Promise<AlertmanagerAlert> {
  return waitFor(async () => (await alertmanagerAlerts(alertmanager, alertname)).find(match), {
    what: `${alertname} to reach Alertmanager`,
    timeoutMs: 90_000,
    intervalMs: 1_000,
  });
}

/** Waits until Alertmanager holds no active `alertname` alert that `match` picks: it has resolved. */
export function resolvedAlert(
  alertmanager: Endpoint,
  alertname: string,
  match: (alert: AlertmanagerAlert) => boolean = () => true,
  timeoutMs = 120_000,
): Promise<true> {
  return waitFor(async () => ((await alertmanagerAlerts(alertmanager, alertname)).some((alert) => match(alert) && alert.status.state === 'active') ? undefined : true), {
    what: `${alertname} to resolve`,
    timeoutMs,
    intervalMs: 1_000,
  });
}

export interface VisitTally {
  /** The number each visit answered 200 was given. */
  readonly counted: number[];
  /** Visits answered anything else. */
  readonly failed: number;
  /** When each failed visit ended (Date.now()). */
  readonly failedAt: readonly number[];
  /** Whether a client used up its visits before `disturb` had finished: then the tally does not cover all of it. */
  readonly ranOut: boolean;
}

const VISITING_CLIENTS = 16;
const MAX_VISITS_PER_CLIENT = 2_000;

/**
 * Visits through the gateway from several clients, each one after another (`pauseMs` apart), while
 * `disturb` runs and for `settleMs` after it; bounded by count as well as by time.
 */
export async function visitsDuring(gatewayPort: number, disturb: () => Promise<void>, settleMs = 2_000, pauseMs = 0): Promise<VisitTally> {
  const counted: number[] = [];
  const failedAt: number[] = [];
  let stopped = false;
  let disturbed = false;
  let ranOut = false;
  const client = async () => {
    for (let i = 0; !stopped; i++) {
      if (i === MAX_VISITS_PER_CLIENT) {
        ranOut ||= !disturbed;
        return;
      }
      const response = await httpRequest(gatewayPort, { path: '/', timeoutMs: 15_000 }).catch(() => undefined);
      if (response?.status === 200) counted.push((JSON.parse(response.body) as { visits: number }).visits);
      else failedAt.push(Date.now());
      if (pauseMs > 0) await sleep(pauseMs);
    }
  };
  const clients = Array.from({ length: VISITING_CLIENTS }, client);
  try {
    await disturb();
    disturbed = true;
    await sleep(settleMs);
  } finally {
    stopped = true;
    await Promise.all(clients);
  }
  return { counted, failed: failedAt.length, failedAt, ranOut };
}

/** A Redis the test can freeze (still connected, answering nothing) and read the counter of. */
export interface FreezableRedis {
  visitCounter(): Promise<number>;
  freeze(): Promise<void>;
  thaw(): Promise<void>;
}

/**
 * Visits under load while Redis is frozen for 3 s, past the app's 1 s command timeout, then
 * thawed: the counter's increase and what the visitors were told.
 */
export async function visitsAcrossFrozenRedis(
  gatewayPort: number,
  redis: FreezableRedis,
): Promise<VisitTally & { readonly increase: number; readonly clients: number }> {
  const before = await redis.visitCounter();
  const tally = await visitsDuring(gatewayPort, async () => {
    await sleep(500);
    await redis.freeze();
    try {
      await sleep(3_000);
    } finally {
      await redis.thaw();
    }
  });
  return { ...tally, increase: (await redis.visitCounter()) - before, clients: VISITING_CLIENTS };
}

/** What the frozen-Redis run must show, in either suite. */
export function expectCountedOnceAcrossFrozenRedis(result: Awaited<ReturnType<typeof visitsAcrossFrozenRedis>>): void {
  expect(result.failed).toBeGreaterThan(0);
  expect(result.counted.length).toBeGreaterThan(0);
  // Every 200 counted, every number handed out once.
  expect(result.increase).toBeGreaterThanOrEqual(result.counted.length);
  expect(new Set(result.counted).size).toBe(result.counted.length);
  // A 503 counted only where Redis ran the increment in the instant before it froze and answered
  // after the app gave up: at most the one visit each client had in flight (16; the live suite
  // counted 32 such visits before the deadline check).
  expect(result.increase - result.counted.length).toBeLessThanOrEqual(result.clients);
}
