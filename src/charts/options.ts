/**
 * ECharts options for the few chart shapes the KPI panels use, as pure functions of
 * (rows, palette, formatter). Tooltips are drawn as rich text on the canvas, never as
 * HTML, because category names come from the API. Units ride on the value axis name and
 * in every tooltip line.
 */
import type { EChartsCoreOption } from './echarts';
import type { ChartPalette } from './palette';
import { textPx } from './text';

export type Format = (value: number) => string;

export interface Row {
  /** Category value: a region id, a stage key... (what a click reports). */
  key: string;
  /** What the reader sees for it. */
  name: string;
}

export interface Series {
  name: string;
  unit: string;
  values: number[];
}

const LABEL_FONT = '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif';

export function prefersReducedMotion(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
}

interface TooltipParam {
  dataIndex: number;
  seriesIndex?: number;
  seriesName?: string;
  value?: unknown;
}

function base(p: ChartPalette): EChartsCoreOption {
  const animation = !prefersReducedMotion();
  return {
    animation,
    animationDuration: 450,
    animationDurationUpdate: 450,
    textStyle: { fontFamily: LABEL_FONT, color: p.text },
    tooltip: {
      renderMode: 'richText',
      backgroundColor: p.tooltipBg,
      borderColor: p.tooltipBorder,
      borderWidth: 1,
      padding: [6, 10],
      textStyle: { color: p.text, fontSize: 13, fontFamily: LABEL_FONT },
    },
  };
}

function valueAxis(p: ChartPalette, unit: string, format: Format) {
  return {
    type: 'value',
    name: unit,
    nameLocation: 'end',
    nameGap: 6,
    nameTextStyle: {
      color: p.muted,
      fontSize: 11,
      align: 'left',
      verticalAlign: 'top',
      padding: [6, 0, 0, 0],
    },
    axisLabel: { color: p.muted, fontSize: 11, formatter: (v: number) => format(v), hideOverlap: true },
    splitLine: { lineStyle: { color: p.splitLine } },
    splitNumber: 3,
  };
}

function categoryAxis(p: ChartPalette, rows: Row[], labelWidth: number, clickable: boolean) {
  const names = new Map(rows.map((r) => [r.key, r.name]));
  return {
    type: 'category',
    data: rows.map((r) => r.key),
    inverse: true,
    triggerEvent: clickable,
    axisTick: { show: false },
    axisLine: { lineStyle: { color: p.axisLine } },
    axisLabel: {
      color: p.text,
      fontSize: 12,
      width: labelWidth,
      overflow: 'truncate',
      interval: 0,
      formatter: (key: string) => names.get(key) ?? key,
    },
  };
}

function tooltipLines(rows: Row[], series: Series[], format: Format) {
  return (raw: unknown) => {
    const params = (Array.isArray(raw) ? raw : [raw]) as TooltipParam[];
    const i = params[0]?.dataIndex ?? 0;
    // A name that already says its unit ("beds per 10k (beds/10k)") is not told twice.
    const unit = (s: Series) => (s.unit && !s.name.endsWith(`(${s.unit})`) ? ` ${s.unit}` : '');
    const lines = series.map((s) => `${s.name}: ${format(s.values[i] ?? 0)}${unit(s)}`);
    return [rows[i]?.name ?? '', ...lines].join('\n');
  };
}

/**
 * Horizontal bars, one row per category (a ranking when rows come sorted), optional
 * reference line (a target or threshold). One series shows its value at the bar's end.
 */
export function horizontalBarsOption(args: {
  palette: ChartPalette;
  rows: Row[];
  series: Series[];
  format: Format;
  unit: string;
  reference?: { value: number; name: string } | undefined;
  colors?: string[] | undefined;
  /** Shown in the tooltip only (e.g. the built count beside a completion rate). */
  details?: Series[] | undefined;
  clickable?: boolean;
  /** Category labels get the width of the longest one, up to this (then they are truncated). */
  maxLabelWidth?: number;
}): EChartsCoreOption {
  const { palette: p, rows, series, format, unit, reference, colors } = args;
  const longest = Math.max(24, ...rows.map((r) => textPx(r.name)));
  const labelWidth = Math.min(longest + 2, args.maxLabelWidth ?? 120);
  const single = series.length === 1;
  return {
    ...base(p),
    color: p.series,
    legend: single
      ? { show: false }
      : { top: 0, left: 0, itemWidth: 12, itemHeight: 8, textStyle: { color: p.text, fontSize: 12 } },
    grid: {
      left: labelWidth + 10,
      right: 56,
      // Room above for the legend, or for the reference line's label.
      top: (single ? 4 : 24) + (reference ? 14 : 0),
      bottom: 22,
      outerBoundsMode: 'none',
    },
    tooltip: {
      ...(base(p).tooltip as object),
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: tooltipLines(rows, [...series, ...(args.details ?? [])], format),
    },
    xAxis: valueAxis(p, unit, format),
    yAxis: categoryAxis(p, rows, labelWidth, args.clickable ?? false),
    series: series.map((s, si) => ({
      type: 'bar',
      name: s.name,
      data: s.values.map((v, i) =>
        colors ? { value: v, itemStyle: { color: colors[i % colors.length] } } : v,
      ),
      barMaxWidth: single ? 11 : 7,
      barGap: '25%',
      itemStyle: { borderRadius: [0, 3, 3, 0] },
      label: single
        ? {
            show: true,
            position: 'right',
            color: p.text,
            fontSize: 11,
            formatter: (x: { value: number }) => format(x.value),
          }
        : { show: false },
      // Kept (empty) when there is no reference so a merge removes an old line.
      markLine:
        si === 0
          ? {
              silent: true,
              symbol: 'none',
              lineStyle: { color: p.reference, type: 'dashed', width: 1.5 },
              label: {
                color: p.reference,
                fontSize: 11,
                position: 'start',
                formatter: reference?.name ?? '',
              },
              data: reference ? [{ xAxis: reference.value }] : [],
            }
          : undefined,
    })),
  };
}

/** A line over time (hourly trend), with a soft area so the shape reads from across a room. */
export function trendOption(args: {
  palette: ChartPalette;
  rows: Row[];
  series: Series;
  format: Format;
}): EChartsCoreOption {
  const { palette: p, rows, series, format } = args;
  const color = p.series[0];
  return {
    ...base(p),
    grid: { left: 40, right: 16, top: 22, bottom: 22, outerBoundsMode: 'none' },
    tooltip: {
      ...(base(p).tooltip as object),
      trigger: 'axis',
      formatter: tooltipLines(rows, [series], format),
    },
    xAxis: {
      type: 'category',
      data: rows.map((r) => r.key),
      boundaryGap: false,
      axisTick: { show: false },
      axisLine: { lineStyle: { color: p.axisLine } },
      axisLabel: {
        color: p.muted,
        fontSize: 11,
        interval: 5,
        formatter: (key: string) => rows.find((r) => r.key === key)?.name ?? key,
      },
    },
    yAxis: { ...valueAxis(p, series.unit, format), nameTextStyle: { color: p.muted, fontSize: 11 } },
    series: [
      {
        type: 'line',
        name: series.name,
        data: series.values,
        smooth: 0.3,
        symbol: 'none',
        lineStyle: { width: 2, color },
        itemStyle: { color },
        areaStyle: { color, opacity: 0.16 },
      },
    ],
  };
}

/** Parts of a whole as one stacked bar with a legend (status mix). */
export function mixOption(args: {
  palette: ChartPalette;
  parts: Row[];
  values: number[];
  unit: string;
  format: Format;
  colors: string[];
}): EChartsCoreOption {
  const { palette: p, parts, values, unit, format, colors } = args;
  const total = values.reduce((a, b) => a + b, 0);
  return {
    ...base(p),
    legend: {
      top: 22,
      left: 0,
      padding: 0,
      itemGap: 10,
      itemWidth: 12,
      itemHeight: 8,
      textStyle: { color: p.text, fontSize: 12 },
      formatter: (name: string) => {
        const i = parts.findIndex((r) => r.name === name);
        return `${name} ${format(values[i] ?? 0)}`;
      },
    },
    grid: { left: 0, right: 0, top: 2, height: 14, outerBoundsMode: 'none' },
    tooltip: {
      ...(base(p).tooltip as object),
      trigger: 'item',
      formatter: (raw: unknown) => {
        const { seriesIndex = 0 } = raw as TooltipParam;
        const v = values[seriesIndex] ?? 0;
        const share = total > 0 ? format((v / total) * 100) : format(0);
        return `${parts[seriesIndex]?.name ?? ''}: ${format(v)} ${unit} (${share} %)`;
      },
    },
    xAxis: { type: 'value', show: false, max: Math.max(total, 1) },
    yAxis: { type: 'category', show: false, data: ['mix'] },
    series: parts.map((part, i) => ({
      type: 'bar',
      name: part.name,
      stack: 'mix',
      data: [values[i] ?? 0],
      barWidth: 14,
      itemStyle: { color: colors[i % colors.length] },
    })),
  };
}
