import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { RUNBOOK_SECTIONS, runbookLink } from '../../alerts/runbook';
import { headingAnchor } from '../../config/heading-anchor';
import { renderRuleFile } from '../../config/prometheus-rules';
import type { SentinelStackProps } from '../../constructs/stack/sentinel-stack';
import { RUNBOOK as RUNBOOK_PAGE } from './support/shipped-rules';
import { containerNamed, REPO_ROOT, synthStack, uploadedFile } from '../support/synth-stack';

const RUNBOOK = readFileSync(join(REPO_ROOT, 'docs', 'runbook.md'), 'utf8');

const anchors = new Set([...RUNBOOK.matchAll(/^## (.+)$/gm)].map((match) => headingAnchor(match[1] ?? '')));

interface ShippedAlert {
  alert?: string;
  annotations?: { runbook_url?: string; summary?: string; description?: string };
}

function shippedAlerts(props: SentinelStackProps = {}): ShippedAlert[] {
  const rules = uploadedFile(containerNamed(synthStack(props), 'sentinel-prometheus'), '/etc/prometheus/rules/sentinel.yml');
  return (parse(rules).groups as { rules: ShippedAlert[] }[]).flatMap((group) => group.rules).filter((rule) => rule.alert);
}

describe('runbook', () => {
  it('has a section for every runbook link', () => {
    for (const section of Object.values(RUNBOOK_SECTIONS)) expect(anchors).toContain(section);
  });

  it('is linked from every shipped alert by an absolute URL a browser opens, with a summary and a description', () => {
    const alerts = shippedAlerts();
    expect(alerts.length).toBeGreaterThan(10);
    for (const alert of alerts) {
      expect(URL.canParse(alert.annotations!.runbook_url!)).toBe(true);
      expect(alert.annotations?.runbook_url).toMatch(/^http:\/\/localhost:80\/runbook\/#[a-z-]+$/);
      expect(anchors).toContain(alert.annotations?.runbook_url?.split('#')[1]);
      expect(alert.annotations?.summary).toBeTruthy();
      expect(alert.annotations?.description).toBeTruthy();
    }
  });

  it("links each alert to its own section, found by the alert's name when the rule file is rendered", () => {
    for (const alert of shippedAlerts()) {
      expect([alert.alert, alert.annotations?.runbook_url]).toEqual([alert.alert, `${RUNBOOK_PAGE}#${RUNBOOK_SECTIONS[alert.alert!]}`]);
    }
  });

  it('refuses to render an alert that has no runbook section, naming it', () => {
    const orphan = { alert: 'NoSuchAlert', expr: 'vector(1)', severity: 'warning' as const, summary: 's', description: 'd' };
    expect(() => renderRuleFile([{ name: 'g', rules: [orphan] }], runbookLink('docs/runbook.md'))).toThrow(
      'alert NoSuchAlert has no section in docs/runbook.md',
    );
  });

  it('links can point to where the team hosts the runbook', () => {
    const base = 'https://git.example.test/ops/sentinel/-/blob/main/docs/runbook.md';
    for (const alert of shippedAlerts({ runbookBaseUrl: base })) expect(alert.annotations?.runbook_url?.startsWith(`${base}#`)).toBe(true);
  });
});

describe("the gateway's runbook page", () => {
  const page = (props: SentinelStackProps) => uploadedFile(containerNamed(synthStack(props), 'sentinel-gateway'), '/etc/nginx/runbook/index.html');

  it('has the anchor of every section an alert links to', () => {
    const html = page({});
    for (const section of Object.values(RUNBOOK_SECTIONS)) expect(html).toContain(`id="${section}"`);
  });

  it("is where the default links point, on the gateway's host port", () => {
    const alerts = shippedAlerts({ gateway: { hostPort: 8088 } });
    expect(new Set(alerts.map((alert) => alert.annotations?.runbook_url?.split('#')[0]))).toEqual(new Set(['http://localhost:8088/runbook/']));
  });
});
