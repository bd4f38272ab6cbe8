/**
 * The catalogue list as the page shows it: the facets with a link that toggles each value, the filter tags
 * with a link that removes each, pagination and sort links; and an offering as the JSON API gives it.
 */
import type { PlaceChoice, ProcedureGroup } from '../../db/catalogue-index';
import type { ListedOffering, SortKey } from '../../db/catalogue-list-repository';
import { facetShownWhole, facetValueSelected, shownFacetValues, type FacetCount, type FacetDimension } from '../../domain/facets';
import { flagValue as flag } from '../../db/schema';
import type { OfferingFilters } from '../../domain/filters';
import { pageLinks, type PageLink } from '../pagination';
import { listLinks, toggled, type ListLinks } from './catalogue-links';
import { FACET_DIMENSIONS, LIST_VIEWS, type ListProblem, type ListRequest, type ListView, type Sort } from './catalogue-query';

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

/** A row of the grouped list: the procedure, and with a place the offerings that serve it. */
export interface GroupRow extends ProcedureGroup {
  serving: ListedOffering[];
}

/** The places a person can choose, by tier (communes and wards first). */
export interface PlaceGroup {
  tier: string | null;
  places: { slug: string; name: string }[];
}

/** What the grouped view adds to the list. */
export interface ListGrouping {
  /** The view shown: the request's, or the reader's default. */
  view: ListView;
  /** The grouped rows (view "procedures"); empty in the offerings view. */
  groups: GroupRow[];
  /** How many offerings the filters select (the total counts procedures in the grouped view). */
  offerings: number;
  /** The place chosen, known to the catalogue; null for none. */
  place: { slug: string; name: string } | null;
  /** The places to choose from, by tier; null when there are too many for one list (the place is typed instead). */
  places: PlaceGroup[] | null;
  /** What was typed for a place when it named several: the first of them, and how many there are. */
  placeMatches: { typed: string; places: { slug: string; name: string }[]; count: number } | null;
}

export interface CatalogueList extends ListGrouping {
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
  /** The same list in each view. */
  viewHrefs: Record<ListView, string>;
  /** The place form's other fields (the list's state, first page, no place) and the list without a place. */
  placeForm: { hidden: [string, string][]; clearHref: string };
  /** The places a typed name matched, each with its list. */
  placeMatchHrefs: { name: string; href: string }[];
}

/** What the service found for one request, to be shaped into the page. */
export interface ListFound {
  /** The request as parsed. */
  request: ListRequest;
  /** Its filters without the slugs that name nothing. */
  filters: OfferingFilters;
  /** Display names of the agencies and fields selected. */
  names: { agencies: Map<string, string>; fields: Map<string, string> };
  effectiveSort: Sort;
  problems: ListProblem[];
  total: number;
  /** The page shown (the requested one, clamped to the last) and how many there are. */
  page: number;
  pageCount: number;
  offset: number;
  rows: ListedOffering[];
  /** Per facet, the values shown (at least: the index may send only those). */
  facets: Record<FacetDimension, FacetCount[]>;
  /** Per facet, how many values it has in all. */
  facetSizes: Record<FacetDimension, number>;
  grouping: ListGrouping;
}

function facetViews(found: ListFound, links: ListLinks): FacetView[] {
  const { request, filters, facets, facetSizes } = found;
  return FACET_DIMENSIONS.map((dimension) => {
    // The index sends only the values shown (a national list has thousands of agencies), and how many there are.
    const size = facetSizes[dimension];
    const expanded = facetShownWhole(dimension, size, request.expanded);
    const shown = shownFacetValues(facets[dimension], dimension, filters, request.expanded);
    return {
      dimension,
      values: shown.map((v) => ({
        ...v,
        selected: facetValueSelected(filters, dimension, v.value),
        href: links.list(toggled(filters, dimension, v.value)),
      })),
      hidden: size - shown.length,
      moreHref: expanded ? null : links.list(filters, { more: [...request.expanded, dimension] }),
    };
  });
}

function filterTags({ filters, names }: ListFound, links: ListLinks): FilterTag[] {
  const href = links.list;
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
  return tags;
}

export function catalogueListView(found: ListFound): CatalogueList {
  const { request, filters, effectiveSort, total, page, pageCount, offset, rows } = found;
  const links = listLinks(request);
  const href = links.list;
  const { view } = found.grouping;
  const withoutPlace = href(filters, { place: null });
  return {
    ...found.grouping,
    request: { ...request, filters, page },
    effectiveSort,
    problems: found.problems,
    total,
    pageCount,
    from: total === 0 ? 0 : offset + 1,
    to: offset + (found.grouping.view === 'procedures' ? found.grouping.groups.length : rows.length),
    rows,
    facets: facetViews(found, links),
    tags: filterTags(found, links),
    pages: pageLinks(page, pageCount, (n) => href(filters, { page: n })),
    prevHref: page > 1 ? href(filters, { page: page - 1 }) : null,
    nextHref: page < pageCount ? href(filters, { page: page + 1 }) : null,
    sortHref: (key: SortKey) => {
      const current = effectiveSort.key === key;
      return href(filters, { sort: { key, descending: current ? !effectiveSort.descending : false } });
    },
    statusHrefs: {
      current: href({ ...filters, status: 'current' }),
      withdrawn: href({ ...filters, status: 'withdrawn' }),
      all: href({ ...filters, status: 'all' }),
    },
    csvHref: links.csv(filters),
    xlsxHref: links.xlsx(filters),
    // The JSON's default is the offerings (what programs read before the grouped view): say the view shown.
    jsonHref: catalogueWithView(links.json(filters, page), view),
    viewHrefs: Object.fromEntries(LIST_VIEWS.map((v) => [v, href(filters, { view: v })])) as Record<ListView, string>,
    placeForm: { hidden: [...new URLSearchParams(withoutPlace.split('?')[1] ?? '')], clearHref: withoutPlace },
    placeMatchHrefs: (found.grouping.placeMatches?.places ?? []).map((p) => ({ name: p.name, href: href(filters, { place: p.slug }) })),
  };
}

function catalogueWithView(url: string, view: ListView): string {
  if (/[?&]view=/.test(url)) return url;
  return `${url}${url.includes('?') ? '&' : '?'}view=${view}`;
}

/** Tiers in the order a person looks for their place: communes and wards first, the former districts last. */
const PLACE_TIERS = ['commune', 'province', 'central', 'other', 'district'];

/** The places by tier, agencies of no stated tier last. */
export function placeGroups(places: readonly PlaceChoice[]): PlaceGroup[] {
  const order = (tier: string | null) => (tier === null ? PLACE_TIERS.length : PLACE_TIERS.indexOf(tier) < 0 ? PLACE_TIERS.length - 0.5 : PLACE_TIERS.indexOf(tier));
  const byTier = new Map<string | null, { slug: string; name: string }[]>();
  for (const p of places) {
    const list = byTier.get(p.tier) ?? [];
    list.push({ slug: p.slug, name: p.name });
    byTier.set(p.tier, list);
  }
  return [...byTier].sort((a, b) => order(a[0]) - order(b[0])).map(([tier, list]) => ({ tier, places: list }));
}

/** One procedure of the grouped list as the JSON API gives it (view=procedures). */
export function groupJson(g: GroupRow) {
  return {
    code: g.code,
    name: g.name,
    field: g.field,
    agencies: g.agencies,
    bestLevel: g.bestLevel,
    portalIntegrated: g.portal,
    withdrawn: g.withdrawn,
    ...(g.servingIds.length > 0 ? { serving: g.serving.map(offeringJson) } : {}),
  };
}

/** One offering of the list as the JSON API gives it. */
export function offeringJson(r: ListedOffering) {
  return {
    code: r.code,
    localCode: r.localCode,
    name: r.name,
    agency: r.agency,
    field: r.field,
    tiers: r.tiers.split(',').filter(Boolean),
    level: r.level,
    portalIntegrated: flag(r.portalIntegrated),
    qd411: flag(r.qd411),
    eligible: flag(r.eligible),
    status: r.status,
  };
}
