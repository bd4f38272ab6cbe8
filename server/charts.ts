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
