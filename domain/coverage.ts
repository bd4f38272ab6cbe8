/**
 * What a coverage figure counts, as a tally of offerings. Pure: the database layer fills tallies with SQL
 * for today's catalogue, the history sweep fills them snapshot by snapshot for a past date, and both count
 * a flag only when it is 1 — the same rule as the catalogue list's "yes" filters, so every count matches
 * the list it links to.
 */
import type { ServiceLevel } from './levels';
import type { Tier } from './tiers';

/** An agency as the coverage pages name and link it. */
export interface AgencyRef {
  id: number;
  name: string;
  slug: string;
}

/** A field as the coverage pages name and link it. */
export interface FieldRef {
  name: string;
  slug: string;
}

export interface CoverageTally {
  /** Current (not withdrawn) offerings. */
  total: number;
  byLevel: Record<ServiceLevel, number>;
  portalIntegrated: number;
  qd411Listed: number;
  /** Listed under QĐ 411 and integrated on the National Portal. */
  qd411Integrated: number;
  eligible: number;
  /** Eligible and at level 4. */
  eligibleLevel4: number;
}

export function emptyTally(): CoverageTally {
  return { total: 0, byLevel: { 1: 0, 2: 0, 3: 0, 4: 0 }, portalIntegrated: 0, qd411Listed: 0, qd411Integrated: 0, eligible: 0, eligibleLevel4: 0 };
}

/** The tracked state of one current offering: its level and its flags (0, 1, or null when not said). */
export interface OfferingState {
  level: ServiceLevel;
  portalIntegrated: 0 | 1 | null;
  qd411: 0 | 1 | null;
  eligible: 0 | 1 | null;
}

/** Adds one current offering (or `count` offerings in the same state). */
export function countOffering(tally: CoverageTally, state: OfferingState, count = 1): void {
  tally.total += count;
  tally.byLevel[state.level] += count;
  if (state.portalIntegrated === 1) tally.portalIntegrated += count;
  if (state.qd411 === 1) {
    tally.qd411Listed += count;
    if (state.portalIntegrated === 1) tally.qd411Integrated += count;
  }
  if (state.eligible === 1) {
    tally.eligible += count;
    if (state.level === 4) tally.eligibleLevel4 += count;
  }
}

export function addTally(into: CoverageTally, from: CoverageTally): CoverageTally {
  into.total += from.total;
  for (const level of [1, 2, 3, 4] as const) into.byLevel[level] += from.byLevel[level];
  into.portalIntegrated += from.portalIntegrated;
  into.qd411Listed += from.qd411Listed;
  into.qd411Integrated += from.qd411Integrated;
  into.eligible += from.eligible;
  into.eligibleLevel4 += from.eligibleLevel4;
  return into;
}

/** Which offerings a coverage figure covers: tiers and fields (slugs), as on the catalogue list. */
export interface CoverageScope {
  tiers: Tier[];
  fields: string[];
}

export const WHOLE_CATALOGUE: CoverageScope = { tiers: [], fields: [] };

/** A stable text key for a scope (for caches): the same offerings give the same key. */
export function scopeKey(scope: CoverageScope): string {
  return `t=${[...scope.tiers].sort().join(',')};f=${[...scope.fields].sort().join(',')}`;
}
