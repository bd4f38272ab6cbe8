/**
 * The catalogue list: the page of offerings for a request, the total and facet counts on the filtered set,
 * cached until the catalogue changes. Reading the request (server/catalogue/catalogue-query.ts), its links
 * (catalogue-links.ts) and shaping the page (catalogue-view.ts) live beside it.
 */
import type { Kysely } from 'kysely';
import {
  countOfferings,
  facetCounts,
  listOfferings,
  namesForSlugs,
  offeringBatches,
  type FacetCount,
  type FacetDimension,
  type ListedOffering,
  type SearchTerms,
} from '../../db/catalogue-list-repository';
import { catalogueVersion } from '../../db/catalogue-repository';
import type { Database } from '../../db/schema';
import { filterParams, type OfferingFilters } from '../../domain/filters';
import { FACET_DIMENSIONS, parseListRequest, searchTerms, type ListProblem, type Sort } from '../catalogue/catalogue-query';
import { catalogueListView, type CatalogueList } from '../catalogue/catalogue-view';
import { pageCountOf } from '../pagination';
import { VersionedCache } from './versioned-cache';

/** The filters without one dimension's own selection: facet counts for that dimension are taken on these. */
function withoutDimension(filters: OfferingFilters, dimension: FacetDimension): OfferingFilters {
  switch (dimension) {
    case 'agency':
      return { ...filters, agencies: [] };
    case 'field':
      return { ...filters, fields: [] };
    case 'tier':
      return { ...filters, tiers: [] };
    case 'level':
      return { ...filters, levels: [] };
    case 'portal':
      return { ...filters, portal: null };
  }
}

export class CatalogueService {
  private readonly counts = new VersionedCache(500);
  private readonly pages = new VersionedCache(1000);

  constructor(private readonly db: Kysely<Database>) {}

  async list(query: Record<string, unknown>): Promise<CatalogueList> {
    const parsed = parseListRequest(query);
    const request = parsed.request;
    const problems = [...parsed.problems];
    const version = await catalogueVersion(this.db);

    // Slugs that name nothing are reported and dropped, so the list does not silently come back empty.
    const { names, filters, unknown } = await this.knownSlugs(request.filters);
    problems.push(...unknown);
    const search = searchTerms(filters.q);
    const effectiveSort: Sort = request.sort ?? { key: search.words.length > 0 ? 'relevance' : 'name', descending: false };

    const stateKey = JSON.stringify([filterParams(filters), search]);
    const { total, facets } = await this.counts.get(version, stateKey, () => this.countAll(filters, search));

    const pageCount = pageCountOf(total, request.pageSize);
    let page = request.page;
    if (page > pageCount) {
      problems.push({ param: 'page', value: String(page), reason: 'clamped' });
      page = pageCount;
    }
    const offset = (page - 1) * request.pageSize;
    const rows = await this.pages.get(version, JSON.stringify([stateKey, effectiveSort, request.pageSize, page]), () =>
      listOfferings(this.db, filters, search, effectiveSort, request.pageSize, offset),
    );
    return catalogueListView({ request, filters, names, effectiveSort, problems, total, page, pageCount, offset, rows, facets });
  }

  /** The filters with only the agency and field slugs that name something; a problem for each other one. */
  async knownSlugs(requested: OfferingFilters) {
    const names = await namesForSlugs(this.db, requested.agencies, requested.fields);
    const unknown: ListProblem[] = [
      ...requested.agencies.filter((s) => !names.agencies.has(s)).map((value): ListProblem => ({ param: 'agency', value, reason: 'unknown' })),
      ...requested.fields.filter((s) => !names.fields.has(s)).map((value): ListProblem => ({ param: 'field', value, reason: 'unknown' })),
    ];
    const filters: OfferingFilters = {
      ...requested,
      agencies: requested.agencies.filter((s) => names.agencies.has(s)),
      fields: requested.fields.filter((s) => names.fields.has(s)),
    };
    return { names, filters, unknown };
  }

  /** Every offering the filters match, a batch at a time (the CSV export). */
  exportBatches(filters: OfferingFilters): AsyncIterable<ListedOffering[]> {
    return offeringBatches(this.db, filters, searchTerms(filters.q));
  }

  /** The total and, per facet, the counts on the filters without that facet's own selection. */
  private async countAll(filters: OfferingFilters, search: SearchTerms) {
    const [total, ...perDimension] = await Promise.all([
      countOfferings(this.db, filters, search),
      ...FACET_DIMENSIONS.map((d) => facetCounts(this.db, d, withoutDimension(filters, d), search)),
    ]);
    return { total, facets: Object.fromEntries(FACET_DIMENSIONS.map((d, i) => [d, perDimension[i]])) as Record<FacetDimension, FacetCount[]> };
  }
}
