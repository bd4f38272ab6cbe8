/**
 * The catalogue list's state, read from the query string (the URL is the whole state): filters, page, page
 * size, sort and the facets shown in full. Bad values are dropped or clamped, and reported.
 */
import type { SearchTerms, SortKey } from '../../db/catalogue-list-repository';
import { FACET_DIMENSIONS, type FacetDimension } from '../../domain/facets';
import { parseFilters, type FilterProblem, type OfferingFilters } from '../../domain/filters';
import { spellingKey } from '../../domain/search-spelling';
import { widenedQueries } from '../../domain/search-synonyms';
import { searchTokens } from '../../domain/text';
import { parseCode } from '../../imports/values';

export { FACET_DIMENSIONS };
export const DEFAULT_PAGE_SIZE = 50;
export const MIN_PAGE_SIZE = 10;
export const MAX_PAGE_SIZE = 200;
const MAX_SEARCH_WORDS = 12;
const SORT_KEYS: readonly SortKey[] = ['name', 'code', 'agency', 'level'];

export interface Sort {
  key: SortKey;
  descending: boolean;
}

/** The list's rows: one per procedure (a person's view) or one per offering (procedure × agency). */
export type ListView = 'procedures' | 'offerings';
export const LIST_VIEWS: readonly ListView[] = ['procedures', 'offerings'];

export interface ListRequest {
  filters: OfferingFilters;
  page: number;
  pageSize: number;
  /** null: the default (relevance when searching, else name). */
  sort: Sort | null;
  /** Facets whose every value is shown. */
  expanded: FacetDimension[];
  /** The view asked for; null: the reader's default (server/services/catalogue-service.ts). */
  view: ListView | null;
  /** The person's place: an agency slug (a commune or ward, or any agency); null for none. */
  place: string | null;
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

  let view: ListView | null = null;
  const viewText = single(query, 'view');
  if (viewText !== undefined && viewText !== '') {
    if ((LIST_VIEWS as readonly string[]).includes(viewText)) view = viewText as ListView;
    else problems.push({ param: 'view', value: viewText.slice(0, 40), reason: 'invalid' });
  }
  const placeText = single(query, 'place');
  const place = placeText ? placeText.slice(0, 200) : null;

  return { request: { filters, page, pageSize, sort, expanded, view, place }, problems };
}

/**
 * Splits the search box into words for the text index and code prefixes ("1.0016", a localized code). The last
 * word is a prefix unless it is written in a form no longer word begins with ("ký", domain/search-spelling.ts);
 * everyday words add the searches of their official names (domain/search-synonyms.ts).
 */
export function searchTerms(q: string): SearchTerms {
  const words: string[] = [];
  const codePrefixes: string[] = [];
  for (const token of searchTokens(q)) {
    if (/^\d+\.[\d.a-z]*$/.test(token)) {
      const code = parseCode(token.toUpperCase());
      codePrefixes.push(code.kind === 'localized' ? code.procedureCode : token.toUpperCase());
    } else if (words.length < MAX_SEARCH_WORDS) words.push(token);
  }
  if (words.length === 0) return { words, codePrefixes };
  const last = words[words.length - 1];
  const prefix = spellingKey(last) === last;
  const alternatives = widenedQueries(words, prefix);
  return { words, codePrefixes, ...(prefix ? {} : { prefix }), ...(alternatives.length > 0 ? { alternatives } : {}) };
}
