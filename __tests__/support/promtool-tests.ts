/**
 * A typed builder for `promtool test rules`: test cases are written in TypeScript
 * (input series, expected alerts and expression values), rendered to promtool's
 * unit-test YAML next to a rule file, and run. A failing case fails the jest test
 * with promtool's own report of what it expected and what it got.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { type Duration, durationMs } from '../../config/duration';

export type Labels = Readonly<Record<string, string>>;

/** A time in a test: a Prometheus duration, also compound (`5m45s`, `6h20m`) as promtool accepts. */
export type TestTime = Duration | `${number}h${number}m` | `${number}m${number}s`;

/** One input series: its selector and promtool's expanding notation for its samples. */
export interface InputSeries {
  readonly series: string;
  readonly values: string;
}

/** An alert that must be firing; promtool compares every label and every annotation exactly. */
export interface FiringAlert {
  /** Without `alertname`: promtool adds it. */
  readonly labels: Labels;
  readonly annotations: Labels;
}

/** The complete set of firing alerts named `alertname` at `at`; an empty `firing` means silent. */
export interface AlertCheck {
  readonly at: TestTime;
  readonly alertname: string;
  readonly firing: readonly FiringAlert[];
}

export interface Sample {
  /** Series selector, e.g. `job:slo_burn_rate:ratio_rate1h{job="app"}`. */
  readonly labels: string;
  readonly value: number;
}

/** The complete result of a PromQL expression at `at`. */
export interface ExprCheck {
  readonly at: TestTime;
  readonly expr: string;
  readonly samples: readonly Sample[];
}

/** One promtool test group: a set of input series and what must hold over them. */
export interface RuleTestCase {
  /** Spacing of the input samples. */
  readonly interval: Duration;
  readonly series: readonly InputSeries[];
  readonly alerts?: readonly AlertCheck[];
  readonly exprs?: readonly ExprCheck[];
}

export interface RuleTestSuite {
  /** How often promtool evaluates every group (it ignores a group's own `interval`). */
  readonly evaluationInterval: Duration;
  /**
   * Evaluation order of the groups at each step. Defaults to the order of the rule
   * file, so recording rules are evaluated before the alerts that read them:
   * promtool guarantees an order only for the groups listed in `group_eval_order`,
   * and otherwise an alert could lag its inputs by one step.
   */
  readonly groupEvalOrder?: readonly string[];
  readonly tests: readonly RuleTestCase[];
}

export interface ToolRun {
  readonly status: number | null;
  /** stdout then stderr. */
  readonly output: string;
}

function ms(duration: Duration): number {
  const value = durationMs(duration);
  if (value === undefined) throw new Error(`not a Prometheus duration: ${duration}`);
  return value;
}

function steps(duration: Duration, interval: Duration): number {
  const count = ms(duration) / ms(interval);
  if (!Number.isInteger(count)) throw new Error(`${duration} is not a whole number of ${interval} intervals`);
  return count;
}

/** A number as promtool reads it, without binary floating-point noise (0.1 + 0.2 → 0.3). */
function num(value: number): string {
  return String(Number(value.toPrecision(12)));
}

/** Selector text of a series: `name{a="1",b="2"}` with label values escaped. */
export function seriesName(metric: string, labels: Labels = {}): string {
  const pairs = Object.entries(labels).map(([name, value]) => `${name}="${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`);
  return pairs.length === 0 ? metric : `${metric}{${pairs.join(',')}}`;
}

/** A stretch of a counter's timeline: for `for`, it grows by `perSecond` every second. */
export interface CounterPhase {
  readonly for: Duration;
  readonly perSecond: number;
}

/**
 * Samples every `interval` from 0 to the end of the last phase (inclusive) of a
 * counter starting at 0, in expanding notation (`0+60x9 600+30x4`).
 *
 * Each increment must be a multiple of 1/1024 so that promtool's running sums are
 * exact: with an increment like 35.4 the last value of one phase can come out a
 * hair above the first value of the next, which PromQL reads as a counter reset
 * (and then counts the whole counter again).
 */
export function counterValues(interval: Duration, phases: readonly CounterPhase[]): string {
  if (phases.length === 0) throw new Error('a counter needs at least one phase');
  const seconds = ms(interval) / 1000;
  let total = 0;
  const parts = ['0'];
  for (const phase of phases) {
    const n = steps(phase.for, interval);
    if (n === 0) continue;
    const increment = Number((phase.perSecond * seconds).toPrecision(12));
    if (!Number.isInteger(increment * 1024)) {
      throw new Error(`counter increment ${phase.perSecond}/s × ${interval} = ${increment} is not a multiple of 1/1024; pick rates that are`);
    }
    parts.push(`${num(total + increment)}+${num(increment)}x${n - 1}`);
    total += increment * n;
  }
  return parts.join(' ');
}

/** A stretch of a gauge's timeline: for `for`, it reads `value`. */
export interface GaugePhase {
  readonly for: Duration;
  readonly value: number;
}

/** Samples every `interval` from 0 to the end of the last phase (inclusive; the last sample repeats the last value). */
export function gaugeValues(interval: Duration, phases: readonly GaugePhase[]): string {
  const last = phases[phases.length - 1];
  if (last === undefined) throw new Error('a gauge needs at least one phase');
  const parts = phases.filter((p) => steps(p.for, interval) > 0).map((p) => `${num(p.value)}+0x${steps(p.for, interval) - 1}`);
  return [...parts, num(last.value)].join(' ');
}

/** Names of the groups of a rule file, in file order. */
export function ruleGroupNames(ruleFile: string): string[] {
  const parsed = parse(ruleFile) as { groups?: { name: string }[] };
  return (parsed.groups ?? []).map((group) => group.name);
}

function alertTestYaml(check: AlertCheck): object {
  return {
    eval_time: check.at,
    alertname: check.alertname,
    exp_alerts: check.firing.map((alert) => ({ exp_labels: { ...alert.labels }, exp_annotations: { ...alert.annotations } })),
  };
}

function exprTestYaml(check: ExprCheck): object {
  return {
    expr: check.expr,
    eval_time: check.at,
    exp_samples: check.samples.map((sample) => ({ labels: sample.labels, value: sample.value })),
  };
}

/** promtool's unit-test file for `suite`, reading the rules from `ruleFileName` (relative to the test file). */
export function renderRuleTests(ruleFileName: string, suite: RuleTestSuite, groupOrder: readonly string[] = []): string {
  const order = suite.groupEvalOrder ?? groupOrder;
  return stringify(
    {
      rule_files: [ruleFileName],
      evaluation_interval: suite.evaluationInterval,
      // A range holds the samples after its start (Prometheus 3), so most rates are extrapolated,
      // and their floats differ from the exact figures in the last bits.
      fuzzy_compare: true,
      ...(order.length > 0 ? { group_eval_order: [...order] } : {}),
      tests: suite.tests.map((test) => ({
        interval: test.interval,
        input_series: test.series.map((s) => ({ series: s.series, values: s.values })),
        ...(test.alerts?.length ? { alert_rule_test: test.alerts.map(alertTestYaml) } : {}),
        ...(test.exprs?.length ? { promql_expr_test: test.exprs.map(exprTestYaml) } : {}),
      })),
    },
    { lineWidth: 0 },
  );
}

/** Runs a tool and returns its exit status and everything it printed; never throws on a non-zero exit. */
export function runTool(binary: string, args: readonly string[], cwd?: string): ToolRun {
  const result = spawnSync(binary, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 300_000 });
  if (result.error) throw result.error;
  return { status: result.status, output: `${result.stdout ?? ''}${result.stderr ?? ''}` };
}

let written = 0;

/**
 * Writes `ruleFile` and the unit tests of `suite` into `dir` and runs
 * `promtool test rules` on them. Group evaluation order follows the rule file.
 */
export function runRuleTests(promtool: string, dir: string, ruleFile: string, suite: RuleTestSuite): ToolRun {
  written += 1;
  const rulesName = `rules-${written}.yml`;
  const testsName = `tests-${written}.yml`;
  writeFileSync(join(dir, rulesName), ruleFile);
  writeFileSync(join(dir, testsName), renderRuleTests(rulesName, suite, ruleGroupNames(ruleFile)));
  return runTool(promtool, ['test', 'rules', testsName], dir);
}

/** Throws promtool's report unless every case of the run passed. */
export function assertRuleTestsPassed(run: ToolRun): void {
  if (run.status !== 0 || !run.output.includes('SUCCESS')) {
    throw new Error(`promtool test rules failed (exit ${run.status}):\n${run.output}`);
  }
}

/** `promtool test rules` that fails the calling test with promtool's report when a case fails. */
export function expectRuleTestsToPass(promtool: string, dir: string, ruleFile: string, suite: RuleTestSuite): void {
  assertRuleTestsPassed(runRuleTests(promtool, dir, ruleFile, suite));
}

/** `promtool check rules` on a rule file already on disk. */
export function checkRules(promtool: string, file: string): ToolRun {
  return runTool(promtool, ['check', 'rules', file]);
}
