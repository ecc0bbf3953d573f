/**
 * ErrorBudgetBurn at each of its four window pairs, as the stack ships it, under
 * `promtool test rules`: it fires when both the long and the short window burn
 * faster than factor × budget for the pair's `for`, and not when only the long
 * window still does.
 */
import { parse } from 'yaml';
import { describeWithTools, TOOLS } from '../support/external-tools';
import { expectRuleTestsToPass } from '../support/promtool-tests';
import { useTempDir } from '../support/temp-dir';
import { BURN_RATE } from './support/burn-rate-cases';
import { shippedRuleFile } from './support/shipped-rules';

interface ShippedRule {
  alert?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
}

describeWithTools('ErrorBudgetBurn under promtool', [TOOLS.promtool], ([promtool]) => {
  const tempDir = useTempDir('error-budget-burn');
  let rules = '';
  beforeAll(() => {
    rules = shippedRuleFile();
  });

  it('has exactly the four window pairs, each reading its long and short window', () => {
    const shipped = (parse(rules).groups as { rules: ShippedRule[] }[])
      .flatMap((group) => group.rules)
      .filter((rule) => rule.alert === 'ErrorBudgetBurn')
      .map((rule) => ({ window: `${rule.labels?.long_window}/${rule.labels?.short_window}`, for: rule.for, severity: rule.labels?.severity }));
    expect(shipped).toEqual(
      BURN_RATE.map(({ pair }) => ({ window: `${pair.long}/${pair.short}`, for: pair.for, severity: pair.severity })),
    );
  });

  describe.each(BURN_RATE.map(({ pair, scenarios }) => [`${pair.long}/${pair.short} × ${pair.factor}`, scenarios] as const))(
    'window pair %s',
    (_pair, scenarios) => {
      it.each(scenarios.map((s) => [s.title, s] as const))('%s', (_title, { suite }) => {
        expectRuleTestsToPass(promtool, tempDir(), rules, suite);
      });
    },
  );
});
