/**
 * "Sentinel / Prometheus & targets": is monitoring itself working — every
 * target up and what is firing first, then how the scrapes go, then whether
 * rules evaluate and alerts reach Alertmanager and its receivers.
 */
import { WATCHDOG } from '../alerts/meta-alerts';
import type { DashboardBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { sentinelDashboard } from './common';
import { ALERTMANAGER_METRICS, PROMETHEUS_METRICS, SCRAPE_SERIES } from './metrics';
import { ANY_ABOVE_ZERO, COLORS, NEUTRAL, row, statPanel, statusPanel, thresholds, timeseriesPanel, UNITS } from './panels';
import { aggregate, equals, increase, notEquals, rate, selector, sum } from './promql';

export const PROMETHEUS_UID = 'sentinel-prometheus';
export const PROMETHEUS_TITLE = 'Sentinel / Prometheus & targets';

/** Panel ids: part of the dashboard's public surface, never renumber, only add. */
export const PROMETHEUS_PANEL_IDS = {
  rowSymptoms: 100,
  targetsUp: 1,
  firingCount: 2,
  firingAlerts: 3,
  rowScrapes: 200,
  scrapeDuration: 4,
  samplesScraped: 5,
  headSeries: 6,
  rowRules: 300,
  ruleFailures: 7,
  ruleGroupLoad: 8,
  prometheusNotifications: 9,
  alertmanagerNotifications: 10,
} as const;

const ID = PROMETHEUS_PANEL_IDS;

const FIRING = equals('alertstate', 'firing');

export function prometheusDashboard(): DashboardBuilder {
  const dashboard = sentinelDashboard({
    uid: PROMETHEUS_UID,
    title: PROMETHEUS_TITLE,
    description: 'Monitoring of the monitoring: targets up, firing alerts, scrape cost, rule evaluation and alert delivery.',
    tags: ['prometheus', 'monitoring'],
    jobMetric: SCRAPE_SERIES.up,
  });

  dashboard
    .withRow(row(ID.rowSymptoms, 'Symptoms: targets and alerts'))
    .withPanel(
      statusPanel({
        id: ID.targetsUp,
        title: 'Targets up per job',
        description: 'Whether every target of each job answered its last scrape (worst target per job shown).',
        queries: [{ expr: aggregate('min', selector(SCRAPE_SERIES.up), ['job']), legend: '{{job}}' }],
        showSeriesName: true,
        width: 12,
        height: 8,
      }),
    )
    .withPanel(
      statPanel({
        id: ID.firingCount,
        title: 'Alerts firing',
        description: `Alerts firing right now, not counting the ${WATCHDOG}, which always fires to prove the pipeline works.`,
        unit: UNITS.count,
        thresholds: thresholds(COLORS.ok, { value: 1, color: COLORS.critical }),
        queries: [
          {
            expr: `count(${selector(PROMETHEUS_METRICS.alerts, FIRING, notEquals('alertname', WATCHDOG))}) or vector(0)`,
            legend: 'firing',
          },
        ],
        colorBackground: true,
        decimals: 0,
        width: 4,
        height: 8,
      }),
    )
    .withPanel(
      timeseriesPanel({
        id: ID.firingAlerts,
        title: 'Firing alerts by name',
        description: `Firing alerts over time by name and severity; the ${WATCHDOG} line should never break.`,
        unit: UNITS.count,
        thresholds: NEUTRAL,
        queries: [
          {
            expr: aggregate('count', selector(PROMETHEUS_METRICS.alerts, FIRING), ['alertname', 'severity']),
            legend: '{{alertname}} ({{severity}})',
          },
        ],
        min: 0,
        decimals: 0,
        width: 8,
        height: 8,
      }),
    )
    .withRow(row(ID.rowScrapes, 'Causes: scrapes'))
    .withPanel(
      timeseriesPanel({
        id: ID.scrapeDuration,
        title: 'Scrape duration per job',
        description: 'Time the slowest target of each job took to answer a scrape; at the scrape timeout (5 s by default) the target counts as down.',
        unit: UNITS.seconds,
        thresholds: thresholds(COLORS.ok, { value: 1, color: COLORS.warning }, { value: 5, color: COLORS.critical }),
        queries: [{ expr: aggregate('max', selector(SCRAPE_SERIES.scrapeDurationSeconds), ['job']), legend: '{{job}}' }],
        min: 0,
        width: 8,
        height: 8,
      }),
    )
    .withPanel(
      timeseriesPanel({
        id: ID.samplesScraped,
        title: 'Samples scraped per job',
        description: 'Samples each job returns per scrape, summed over its targets: the cost a job adds to Prometheus.',
        unit: UNITS.count,
        thresholds: NEUTRAL,
        queries: [{ expr: sum(selector(SCRAPE_SERIES.scrapeSamplesScraped), ['job']), legend: '{{job}}' }],
        min: 0,
        decimals: 0,
        width: 8,
        height: 8,
      }),
    )
    .withPanel(
      timeseriesPanel({
        id: ID.headSeries,
        title: 'Series in memory',
        description: 'Series in the head block of Prometheus, which drive its memory use; a jump means a new label value is multiplying series.',
        unit: UNITS.count,
        thresholds: NEUTRAL,
        queries: [{ expr: sum(selector(PROMETHEUS_METRICS.tsdbHeadSeries), ['instance']), legend: '{{instance}}' }],
        min: 0,
        decimals: 0,
        width: 8,
        height: 8,
      }),
    )
    .withRow(row(ID.rowRules, 'Causes: rules and alert delivery'))
    .withPanel(
      timeseriesPanel({
        id: ID.ruleFailures,
        title: 'Rule evaluation failures',
        description: 'Failed rule evaluations per rule group; a failing rule records nothing and its alert cannot fire.',
        unit: UNITS.count,
        thresholds: ANY_ABOVE_ZERO,
        queries: [
          { expr: sum(increase(PROMETHEUS_METRICS.ruleEvaluationFailuresTotal), ['rule_group']), legend: '{{rule_group}}' },
        ],
        showThresholds: true,
        min: 0,
        width: 6,
        height: 8,
      }),
    )
    .withPanel(
      timeseriesPanel({
        id: ID.ruleGroupLoad,
        title: 'Rule group evaluation time',
        description: 'Last evaluation time of each rule group as a share of its interval; at 100 % evaluations start to be skipped.',
        unit: UNITS.ratio,
        thresholds: thresholds(COLORS.ok, { value: 0.5, color: COLORS.warning }, { value: 1, color: COLORS.critical }),
        queries: [
          {
            expr: aggregate(
              'max',
              `${selector(PROMETHEUS_METRICS.ruleGroupLastDurationSeconds)} / ${selector(PROMETHEUS_METRICS.ruleGroupIntervalSeconds)}`,
              ['rule_group'],
            ),
            legend: '{{rule_group}}',
          },
        ],
        min: 0,
        width: 6,
        height: 8,
      }),
    )
    .withPanel(
      timeseriesPanel({
        id: ID.prometheusNotifications,
        title: 'Alerts sent to Alertmanager',
        description: 'Alert notifications Prometheus sent, failed to send, or dropped per second; errors and drops mean Alertmanager never saw them.',
        unit: UNITS.operationsPerSecond,
        thresholds: NEUTRAL,
        queries: [
          { expr: sum(rate(PROMETHEUS_METRICS.notificationsSentTotal)), legend: 'sent' },
          { expr: sum(rate(PROMETHEUS_METRICS.notificationsErrorsTotal)), legend: 'errors' },
          { expr: sum(rate(PROMETHEUS_METRICS.notificationsDroppedTotal)), legend: 'dropped' },
        ],
        seriesColors: { errors: COLORS.critical, dropped: COLORS.warning },
        min: 0,
        width: 6,
        height: 8,
      }),
    )
    .withPanel(
      timeseriesPanel({
        id: ID.alertmanagerNotifications,
        title: 'Alertmanager notifications',
        description: 'Notifications Alertmanager attempted and failed per second, by integration (slack, email, pagerduty, webhook); failures mean on-call was not told.',
        unit: UNITS.operationsPerSecond,
        thresholds: NEUTRAL,
        queries: [
          { expr: sum(rate(ALERTMANAGER_METRICS.notificationsTotal), ['integration']), legend: 'sent {{integration}}' },
          { expr: sum(rate(ALERTMANAGER_METRICS.notificationsFailedTotal), ['integration']), legend: 'failed {{integration}}' },
        ],
        min: 0,
        width: 6,
        height: 8,
      }),
    );

  return dashboard;
}
