/**
 * Read-only walks over a dashboard, for tests and proofs: which panels it has and
 * which PromQL each of them runs. Works on the SDK model and on parsed JSON alike.
 */

/** One PromQL expression of one panel. */
export interface PanelQuery {
  readonly panelId: number;
  readonly panelTitle: string;
  readonly refId: string;
  readonly expr: string;
}

/** The part of a dashboard these walks look at. */
export interface DashboardLike {
  readonly panels?: readonly unknown[];
}

/** A panel as found in dashboard JSON; everything beyond `type` is optional. */
export interface PanelJson {
  readonly type: string;
  readonly id?: number;
  readonly title?: string;
  readonly [key: string]: unknown;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asPanel(value: unknown): PanelJson | undefined {
  return isRecord(value) && typeof value.type === 'string' ? (value as PanelJson) : undefined;
}

/**
 * Every panel in layout order, rows included, with the panels a collapsed row
 * keeps inside itself listed right after that row.
 */
export function allPanels(dashboard: DashboardLike): PanelJson[] {
  const out: PanelJson[] = [];
  for (const raw of dashboard.panels ?? []) {
    const panel = asPanel(raw);
    if (panel === undefined) continue;
    out.push(panel);
    if (panel.type === 'row' && Array.isArray(panel.panels)) {
      out.push(...panel.panels.map(asPanel).filter((p): p is PanelJson => p !== undefined));
    }
  }
  return out;
}

/** Panels that show data: every panel except row headers. */
export function dataPanels(dashboard: DashboardLike): PanelJson[] {
  return allPanels(dashboard).filter((p) => p.type !== 'row');
}

/** Every PromQL expression of every panel, in layout then query order. */
export function panelQueries(dashboard: DashboardLike): PanelQuery[] {
  const out: PanelQuery[] = [];
  for (const panel of dataPanels(dashboard)) {
    const targets = Array.isArray(panel.targets) ? panel.targets : [];
    for (const target of targets) {
      if (!isRecord(target) || typeof target.expr !== 'string') continue;
      out.push({
        panelId: panel.id ?? 0,
        panelTitle: panel.title ?? '',
        refId: typeof target.refId === 'string' ? target.refId : '',
        expr: target.expr,
      });
    }
  }
  return out;
}
