/**
 * What a person reads in a notification, as Alertmanager templates (Go text/template):
 * every receiver type shows the same facts, taken from the labels and annotations every
 * Sentinel alert carries.
 */

/** One line: status, alert name and severity (both are grouping labels, so common to the group). */
export const NOTIFICATION_TITLE = '[{{ .Status | toUpper }}] {{ .GroupLabels.alertname }} ({{ .GroupLabels.severity }})';

/**
 * Each alert of the group (its status, name, severity and job, summary and runbook link), gathered
 * into `$text` so that a receiver can take the whole text in the encoding it needs.
 */
const BODY_GATHERED = [
  '{{ $text := "" }}{{ range .Alerts }}',
  '{{ $job := "" }}{{ if .Labels.job }}{{ $job = print ", job " .Labels.job }}{{ end }}',
  '{{ $text = print $text "[" (.Status | toUpper) "] " .Labels.alertname " (" .Labels.severity $job ")\\n" }}',
  '{{ $text = print $text "Summary: " .Annotations.summary "\\nRunbook: " .Annotations.runbook_url "\\n\\n" }}',
  '{{ end }}',
].join('');

/** The group's alerts as text. */
export const NOTIFICATION_BODY = `${BODY_GATHERED}{{ $text }}`;

/**
 * The same text as one JSON string. Alertmanager (from 0.28) reads a PagerDuty detail whose text
 * parses as YAML as structured data: `[FIRING] …` became the list `[FIRING]`. A JSON string it
 * decodes back to the text.
 */
export const NOTIFICATION_BODY_AS_JSON_STRING = `${BODY_GATHERED}{{ $text | toJson }}`;

/** The runbook of the group's alert: they share it, since alerts are grouped by name. */
export const RUNBOOK_LINK = '{{ .CommonAnnotations.runbook_url }}';

/** PagerDuty's severity: its own scale has critical and warning too; anything else is raised as warning. */
export const PAGERDUTY_SEVERITY = '{{ if eq .GroupLabels.severity "critical" }}critical{{ else }}warning{{ end }}';
