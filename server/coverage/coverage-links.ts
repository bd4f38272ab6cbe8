/**
 * Links from each coverage count to the catalogue list of exactly those offerings. Each count's filters are
 * chosen so that the list's total equals the count: the same scope (tiers, fields), the agency, current
 * offerings, plus the one condition the count adds.
 */
import type { CoverageScope } from '../../domain/coverage';
import { catalogueListUrl, type OfferingFilters } from '../../domain/filters';
import type { CoverageRow } from '../services/coverage-rates';

export const COUNT_KEYS = [
  'total',
  'level1',
  'level2',
  'level3',
  'level4',
  'level3Plus',
  'portalIntegrated',
  'qd411Listed',
  'qd411Integrated',
  'eligible',
  'level4Eligible',
  'belowLevel4',
  'notOnline',
] as const;
export type CountKey = (typeof COUNT_KEYS)[number];

/** What each count adds to the scope. "Level 3 or more" is level=3&level=4: levels are cumulative. */
const CONDITIONS: Record<CountKey, Partial<OfferingFilters>> = {
  total: {},
  level1: { levels: [1] },
  level2: { levels: [2] },
  level3: { levels: [3] },
  level4: { levels: [4] },
  level3Plus: { levels: [3, 4] },
  portalIntegrated: { portal: true },
  qd411Listed: { qd411: true },
  qd411Integrated: { qd411: true, portal: true },
  eligible: { eligible: true },
  level4Eligible: { eligible: true, levels: [4] },
  belowLevel4: { levels: [1, 2, 3] },
  notOnline: { levels: [1, 2] },
};

export function countValue(row: CoverageRow, key: CountKey): number {
  switch (key) {
    case 'level1':
    case 'level2':
    case 'level3':
    case 'level4':
      return row.byLevel[Number(key.slice(5)) as 1 | 2 | 3 | 4];
    case 'belowLevel4':
      return row.total - row.level4;
    default:
      return row[key];
  }
}

export function countFilters(scope: CoverageScope, agencySlug: string | null, key: CountKey): Partial<OfferingFilters> {
  return {
    agencies: agencySlug ? [agencySlug] : [],
    tiers: scope.tiers,
    fields: scope.fields,
    status: 'current',
    ...CONDITIONS[key],
  };
}

/**
 * The catalogue list of the offerings behind a count of this row (the province total when agency is null), one
 * row per offering (`view=offerings`): the list's default, one row per procedure, would show another number.
 */
export function countLink(scope: CoverageScope, row: CoverageRow, key: CountKey): string {
  return catalogueListUrl(countFilters(scope, row.agency?.slug ?? null, key), [['view', 'offerings']]);
}
