/**
 * Geometry for the charts drawn on the server as inline SVG (no JavaScript). Horizontal positions are
 * percentages of the chart's width, so the SVG fills any screen without scaling its text; vertical ones
 * are pixels. The views only print these numbers; colours and strokes come from site.css classes (the
 * Content-Security-Policy allows no inline styles).
 */

/** An SVG percentage length, with a dot whatever the page language: "27.78%". */
export function pct(value: number): string {
  return `${Math.round(Math.min(100, Math.max(0, value)) * 100) / 100}%`;
}

export interface BarItem {
  label: string;
  /** 0–100. */
  value: number;
  valueText: string;
  kind: 'total' | 'meets' | 'below' | 'neutral';
}

export interface BarChartModel {
  height: number;
  rows: { label: string; fullLabel: string; valueText: string; textY: number; barY: number; barHeight: number; width: string; kind: BarItem['kind'] }[];
  target: { x: string; label: string; anchor: 'start' | 'middle' | 'end'; y1: number; labelY: number } | null;
  grid: { x: string; label: string; anchor: 'start' | 'middle' | 'end' }[];
  gridTop: number;
  gridBottom: number;
  axisLabelY: number;
}

const BAR_ROW_HEIGHT = 34;
const BAR_TOP = 24;
const MAX_LABEL_CHARS = 38;

/** Cuts a label to fit a narrow screen; the full text goes in the bar's tooltip and in the table. */
export function shortLabel(label: string, max = MAX_LABEL_CHARS): string {
  return label.length <= max ? label : `${label.slice(0, max - 1).trimEnd()}…`;
}

function anchorAt(value: number): 'start' | 'middle' | 'end' {
  return value < 8 ? 'start' : value > 92 ? 'end' : 'middle';
}

/** One bar per item (label above its bar, value at the right), a line at the target. */
export function barChart(items: BarItem[], target: { value: number; label: string } | null): BarChartModel {
  const rows = items.map((item, i) => {
    const top = BAR_TOP + i * BAR_ROW_HEIGHT;
    return {
      label: shortLabel(item.label),
      fullLabel: item.label,
      valueText: item.valueText,
      textY: top + 13,
      barY: top + 18,
      barHeight: 10,
      width: pct(item.value),
      kind: item.kind,
    };
  });
  const gridBottom = BAR_TOP + items.length * BAR_ROW_HEIGHT;
  return {
    height: gridBottom + 22,
    rows,
    target: target && {
      x: pct(target.value),
      label: target.label,
      anchor: anchorAt(target.value),
      y1: BAR_TOP - 6,
      labelY: BAR_TOP - 10,
    },
    grid: [0, 25, 50, 75, 100].map((v) => ({ x: pct(v), label: `${v}%`, anchor: anchorAt(v) })),
    gridTop: BAR_TOP,
    gridBottom,
    axisLabelY: gridBottom + 16,
  };
}

export interface LineSeriesInput {
  label: string;
  cls: string;
  /** 0–100 per point, or null where there is no value. */
  values: (number | null)[];
  /** Tooltip text per point. */
  titles: string[];
}

export interface LineChartModel {
  height: number;
  /** Where the grid lines start, right of the scale's labels. */
  plotLeft: string;
  grid: { y: number; label: string }[];
  xLabels: { x: string; label: string; anchor: 'start' | 'middle' | 'end' }[];
  series: { label: string; cls: string; segments: { x1: string; y1: number; x2: string; y2: number }[]; points: { x: string; y: number; title: string }[] }[];
  labelY: number;
}

const PLOT_TOP = 16;
const PLOT_BOTTOM = 236;

/** Where the plot starts and ends across the width: the scale's labels sit in the margin on the left. */
const PLOT_LEFT = 10;
const PLOT_RIGHT = 97;

/**
 * Lines over a 0–100% scale, one point per period; at most `maxLabels` period labels under the axis (few
 * enough not to collide on a phone).
 */
export function lineChart(labels: string[], series: LineSeriesInput[], maxLabels = 5): LineChartModel {
  const n = labels.length;
  const xValue = (i: number): number => (n === 1 ? (PLOT_LEFT + PLOT_RIGHT) / 2 : PLOT_LEFT + (i * (PLOT_RIGHT - PLOT_LEFT)) / (n - 1));
  const y = (v: number): number => Math.round((PLOT_BOTTOM - (Math.min(100, Math.max(0, v)) / 100) * (PLOT_BOTTOM - PLOT_TOP)) * 10) / 10;
  const step = Math.max(1, Math.ceil((n - 1) / (maxLabels - 1)));
  const shown = new Set<number>();
  for (let i = 0; i < n; i += step) shown.add(i);
  if (n > 0) {
    // The last period is always labelled; drop the one before it if they would collide.
    const last = n - 1;
    if (!shown.has(last) && last - Math.max(...shown) < step) shown.delete(Math.max(...shown));
    shown.add(last);
  }
  return {
    height: PLOT_BOTTOM + 26,
    plotLeft: pct(PLOT_LEFT - 1),
    grid: [0, 25, 50, 75, 100].map((v) => ({ y: y(v), label: `${v}%` })),
    xLabels: [...shown]
      .sort((a, b) => a - b)
      .map((i) => ({ x: pct(xValue(i)), label: labels[i], anchor: n === 1 ? 'middle' : i === 0 ? 'start' : i === n - 1 ? 'end' : 'middle' })),
    series: series.map((s) => {
      const segments: LineChartModel['series'][number]['segments'] = [];
      const points: LineChartModel['series'][number]['points'] = [];
      s.values.forEach((v, i) => {
        if (v === null) return;
        points.push({ x: pct(xValue(i)), y: y(v), title: s.titles[i] });
        const next = s.values[i + 1];
        if (i + 1 < n && next !== null && next !== undefined) segments.push({ x1: pct(xValue(i)), y1: y(v), x2: pct(xValue(i + 1)), y2: y(next) });
      });
      return { label: s.label, cls: s.cls, segments, points };
    }),
    labelY: PLOT_BOTTOM + 18,
  };
}
