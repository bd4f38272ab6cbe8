/**
 * Rates and target judgements from a tally — the rules of domain/coverage turned into the figures a
 * manager reads. Levels are cumulative, as official statistics count them: a level-4 service is also a
 * level-3 service. Every rate whose denominator is 0 is null ("—"), never 0%.
 */
import type { AgencyRef, CoverageTally } from '../../domain/coverage';
import type { ServiceLevel } from '../../domain/levels';
import { share } from '../format';
import type { AppliedTarget } from './target-service';

export interface CoverageRow {
  /** null for the province total. */
  agency: AgencyRef | null;
  total: number;
  byLevel: Record<ServiceLevel, number>;
  level4: number;
  level4Pct: number | null;
  level3Plus: number;
  level3PlusPct: number | null;
  portalIntegrated: number;
  portalIntegratedPct: number | null;
  qd411Listed: number;
  qd411Integrated: number;
  /** Of the QĐ 411-listed offerings, the share integrated on the National Portal. */
  qd411IntegratedPct: number | null;
  eligible: number;
  level4Eligible: number;
  /** Of the eligible offerings, the share at level 4 (null when no eligibility was imported). */
  level4EligiblePct: number | null;
  /**
   * Judged on the target's basis: level-4 share of all current offerings, or of the eligible ones. null when
   * no target applies or there is nothing to count on that basis (no eligibility imported).
   */
  meetsTarget: boolean | null;
  /** Level-4 offerings (eligible ones, on that basis) still needed to reach the target; 0 when met. */
  level4Needed: number | null;
}

/** A target share in hundredths of a percent, so that comparisons are exact integers. */
function basisPoints(pct: number): number {
  return Math.round(pct * 100);
}

/**
 * The smallest whole number of additional level-4 offerings that brings level4 ÷ total to at least the
 * target (0 when it is already met). Upgrading existing offerings leaves the total unchanged.
 */
export function level4Needed(level4: number, total: number, targetPct: number): number {
  const shortfall = basisPoints(targetPct) * total - 10_000 * level4;
  return shortfall <= 0 ? 0 : Math.ceil(shortfall / 10_000);
}

export function meetsTarget(level4: number, total: number, targetPct: number): boolean {
  return 10_000 * level4 >= basisPoints(targetPct) * total;
}

export function coverageRow(agency: AgencyRef | null, tally: CoverageTally, target: AppliedTarget | null): CoverageRow {
  const level4 = tally.byLevel[4];
  const level3Plus = tally.byLevel[3] + tally.byLevel[4];
  // What the target's share is of: every current offering, or (from 2021) the eligible ones.
  const [atLevel4, of] = target?.basis === 'eligible' ? [tally.eligibleLevel4, tally.eligible] : [level4, tally.total];
  const judged = target !== null && of > 0;
  return {
    agency,
    total: tally.total,
    byLevel: { ...tally.byLevel },
    level4,
    level4Pct: share(level4, tally.total),
    level3Plus,
    level3PlusPct: share(level3Plus, tally.total),
    portalIntegrated: tally.portalIntegrated,
    portalIntegratedPct: share(tally.portalIntegrated, tally.total),
    qd411Listed: tally.qd411Listed,
    qd411Integrated: tally.qd411Integrated,
    qd411IntegratedPct: share(tally.qd411Integrated, tally.qd411Listed),
    eligible: tally.eligible,
    level4Eligible: tally.eligibleLevel4,
    level4EligiblePct: share(tally.eligibleLevel4, tally.eligible),
    meetsTarget: judged ? meetsTarget(atLevel4, of, target.level4Pct) : null,
    level4Needed: judged ? level4Needed(atLevel4, of, target.level4Pct) : null,
  };
}

/** The columns the table sorts by, in the table's order. */
export const SORT_KEYS = [
  'agency',
  'total',
  'level1',
  'level2',
  'level3',
  'level4',
  'level4Pct',
  'level3Plus',
  'level3PlusPct',
  'portalIntegrated',
  'portalIntegratedPct',
  'qd411Listed',
  'qd411Integrated',
  'qd411IntegratedPct',
  'eligible',
  'level4Eligible',
  'level4EligiblePct',
  'level4Needed',
] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type SortDirection = 'asc' | 'desc';

export function isSortKey(value: string): value is SortKey {
  return (SORT_KEYS as readonly string[]).includes(value);
}

/** What a column shows, for sorting: a number, a name, or null (sorted last either way). */
function sortValue(row: CoverageRow, key: SortKey): number | string | null {
  switch (key) {
    case 'agency':
      return row.agency?.name ?? '';
    case 'level1':
    case 'level2':
    case 'level3':
    case 'level4':
      return row.byLevel[Number(key.slice(5)) as ServiceLevel];
    default:
      return row[key];
  }
}

const collator = new Intl.Collator('vi', { sensitivity: 'base', numeric: true });

/** Rows sorted by a column; ties and empty values ("—") go by agency name, empties always last. */
export function sortRows(rows: readonly CoverageRow[], key: SortKey, direction: SortDirection): CoverageRow[] {
  const sign = direction === 'asc' ? 1 : -1;
  const byName = (a: CoverageRow, b: CoverageRow): number => collator.compare(a.agency?.name ?? '', b.agency?.name ?? '');
  return [...rows].sort((a, b) => {
    const x = sortValue(a, key);
    const y = sortValue(b, key);
    if (x === null || y === null) return x === y ? byName(a, b) : x === null ? 1 : -1;
    const order = typeof x === 'string' ? collator.compare(x, y as string) : x - (y as number);
    return order !== 0 ? sign * order : byName(a, b);
  });
}

/** A column's natural first direction: names A→Z, figures largest first. */
export function defaultDirection(key: SortKey): SortDirection {
  return key === 'agency' ? 'asc' : 'desc';
}
