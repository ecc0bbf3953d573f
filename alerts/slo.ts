import type { AlertingRule, RecordingRule, RuleGroup, Severity } from '../config/prometheus-rules';
import type { Duration } from '../config/duration';
import { percent } from './format';
import { type HttpJob, serverErrorRatio, userRequests } from './http-selectors';

export interface AvailabilitySlo {
  /** Share of user requests that must not fail with a 5xx, in percent (99.9 = three nines). */
  readonly targetPercent: number;
}

/** The SLO period the burn-rate factors below are calibrated for. */
export const SLO_PERIOD: Duration = '30d';

interface BurnRateWindowPair {
  readonly long: Duration;
  readonly short: Duration;
  /** How many times faster than sustainable the budget burns. */
  readonly factor: number;
  readonly severity: Exclude<Severity, 'none'>;
  readonly for: Duration;
}

// The Google SRE workbook's multiwindow, multi-burn-rate alerts for a 30-day budget:
// pages spend 2 % (1 h) and 5 % (6 h) of it, tickets 10 % (1 d and 3 d).
export const BURN_RATE_WINDOWS: readonly BurnRateWindowPair[] = [
  { long: '1h', short: '5m', factor: 14.4, severity: 'critical', for: '2m' },
  { long: '6h', short: '30m', factor: 6, severity: 'critical', for: '15m' },
  { long: '1d', short: '2h', factor: 3, severity: 'warning', for: '1h' },
  { long: '3d', short: '6h', factor: 1, severity: 'warning', for: '3h' },
];

const SHORT_WINDOWS: readonly Duration[] = ['5m', '30m', '1h', '2h', '6h'];
const LONG_WINDOWS: readonly Duration[] = ['1d', '3d', SLO_PERIOD];

export function errorRatioSeries(window: Duration): string {
  return `job:slo_request_errors:ratio_rate${window}`;
}

export const ERROR_BUDGET_REMAINING = 'job:slo_error_budget_remaining:ratio';
export const BURN_RATE_1H = 'job:slo_burn_rate:ratio_rate1h';

export const BURN_ALERT = 'ErrorBudgetBurn';

function errorBudget(slo: AvailabilitySlo): number {
  return Number((1 - slo.targetPercent / 100).toPrecision(6));
}

function errorRatioRule(http: HttpJob, window: Duration): RecordingRule {
  return { record: errorRatioSeries(window), expr: serverErrorRatio(http, userRequests(http), window, 'job') };
}

/** Error ratios over every window the burn-rate alerts read, the budget left and the 1 h burn rate. */
export function sloRecordingRules(http: HttpJob, slo: AvailabilitySlo): RuleGroup[] {
  const budget = errorBudget(slo);
  const selector = `{job="${http.jobName}"}`;
  return [
    { name: `${http.jobName}-slo-short-windows`, rules: SHORT_WINDOWS.map((w) => errorRatioRule(http, w)) },
    {
      name: `${http.jobName}-slo-long-windows`,
      // A day or more of raw samples is costly to read; once a minute is precise enough here.
      interval: '1m',
      rules: [
        ...LONG_WINDOWS.map((w) => errorRatioRule(http, w)),
        { record: ERROR_BUDGET_REMAINING, expr: `1 - ${errorRatioSeries(SLO_PERIOD)}${selector} / ${budget}` },
        { record: BURN_RATE_1H, expr: `${errorRatioSeries('1h')}${selector} / ${budget}` },
      ],
    },
  ];
}

/** One alert per window pair: both windows must burn faster than the factor. */
export function sloBurnRateAlerts(http: HttpJob, slo: AvailabilitySlo): AlertingRule[] {
  const budget = errorBudget(slo);
  const selector = `{job="${http.jobName}"}`;
  return BURN_RATE_WINDOWS.map((pair) => {
    const threshold = Number((pair.factor * budget).toPrecision(6));
    return {
      alert: BURN_ALERT,
      expr: `${errorRatioSeries(pair.long)}${selector} > ${threshold} and ${errorRatioSeries(pair.short)}${selector} > ${threshold}`,
      for: pair.for,
      severity: pair.severity,
      labels: { long_window: pair.long, short_window: pair.short },
      summary: `{{ $labels.job }} is burning its error budget ${pair.factor}x too fast`,
      description:
        `{{ $value | humanizePercentage }} of user requests to {{ $labels.job }} failed over the last ${pair.long}, ` +
        `and more than ${percent(threshold)} over the last ${pair.short}; the ${slo.targetPercent}% SLO allows ${percent(budget)}. ` +
        `At ${pair.factor}x the ${SLO_PERIOD} budget lasts ${budgetLifetime(pair.factor)}.`,
    };
  });
}

// The fastest burn above, 14.4x, still leaves 2.1 days: no lifetime is shorter than a day.
function budgetLifetime(factor: number): string {
  return `${Number((30 / factor).toFixed(1))} days`;
}
