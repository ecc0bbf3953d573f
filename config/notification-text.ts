/**
 * What a person reads in a notification, as Alertmanager templates (Go text/template):
 * every receiver type shows the same facts, taken from the labels and annotations every
 * Sentinel alert carries.
 */

/** One line: status, alert name and severity (both are grouping labels, so common to the group). */
export const NOTIFICATION_TITLE = '[{{ .Status | toUpper }}] {{ .GroupLabels.alertname }} ({{ .GroupLabels.severity }})';

/** Each alert of the group: its status, name, severity and job, summary and runbook link. */
export const NOTIFICATION_BODY = [
  '{{ range .Alerts }}[{{ .Status | toUpper }}] {{ .Labels.alertname }} ({{ .Labels.severity }}{{ if .Labels.job }}, job {{ .Labels.job }}{{ end }})',
  'Summary: {{ .Annotations.summary }}',
  'Runbook: {{ .Annotations.runbook_url }}',
  '',
  '{{ end }}',
].join('\n');

/** The runbook of the group's alert: they share it, since alerts are grouped by name. */
export const RUNBOOK_LINK = '{{ .CommonAnnotations.runbook_url }}';

/** PagerDuty's severity: its own scale has critical and warning too; anything else is raised as warning. */
export const PAGERDUTY_SEVERITY = '{{ if eq .GroupLabels.severity "critical" }}critical{{ else }}warning{{ end }}';
