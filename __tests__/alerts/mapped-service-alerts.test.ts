/**
 * A second service with its own metric names and thresholds, as the stack ships its rules,
 * under `promtool test rules`: its RED series come from its mapped names, and its alerts
 * fire at its thresholds, not the app's.
 */
import { describeWithTools, TOOLS } from '../support/external-tools';
import { declareOrdersService } from '../support/orders-service';
import { expectRuleTestsToPass } from '../support/promtool-tests';
import { useTempDir } from '../support/temp-dir';
import { ORDERS_HIGH_ERROR_RATE, ORDERS_HIGH_LATENCY, ORDERS_RECORDED_BY_ROUTE } from './support/orders-cases';
import { type Scenario, shippedRuleFile } from './support/shipped-rules';

const titled = (scenarios: readonly Scenario[]) => scenarios.map((s) => [s.title, s] as const);

describeWithTools('a second service, mapped, under promtool', [TOOLS.promtool], ([promtool]) => {
  const tempDir = useTempDir('mapped-service');
  let rules = '';
  beforeAll(() => {
    rules = shippedRuleFile({}, (stack) => declareOrdersService(stack));
  });

  describe.each([
    ['HighErrorRate', ORDERS_HIGH_ERROR_RATE],
    ['HighLatency', ORDERS_HIGH_LATENCY],
    ['RED recording rules', ORDERS_RECORDED_BY_ROUTE],
  ])('%s', (_name, scenarios) => {
    it.each(titled(scenarios))('%s', (_title, { suite }) => {
      expectRuleTestsToPass(promtool, tempDir(), rules, suite);
    });
  });
});
