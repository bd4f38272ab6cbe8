/**
 * The catalogue list: the page of offerings for a request, the total and facet counts on the filtered set,
 * cached until the catalogue changes. Reading the request (server/catalogue/catalogue-query.ts), its links
 * (catalogue-links.ts) and shaping the page (catalogue-view.ts) live beside it.
 */
import type { Kysely } from 'kysely';
import { catalogueContent, loadCatalogueColumns } from '../../db/catalogue-index-loader';
import { CatalogueIndex, type PlaceChoice } from '../../db/catalogue-index';
import { IndexThread, LocalLists, type CatalogueLists } from '../../db/catalogue-lists';
import { exportedOfferingsById, offeringsById, type ExportedOffering, type ListedOffering } from '../../db/catalogue-list-repository';
import { catalogueVersion } from '../../db/catalogue-repository';
import type { Database } from '../../db/schema';
import { catalogueListUrl, filterParams, type OfferingFilters } from '../../domain/filters';
import { searchTokens } from '../../domain/text';
import { parseListRequest, searchTerms, type ListProblem, type ListView, type Sort } from '../catalogue/catalogue-query';
import { catalogueListView, placeGroups, type CatalogueList, type GroupRow, type PlaceGroup } from '../catalogue/catalogue-view';
import { pageCountOf } from '../pagination';
import { VersionedCache } from './versioned-cache';
import { choosePlace, placeDirectory, PLACE_LIST_MAX, type PlaceDirectory } from './place-directory';
import { nextTurn } from '../../db/turns';

/** Offerings an export reads and writes at a time: small enough that a batch holds the event loop briefly (README, benchmark). */
const EXPORT_BATCH = 250;
/** How long a list waits for the index of a new version before it is answered from the previous one. */
const LOAD_WAIT_MS = 300;


/** Where the index is built and asked: in a reader thread (the default of a server), or in this one. */
export interface IndexOptions {
  thread?: boolean;
}

/**
 * The catalogue index of the current version: loaded once per version and shared by every request. A
 * request after a change waits for the new one (it loads in slices, so other pages are served meanwhile),
 * so that a list never shows the catalogue as it was before a committed import.
 */
export class CatalogueIndexes {
  private index: CatalogueLists | null = null;
  private loading: { version: number; promise: Promise<CatalogueLists> } | null = null;
  private readonly thread: IndexThread | null;
  loads = 0;

  constructor(
    private readonly db: Kysely<Database>,
    options: IndexOptions = {},
  ) {
    // A thread that dies takes its indexes with it: the next request loads again (and starts a new thread).
    this.thread = options.thread ? new IndexThread(() => (this.index = null)) : null;
  }

  private async load(): Promise<CatalogueLists> {
    const columns = await loadCatalogueColumns(this.db);
    return this.thread ? this.thread.build(columns) : new LocalLists(await CatalogueIndex.build(columns));
  }

  /** Stops the reader thread, if any. */
  close(): Promise<void> {
    return this.thread?.close() ?? Promise.resolve();
  }

  /**
   * The index for a list: the current one, or while it loads for longer than a moment, the previous one,
   * with `stale` set so that the answer is not kept as the new version's.
   */
  async forList(): Promise<{ index: CatalogueLists; stale: boolean }> {
    const previous = this.index;
    const current = this.current();
    if (!previous) return { index: await current, stale: false };
    let timer: NodeJS.Timeout | undefined;
    const waited = await Promise.race([current, new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), LOAD_WAIT_MS)))]);
    clearTimeout(timer);
    return waited ? { index: waited, stale: false } : { index: previous, stale: true };
  }

  async current(): Promise<CatalogueLists> {
    const version = await catalogueVersion(this.db);
    if (this.index && this.index.version === version) return this.index;
    if (this.index && !this.loading && this.index.version < version && (await catalogueContent(this.db)) === this.index.content) {
      // The version moved on without an import or undo (a target was set): the offerings are the same.
      if ((await catalogueVersion(this.db)) === version) this.index.version = version;
      return this.index;
    }
    if (!this.loading || this.loading.version !== version) {
      this.loads++;
      const promise = this.load().then((index) => {
        if (!this.index || index.version >= this.index.version) this.index = index;
        return index;
      });
      const loading = { version, promise };
      this.loading = loading;
      promise
        .finally(() => {
          if (this.loading === loading) this.loading = null;
        })
        .catch(() => undefined);
    }
    return this.loading.promise;
  }
}

/** The places of one catalogue version, and by tier when short enough to offer whole. */
interface Places extends PlaceDirectory<PlaceChoice> {
  groups: PlaceGroup[] | null;
}

/**
 * The place a request names (server/services/place-directory.ts choosePlace), with a problem to show when
 * its text names none.
 */
function placeOf(places: Places, typed: string | null) {
  const none = { place: null, matches: null, problem: null };
  if (typed === null) return none;
  const chosen = choosePlace(places, typed);
  if (chosen.place) return { ...none, place: chosen.place };
  if (chosen.matches.count > 0) return { ...none, matches: { ...chosen.matches, places: chosen.matches.places.map(({ slug, name }) => ({ slug, name })) } };
  return { ...none, problem: { param: 'place', value: typed.slice(0, 60), reason: 'unknown' } as ListProblem };
}

/** Each folded word of the search box as it was typed (lower case), for a suggestion that keeps them. */
function typedWords(q: string): Map<string, string> {
  const typed = new Map<string, string>();
  for (const raw of q.normalize('NFC').toLocaleLowerCase('vi').split(/[^\p{L}\p{N}]+/u)) {
    const folded = searchTokens(raw);
    if (folded.length === 1 && !typed.has(folded[0])) typed.set(folded[0], raw);
  }
  return typed;
}

export class CatalogueService {
  private readonly counts = new VersionedCache(500);
  private readonly pages = new VersionedCache(200);
  private readonly places = new VersionedCache(1);

  private readonly indexes: CatalogueIndexes;

  /** With `indexes`, the index shared with the coverage service; otherwise one of its own. */
  constructor(
    private readonly db: Kysely<Database>,
    options: IndexOptions & { indexes?: CatalogueIndexes } = {},
  ) {
    this.indexes = options.indexes ?? new CatalogueIndexes(db, options);
  }

  close(): Promise<void> {
    return this.indexes.close();
  }

  /**
   * Loads the index of the current version now, before a visitor asks (a server just started), and the places a
   * person can choose (splitting 7,646 agencies' names into words took 75 ms of turns in the first list).
   */
  async warm(): Promise<void> {
    await this.placesOf(await this.indexes.current());
  }

  /**
   * The list for a query string. `defaultView` is the view when the query does not say (the public page: one
   * row per procedure; staff and the JSON: one per offering).
   */
  async list(
    query: Record<string, unknown>,
    defaultView: ListView = 'procedures',
  ): Promise<CatalogueList & { stale: boolean; suggestion: { text: string; href: string } | null }> {
    const parsed = parseListRequest(query);
    const problems = [...parsed.problems];
    const { index, stale } = await this.indexes.forList();
    const version = index.version;

    // Slugs that name nothing are reported and dropped, so the list does not silently come back empty.
    const { names, filters, unknown } = await this.slugsIn(index, parsed.request.filters);
    problems.push(...unknown);
    const places = await this.placesOf(index);
    const chosen = placeOf(places, parsed.request.place);
    if (chosen.problem) problems.push(chosen.problem);
    const request = { ...parsed.request, place: chosen.place?.slug ?? null };
    const place = request.place;
    const view = request.view ?? defaultView;
    const grouped = view === 'procedures';
    const search = searchTerms(filters.q);
    const effectiveSort: Sort = request.sort ?? { key: search.words.length > 0 ? 'relevance' : 'name', descending: false };

    const stateKey = JSON.stringify([filterParams(filters), search, place, view]);
    const { total, offerings, facets, sizes } = await this.counts.get(version, JSON.stringify([stateKey, request.expanded]), async () => {
      if (grouped) return index.ask('shownGroupCounts', filters, search, place, request.expanded);
      const counted = await index.ask('shownCounts', filters, search, place, request.expanded);
      return { ...counted, offerings: counted.total };
    });

    const pageCount = pageCountOf(total, request.pageSize);
    let page = request.page;
    if (page > pageCount) {
      problems.push({ param: 'page', value: String(page), reason: 'clamped' });
      page = pageCount;
    }
    const offset = (page - 1) * request.pageSize;
    const pageKey = JSON.stringify([stateKey, effectiveSort, request.pageSize, page]);
    // The rows are read and the page shaped in a later turn of the event loop, one request's at a time, so
    // that answers arriving together from the reader thread do not hold the loop all at once.
    const rows = grouped
      ? []
      : await this.pages.get(version, pageKey, async () => {
          const ids = await index.ask('page', filters, search, effectiveSort, request.pageSize, offset, place);
          await nextTurn();
          return this.rowsInOrder(ids);
        });
    const groups = grouped
      ? await this.pages.get(version, pageKey, async () => {
          const found = await index.ask('groupPage', filters, search, place, effectiveSort, request.pageSize, offset);
          await nextTurn();
          return this.groupRows(found);
        })
      : [];
    // "Did you mean": only when the words find nothing, the closest words the names hold.
    const suggested = total === 0 && search.words.length > 0 ? await index.ask('suggestion', search, typedWords(filters.q)) : null;
    const suggestion = suggested ? { text: suggested, href: catalogueListUrl({ ...filters, q: suggested }) } : null;
    const grouping = {
      view,
      groups,
      offerings,
      place: chosen.place === null ? null : { slug: chosen.place.slug, name: chosen.place.name },
      places: places.groups,
      placeMatches: chosen.matches,
    };
    return {
      ...catalogueListView({ request, filters, names, effectiveSort, problems, total, page, pageCount, offset, rows, facets, facetSizes: sizes, grouping }),
      stale,
      suggestion,
    };
  }

  /** A person's place by its slug: its name, and whether it is a commune or district (served also by the province); null when unknown. */
  async place(slug: string): Promise<{ slug: string; name: string; local: boolean } | null> {
    const found = (await this.placesOf(await this.indexes.current())).bySlug.get(slug);
    return found ? { slug, name: found.name, local: found.tier === 'commune' || found.tier === 'district' } : null;
  }

  /** The filters with only the agency and field slugs that name something; a problem for each other one. */
  async knownSlugs(requested: OfferingFilters, place: string | null = null) {
    const index = await this.indexes.current();
    const known = await this.slugsIn(index, requested);
    if (place !== null && !(await this.placesOf(index)).bySlug.has(place)) known.unknown.push({ param: 'place', value: place.slice(0, 60), reason: 'unknown' });
    return known;
  }

  private async slugsIn(index: CatalogueLists, requested: OfferingFilters) {
    const names = await index.ask('names', requested.agencies, requested.fields);
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

  /** Every place a person can choose, asked of the index once per catalogue version. */
  private placesOf(index: CatalogueLists): Promise<Places> {
    return this.places.get(index.version, 'places', async () => {
      const list = await index.ask('places');
      return { ...(await placeDirectory(list)), groups: list.length <= PLACE_LIST_MAX ? placeGroups(list) : null };
    });
  }

  /** The grouped page's rows, with the offerings that serve the place read by id (one query for the page). */
  private async groupRows(groups: Omit<GroupRow, 'serving'>[]): Promise<GroupRow[]> {
    const ids = groups.flatMap((g) => g.servingIds);
    const byId = new Map(ids.length === 0 ? [] : (await offeringsById(this.db, ids)).map((row) => [row.offeringId, row]));
    return groups.map((g) => ({ ...g, serving: g.servingIds.flatMap((id) => byId.get(id) ?? []) }));
  }

  /** The page's rows, read by id, in the page's order. */
  private async rowsInOrder(ids: number[]): Promise<ListedOffering[]> {
    if (ids.length === 0) return [];
    const byId = new Map((await offeringsById(this.db, ids)).map((row) => [row.offeringId, row]));
    // (An offering removed since the index was loaded, by an undo, is simply not on the page.)
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  /**
   * Every offering the filters match, a batch at a time in id order (the CSV and Excel exports): the ids from
   * the index, each batch's rows by id, the event loop given back between batches.
   */
  async *exportBatches(filters: OfferingFilters, place: string | null = null): AsyncGenerator<ExportedOffering[]> {
    const index = await this.indexes.current();
    const ids = await index.ask('matchingIds', filters, searchTerms(filters.q), place);
    for (let start = 0; start < ids.length; start += EXPORT_BATCH) {
      if (start > 0) await nextTurn();
      yield await exportedOfferingsById(this.db, ids.slice(start, start + EXPORT_BATCH));
    }
  }
}
