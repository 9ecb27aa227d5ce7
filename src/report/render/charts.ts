import type { Metrics, MetricTable, ThresholdFigure } from '../metrics-schema.js';
import { NONE } from '../metrics/context.js';
import type { MarkAreaComponentOption } from 'echarts/types/dist/echarts';
import type { ChartOption, ChartSize } from './echarts-svg.js';
import { numberIn } from './format.js';
import { rowLabel } from './html-table.js';
import {
  ACCENT,
  DOWN_COLOR,
  FONT,
  levelColors,
  NONE_COLOR,
  SAME_COLOR,
  SYNTHETIC_FILL,
  TARGET_COLOR,
  UP_COLOR,
} from './palette.js';

export interface ChartSpec {
  option: ChartOption;
  size: ChartSize;
}

const WIDTH = 580;
const pct = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 10);
const base = { textStyle: { fontFamily: FONT, fontSize: 12 }, backgroundColor: 'transparent' } satisfies ChartOption;
const percentAxis = { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } } as const;

/** Shades the synthetic stretch of a category axis and labels it. */
const syntheticArea = (
  labels: readonly string[],
  isSynthetic: (label: string) => boolean,
): MarkAreaComponentOption | undefined => {
  const synthetic = labels.filter(isSynthetic);
  const first = synthetic[0];
  const last = synthetic[synthetic.length - 1];
  if (first === undefined || last === undefined) return undefined;
  return {
    silent: true,
    itemStyle: { color: SYNTHETIC_FILL },
    // Above the plot, where bars cannot cover it.
    label: { show: true, position: 'top', formatter: 'synthetic', color: '#666', fontSize: 11 },
    data: [[{ xAxis: first }, { xAxis: last }]],
  };
};

/** The line under a threshold's big number: its value per quarter against the target. */
export const thresholdTrendChart = (figure: ThresholdFigure, syntheticQuarters: ReadonlySet<string>): ChartSpec => {
  const labels = figure.trend.map((p) => p.quarter);
  return {
    size: { width: 540, height: 220 },
    option: {
      ...base,
      grid: { left: 48, right: 20, top: 32, bottom: 36 },
      xAxis: { type: 'category', data: labels, axisLabel: { hideOverlap: true } },
      yAxis: percentAxis,
      series: [
        {
          type: 'line',
          name: figure.title,
          data: figure.trend.map((p) => pct(p.value)),
          color: ACCENT,
          lineStyle: { width: 2.5 },
          symbolSize: 6,
          connectNulls: false,
          markLine: {
            silent: true,
            symbol: 'none',
            lineStyle: { color: TARGET_COLOR, type: 'dashed' },
            label: {
              formatter: `target ${Math.round(figure.target * 100)}%`,
              position: 'insideEndTop',
              color: TARGET_COLOR,
            },
            data: [{ yAxis: figure.target * 100 }],
          },
          markArea: syntheticArea(labels, (q) => syntheticQuarters.has(q)),
        },
      ],
    },
  };
};

const levelSeries = (metrics: Metrics, table: MetricTable, horizontal: boolean) => {
  const keys = [...metrics.ladder.map((l) => ({ key: l.id, name: l.name })), { key: NONE, name: 'No level' }];
  const colors = levelColors(metrics.ladder.length);
  // "No level" first so the stack reads from nothing to the top level.
  return [keys[keys.length - 1], ...keys.slice(0, -1)].flatMap((k) =>
    k
      ? [
          {
            type: 'bar' as const,
            name: k.name,
            stack: 'levels',
            barMaxWidth: horizontal ? 22 : 36,
            color: k.key === NONE ? NONE_COLOR : (colors[metrics.ladder.findIndex((l) => l.id === k.key)] ?? ACCENT),
            data: table.rows.map((r) => pct(numberIn(r.values[`share:${k.key}`]))),
          },
        ]
      : [],
  );
};

const isSyntheticRow = (table: MetricTable, group: string) =>
  table.rows.find((r) => r.group === group)?.values['synthetic'] === true;

/** 100% stacked bars of the level held, one bar per group. */
export const levelStackChart = (metrics: Metrics, table: MetricTable, horizontal: boolean): ChartSpec => {
  const labels = table.rows.map((r) => rowLabel(r.group, r.mergedGroups));
  const category = {
    type: 'category' as const,
    data: labels,
    inverse: horizontal,
    axisLabel: { width: 130, overflow: 'truncate' as const },
  };
  return {
    size: horizontal ? { width: WIDTH, height: 90 + 30 * Math.max(3, labels.length) } : { width: WIDTH, height: 320 },
    option: {
      ...base,
      legend: { top: 0, itemGap: 24, itemWidth: 14, itemHeight: 10 },
      grid: { left: horizontal ? 150 : 48, right: 24, top: horizontal ? 36 : 52, bottom: 36 },
      xAxis: horizontal ? percentAxis : { ...category, axisLabel: { hideOverlap: true } },
      yAxis: horizontal ? category : percentAxis,
      series: levelSeries(metrics, table, horizontal).map((s, i) =>
        i === 0 && !horizontal
          ? {
              ...s,
              markArea: syntheticArea(
                table.rows.map((r) => r.group),
                (q) => isSyntheticRow(table, q),
              ),
            }
          : s,
      ),
    },
  };
};

/** Box plots of active days per week, one per level held. */
export const useBoxChart = (table: MetricTable): ChartSpec => ({
  size: { width: WIDTH, height: 320 },
  option: {
    ...base,
    grid: { left: 56, right: 24, top: 24, bottom: 40 },
    xAxis: { type: 'category', data: table.rows.map((r) => rowLabel(r.group, r.mergedGroups)) },
    yAxis: { type: 'value', min: 0, max: 7, name: 'active days / week', nameLocation: 'middle', nameGap: 36 },
    series: [
      {
        type: 'boxplot',
        name: 'Active days per week',
        itemStyle: { color: '#dbe7f5', borderColor: ACCENT },
        data: table.rows.map((r) => ['min', 'q1', 'median', 'q3', 'max'].map((k) => numberIn(r.values[k]) ?? 0)),
      },
    ],
  },
});

/** One horizontal bar per group for a share column (certified-inactive rate). */
export const shareBarChart = (table: MetricTable, key: string, name: string): ChartSpec => {
  const labels = table.rows.map((r) => rowLabel(r.group, r.mergedGroups));
  const values = table.rows.map((r) => pct(numberIn(r.values[key])));
  const top = Math.max(10, ...values.map((v) => v ?? 0));
  return {
    size: { width: WIDTH, height: 60 + 30 * Math.max(3, labels.length) },
    option: {
      ...base,
      grid: { left: 150, right: 48, top: 12, bottom: 28 },
      xAxis: { type: 'value', min: 0, max: Math.ceil(top / 10) * 10, axisLabel: { formatter: '{value}%' } },
      yAxis: { type: 'category', data: labels, inverse: true, axisLabel: { width: 130, overflow: 'truncate' } },
      series: [
        {
          type: 'bar',
          name,
          color: DOWN_COLOR,
          barMaxWidth: 20,
          data: values,
          label: { show: true, position: 'right', formatter: '{c}%' },
        },
      ],
    },
  };
};

/** Stacked shares of employees who moved up, stayed or moved down, per pair of quarters. */
export const movementChart = (table: MetricTable): ChartSpec => {
  // Each pair is labelled on the axis by its later quarter: "into 2026-Q2".
  const labels = table.rows.map((r) => r.group.split(' → ')[1] ?? r.group);
  const syntheticLabels = new Set(
    table.rows.filter((r) => r.values['synthetic'] === true).map((r) => r.group.split(' → ')[1] ?? r.group),
  );
  const series = (key: string, name: string, color: string) => ({
    type: 'bar' as const,
    name,
    stack: 'moves',
    color,
    barMaxWidth: 36,
    data: table.rows.map((r) => pct(numberIn(r.values[key]))),
  });
  const up = {
    ...series('share:up', 'Moved up', UP_COLOR),
    markArea: syntheticArea(labels, (g) => syntheticLabels.has(g)),
  };
  return {
    size: { width: WIDTH, height: 320 },
    option: {
      ...base,
      legend: { top: 0, itemGap: 24 },
      grid: { left: 48, right: 24, top: 52, bottom: 48 },
      xAxis: {
        type: 'category',
        data: labels,
        axisLabel: { hideOverlap: true },
        name: 'change into quarter',
        nameLocation: 'middle',
        nameGap: 28,
      },
      yAxis: percentAxis,
      series: [series('share:down', 'Moved down', DOWN_COLOR), series('share:same', 'Stayed', SAME_COLOR), up],
    },
  };
};

/** The two gaps stacked per department, rank 1 at the top. */
export const gapChart = (table: MetricTable, practitionerLabel: string): ChartSpec => {
  const labels = table.rows.map((r) => rowLabel(r.group, r.mergedGroups));
  const series = (key: string, name: string, color: string) => ({
    type: 'bar' as const,
    name,
    stack: 'gap',
    color,
    barMaxWidth: 20,
    data: table.rows.map((r) => numberIn(r.values[key])),
  });
  return {
    size: { width: WIDTH, height: 110 + 30 * Math.max(3, labels.length) },
    option: {
      ...base,
      legend: { top: 0, itemGap: 24 },
      grid: { left: 150, right: 24, top: 36, bottom: 48 },
      xAxis: { type: 'value', min: 0, name: 'percentage points below target', nameLocation: 'middle', nameGap: 28 },
      yAxis: { type: 'category', data: labels, inverse: true, axisLabel: { width: 130, overflow: 'truncate' } },
      series: [
        series('goalGap', 'Goal coverage gap', '#e0a458'),
        series('practitionerGap', `${practitionerLabel} gap`, DOWN_COLOR),
      ],
    },
  };
};
