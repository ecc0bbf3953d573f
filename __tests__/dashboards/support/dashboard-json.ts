/** Typed read access to the parts of dashboard JSON the tests check. */
import type { DashboardJson, PanelJson } from '../../../dashboards';

export interface TargetJson {
  readonly refId?: string;
  readonly expr?: string;
  readonly legendFormat?: string;
  readonly datasource?: { readonly type?: string; readonly uid?: string };
}

export interface ThresholdStepJson {
  readonly value: number | null;
  readonly color: string;
}

export interface FieldDefaultsJson {
  readonly unit?: string;
  readonly thresholds?: { readonly mode: string; readonly steps: readonly ThresholdStepJson[] };
  readonly mappings?: readonly { readonly type: string; readonly options: Record<string, { text?: string; color?: string }> }[];
  readonly custom?: { readonly thresholdsStyle?: { readonly mode: string } };
}

export interface GridPosJson {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

export interface VariableJson {
  readonly type: string;
  readonly name: string;
  readonly query?: unknown;
  readonly datasource?: { readonly type?: string; readonly uid?: string };
  readonly includeAll?: boolean;
  readonly multi?: boolean;
  readonly allValue?: string;
}

export function targetsOf(panel: PanelJson): TargetJson[] {
  return Array.isArray(panel.targets) ? (panel.targets as TargetJson[]) : [];
}

export function defaultsOf(panel: PanelJson): FieldDefaultsJson {
  const fieldConfig = panel.fieldConfig as { defaults?: FieldDefaultsJson } | undefined;
  return fieldConfig?.defaults ?? {};
}

export function gridPosOf(panel: PanelJson): GridPosJson {
  return panel.gridPos as GridPosJson;
}

export function variablesOf(dashboard: DashboardJson): VariableJson[] {
  const templating = dashboard.templating as { list?: VariableJson[] } | undefined;
  return templating?.list ?? [];
}
