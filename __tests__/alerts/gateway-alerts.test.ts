import { describeWithTools, TOOLS } from '../support/debian-tool';
import { expectRuleTestsToPass } from '../support/promtool-tests';
import { useTempDir } from '../support/temp-dir';
import { GATEWAY_DOWN } from './support/gateway-alert-cases';
import { shippedRuleFile } from './support/shipped-rules';

describeWithTools('gateway alerts under promtool', [TOOLS.promtool], ([promtool]) => {
  const tempDir = useTempDir('gateway-alerts');
  const rules = shippedRuleFile();

  it.each(GATEWAY_DOWN.map((s) => [s.title, s] as const))('GatewayDown %s', (_title, { suite }) => {
    expectRuleTestsToPass(promtool, tempDir(), rules, suite);
  });
});
