/**
 * The app's alerts, as the stack ships them, under `promtool test rules`:
 * each fires with its labels and annotations once its input crosses the threshold
 * for its `for`, and stays silent just below the threshold and before `for`.
 */
import { describeWithTools, TOOLS } from '../support/external-tools';
import { expectRuleTestsToPass } from '../support/promtool-tests';
import { useTempDir } from '../support/temp-dir';
import {
  HIGH_ERROR_RATE,
  HIGH_ERROR_RATE_OVERRIDDEN,
  HIGH_LATENCY,
  REDIS_UNREACHABLE,
} from './support/app-alert-cases';
import { type Scenario, shippedRuleFile } from './support/shipped-rules';

const titled = (scenarios: readonly Scenario[]) => scenarios.map((s) => [s.title, s] as const);

describeWithTools('app alerts under promtool', [TOOLS.promtool], ([promtool]) => {
  const tempDir = useTempDir('app-alerts');
  let rules = '';
  beforeAll(() => {
    rules = shippedRuleFile();
  });

  describe('HighErrorRate', () => {
    it.each(titled(HIGH_ERROR_RATE))('%s', (_title, { suite }) => {
      expectRuleTestsToPass(promtool, tempDir(), rules, suite);
    });
  });

  describe('HighErrorRate with app.alerts { errorRatio: 0.2, errorRatioFor: 5m }', () => {
    let overridden = '';
    beforeAll(() => {
      overridden = shippedRuleFile({ app: { alerts: { errorRatio: 0.2, errorRatioFor: '5m' } } });
    });

    it.each(titled(HIGH_ERROR_RATE_OVERRIDDEN))('%s', (_title, { suite }) => {
      expectRuleTestsToPass(promtool, tempDir(), overridden, suite);
    });
  });

  describe('HighLatency', () => {
    it.each(titled(HIGH_LATENCY))('%s', (_title, { suite }) => {
      expectRuleTestsToPass(promtool, tempDir(), rules, suite);
    });
  });

  describe('RedisUnreachable', () => {
    it.each(titled(REDIS_UNREACHABLE))('%s', (_title, { suite }) => {
      expectRuleTestsToPass(promtool, tempDir(), rules, suite);
    });
  });
});
