/**
 * The measures in force since Nghị định 42/2022/NĐ-CP, as the National Public Service Portal publishes them
 * per agency and province (Số TTHC | đủ điều kiện cung cấp DVC toàn trình | đã cung cấp toàn trình | đã cung
 * cấp một phần | chưa cung cấp DVCTT), and the project's reading of the Quyết định 766/QĐ-TTg indicator. Pure.
 * The 2011 levels map onto them: level 4 → toàn trình, level 3 → một phần, levels 1–2 → not online.
 */

/**
 * Publicly circulated (unofficial) descriptions of the 766 formula for online provision: procedures
 * provided toàn trình over those eligible for it; full marks from 80%, proportional below. The points are
 * given on a scale of 100 (100 = the indicator's full marks), because the weight of the indicator within
 * the province's 100-point score is not stated in those descriptions.
 */
export const INDICATOR_766 = {
  /** The share (of eligible procedures, toàn trình) that earns full marks. */
  fullMarksPct: 80,
  /** The points of full marks on the scale used here. */
  maxPoints: 100,
} as const;

/** The points a toàn trình share of eligible procedures would earn; null when nothing is eligible. */
export function indicator766Points(fullOfEligiblePct: number | null): number | null {
  if (fullOfEligiblePct === null) return null;
  const points = (Math.min(fullOfEligiblePct, INDICATOR_766.fullMarksPct) / INDICATOR_766.fullMarksPct) * INDICATOR_766.maxPoints;
  return Math.round(points * 10) / 10;
}

/** Rounded as shares are shown (one decimal), so that a change matches the two figures beside it. */
function shown(pct: number): number {
  return Math.round(pct * 10) / 10;
}

/** The change of a share in percentage points, from shown figure to shown figure; null when either is missing. */
export function changeInPoints(before: number | null, after: number | null): number | null {
  if (before === null || after === null) return null;
  return Math.round((shown(after) - shown(before)) * 10) / 10;
}
