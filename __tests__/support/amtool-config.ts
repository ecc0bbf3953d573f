/**
 * amtool (Alertmanager 0.25) offline: a config file's validation and routing, and templates rendered.
 */
import { runTool, type ToolRun } from './promtool-tests';

/** `amtool check-config <file>`. */
export function checkConfig(amtool: string, file: string): ToolRun {
  return runTool(amtool, ['check-config', file]);
}

/**
 * Receivers an alert with `labels` is routed to, in routing-tree order:
 * `amtool config routes test --config.file=<file> k=v…` prints them comma-separated.
 */
export function routedReceivers(amtool: string, file: string, labels: Readonly<Record<string, string>>): string[] {
  const args = ['config', 'routes', 'test', `--config.file=${file}`, ...Object.entries(labels).map(([k, v]) => `${k}=${v}`)];
  const run = runTool(amtool, args);
  if (run.status !== 0) throw new Error(`amtool ${args.join(' ')} failed (exit ${run.status}):\n${run.output}`);
  // stderr carries only a warning that --config.file overrides --alertmanager.url.
  const receivers = run.output
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('Warning:'))
    .join(',');
  return receivers.split(',').map((receiver) => receiver.trim());
}

/**
 * An Alertmanager template rendered by amtool against `dataFile` (a notification's data as
 * JSON: status, alerts, group and common labels), as Alertmanager renders it for a receiver.
 * amtool wants a template file besides: `emptyTemplateFile`.
 */
export function renderTemplate(amtool: string, emptyTemplateFile: string, dataFile: string, text: string): string {
  const args = ['template', 'render', `--template.glob=${emptyTemplateFile}`, `--template.data=${dataFile}`, `--template.text=${text}`];
  const run = runTool(amtool, args);
  if (run.status !== 0) throw new Error(`amtool template render failed (exit ${run.status}):\n${run.output}`);
  return run.output;
}
