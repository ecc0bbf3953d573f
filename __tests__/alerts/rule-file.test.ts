/**
 * The rule file as the stack ships it: its snapshot, and `promtool check rules`
 * accepting it (and rejecting a broken copy, so the check is known to be real).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describeWithTools, TOOLS } from '../support/external-tools';
import { checkRules } from '../support/promtool-tests';
import { useTempDir } from '../support/temp-dir';
import { shippedRuleFile } from './support/shipped-rules';

interface RuleFile {
  groups: { name: string; rules: { alert?: string; record?: string }[] }[];
}

describe('shipped rule file', () => {
  it('matches its snapshot', () => {
    expect(shippedRuleFile()).toMatchSnapshot();
  });
});

describeWithTools('shipped rule file under promtool check rules', [TOOLS.promtool], ([promtool]) => {
  const tempDir = useTempDir('rule-file');
  let rules = '';
  beforeAll(() => {
    rules = shippedRuleFile();
  });

  it('passes, and promtool counts every rule in it', () => {
    const count = (parse(rules) as RuleFile).groups.reduce((sum, group) => sum + group.rules.length, 0);
    expect(count).toBeGreaterThan(30);
    const file = join(tempDir(), 'sentinel.yml');
    writeFileSync(file, rules);
    const run = checkRules(promtool, file);
    expect(run).toEqual({ status: 0, output: expect.stringContaining(`SUCCESS: ${count} rules found`) });
  });

  it.each([
    ['an unbalanced parenthesis', (text: string) => text.replace('expr: vector(1)', 'expr: vector(1')],
    ['an invalid `for` duration', (text: string) => text.replace('for: 2m', 'for: 2 minutes')],
    ['a template that does not parse', (text: string) => text.replace('{{ $labels.job }}', '{{ $labels.job ')],
  ])('fails on a copy with %s', (_what, breakIt) => {
    const broken = breakIt(rules);
    expect(broken).not.toBe(rules);
    const file = join(tempDir(), 'broken.yml');
    writeFileSync(file, broken);
    const run = checkRules(promtool, file);
    expect(run.status).not.toBe(0);
    expect(run.output).toContain('FAILED');
  });
});
