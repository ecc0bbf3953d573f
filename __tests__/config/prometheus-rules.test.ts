import { parse } from 'yaml';
import { renderRuleFile, type RuleGroup } from '../../config/prometheus-rules';

const GROUPS: RuleGroup[] = [
  {
    name: 'slow',
    interval: '1m',
    rules: [{ record: 'job:errors:ratio_rate1h', expr: 'sum by (job) (rate(errors[1h]))' }],
  },
  {
    name: 'fast',
    rules: [
      { alert: 'Broken', expr: 'up == 0', for: '2m', severity: 'critical', labels: { window: '1h' }, summary: 's', description: 'd' },
      { alert: 'Noisy', expr: 'vector(1)', severity: 'warning', summary: 's2', description: 'd2' },
    ],
  },
];

describe('renderRuleFile', () => {
  const file = parse(renderRuleFile(GROUPS, (alert) => `https://runbook.example.test/#${alert.toLowerCase()}`));

  it('evaluates a group at its own interval only when it has one', () => {
    expect(file.groups.map((group: object) => Object.keys(group))).toEqual([['name', 'interval', 'rules'], ['name', 'rules']]);
    expect(file.groups[0].interval).toBe('1m');
  });

  it('writes recording rules as record and expr alone', () => {
    expect(file.groups[0].rules).toEqual([{ record: 'job:errors:ratio_rate1h', expr: 'sum by (job) (rate(errors[1h]))' }]);
  });

  it('gives each alert its severity beside its own labels, its for only when set, and its runbook link by name', () => {
    expect(file.groups[1].rules).toEqual([
      {
        alert: 'Broken',
        expr: 'up == 0',
        for: '2m',
        labels: { severity: 'critical', window: '1h' },
        annotations: { summary: 's', description: 'd', runbook_url: 'https://runbook.example.test/#broken' },
      },
      {
        alert: 'Noisy',
        expr: 'vector(1)',
        labels: { severity: 'warning' },
        annotations: { summary: 's2', description: 'd2', runbook_url: 'https://runbook.example.test/#noisy' },
      },
    ]);
  });
});
