import { parse } from 'yaml';
import { describeWithTools, TOOLS } from '../support/external-tools';
import { expectRuleTestsToPass } from '../support/promtool-tests';
import { useTempDir } from '../support/temp-dir';
import { GATEWAY_DOWN } from './support/gateway-alert-cases';
import { shippedRuleFile } from './support/shipped-rules';

describe('GatewayDown', () => {
  it('waits as long as gateway.downFor says', () => {
    const gatewayDown = (yaml: string) =>
      (parse(yaml).groups as { rules: { alert?: string; for?: string }[] }[]).flatMap((g) => g.rules).find((r) => r.alert === 'GatewayDown');
    expect(gatewayDown(shippedRuleFile())?.for).toBe('1m');
    expect(gatewayDown(shippedRuleFile({ gateway: { downFor: '3m' } }))?.for).toBe('3m');
  });
});

describeWithTools('gateway alerts under promtool', [TOOLS.promtool], ([promtool]) => {
  const tempDir = useTempDir('gateway-alerts');
  const rules = shippedRuleFile();

  it.each(GATEWAY_DOWN.map((s) => [s.title, s] as const))('GatewayDown %s', (_title, { suite }) => {
    expectRuleTestsToPass(promtool, tempDir(), rules, suite);
  });
});
