/**
 * The recording rules the alerts and dashboards read, as the stack ships them,
 * under promtool's `promql_expr_test`: RED series per route and for user
 * requests, the SLO error ratios over each window, the budget left and the 1h
 * burn rate, for inputs simple enough to work out by hand.
 */
import { describeWithTools, TOOLS } from '../support/external-tools';
import { expectRuleTestsToPass } from '../support/promtool-tests';
import { useTempDir } from '../support/temp-dir';
import { measuredRatio, micros, RED_SUITE, SLO_SUITE, toMicros, WINDOWS } from './support/recording-rule-cases';
import { httpRequests, traffic } from './support/series';
import { shippedRuleFile } from './support/shipped-rules';

describeWithTools('recording rules under promtool', [TOOLS.promtool], ([promtool]) => {
  const tempDir = useTempDir('recording-rules');
  let rules = '';
  beforeAll(() => {
    rules = shippedRuleFile();
  });

  it('record RED series per route and for user requests (probes left out)', () => {
    expectRuleTestsToPass(promtool, tempDir(), rules, RED_SUITE);
  });

  it('works out distinct expected ratios for each window (the input really tells the windows apart)', () => {
    const ratios = WINDOWS.map(({ minutes }) => toMicros(measuredRatio(minutes)));
    expect(new Set(ratios).size).toBe(ratios.length);
  });

  it('record the SLO error ratio over each window, the budget left and the 1h burn rate', () => {
    expectRuleTestsToPass(promtool, tempDir(), rules, SLO_SUITE);
  });

  it('record an untouched budget and no burn while no request has failed', () => {
    expectRuleTestsToPass(promtool, tempDir(), rules, {
      evaluationInterval: '1m',
      tests: [
        {
          interval: '1m',
          series: [httpRequests('1m', { route: '/', status: '200' }, [{ for: '2h', perSecond: 10 }])],
          exprs: [
            { at: '2h', expr: 'job:slo_error_budget_remaining:ratio', samples: [{ labels: 'job:slo_error_budget_remaining:ratio{job="app"}', value: 1 }] },
            { at: '2h', expr: 'job:slo_burn_rate:ratio_rate1h', samples: [{ labels: 'job:slo_burn_rate:ratio_rate1h{job="app"}', value: 0 }] },
          ],
        },
      ],
    });
  });

  it('record a burn rate of 0.5 and half the budget left while 0.05 % of requests fail', () => {
    expectRuleTestsToPass(promtool, tempDir(), rules, {
      evaluationInterval: '1m',
      tests: [
        {
          interval: '1m',
          series: traffic('1m', [{ for: '2h', ok: 999.5, errors: 0.5 }]),
          exprs: [
            { at: '2h', expr: micros('job:slo_burn_rate:ratio_rate1h'), samples: [{ labels: '{job="app"}', value: 500_000 }] },
            { at: '2h', expr: micros('job:slo_error_budget_remaining:ratio'), samples: [{ labels: '{job="app"}', value: 500_000 }] },
          ],
        },
      ],
    });
  });
});
