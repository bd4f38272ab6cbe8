/**
 * Rates and target judgements from a tally — the rules of domain/coverage turned into the figures a
 * manager reads. Levels are cumulative, as official statistics count them: a level-4 service is also a
 * level-3 service. Every rate whose denominator is 0 is null ("—"), never 0%.
 */
import type { AgencyRef, CoverageTally } from '../../domain/coverage';
import type { ServiceLevel } from '../../domain/levels';
import { indicator766Points } from '../../domain/online-measures';
import { share } from '../format';
import type { AppliedTarget } from './target-service';
import { nextTurn, timeSlices } from './turns';

/** Why a change over time cannot be given. */
export type ChangeReason =
  /** Nothing had been imported by that date. */
  | 'no-data'
  /** The agency had no current procedures (in scope) then. */
  | 'no-offerings'
  /** Nothing to count the share on (no eligible procedure declared), then or now. */
  | 'no-basis';

/** The change of the share a target is judged on since an earlier date, in percentage points. */
export interface ShareChange {
  /** The earlier date: the end of the previous quarter, or of the previous year. */
  since: string;
  /** The share then. */
  before: number | null;
  /** Rounded to 0.1 point; null when there is no earlier figure (then `reason` says why). */
  points: number | null;
  reason: ChangeReason | null;
}

export interface CoverageRow {
  /** null for the province total. */
  agency: AgencyRef | null;
  /** Số TTHC: current procedures of the agency (each agency's procedure counted once). */
  total: number;
  byLevel: Record<ServiceLevel, number>;
  /** Chưa cung cấp DVCTT: levels 1 and 2 (information only). Toàn trình is level 4, một phần level 3. */
  notOnline: number;
  /**
   * The Quyết định 766/QĐ-TTg online-provision points this row's toàn trình share of eligible procedures
   * would earn (the project's reading of public descriptions: domain/online-measures).
   */
  indicator766: number | null;
  /** Since the end of the previous quarter and of the previous year; null where not computed. */
  change: { quarter: ShareChange; year: ShareChange } | null;
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
    notOnline: tally.byLevel[1] + tally.byLevel[2],
    indicator766: indicator766Points(share(tally.eligibleLevel4, tally.eligible)),
    change: null,
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
  'notOnline',
  'indicator766',
  'changeQuarter',
  'changeYear',
] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type SortDirection = 'asc' | 'desc';

export function isSortKey(value: string): value is SortKey {
  return (SORT_KEYS as readonly string[]).includes(value);
}

/** What a column other than the agency's name shows, for sorting: a number, or null (sorted last either way). */
function sortValue(row: CoverageRow, key: Exclude<SortKey, 'agency'>): number | null {
  switch (key) {
    case 'level1':
    case 'level2':
    case 'level3':
    case 'level4':
      return row.byLevel[Number(key.slice(5)) as ServiceLevel];
    case 'changeQuarter':
      return row.change?.quarter.points ?? null;
    case 'changeYear':
      return row.change?.year.points ?? null;
    default:
      return row[key];
  }
}

const collator = new Intl.Collator('vi', { sensitivity: 'base', numeric: true });

/**
 * Agency names' places in the collator's order, made again only when a name not yet ranked is asked for: a
 * national dashboard sorts 7,646 agencies, and comparing their names with the collator at every sort took
 * 40 ms of the event loop each time; integers compare for nothing.
 */
let nameRanks = new Map<string, number>();

/** Each name's rank in `sorted` (the collator's order); names the collator holds equal share one. */
function ranksOf(sorted: readonly string[]): Map<string, number> {
  const ranks = new Map<string, number>();
  sorted.forEach((name, i) => ranks.set(name, i > 0 && collator.compare(sorted[i - 1], name) === 0 ? ranks.get(sorted[i - 1])! : i));
  return ranks;
}

function rankedNames(names: Iterable<string>): Map<string, number> {
  let known = true;
  for (const name of names) if (!nameRanks.has(name)) known = false;
  if (!known) nameRanks = ranksOf([...new Set([...nameRanks.keys(), ...names])].sort(collator.compare));
  return nameRanks;
}

/**
 * Ranks the names not ranked yet, a slice of the work a turn: a merge sort in runs, merged pairwise. The first
 * ranking of a national catalogue's 7,646 agency names, in one sort, held the event loop for 45–60 ms; the
 * pages call this before they sort (sortRows, sortByName), which then find every name ranked.
 */
export async function learnNames(names: Iterable<string>): Promise<void> {
  const before = nameRanks;
  const unknown = [...new Set(names)].filter((name) => !before.has(name));
  if (unknown.length === 0) return;
  const slice = timeSlices();
  const compare = async (a: string, b: string): Promise<number> => {
    await slice();
    return collator.compare(a, b);
  };
  const RUN = 256;
  let runs: string[][] = [];
  const all = [...before.keys(), ...unknown];
  for (let i = 0; i < all.length; i += RUN) {
    if (i > 0) await nextTurn();
    runs.push(all.slice(i, i + RUN).sort(collator.compare));
  }
  while (runs.length > 1) {
    const merged: string[][] = [];
    for (let k = 0; k < runs.length; k += 2) {
      const [a, b] = [runs[k], runs[k + 1]];
      if (!b) {
        merged.push(a);
        continue;
      }
      // Stable: of two names the collator holds equal, the earlier run's first.
      const out: string[] = [];
      let i = 0;
      let j = 0;
      while (i < a.length && j < b.length) out.push((await compare(b[j], a[i])) < 0 ? b[j++] : a[i++]);
      merged.push(out.concat(a.slice(i), b.slice(j)));
    }
    runs = merged;
  }
  await nextTurn();
  // Another request learnt names meanwhile: learn ours again beside theirs.
  if (nameRanks !== before) return learnNames(unknown);
  nameRanks = ranksOf(runs[0] ?? []);
}

/** Agencies (or anything named) in the collator's order of their names. */
export function sortByName<T extends { name: string }>(items: readonly T[]): T[] {
  const ranks = rankedNames(items.map((a) => a.name));
  return items.map((item) => ({ item, rank: ranks.get(item.name)! })).sort((a, b) => a.rank - b.rank).map((d) => d.item);
}

/** Rows sorted by a column; ties and empty values ("—") go by agency name, empties always last. */
export function sortRows(rows: readonly CoverageRow[], key: SortKey, direction: SortDirection): CoverageRow[] {
  const sign = direction === 'asc' ? 1 : -1;
  const ranks = rankedNames(rows.map((r) => r.agency?.name ?? ''));
  const decorated = rows.map((row) => {
    const name = ranks.get(row.agency?.name ?? '')!;
    return { row, name, value: key === 'agency' ? name : sortValue(row, key) };
  });
  decorated.sort((a, b) => {
    const x = a.value;
    const y = b.value;
    if (x === null || y === null) return x === y ? a.name - b.name : x === null ? 1 : -1;
    return x !== y ? sign * (x - y) : a.name - b.name;
  });
  return decorated.map((d) => d.row);
}

/** A column's natural first direction: names A→Z, figures largest first. */
export function defaultDirection(key: SortKey): SortDirection {
  return key === 'agency' ? 'asc' : 'desc';
}
