import type { SentinelStack, SentinelStackProps } from '../../../constructs/stack/sentinel-stack';
import { containerNamed, synthStack, uploadedFile } from '../../support/synth-stack';
import type { RuleTestCase, RuleTestSuite } from '../../support/promtool-tests';

export const RULES_PATH = '/etc/prometheus/rules/sentinel.yml';

/** The rule file exactly as the stack uploads it into the Prometheus container. */
export function shippedRuleFile(props: SentinelStackProps = {}, declare?: (stack: SentinelStack) => void): string {
  return uploadedFile(containerNamed(synthStack(props, declare), 'sentinel-prometheus'), RULES_PATH);
}

/** A titled promtool test group, evaluated every `evaluationInterval`. */
export interface Scenario {
  readonly title: string;
  readonly suite: RuleTestSuite;
}

/**
 * Evaluation every minute, as the long-window SLO group is (`interval: 1m`);
 * promtool evaluates every group at the test file's interval.
 */
export function scenario(title: string, test: RuleTestCase, evaluationInterval: RuleTestSuite['evaluationInterval'] = '1m'): Scenario {
  return { title, suite: { evaluationInterval, tests: [test] } };
}

/** Where the default stack's alerts link: the gateway's runbook page on its default host port. */
export const RUNBOOK = 'http://localhost:80/runbook/';
