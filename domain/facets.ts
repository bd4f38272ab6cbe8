/**
 * The list's facets: for each dimension, the values the filters leave with their counts. A national list has
 * thousands of agencies, so a facet shows its first values and those selected, and the rest on request.
 */
import type { OfferingFilters } from './filters';

export type FacetDimension = 'agency' | 'field' | 'tier' | 'level' | 'portal';

export const FACET_DIMENSIONS: readonly FacetDimension[] = ['agency', 'field', 'tier', 'level', 'portal'];

export interface FacetCount {
  /** The URL value: a slug, tier, level or yes/no. */
  value: string;
  /** The display name where the value is a slug; null for tiers, levels and yes/no (labelled by the view). */
  label: string | null;
  count: number;
}

/** How many values a facet shows before "show all". */
export const FACET_PREVIEW = 8;

/** Whether a facet's value is one the filters select. */
export function facetValueSelected(filters: Omit<OfferingFilters, 'q'>, dimension: FacetDimension, value: string): boolean {
  switch (dimension) {
    case 'agency':
      return filters.agencies.includes(value);
    case 'field':
      return filters.fields.includes(value);
    case 'tier':
      return (filters.tiers as string[]).includes(value);
    case 'level':
      return (filters.levels as number[]).includes(Number(value));
    case 'portal':
      return filters.portal !== null && (value === 'yes') === filters.portal;
  }
}

/** Whether a facet of `size` values is shown whole: asked for, or hardly longer than its preview. */
export function facetShownWhole(dimension: FacetDimension, size: number, expanded: readonly FacetDimension[]): boolean {
  return expanded.includes(dimension) || size <= FACET_PREVIEW + 2;
}

/**
 * The values of a facet that are shown, in their order: every one when it is shown whole, else the first
 * FACET_PREVIEW and any selected value beyond them.
 */
export function shownFacetValues(
  all: readonly FacetCount[],
  dimension: FacetDimension,
  filters: Omit<OfferingFilters, 'q'>,
  expanded: readonly FacetDimension[],
): FacetCount[] {
  if (facetShownWhole(dimension, all.length, expanded)) return [...all];
  return all.filter((v, i) => i < FACET_PREVIEW || facetValueSelected(filters, dimension, v.value));
}

/** Each facet with only its shown values, and how many values it has in all. */
export interface ShownFacets {
  facets: Record<FacetDimension, FacetCount[]>;
  sizes: Record<FacetDimension, number>;
}

export function shownFacets(
  all: Record<FacetDimension, FacetCount[]>,
  filters: Omit<OfferingFilters, 'q'>,
  expanded: readonly FacetDimension[],
): ShownFacets {
  const facets = {} as Record<FacetDimension, FacetCount[]>;
  const sizes = {} as Record<FacetDimension, number>;
  for (const d of FACET_DIMENSIONS) {
    facets[d] = shownFacetValues(all[d], d, filters, expanded);
    sizes[d] = all[d].length;
  }
  return { facets, sizes };
}
