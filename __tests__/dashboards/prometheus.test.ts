import { dashboardFile, dataPanels, prometheusDashboard } from '../../dashboards';
import { variablesOf } from './support/dashboard-json';
import { exprsOf } from './support/panel-lookup';

const json = dashboardFile(prometheusDashboard()).json;
const exprs = (title: string) => exprsOf(json, title);

describe('Prometheus & targets dashboard', () => {
  it('has its stable uid, title and tags, and lists every scraped job', () => {
    expect([json.uid, json.title, json.tags]).toEqual(['sentinel-prometheus', 'Sentinel / Prometheus & targets', ['sentinel', 'prometheus', 'monitoring']]);
    expect(variablesOf(json).find((v) => v.name === 'job')?.query).toBe('label_values(up, job)');
  });

  it('reads top-down from targets and alerts to scrapes, rules and delivery', () => {
    expect(dataPanels(json).map((p) => p.title)).toEqual([
      'Targets up per job',
      'Alerts firing',
      'Firing alerts by name',
      'Scrape duration per job',
      'Samples scraped per job',
      'Series in memory',
      'Rule evaluation failures',
      'Rule group evaluation time',
      'Alerts sent to Alertmanager',
      'Alertmanager notifications',
    ]);
  });

  it('shows up, scrape duration and samples per job', () => {
    expect(exprs('Targets up per job')).toEqual(['min by (job) (up{job=~"$job"})']);
    expect(exprs('Scrape duration per job')).toEqual(['max by (job) (scrape_duration_seconds{job=~"$job"})']);
    expect(exprs('Samples scraped per job')).toEqual(['sum by (job) (scrape_samples_scraped{job=~"$job"})']);
  });

  it('counts firing alerts but the Watchdog, and lists them all by name', () => {
    expect(exprs('Alerts firing')).toEqual(['count(ALERTS{job=~"$job", alertstate="firing", alertname!="Watchdog"}) or vector(0)']);
    expect(exprs('Firing alerts by name')).toEqual(['count by (alertname, severity) (ALERTS{job=~"$job", alertstate="firing"})']);
  });

  it('shows rule evaluation failures per rule group', () => {
    expect(exprs('Rule evaluation failures')).toEqual([
      'sum by (rule_group) (increase(prometheus_rule_evaluation_failures_total{job=~"$job"}[$__rate_interval]))',
    ]);
  });
});
