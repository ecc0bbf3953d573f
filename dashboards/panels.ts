/**
 * Standard panel builders. Each takes a spec whose description, unit, thresholds
 * and queries are required, and wires the `${datasource}` variable into the panel
 * and into every query, so no panel can ship without them.
 */
import {
  BigValueColorMode,
  BigValueGraphMode,
  BigValueTextMode,
  GraphThresholdsStyleConfigBuilder,
  GraphThresholdsStyleMode,
  HeatmapCellLayout,
  LegendDisplayMode,
  LegendPlacement,
  ReduceDataOptionsBuilder,
  SortOrder,
  StackingConfigBuilder,
  StackingMode,
  TooltipDisplayMode,
  VisibilityMode,
  VizLegendOptionsBuilder,
  VizTooltipOptionsBuilder,
} from '@grafana/grafana-foundation-sdk/common';
import {
  FieldColorBuilder,
  FieldColorModeId,
  MappingType,
  RowBuilder,
  ThresholdsConfigBuilder,
  ThresholdsMode,
  type ValueMapping,
} from '@grafana/grafana-foundation-sdk/dashboard';
import {
  CellValuesBuilder,
  HeatmapColorMode,
  HeatmapColorOptionsBuilder,
  HeatmapColorScale,
  HeatmapTooltipBuilder,
  PanelBuilder as HeatmapPanelBuilder,
  RowsHeatmapOptionsBuilder,
  YAxisConfigBuilder,
} from '@grafana/grafana-foundation-sdk/heatmap';
import { DataqueryBuilder, PromQueryFormat, QueryEditorMode } from '@grafana/grafana-foundation-sdk/prometheus';
import { PanelBuilder as StatPanelBuilder } from '@grafana/grafana-foundation-sdk/stat';
import { PanelBuilder as TimeseriesPanelBuilder } from '@grafana/grafana-foundation-sdk/timeseries';
import { DATASOURCE } from './common';

/** Grafana units used by Sentinel panels (ids from Grafana's unit registry). */
export const UNITS = {
  requestsPerSecond: 'reqps',
  operationsPerSecond: 'ops',
  /** Grafana has no connections unit; a custom suffix says what is counted. */
  connectionsPerSecond: 'suffix: conn/s',
  packetsPerSecond: 'pps',
  bytesPerSecond: 'Bps',
  seconds: 's',
  /** 0..1 rendered as a percentage. */
  ratio: 'percentunit',
  /** A multiple of a baseline, such as a burn rate (1× spends the budget exactly over its period). */
  times: 'suffix:×',
  bytes: 'bytes',
  count: 'short',
  /** Raw value, no suffix: states such as 0/1. */
  none: 'none',
} as const;

/** Grafana palette colours used for thresholds, mappings and series. */
export const COLORS = {
  ok: 'green',
  info: 'blue',
  warning: 'orange',
  critical: 'red',
} as const;

/** One threshold step: from `value` upwards the field takes `color`. */
export interface ThresholdStep {
  readonly value: number;
  readonly color: string;
}

/** Threshold set: `base` applies below the first step. */
export interface Thresholds {
  readonly base: string;
  readonly steps: readonly ThresholdStep[];
}

/** Absolute thresholds: base colour, then `steps` in increasing order. */
export function thresholds(base: string, ...steps: readonly ThresholdStep[]): Thresholds {
  for (let i = 1; i < steps.length; i += 1) {
    if (!(steps[i].value > steps[i - 1].value)) {
      throw new Error('threshold steps must be strictly increasing');
    }
  }
  return { base, steps };
}

/** For informational series: no level is bad by itself. */
export const NEUTRAL: Thresholds = thresholds(COLORS.ok);

/** For counts of failures, where any at all is worth a look: red just above zero. */
export const ANY_ABOVE_ZERO: Thresholds = thresholds(COLORS.ok, { value: 0.001, color: COLORS.critical });

/** A PromQL expression and the legend Grafana renders for its series. */
export interface Query {
  readonly expr: string;
  /** Grafana legend format, e.g. `{{route}}` or a fixed name like `p99`. */
  readonly legend: string;
  /** `heatmap` for histogram buckets Grafana should turn into heatmap cells; time series otherwise. */
  readonly format?: PromQueryFormat;
}

/** What every data panel must declare. */
export interface PanelSpec {
  /** Stable panel id, unique within its dashboard. */
  readonly id: number;
  readonly title: string;
  /** One line: what the panel shows and how to read it. */
  readonly description: string;
  /** A Grafana unit id, see `UNITS`. */
  readonly unit: string;
  readonly thresholds: Thresholds;
  readonly queries: readonly Query[];
  /** Grid columns, 1..24. */
  readonly width: number;
  /** Grid rows. */
  readonly height: number;
  readonly min?: number;
  readonly max?: number;
  readonly decimals?: number;
}

export interface TimeseriesSpec extends PanelSpec {
  /** Stack series on top of each other (for parts of a whole). */
  readonly stacked?: boolean;
  /** Draw the thresholds on the graph as a dashed line. */
  readonly showThresholds?: boolean;
  /** Fixed colours for series by their legend name. */
  readonly seriesColors?: Readonly<Record<string, string>>;
}

export interface StatSpec extends PanelSpec {
  /** Value-to-text mappings, e.g. 0 → DOWN, 1 → UP. */
  readonly valueText?: Readonly<Record<string, { readonly text: string; readonly color: string }>>;
  /** Text shown when the query returns no series at all. */
  readonly noValue?: string;
  /** Colour the panel background instead of the value. */
  readonly colorBackground?: boolean;
  /** Show a sparkline under the value. */
  readonly sparkline?: boolean;
  /** Name each value by its series (legend), for panels showing one value per job or instance. */
  readonly showSeriesName?: boolean;
}

export interface HeatmapSpec extends PanelSpec {
  /** Unit of the bucket boundaries (the y axis); `unit` is that of the cell values. */
  readonly bucketUnit: string;
}

const REF_IDS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

function dataqueries(queries: readonly Query[]): DataqueryBuilder[] {
  if (queries.length === 0 || queries.length > REF_IDS.length) {
    throw new Error(`a panel needs 1..${REF_IDS.length} queries, got ${queries.length}`);
  }
  return queries.map((q, i) => {
    const query = new DataqueryBuilder()
      .datasource(DATASOURCE)
      .editorMode(QueryEditorMode.Code)
      .expr(q.expr)
      .legendFormat(q.legend)
      .range()
      .refId(REF_IDS[i]);
    return q.format === undefined ? query : query.format(q.format);
  });
}

function thresholdsConfig(t: Thresholds): ThresholdsConfigBuilder {
  return new ThresholdsConfigBuilder()
    .mode(ThresholdsMode.Absolute)
    .steps([{ value: null, color: t.base }, ...t.steps.map((s) => ({ value: s.value, color: s.color }))]);
}

function validate(spec: PanelSpec): void {
  const problems: string[] = [];
  if (!Number.isInteger(spec.id) || spec.id <= 0) problems.push('id must be a positive integer');
  if (spec.title.trim() === '') problems.push('title is empty');
  if (spec.description.trim() === '' || spec.description.includes('\n')) {
    problems.push('description must be one non-empty line');
  }
  if (spec.unit.trim() === '') problems.push('unit is empty');
  if (!(spec.width >= 1 && spec.width <= 24)) problems.push('width must be 1..24');
  if (!(spec.height >= 1)) problems.push('height must be >= 1');
  if (problems.length > 0) {
    throw new Error(`panel "${spec.title}" (id ${spec.id}): ${problems.join('; ')}`);
  }
}

/** Common part of every panel type: identity, text, unit, thresholds, datasource, queries, size. */
function applyCommon<B extends TimeseriesPanelBuilder | StatPanelBuilder | HeatmapPanelBuilder>(builder: B, spec: PanelSpec): B {
  validate(spec);
  builder
    .id(spec.id)
    .title(spec.title)
    .description(spec.description)
    .datasource(DATASOURCE)
    .targets(dataqueries(spec.queries))
    .unit(spec.unit)
    .thresholds(thresholdsConfig(spec.thresholds))
    .span(spec.width)
    .height(spec.height);
  if (spec.min !== undefined) builder.min(spec.min);
  if (spec.max !== undefined) builder.max(spec.max);
  if (spec.decimals !== undefined) builder.decimals(spec.decimals);
  return builder;
}

/** Time series panel: lines over time, legend as a table with last/max values. */
export function timeseriesPanel(spec: TimeseriesSpec): TimeseriesPanelBuilder {
  const panel = applyCommon(new TimeseriesPanelBuilder(), spec)
    .colorScheme(new FieldColorBuilder().mode(FieldColorModeId.PaletteClassic))
    .lineWidth(1)
    .fillOpacity(spec.stacked ? 35 : 10)
    .legend(
      new VizLegendOptionsBuilder()
        .showLegend(true)
        .displayMode(LegendDisplayMode.Table)
        .placement(LegendPlacement.Bottom)
        .calcs(['lastNotNull', 'max']),
    )
    .tooltip(new VizTooltipOptionsBuilder().mode(TooltipDisplayMode.Multi).sort(SortOrder.Descending))
    .stacking(new StackingConfigBuilder().mode(spec.stacked ? StackingMode.Normal : StackingMode.None))
    .thresholdsStyle(
      new GraphThresholdsStyleConfigBuilder().mode(
        spec.showThresholds ? GraphThresholdsStyleMode.Dashed : GraphThresholdsStyleMode.Off,
      ),
    );
  for (const [series, color] of Object.entries(spec.seriesColors ?? {})) {
    panel.overrideByName(series, [{ id: 'color', value: { mode: FieldColorModeId.Fixed, fixedColor: color } }]);
  }
  return panel;
}

/** Single-value panel: the last non-null value, coloured by thresholds or value mappings. */
export function statPanel(spec: StatSpec): StatPanelBuilder {
  const panel = applyCommon(new StatPanelBuilder(), spec)
    .colorScheme(new FieldColorBuilder().mode(FieldColorModeId.Thresholds))
    .reduceOptions(new ReduceDataOptionsBuilder().calcs(['lastNotNull']).values(false))
    .textMode(spec.showSeriesName ? BigValueTextMode.ValueAndName : BigValueTextMode.Value)
    .colorMode(spec.colorBackground ? BigValueColorMode.Background : BigValueColorMode.Value)
    .graphMode(spec.sparkline ? BigValueGraphMode.Area : BigValueGraphMode.None);
  if (spec.valueText !== undefined) {
    const options: Record<string, { text: string; color: string; index: number }> = {};
    Object.entries(spec.valueText).forEach(([value, result], index) => {
      options[value] = { text: result.text, color: result.color, index };
    });
    const mapping: ValueMapping = { type: MappingType.ValueToText, options };
    panel.mappings([mapping]);
  }
  if (spec.noValue !== undefined) panel.noValue(spec.noValue);
  return panel;
}

/** 1 is good, anything below is not. */
const ONE_IS_OK: Thresholds = thresholds(COLORS.critical, { value: 1, color: COLORS.ok });

export type StatusSpec = Pick<StatSpec, 'id' | 'title' | 'description' | 'queries' | 'width' | 'height' | 'noValue' | 'showSeriesName'> & {
  /** The words shown for 0 and 1; DOWN and UP unless given. */
  readonly words?: { readonly bad: string; readonly good: string };
};

/** A 0/1 status (up, reachable, enabled) as a coloured word on a coloured background. */
export function statusPanel({ words = { bad: 'DOWN', good: 'UP' }, ...spec }: StatusSpec): StatPanelBuilder {
  return statPanel({
    ...spec,
    unit: UNITS.none,
    thresholds: ONE_IS_OK,
    valueText: {
      '0': { text: words.bad, color: COLORS.critical },
      '1': { text: words.good, color: COLORS.ok },
    },
    colorBackground: true,
    decimals: 0,
  });
}

/**
 * Heatmap of a Prometheus histogram: one query with `format: heatmap` returning
 * `sum by (le) (rate(..._bucket[...]))`; Grafana draws its buckets as they are.
 */
export function heatmapPanel(spec: HeatmapSpec): HeatmapPanelBuilder {
  if (spec.queries.some((q) => q.format !== PromQueryFormat.Heatmap)) {
    throw new Error(`heatmap "${spec.title}": every query needs format heatmap`);
  }
  return applyCommon(new HeatmapPanelBuilder(), spec)
    .calculate(false)
    .rowsFrame(new RowsHeatmapOptionsBuilder().layout(HeatmapCellLayout.Le))
    .color(
      new HeatmapColorOptionsBuilder()
        .mode(HeatmapColorMode.Scheme)
        .scheme('Oranges')
        .scale(HeatmapColorScale.Exponential)
        .exponent(0.5)
        .steps(64),
    )
    .yAxis(new YAxisConfigBuilder().unit(spec.bucketUnit))
    .cellValues(new CellValuesBuilder().unit(spec.unit))
    .showValue(VisibilityMode.Never)
    .tooltip(new HeatmapTooltipBuilder().mode(TooltipDisplayMode.Single).yHistogram(true).showColorScale(true))
    .showLegend();
}

/** Full-width, expanded row header grouping the panels added after it. */
export function row(id: number, title: string): RowBuilder {
  return new RowBuilder(title).id(id).collapsed(false);
}
