/**
 * The catalogue list's links. Every link that changes the list's state (a facet value toggled, a tag removed,
 * another page or sort, the same list as CSV or JSON) is written by catalogueListUrl, in one canonical form.
 */
import type { FacetDimension } from '../../db/catalogue-list-repository';
import { catalogueListUrl, type OfferingFilters } from '../../domain/filters';
import { DEFAULT_PAGE_SIZE, type ListRequest, type ListView, type Sort } from './catalogue-query';

/** What a link changes besides the filters; anything not said is kept from the request. */
export interface LinkChanges {
  page?: number;
  sort?: Sort | null;
  more?: FacetDimension[];
  /** Another view (null: the reader's default) or place (null: none). */
  view?: ListView | null;
  place?: string | null;
}

export interface ListLinks {
  /** The list with these filters, keeping the request's sort, page size and expanded facets unless changed. */
  list(filters: OfferingFilters, changes?: LinkChanges): string;
  /** The same offerings as CSV (every page, in id order; with the place, not the view: an export is per offering). */
  csv(filters: OfferingFilters): string;
  xlsx(filters: OfferingFilters): string;
  /** This page as JSON. */
  json(filters: OfferingFilters, page: number): string;
}

export function listLinks(request: ListRequest): ListLinks {
  const extras = (changes: LinkChanges = {}): [string, string][] => {
    const out: [string, string][] = [];
    const place = changes.place === undefined ? request.place : changes.place;
    if (place) out.push(['place', place]);
    const view = changes.view === undefined ? request.view : changes.view;
    if (view) out.push(['view', view]);
    const sort = changes.sort === undefined ? request.sort : changes.sort;
    if (sort) out.push(['sort', `${sort.descending ? '-' : ''}${sort.key}`]);
    if (request.pageSize !== DEFAULT_PAGE_SIZE) out.push(['pageSize', String(request.pageSize)]);
    for (const d of changes.more ?? request.expanded) out.push(['more', d]);
    if (changes.page && changes.page > 1) out.push(['page', String(changes.page)]);
    return out;
  };
  return {
    list: (filters, changes = {}) => catalogueListUrl(filters, extras(changes)),
    csv: (filters) => catalogueListUrl(filters, extras({ more: [] }).filter(([k]) => k === 'sort' || k === 'place'), '/procedures.csv'),
    xlsx: (filters) => catalogueListUrl(filters, extras({ more: [] }).filter(([k]) => k === 'sort' || k === 'place'), '/procedures.xlsx'),
    json: (filters, page) => catalogueListUrl(filters, extras({ page, more: [] }), '/api/procedures'),
  };
}

/** The filters with one value of a dimension added, or removed when it is already selected. */
export function toggled(filters: OfferingFilters, dimension: FacetDimension, value: string): OfferingFilters {
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
