/**
 * The catalogue list: reads the request's state from the query string (the URL is the whole state),
 * answers with the page of offerings, the total, facet counts on the filtered set and the links that
 * toggle each facet value. Counts are cached until the catalogue changes.
 */
import type { Kysely } from 'kysely';
import {
  countOfferings,
  facetCounts,
  listOfferings,
  namesForSlugs,
  type FacetCount,
  type FacetDimension,
  type ListedOffering,
  type SearchTerms,
  type SortKey,
} from '../../db/catalogue-list-repository';
import { catalogueVersion } from '../../db/catalogue-repository';
import type { Database } from '../../db/schema';
import { parseCode } from '../../imports/values';
import { catalogueListUrl, filterParams, parseFilters, type FilterProblem, type OfferingFilters } from '../domain/filters';
import { searchTokens } from '../domain/text';
import { VersionedCache } from './versioned-cache';

export const FACET_DIMENSIONS: readonly FacetDimension[] = ['agency', 'field', 'tier', 'level', 'portal'];
export const DEFAULT_PAGE_SIZE = 50;
export const MIN_PAGE_SIZE = 10;
export const MAX_PAGE_SIZE = 200;
/** Facet values shown before "show all". */
export const FACET_PREVIEW = 8;
const MAX_SEARCH_WORDS = 12;
const SORT_KEYS: readonly SortKey[] = ['name', 'code', 'agency', 'level'];

export interface Sort {
  key: SortKey;
  descending: boolean;
}

export interface ListRequest {
  filters: OfferingFilters;
  page: number;
  pageSize: number;
  /** null: the default (relevance when searching, else name). */
  sort: Sort | null;
  /** Facets whose every value is shown. */
  expanded: FacetDimension[];
}

export interface ListProblem {
  param: string;
  value: string;
  reason: FilterProblem['reason'] | 'clamped' | 'unknown';
}

function single(query: Record<string, unknown>, name: string): string | undefined {
  const raw = query[name];
  const value = Array.isArray(raw) ? raw[0] : raw;
  return typeof value === 'string' ? value.trim() : undefined;
}

/** Reads the list's state from a query string. Bad values are dropped or clamped, and reported. */
export function parseListRequest(query: Record<string, unknown>): { request: ListRequest; problems: ListProblem[] } {
  const { filters, problems: filterProblems } = parseFilters(query);
  const problems: ListProblem[] = [...filterProblems];

  let page = 1;
  const pageText = single(query, 'page');
  if (pageText !== undefined && pageText !== '') {
    if (/^\d{1,9}$/.test(pageText) && Number(pageText) >= 1) page = Number(pageText);
    else problems.push({ param: 'page', value: pageText.slice(0, 40), reason: 'invalid' });
  }

  let pageSize = DEFAULT_PAGE_SIZE;
  const sizeText = single(query, 'pageSize');
  if (sizeText !== undefined && sizeText !== '') {
    if (/^\d{1,9}$/.test(sizeText)) {
      const size = Number(sizeText);
      pageSize = Math.min(MAX_PAGE_SIZE, Math.max(MIN_PAGE_SIZE, size));
      if (pageSize !== size) problems.push({ param: 'pageSize', value: sizeText, reason: 'clamped' });
    } else problems.push({ param: 'pageSize', value: sizeText.slice(0, 40), reason: 'invalid' });
  }

  let sort: Sort | null = null;
  const sortText = single(query, 'sort');
  if (sortText !== undefined && sortText !== '') {
    const descending = sortText.startsWith('-');
    const key = (descending ? sortText.slice(1) : sortText) as SortKey;
    if (SORT_KEYS.includes(key)) sort = { key, descending };
    else problems.push({ param: 'sort', value: sortText.slice(0, 40), reason: 'invalid' });
  }

  const moreRaw = query.more;
  const more = (Array.isArray(moreRaw) ? moreRaw : [moreRaw]).filter((v): v is string => typeof v === 'string');
  const expanded = FACET_DIMENSIONS.filter((d) => more.includes(d));

  return { request: { filters, page, pageSize, sort, expanded }, problems };
}

/** Splits the search box into words for the text index and code prefixes ("1.0016", a localized code). */
export function searchTerms(q: string): SearchTerms {
  const words: string[] = [];
  const codePrefixes: string[] = [];
  for (const token of searchTokens(q)) {
    if (/^\d+\.[\d.a-z]*$/.test(token)) {
      const code = parseCode(token.toUpperCase());
      codePrefixes.push(code.kind === 'localized' ? code.procedureCode : token.toUpperCase());
    } else if (words.length < MAX_SEARCH_WORDS) words.push(token);
  }
  return { words, codePrefixes };
}

export interface FacetValueView extends FacetCount {
  selected: boolean;
  /** The list with this value toggled. */
  href: string;
}

export interface FacetView {
  dimension: FacetDimension;
  values: FacetValueView[];
  /** Values left out of the preview; 0 when all are shown. */
  hidden: number;
  moreHref: string | null;
}

export interface FilterTag {
  param: string;
  value: string;
  /** Display name for slugs; null for values the view labels itself. */
  label: string | null;
  removeHref: string;
}

export interface CatalogueList {
  request: ListRequest;
  effectiveSort: Sort;
  problems: ListProblem[];
  total: number;
  pageCount: number;
  from: number;
  to: number;
  rows: ListedOffering[];
  facets: FacetView[];
  tags: FilterTag[];
  /** Pagination: numbered links (null for a gap). */
  pages: PageLink[];
  prevHref: string | null;
  nextHref: string | null;
  /** The list's URL with another sort, for sortable headers. */
  sortHref: (key: SortKey) => string;
  /** The list with each status choice. */
  statusHrefs: Record<OfferingFilters['status'], string>;
  /** The same state as CSV and JSON. */
  csvHref: string;
  xlsxHref: string;
  jsonHref: string;
}

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

function toggled(filters: OfferingFilters, dimension: FacetDimension, value: string): OfferingFilters {
  const flip = <T>(list: T[], item: T): T[] => (list.includes(item) ? list.filter((x) => x !== item) : [...list, item]);
  switch (dimension) {
    case 'agency':
      return { ...filters, agencies: flip(filters.agencies, value) };
    case 'field':
      return { ...filters, fields: flip(filters.fields, value) };
    case 'tier':
      return { ...filters, tiers: flip(filters.tiers, value as never) };
    case 'level':
      return { ...filters, levels: flip(filters.levels, Number(value) as never).sort() };
    case 'portal': {
      const wanted = value === 'yes';
      return { ...filters, portal: filters.portal === wanted ? null : wanted };
    }
  }
}

/** Whether anything is selected in this dimension (only then can a value beyond the preview be selected). */
function hasSelection(filters: OfferingFilters, dimension: FacetDimension): boolean {
  switch (dimension) {
    case 'agency':
      return filters.agencies.length > 0;
    case 'field':
      return filters.fields.length > 0;
    case 'tier':
      return filters.tiers.length > 0;
    case 'level':
      return filters.levels.length > 0;
    case 'portal':
      return filters.portal !== null;
  }
}

function isSelected(filters: OfferingFilters, dimension: FacetDimension, value: string): boolean {
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
    const names = await namesForSlugs(this.db, request.filters.agencies, request.filters.fields);
    for (const slug of request.filters.agencies.filter((s) => !names.agencies.has(s))) problems.push({ param: 'agency', value: slug, reason: 'unknown' });
    for (const slug of request.filters.fields.filter((s) => !names.fields.has(s))) problems.push({ param: 'field', value: slug, reason: 'unknown' });
    const filters: OfferingFilters = {
      ...request.filters,
      agencies: request.filters.agencies.filter((s) => names.agencies.has(s)),
      fields: request.filters.fields.filter((s) => names.fields.has(s)),
    };
    const search = searchTerms(filters.q);
    const effectiveSort: Sort = request.sort ?? { key: search.words.length > 0 ? 'relevance' : 'name', descending: false };

    const stateKey = JSON.stringify([filterParams(filters), search]);
    const { total, facets } = await this.counts.get(version, stateKey, async () => {
      const [count, ...perDimension] = await Promise.all([
        countOfferings(this.db, filters, search),
        ...FACET_DIMENSIONS.map((d) => facetCounts(this.db, d, withoutDimension(filters, d), search)),
      ]);
      return { total: count, facets: Object.fromEntries(FACET_DIMENSIONS.map((d, i) => [d, perDimension[i]])) as Record<FacetDimension, FacetCount[]> };
    });

    const pageCount = Math.max(1, Math.ceil(total / request.pageSize));
    let page = request.page;
    if (page > pageCount) {
      problems.push({ param: 'page', value: String(page), reason: 'clamped' });
      page = pageCount;
    }
    const offset = (page - 1) * request.pageSize;
    const rows = await this.pages.get(version, JSON.stringify([stateKey, effectiveSort, request.pageSize, page]), () =>
      listOfferings(this.db, filters, search, effectiveSort, request.pageSize, offset),
    );

    const state: ListRequest = { ...request, filters, page };
    const extras = (overrides: { page?: number; sort?: Sort | null; more?: FacetDimension[] } = {}): [string, string][] => {
      const out: [string, string][] = [];
      const sort = overrides.sort === undefined ? request.sort : overrides.sort;
      if (sort) out.push(['sort', `${sort.descending ? '-' : ''}${sort.key}`]);
      if (request.pageSize !== DEFAULT_PAGE_SIZE) out.push(['pageSize', String(request.pageSize)]);
      for (const d of overrides.more ?? request.expanded) out.push(['more', d]);
      if (overrides.page && overrides.page > 1) out.push(['page', String(overrides.page)]);
      return out;
    };
    const href = (f: OfferingFilters, overrides: Parameters<typeof extras>[0] = {}) => catalogueListUrl(f, extras(overrides));

    const facetViews: FacetView[] = FACET_DIMENSIONS.map((dimension) => {
      const all = facets[dimension];
      const expanded = request.expanded.includes(dimension) || all.length <= FACET_PREVIEW + 2;
      // Selected values stay visible even when they fall outside the preview. Links are built only for the
      // values shown: a national list has thousands of agencies.
      const anySelected = hasSelection(filters, dimension);
      const shown = expanded ? all : all.filter((v, i) => i < FACET_PREVIEW || (anySelected && isSelected(filters, dimension, v.value)));
      return {
        dimension,
        values: shown.map((v) => ({
          ...v,
          selected: isSelected(filters, dimension, v.value),
          href: href(toggled(filters, dimension, v.value)),
        })),
        hidden: all.length - shown.length,
        moreHref: expanded ? null : href(filters, { more: [...request.expanded, dimension] }),
      };
    });

    const tags: FilterTag[] = [];
    if (filters.q) tags.push({ param: 'q', value: filters.q, label: null, removeHref: href({ ...filters, q: '' }) });
    for (const slug of filters.agencies) tags.push({ param: 'agency', value: slug, label: names.agencies.get(slug) ?? slug, removeHref: href(toggled(filters, 'agency', slug)) });
    for (const slug of filters.fields) tags.push({ param: 'field', value: slug, label: names.fields.get(slug) ?? slug, removeHref: href(toggled(filters, 'field', slug)) });
    for (const tier of filters.tiers) tags.push({ param: 'tier', value: tier, label: null, removeHref: href(toggled(filters, 'tier', tier)) });
    for (const level of filters.levels) tags.push({ param: 'level', value: String(level), label: null, removeHref: href(toggled(filters, 'level', String(level))) });
    for (const key of ['portal', 'qd411', 'eligible'] as const) {
      if (filters[key] !== null) tags.push({ param: key, value: filters[key] ? 'yes' : 'no', label: null, removeHref: href({ ...filters, [key]: null }) });
    }
    if (filters.status !== 'current') tags.push({ param: 'status', value: filters.status, label: null, removeHref: href({ ...filters, status: 'current' }) });

    return {
      request: state,
      effectiveSort,
      problems,
      total,
      pageCount,
      from: total === 0 ? 0 : offset + 1,
      to: offset + rows.length,
      rows,
      facets: facetViews,
      tags,
      pages: pageLinks(page, pageCount, (n) => href(filters, { page: n })),
      prevHref: page > 1 ? href(filters, { page: page - 1 }) : null,
      nextHref: page < pageCount ? href(filters, { page: page + 1 }) : null,
      sortHref: (key) => {
        const current = effectiveSort.key === key;
        return href(filters, { sort: { key, descending: current ? !effectiveSort.descending : false } });
      },
      statusHrefs: {
        current: href({ ...filters, status: 'current' }),
        withdrawn: href({ ...filters, status: 'withdrawn' }),
        all: href({ ...filters, status: 'all' }),
      },
      csvHref: catalogueListUrl(filters, extras({ more: [] }).filter(([k]) => k === 'sort'), '/procedures.csv'),
      xlsxHref: catalogueListUrl(filters, extras({ more: [] }).filter(([k]) => k === 'sort'), '/procedures.xlsx'),
      jsonHref: catalogueListUrl(filters, extras({ page, more: [] }), '/api/procedures'),
    };
  }
}

export type PageLink = { number: number; href: string; current: boolean } | null;

/** The page a `page` query parameter asks for: 1 when it is missing or not a page number. */
export function requestedPage(value: unknown): number {
  return typeof value === 'string' && /^\d{1,7}$/.test(value) ? Math.max(1, Number(value)) : 1;
}

/** The numbered links of a paged list (null for a gap); none when everything fits on one page. */
export function pageLinks(current: number, count: number, href: (page: number) => string): PageLink[] {
  if (count <= 1) return [];
  const page = Math.min(Math.max(1, current), count);
  return pageNumbers(page, count).map((n) => (n === null ? null : { number: n, href: href(n), current: n === page }));
}

/** Page numbers to show: the first, the last, and two either side of the current one, with gaps as null. */
export function pageNumbers(current: number, count: number): (number | null)[] {
  const wanted = new Set([1, count, current - 2, current - 1, current, current + 1, current + 2].filter((n) => n >= 1 && n <= count));
  const sorted = [...wanted].sort((a, b) => a - b);
  const out: (number | null)[] = [];
  sorted.forEach((n, i) => {
    if (i > 0 && n - sorted[i - 1] > 1) out.push(null);
    out.push(n);
  });
  return out;
}
