/**
 * promtool cases for ErrorBudgetBurn, the multiwindow burn-rate alert of the
 * 99.9 % availability SLO (error budget 0.1 %), at each of its four window pairs.
 *
 * Every timeline starts with a freshly started app taking 1000 requests per
 * second, sampled and evaluated every minute, so a window longer than the
 * timeline so far covers all of it. The four rules share one alert name, so each
 * check lists every ErrorBudgetBurn alert that must be firing at that time; the
 * timelines are chosen so that, where possible, only the pair under test fires.
 */
import type { Duration } from '../../../config/duration';
import type { FiringAlert, InputSeries } from '../../support/promtool-tests';
import { APP, traffic } from './series';
import { RUNBOOK, type Scenario, scenario } from './shipped-rules';

export interface WindowPair {
  readonly long: Duration;
  readonly short: Duration;
  readonly factor: number;
  /** factor × error budget (0.001), as a ratio. */
  readonly threshold: number;
  readonly severity: 'critical' | 'warning';
  readonly for: Duration;
  /** How long a 30-day budget lasts at this burn rate. */
  readonly lifetime: string;
}

export const PAGE_FAST: WindowPair = { long: '1h', short: '5m', factor: 14.4, threshold: 0.0144, severity: 'critical', for: '2m', lifetime: '2.1 days' };
export const PAGE_SLOW: WindowPair = { long: '6h', short: '30m', factor: 6, threshold: 0.006, severity: 'critical', for: '15m', lifetime: '5 days' };
export const TICKET_FAST: WindowPair = { long: '1d', short: '2h', factor: 3, threshold: 0.003, severity: 'warning', for: '1h', lifetime: '10 days' };
export const TICKET_SLOW: WindowPair = { long: '3d', short: '6h', factor: 1, threshold: 0.001, severity: 'warning', for: '3h', lifetime: '30 days' };

export function burning(pair: WindowPair, longWindowPercent: string): FiringAlert {
  return {
    labels: { severity: pair.severity, job: APP.job, long_window: pair.long, short_window: pair.short },
    annotations: {
      summary: `app is burning its error budget ${pair.factor}x too fast`,
      description:
        `${longWindowPercent} of user requests to app failed over the last ${pair.long}, ` +
        `and more than ${Number((pair.threshold * 100).toPrecision(6))}% over the last ${pair.short}; ` +
        `the 99.9% SLO allows 0.1%. At ${pair.factor}x the 30d budget lasts ${pair.lifetime}.`,
      runbook_url: `${RUNBOOK}#error-budget-burn`,
    },
  };
}

/** `percent` % of the 1000 requests per second fail, for `duration`. */
const failing = (duration: Duration, percent: number) => ({ for: duration, ok: 1000 - 10 * percent, errors: 10 * percent });
const healthy = (duration: Duration) => failing(duration, 0);

const requests = (...phases: ReturnType<typeof failing>[]): InputSeries[] => traffic('1m', phases, { errorStatus: '503' });

const ratioSeries = (window: Duration) => `job:slo_request_errors:ratio_rate${window}{job="app"}`;

/** promql checks that, at `at`, the long window still burns above the threshold while the short one no longer does. */
function onlyLongWindowAbove(pair: WindowPair, at: Duration) {
  return [
    { at, expr: `${ratioSeries(pair.long)} > bool ${pair.threshold}`, samples: [{ labels: '{job="app"}', value: 1 }] },
    { at, expr: `${ratioSeries(pair.short)} > bool ${pair.threshold}`, samples: [{ labels: '{job="app"}', value: 0 }] },
  ];
}

const BURN = 'ErrorBudgetBurn';

export interface PairScenarios {
  readonly pair: WindowPair;
  readonly scenarios: readonly Scenario[];
}

export const BURN_RATE: readonly PairScenarios[] = [
  {
    pair: PAGE_FAST,
    scenarios: [
      // 5 % > 1.44 % in both windows from minute 1; pending from then, firing 2m later.
      scenario('fires 2m after both 1h and 5m windows exceed 14.4 × budget', {
        interval: '1m',
        series: requests(failing('10m', 5)),
        alerts: [{ at: '3m', alertname: BURN, firing: [burning(PAGE_FAST, '5%')] }],
      }),
      scenario('stays silent before its 2m `for`', {
        interval: '1m',
        series: requests(failing('10m', 5)),
        alerts: [
          { at: '1m', alertname: BURN, firing: [] },
          { at: '2m', alertname: BURN, firing: [] },
        ],
      }),
      scenario('stays silent at 1.4 % errors, just under 14.4 × budget', {
        interval: '1m',
        // The 6h/30m pair fires from minute 16 at this rate; checked before that.
        series: requests(failing('15m', 1.4)),
        alerts: [{ at: '14m', alertname: BURN, firing: [] }],
      }),
      scenario('resolves once the 5m window has recovered though the 1h window still exceeds', {
        interval: '1m',
        series: requests(failing('5m', 5), healthy('6m')),
        alerts: [
          { at: '3m', alertname: BURN, firing: [burning(PAGE_FAST, '5%')] },
          { at: '11m', alertname: BURN, firing: [] },
        ],
        exprs: onlyLongWindowAbove(PAGE_FAST, '11m'),
      }),
      scenario('stays silent on a 10m spike after an hour of health: the 1h window stays under', {
        interval: '1m',
        series: requests(healthy('1h'), failing('10m', 5)),
        alerts: [{ at: '70m', alertname: BURN, firing: [] }],
        exprs: [
          { at: '70m', expr: `${ratioSeries('5m')} > bool 0.0144`, samples: [{ labels: '{job="app"}', value: 1 }] },
          { at: '70m', expr: `${ratioSeries('1h')} > bool 0.0144`, samples: [{ labels: '{job="app"}', value: 0 }] },
        ],
      }),
    ],
  },
  {
    pair: PAGE_SLOW,
    scenarios: [
      // 1 % > 0.6 % in both windows, under the 1h/5m pair's 1.44 %; the ticket pairs need 1h and 3h.
      scenario('fires 15m after both 6h and 30m windows exceed 6 × budget', {
        interval: '1m',
        series: requests(failing('20m', 1)),
        alerts: [{ at: '16m', alertname: BURN, firing: [burning(PAGE_SLOW, '1%')] }],
      }),
      scenario('stays silent before its 15m `for`', {
        interval: '1m',
        series: requests(failing('20m', 1)),
        alerts: [{ at: '15m', alertname: BURN, firing: [] }],
      }),
      scenario('stays silent at 0.59 % errors, just under 6 × budget', {
        interval: '1m',
        // The 1d/2h pair fires from minute 61 at this rate; checked before that.
        series: requests(failing('50m', 0.59)),
        alerts: [{ at: '50m', alertname: BURN, firing: [] }],
      }),
      scenario('resolves once the 30m window has recovered though the 6h window still exceeds', {
        interval: '1m',
        // At 38m the 30m window holds 12 failing minutes (0.56 %), the 6h window all 20 (0.74 %).
        series: requests(failing('20m', 1.4), healthy('18m')),
        alerts: [
          { at: '16m', alertname: BURN, firing: [burning(PAGE_SLOW, '1.4%')] },
          { at: '38m', alertname: BURN, firing: [] },
        ],
        exprs: onlyLongWindowAbove(PAGE_SLOW, '38m'),
      }),
    ],
  },
  {
    pair: TICKET_FAST,
    scenarios: [
      // 0.5 % > 0.3 % in both windows, under the 6h/30m pair's 0.6 %; the 3d/6h pair needs 3h.
      scenario('fires 1h after both 1d and 2h windows exceed 3 × budget', {
        interval: '1m',
        series: requests(failing('70m', 0.5)),
        alerts: [{ at: '61m', alertname: BURN, firing: [burning(TICKET_FAST, '0.5%')] }],
      }),
      scenario('stays silent before its 1h `for`', {
        interval: '1m',
        series: requests(failing('70m', 0.5)),
        alerts: [{ at: '60m', alertname: BURN, firing: [] }],
      }),
      scenario('stays silent at 0.29 % errors, just under 3 × budget', {
        interval: '1m',
        // The 3d/6h pair fires from minute 181 at this rate; checked before that.
        series: requests(failing('2h', 0.29)),
        alerts: [{ at: '2h', alertname: BURN, firing: [] }],
      }),
      scenario('resolves once the 2h window has recovered though the 1d window still exceeds', {
        interval: '1m',
        // At 155m the 2h window holds 55 failing minutes (0.27 %), the 1d window all 90 (0.34 %).
        series: requests(failing('90m', 0.59), healthy('65m')),
        alerts: [
          { at: '61m', alertname: BURN, firing: [burning(TICKET_FAST, '0.59%')] },
          { at: '155m', alertname: BURN, firing: [] },
        ],
        exprs: onlyLongWindowAbove(TICKET_FAST, '155m'),
      }),
    ],
  },
  {
    pair: TICKET_SLOW,
    scenarios: [
      // 0.2 % > 0.1 % in both windows, under the 1d/2h pair's 0.3 %.
      scenario('fires 3h after both 3d and 6h windows exceed 1 × budget', {
        interval: '1m',
        series: requests(failing('190m', 0.2)),
        alerts: [{ at: '181m', alertname: BURN, firing: [burning(TICKET_SLOW, '0.2%')] }],
      }),
      scenario('stays silent before its 3h `for`', {
        interval: '1m',
        series: requests(failing('190m', 0.2)),
        alerts: [{ at: '180m', alertname: BURN, firing: [] }],
      }),
      scenario('stays silent at 0.09 % errors, just under 1 × budget', {
        interval: '1m',
        series: requests(failing('4h', 0.09)),
        alerts: [{ at: '4h', alertname: BURN, firing: [] }],
      }),
      scenario('resolves once the 6h window has recovered though the 3d window still exceeds', {
        interval: '1m',
        // At 440m the 6h window holds 120 failing minutes (0.097 %), the 3d window all 200 (0.13 %).
        series: requests(failing('200m', 0.29), healthy('240m')),
        alerts: [
          { at: '181m', alertname: BURN, firing: [burning(TICKET_SLOW, '0.29%')] },
          { at: '440m', alertname: BURN, firing: [] },
        ],
        exprs: onlyLongWindowAbove(TICKET_SLOW, '440m'),
      }),
    ],
  },
];
