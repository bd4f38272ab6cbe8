/**
 * The catalogue list's in-memory index: for one catalogue version, every offering's filterable and sortable
 * columns as typed arrays (position i is the i-th offering by id), every sort order computed once, and the
 * text index over procedure names and codes. A list, a search, its facet counts and an export's ids are
 * answered from it in one pass over the offerings, with the meaning of the SQL it replaces (the `narrowed`
 * query and its facets in db/catalogue-list-repository.ts, which the tests keep as the reference); only a
 * page's rows are then read from the database, by id. Pure code over loaded columns: it is loaded by
 * db/catalogue-index-loader.ts, with portable queries.
 */
import { packCoverage, STATE_CODES, StateCounts, stateCode, WHOLE_CATALOGUE, type CoverageScope, type HistorySnapshot } from '../domain/coverage';
import { addedAs, heldFrom, listedChanges, packedChanges, stateBitsOf, writeChange, type ListedChange } from '../domain/quarter-changes';
import { NO_FILTERS, type OfferingFilters } from '../domain/filters';
import type { ServiceLevel } from '../domain/levels';
import { spellingKey } from '../domain/search-spelling';
import { dateNumber, dateOfNumber } from '../domain/time';
import { NO_SEARCH, wordSearches, type FacetCount, type FacetDimension, type SearchTerms, type SortKey } from './catalogue-list-repository';
import { compareBinary, ProcedureTextIndex, textTokens } from './procedure-text-index';
import { shownFacets, type ShownFacets } from '../domain/facets';

type Filters = Omit<OfferingFilters, 'q'>;

/** A stored flag: 0 no, 1 yes, 2 not said. */
export const FLAG_NULL = 2;

/** The flags the list filters on but does not count, packed one bit each ("no" and "not said" are both 0). */
const FLAG_BITS = { current: 1, qd411: 2, eligible: 4 } as const;

/** Above this share of the offerings, the words' candidates are not worth gathering: one pass over all is as quick. */
const CANDIDATE_SHARE = 0.5;

/** A selection under 1/SMALL_SELECTION of the offerings is paged by sorting it, not by walking the whole order. */
const SMALL_SELECTION = 16;

/** What the loader reads: the catalogue's columns, by id within each table. */
export interface CatalogueColumns {
  version: number;
  /** What the content was read for (its imports): a new version with the same content keeps the index. */
  content: string;
  agencies: { id: number; slug: string; name: string }[];
  fields: { id: number; slug: string; name: string }[];
  procedures: { id: number; code: string; name: string; fieldId: number | null; searchText: string }[];
  /** Offerings in id order, columns side by side. */
  offerings: {
    id: Int32Array;
    procedureId: Int32Array;
    agencyId: Int32Array;
    level: Uint8Array;
    portal: Uint8Array;
    qd411: Uint8Array;
    eligible: Uint8Array;
    current: Uint8Array;
    /**
     * The local codes, of the offerings that have one: their positions (in `id`, ascending) and the codes.
     * (Numbers and a short list cross to the reader thread at once; a million strings, mostly null, took 46 ms.)
     */
    localCodeAt: Int32Array;
    localCodes: string[];
    /** The offering's tiers (offering_tier), by id order: offering id and tier, sorted by offering id. */
    tierOffering: Int32Array;
    /** Each tier row's tier, as a position in tierNames (a million names to copy took 90–180 ms). */
    tierCode: Uint16Array;
    tierNames: string[];
  };
  /**
   * Each offering's standing history (that of undone imports left out), ordered as it takes effect: by
   * offering id, effective date (YYYYMMDD as a number), then recording order.
   */
  history: {
    offeringId: Int32Array;
    date: Int32Array;
    level: Uint8Array;
    portal: Uint8Array;
    qd411: Uint8Array;
    eligible: Uint8Array;
    current: Uint8Array;
  };
}

export interface Sort {
  key: SortKey;
  descending: boolean;
}

/** What a filter and search select: a mark per offering position, and the text rank per procedure position. */
interface Selection {
  selected: Uint8Array;
  total: number;
  /** The selected positions, in no particular order (by procedure when the words chose the candidates). */
  positions: Int32Array;
  /** Rank of each procedure position for the words (NaN where it does not match); null without words. */
  procedureRank: Float64Array | null;
}

/**
 * The person's place (issue #17): an agency, by position. Its own offerings serve them; for a commune (or a
 * former district) also the province-tier offerings of the procedures it does not carry itself.
 */
interface PlaceRule {
  agency: number;
  /** Per procedure position: 1 where the place carries it (status as filtered); null when nothing falls back. */
  carries: Uint8Array | null;
  provinceMask: number;
}

/** One procedure of the grouped list: what its selected offerings say together. */
export interface ProcedureGroup {
  code: string;
  name: string;
  field: string | null;
  /** How many selected offerings (agencies: one offering per agency) carry it. */
  agencies: number;
  /** The best level among them. */
  bestLevel: number;
  /** Some of them is integrated on the National Portal. */
  portal: boolean;
  /** None of them is current (only with status "withdrawn" or "all"). */
  withdrawn: boolean;
  /** With a place: the ids of the offerings that serve it, in agency-name order; otherwise empty. */
  servingIds: number[];
}

/** A quarter's counts for its report (CatalogueIndex.quarter). */
export interface QuarterCount {
  before: Int32Array;
  after: Int32Array;
  /** Each list, packed (domain/quarter-changes packChanges), by agency name, then procedure code, as a reader orders them. */
  changes: Record<ListedChange, Int32Array>;
  added: { total: number; level4: number; integrated: number };
}

/** An agency a person can choose as their place, with the tier most of its offerings have. */
export interface PlaceChoice {
  slug: string;
  name: string;
  tier: string | null;
}

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));


/** Dense ranks of values in an order: equal values share a rank. */
function denseRanks<T>(values: readonly T[], compare: (a: T, b: T) => number): Int32Array {
  const order = values.map((_, i) => i).sort((a, b) => compare(values[a], values[b]) || a - b);
  const ranks = new Int32Array(values.length);
  let rank = 0;
  order.forEach((i, k) => {
    if (k > 0 && compare(values[order[k - 1]], values[i]) !== 0) rank++;
    ranks[i] = rank;
  });
  return ranks;
}

/** A stable counting sort of positions by a small integer key (0 … keys-1). */
function countingSort(positions: Int32Array, key: (position: number) => number, keys: number): Int32Array {
  const starts = new Int32Array(keys + 1);
  for (let i = 0; i < positions.length; i++) starts[key(positions[i]) + 1]++;
  for (let k = 0; k < keys; k++) starts[k + 1] += starts[k];
  const out = new Int32Array(positions.length);
  for (let i = 0; i < positions.length; i++) out[starts[key(positions[i])]++] = positions[i];
  return out;
}

export class CatalogueIndex {
  /** The catalogue version served: moved on when the version changes but not the content (a new target). */
  version: number;
  readonly content: string;
  readonly size: number;
  private readonly ids: Int32Array;
  private readonly procedure: Int32Array;
  private readonly agency: Int32Array;
  private readonly field: Int32Array;
  private tiers = new Uint32Array(0);
  private readonly level: Uint8Array;
  private readonly portal: Uint8Array;
  private readonly qd411: Uint8Array;
  private readonly eligible: Uint8Array;
  private readonly current: Uint8Array;
  private readonly localCode: (string | null)[];
  private readonly procedureCode: string[];
  private readonly procedureName: string[];
  /** Per spelling key, the word as names most often write it (for "did you mean"), made when first needed. */
  private displayWords: Map<string, string> | null = null;
  private readonly agencies: { slug: string; name: string }[];
  private readonly fields: { slug: string; name: string }[];
  private readonly agencyBySlug: Map<string, number>;
  private readonly fieldBySlug: Map<string, number>;
  private tierNames: string[] = [];
  private readonly agencyRank: Int32Array;
  private readonly fieldRank: Int32Array;
  private readonly nameRank: Int32Array;
  private readonly codeRank: Int32Array;
  private text = new ProcedureTextIndex([]);
  private readonly orders = new Map<string, Int32Array>();
  /** Per sort order, each position's place in it (the inverse permutation), to sort a small selection. */
  private readonly placeIn = new Map<string, Int32Array>();
  /** Each procedure position's offerings: positions procedureStart[p] … procedureStart[p+1]-1 of procedureOfferings. */
  private procedureStart = new Int32Array(1);
  private procedureOfferings = new Int32Array(0);
  /** The flags the list filters on without counting them, one bit each (see FLAG_BITS). */
  private flags = new Uint8Array(0);
  /** 0 … size-1: the candidates when every offering is one. */
  private everyPosition = new Int32Array(0);
  private readonly procedureField: Int32Array;
  /** Ranks for the report's lists (readerRanks), made when first needed. */
  private collated: { agencyRank: Int32Array; codeRank: Int32Array } | null = null;
  /**
   * Coverage already counted, packed, by scope and date (the dashboard, trend and report share dates), least
   * recent first. The same arrays are handed to every caller: they are read only, and the reader thread's answers
   * copy them (a transfer list would empty them here).
   */
  private readonly counted = new Map<string, Int32Array>();
  /** Per agency position, the tier most of its offerings have (-1: none), made when first needed. */
  private agencyTier: Int32Array | null = null;
  /** Procedure positions in each grouped sort order (name, code), made when first needed. */
  private readonly procedureOrders = new Map<string, Int32Array>();
  /** Offering positions by procedure (offsets per procedure position), in agency-name order, made when first needed. */
  private offeringsOf: { starts: Int32Array; positions: Int32Array } | null = null;
  /**
   * Recent selections (and their per-procedure aggregates) by filters, search and place: a list's page is
   * asked after its counts, and under load other requests' questions come between the two.
   */
  private readonly recent = new RecentSelections(RECENT_SELECTION_BYTES);
  private readonly agencyIds: Int32Array;
  private readonly procedureIds: Int32Array;
  private readonly history: CatalogueColumns['history'];
  /** The offering position of each history row (-1 for a row whose offering is gone). */
  private historyPosition = new Int32Array(0);

  private constructor(columns: CatalogueColumns) {
    const o = columns.offerings;
    this.version = columns.version;
    this.content = columns.content;
    this.size = o.id.length;
    this.ids = o.id;
    this.level = o.level;
    this.portal = o.portal;
    this.qd411 = o.qd411;
    this.eligible = o.eligible;
    this.current = o.current;
    this.localCode = new Array<string | null>(this.size).fill(null);
    for (let k = 0; k < o.localCodeAt.length; k++) this.localCode[o.localCodeAt[k]] = o.localCodes[k];
    this.history = columns.history;
    this.agencyIds = Int32Array.from(columns.agencies, (a) => a.id);
    this.procedureIds = Int32Array.from(columns.procedures, (p) => p.id);

    const agencyIndex = new Map(columns.agencies.map((a, i) => [a.id, i]));
    const fieldIndex = new Map(columns.fields.map((f, i) => [f.id, i]));
    const procedureIndex = new Map(columns.procedures.map((p, i) => [p.id, i]));
    this.agencies = columns.agencies.map(({ slug, name }) => ({ slug, name }));
    this.fields = columns.fields.map(({ slug, name }) => ({ slug, name }));
    this.agencyBySlug = new Map(columns.agencies.map((a, i) => [a.slug, i]));
    this.fieldBySlug = new Map(columns.fields.map((f, i) => [f.slug, i]));
    this.procedureCode = columns.procedures.map((p) => p.code);
    this.procedureName = columns.procedures.map((p) => p.name);
    const procedureField = Int32Array.from(columns.procedures, (p) => (p.fieldId === null ? -1 : (fieldIndex.get(p.fieldId) ?? -1)));
    this.procedureField = procedureField;

    this.procedure = Int32Array.from(o.procedureId, (id) => procedureIndex.get(id) ?? 0);
    this.agency = Int32Array.from(o.agencyId, (id) => agencyIndex.get(id) ?? 0);
    this.field = Int32Array.from(this.procedure, (p) => procedureField[p]);

    this.agencyRank = denseRanks(columns.agencies.map((a) => a.name), compareBinary);
    this.fieldRank = denseRanks(columns.fields.map((f) => f.name), compareBinary);
    this.nameRank = denseRanks(columns.procedures.map((p) => p.name), compareBinary);
    this.codeRank = denseRanks(columns.procedures.map((p) => p.code), compareBinary);
  }

  /** Each offering's tiers as a bit mask, one bit per tier name (in code-point order). */
  private readTiers(o: CatalogueColumns['offerings']): void {
    const used = new Set<number>(o.tierCode);
    this.tierNames = [...new Set(o.tierNames.filter((_, code) => used.has(code)))].sort(compareBinary).slice(0, 32);
    const tierBit = new Map(this.tierNames.map((t, i) => [t, i]));
    const bitOfCode = o.tierNames.map((name) => tierBit.get(name));
    this.tiers = new Uint32Array(this.size);
    for (let i = 0, at = 0; i < o.tierOffering.length; i++) {
      while (at < this.size && this.ids[at] < o.tierOffering[i]) at++;
      const bit = bitOfCode[o.tierCode[i]];
      if (at < this.size && this.ids[at] === o.tierOffering[i] && bit !== undefined) this.tiers[at] |= 1 << bit;
    }
  }

  /** Each history row's offering position: both are in offering id order. */
  private readHistoryPositions(): void {
    const h = this.history;
    this.historyPosition = new Int32Array(h.offeringId.length);
    for (let r = 0, at = 0; r < h.offeringId.length; r++) {
      while (at < this.size && this.ids[at] < h.offeringId[r]) at++;
      this.historyPosition[r] = at < this.size && this.ids[at] === h.offeringId[r] ? at : -1;
    }
  }

  /** Each procedure's offerings (a counting sort of positions by procedure) and the packed flags. */
  private readPostings(): void {
    const procedures = this.procedureCode.length;
    const start = new Int32Array(procedures + 1);
    for (let i = 0; i < this.size; i++) start[this.procedure[i] + 1]++;
    for (let p = 0; p < procedures; p++) start[p + 1] += start[p];
    const next = start.slice(0, procedures);
    const offerings = new Int32Array(this.size);
    for (let i = 0; i < this.size; i++) offerings[next[this.procedure[i]]++] = i;
    this.procedureStart = start;
    this.procedureOfferings = offerings;
    this.flags = new Uint8Array(this.size);
    this.everyPosition = Int32Array.from({ length: this.size }, (_, i) => i);
    for (let i = 0; i < this.size; i++) {
      this.flags[i] =
        (this.current[i] === 1 ? FLAG_BITS.current : 0) |
        (this.qd411[i] === 1 ? FLAG_BITS.qd411 : 0) |
        (this.eligible[i] === 1 ? FLAG_BITS.eligible : 0);
    }
  }

  /** Builds the index from loaded columns, yielding to other requests between its sort orders. */
  static async build(columns: CatalogueColumns, options: { spelling?: boolean } = {}): Promise<CatalogueIndex> {
    const index = new CatalogueIndex(columns);
    await yieldToLoop();
    index.readTiers(columns.offerings);
    index.readPostings();
    index.readHistoryPositions();
    await yieldToLoop();
    index.text = new ProcedureTextIndex(columns.procedures.map((p) => p.searchText), options);
    for (const key of ['name', 'code', 'agency', 'level'] as const) {
      for (const descending of [false, true]) {
        await yieldToLoop();
        const order = index.sortOrder(key, descending);
        index.orders.set(orderKey(key, descending), order);
        const place = new Int32Array(order.length);
        for (let k = 0; k < order.length; k++) place[order[k]] = k;
        index.placeIn.set(orderKey(key, descending), place);
      }
    }
    return index;
  }

  /** The order of every offering for a sort, as the SQL's ORDER BY has it (ties last by offering id). */
  private sortOrder(key: Exclude<SortKey, 'relevance'>, descending: boolean): Int32Array {
    const byId = Int32Array.from({ length: this.size }, (_, i) => i);
    const flip = (ranks: Int32Array) => {
      let max = 0;
      for (const r of ranks) if (r > max) max = r;
      return { ranks, keys: max + 1, at: (r: number) => (descending ? max - r : r) };
    };
    const name = flip(this.nameRank);
    const code = flip(this.codeRank);
    const agency = flip(this.agencyRank);
    const byName = (p: Int32Array, d: typeof name) => countingSort(p, (i) => d.at(d.ranks[this.procedure[i]]), d.keys);
    const byAgency = (p: Int32Array, d: typeof agency) => countingSort(p, (i) => d.at(d.ranks[this.agency[i]]), d.keys);
    switch (key) {
      case 'name':
        return byName(byAgency(byId, agency), name);
      case 'code':
        return byName(byAgency(byId, agency), code);
      case 'agency':
        return byAgency(byName(byId, name), agency);
      case 'level': {
        // The level in its direction, then name and agency ascending.
        const ascending = this.orders.get(orderKey('name', false)) ?? this.sortOrder('name', false);
        return countingSort(ascending, (i) => (descending ? 255 - this.level[i] : this.level[i]), 256);
      }
    }
  }

  /** The agency and field slugs this catalogue knows, with their names. */
  names(agencySlugs: readonly string[], fieldSlugs: readonly string[]): { agencies: Map<string, string>; fields: Map<string, string> } {
    const agencies = new Map<string, string>();
    for (const slug of agencySlugs) {
      const i = this.agencyBySlug.get(slug);
      if (i !== undefined) agencies.set(slug, this.agencies[i].name);
    }
    const fields = new Map<string, string>();
    for (const slug of fieldSlugs) {
      const i = this.fieldBySlug.get(slug);
      if (i !== undefined) fields.set(slug, this.fields[i].name);
    }
    return { agencies, fields };
  }

  /** Per procedure position: 1 where its code begins with every code prefix. */
  private codeMatches(prefixes: readonly string[]): { procedures: Uint8Array; upTo: string[] } {
    const upTo = prefixes.map((p) => `${p}\uffff`);
    const procedures = new Uint8Array(this.procedureCode.length);
    this.procedureCode.forEach((code, i) => {
      procedures[i] = prefixes.every((p, k) => compareBinary(code, p) >= 0 && compareBinary(code, upTo[k]) < 0) ? 1 : 0;
    });
    return { procedures, upTo };
  }

  /**
   * The offerings the filters and search select, and the same pass's facet counts: each facet is counted on
   * the offerings that pass every filter but its own (as the SQL counts it on the filters without it).
   */
  private select(filters: Filters, search: SearchTerms, countFacets: boolean, place: string | null = null, byProcedure = false) {
    const key = selectionKey(filters, search, place);
    const kept = countFacets ? undefined : this.recent.get(key);
    if (kept) return { selection: kept.selection, facets: null };
    const result = this.selectAndCount(filters, search, countFacets, this.placeRule(place, filters.status), byProcedure);
    this.recent.set(key, { selection: result.selection, groups: null });
    return result;
  }

  /**
   * With `byProcedure`, each facet value counts the procedures (not the offerings) that would be selected with
   * it, marked per procedure so that each counts once; with a place, only the offerings that serve it.
   */
  private selectAndCount(filters: Filters, search: SearchTerms, countFacets: boolean, place: PlaceRule | null = null, byProcedure = false) {
    const n = this.size;
    const selected = new Uint8Array(n);
    let procedureOk: Uint8Array | null = null;
    let procedureRank: Float64Array | null = null;
    /** The offerings worth looking at: those of the procedures the words match, when they are few. */
    let candidates: Int32Array | null = null;
    const prefixes = search.codePrefixes;
    if (search.words.length > 0) {
      const matches = this.text.searchAny(wordSearches(search));
      procedureOk = new Uint8Array(this.procedureCode.length);
      procedureRank = new Float64Array(this.procedureCode.length).fill(NaN);
      let offerings = 0;
      for (let k = 0; k < matches.procedures.length; k++) {
        const p = matches.procedures[k];
        procedureOk[p] = 1;
        procedureRank[p] = matches.rank[k];
        offerings += this.procedureStart[p + 1] - this.procedureStart[p];
      }
      // (A code prefix can match an offering's own code, whatever its procedure: then every offering is looked at.)
      if (prefixes.length === 0 && offerings < n * CANDIDATE_SHARE) {
        candidates = new Int32Array(offerings);
        let at = 0;
        for (let k = 0; k < matches.procedures.length; k++) {
          const p = matches.procedures[k];
          candidates.set(this.procedureOfferings.subarray(this.procedureStart[p], this.procedureStart[p + 1]), at);
          at += this.procedureStart[p + 1] - this.procedureStart[p];
        }
      }
    }
    const codes = prefixes.length > 0 ? this.codeMatches(prefixes) : null;

    const agencySet = filters.agencies.length > 0 ? new Uint8Array(this.agencies.length) : null;
    if (agencySet) for (const s of filters.agencies) if (this.agencyBySlug.has(s)) agencySet[this.agencyBySlug.get(s) as number] = 1;
    const fieldSet = filters.fields.length > 0 ? new Uint8Array(this.fields.length) : null;
    if (fieldSet) for (const s of filters.fields) if (this.fieldBySlug.has(s)) fieldSet[this.fieldBySlug.get(s) as number] = 1;
    let tierMask = 0;
    for (const t of filters.tiers) {
      const bit = this.tierNames.indexOf(t);
      if (bit >= 0) tierMask |= 1 << bit;
    }
    const tierFilter = filters.tiers.length > 0;
    const levelSet = filters.levels.length > 0 ? new Uint8Array(256) : null;
    if (levelSet) for (const l of filters.levels) levelSet[l] = 1;
    const portal = filters.portal === null ? -1 : filters.portal ? 1 : 0;
    // The filters that are not counted, as one mask and the bits it must find: "no" includes "not said".
    let flagMask = 0;
    let flagWant = 0;
    if (filters.status !== 'all') {
      flagMask |= FLAG_BITS.current;
      if (filters.status === 'current') flagWant |= FLAG_BITS.current;
    }
    if (filters.qd411 !== null) {
      flagMask |= FLAG_BITS.qd411;
      if (filters.qd411) flagWant |= FLAG_BITS.qd411;
    }
    if (filters.eligible !== null) {
      flagMask |= FLAG_BITS.eligible;
      if (filters.eligible) flagWant |= FLAG_BITS.eligible;
    }

    const agencyCounts = new Int32Array(countFacets ? this.agencies.length : 0);
    const fieldCounts = new Int32Array(countFacets ? this.fields.length : 0);
    const tierCounts = new Int32Array(countFacets ? this.tierNames.length : 0);
    const levelCounts = new Int32Array(countFacets ? 256 : 0);
    const portalCounts = new Int32Array(2);
    const tierBits = this.tierNames.length;
    const looked = candidates ?? this.everyPosition;
    // (Without candidates every procedure is looked at, and the words, if any, checked per offering.)
    const wordsOk = candidates === null ? procedureOk : null;
    const positions = new Int32Array(looked.length);
    let total = 0;
    // What each procedure has already been counted under (grouped counts only).
    const procedures = countFacets && byProcedure ? this.procedureCode.length : 0;
    const fieldSeen = new Uint8Array(procedures);
    const tierSeen = new Uint32Array(procedures);
    const levelSeen = new Uint32Array(procedures);
    const portalSeen = new Uint8Array(procedures);

    for (let c = 0; c < looked.length; c++) {
      const i = looked[c];
      if ((this.flags[i] & flagMask) !== flagWant) continue;
      const p = this.procedure[i];
      if (wordsOk !== null && wordsOk[p] === 0) continue;
      if (place !== null && this.agency[i] !== place.agency && (place.carries === null || (this.tiers[i] & place.provinceMask) === 0 || place.carries[p] === 1)) continue;
      if (codes !== null && codes.procedures[p] === 0) {
        const local = this.localCode[i];
        if (local === null) continue;
        let all = true;
        for (let k = 0; k < prefixes.length && all; k++) {
          const byProcedure = compareBinary(this.procedureCode[p], prefixes[k]) >= 0 && compareBinary(this.procedureCode[p], codes.upTo[k]) < 0;
          all = byProcedure || (compareBinary(local, prefixes[k]) >= 0 && compareBinary(local, codes.upTo[k]) < 0);
        }
        if (!all) continue;
      }
      // The facet dimensions: which of them this offering fails.
      const agencyFails = agencySet !== null && agencySet[this.agency[i]] === 0;
      const fieldFails = fieldSet !== null && (this.field[i] < 0 || fieldSet[this.field[i]] === 0);
      const tierFails = tierFilter && (this.tiers[i] & tierMask) === 0;
      const levelFails = levelSet !== null && levelSet[this.level[i]] === 0;
      const portalFails = portal !== -1 && (this.portal[i] === 1 ? 1 : 0) !== portal;
      const fails = +agencyFails + +fieldFails + +tierFails + +levelFails + +portalFails;
      if (fails === 0) {
        selected[i] = 1;
        positions[total++] = i;
      }
      if (!countFacets || fails > 1) continue;
      if (procedures > 0) {
        // One agency carries a procedure once: its count is the same either way.
        if (fails === 0 || agencyFails) agencyCounts[this.agency[i]]++;
        if ((fails === 0 || fieldFails) && this.field[i] >= 0 && fieldSeen[p] === 0) {
          fieldSeen[p] = 1;
          fieldCounts[this.field[i]]++;
        }
        if (fails === 0 || tierFails) {
          const fresh = this.tiers[i] & ~tierSeen[p];
          if (fresh !== 0) for (let b = 0; b < tierBits; b++) if (fresh & (1 << b)) tierCounts[b]++;
          tierSeen[p] |= fresh;
        }
        const level = this.level[i];
        if ((fails === 0 || levelFails) && level < 32 && (levelSeen[p] & (1 << level)) === 0) {
          levelSeen[p] |= 1 << level;
          levelCounts[level]++;
        }
        const side = this.portal[i] === 1 ? 1 : 0;
        if ((fails === 0 || portalFails) && (portalSeen[p] & (1 << side)) === 0) {
          portalSeen[p] |= 1 << side;
          portalCounts[side]++;
        }
        continue;
      }
      if (fails === 0 || agencyFails) agencyCounts[this.agency[i]]++;
      if ((fails === 0 || fieldFails) && this.field[i] >= 0) fieldCounts[this.field[i]]++;
      if (fails === 0 || tierFails) {
        const mask = this.tiers[i];
        if (mask !== 0) for (let b = 0; b < tierBits; b++) if (mask & (1 << b)) tierCounts[b]++;
      }
      if (fails === 0 || levelFails) levelCounts[this.level[i]]++;
      if (fails === 0 || portalFails) portalCounts[this.portal[i] === 1 ? 1 : 0]++;
    }
    // (Kept for the page that follows: a selection much smaller than what was looked at is copied to its size.)
    const selection: Selection = { selected, total, positions: total * 2 < positions.length ? positions.slice(0, total) : positions.subarray(0, total), procedureRank };
    if (!countFacets) return { selection, facets: null };

    const named = (counts: Int32Array, list: { slug: string; name: string }[], ranks: Int32Array): FacetCount[] =>
      [...counts.keys()]
        .filter((k) => counts[k] > 0)
        .sort((a, b) => counts[b] - counts[a] || ranks[a] - ranks[b] || a - b)
        .map((k) => ({ value: list[k].slug, label: list[k].name, count: counts[k] }));
    const facets: Record<FacetDimension, FacetCount[]> = {
      agency: named(agencyCounts, this.agencies, this.agencyRank),
      field: named(fieldCounts, this.fields, this.fieldRank),
      tier: this.tierNames.flatMap((t, b) => (tierCounts[b] > 0 ? [{ value: t, label: null, count: tierCounts[b] }] : [])),
      level: [...levelCounts.keys()]
        .filter((l) => levelCounts[l] > 0)
        .reverse()
        .map((l) => ({ value: String(l), label: null, count: levelCounts[l] })),
      portal: (['yes', 'no'] as const).flatMap((value) => {
        const count = portalCounts[value === 'yes' ? 1 : 0];
        return count > 0 ? [{ value, label: null, count }] : [];
      }),
    };
    return { selection, facets };
  }

  /** The number of offerings selected (with a place: that serve it) and, per facet, the counts on the filters without that facet's own. */
  counts(filters: Filters, search: SearchTerms, place: string | null = null): { total: number; facets: Record<FacetDimension, FacetCount[]> } {
    const { selection, facets } = this.select(filters, search, true, place);
    return { total: selection.total, facets: facets as Record<FacetDimension, FacetCount[]> };
  }

  /**
   * The counts as a list page shows them: each facet with only its shown values (the first few, the selected
   * ones, or all of those asked for whole) and how many it has, so that a national list's thousands of
   * agencies are neither copied to the page's thread nor kept there.
   */
  shownCounts(filters: Filters, search: SearchTerms, place: string | null, expanded: readonly FacetDimension[]): { total: number } & ShownFacets {
    const { total, facets } = this.counts(filters, search, place);
    return { total, ...shownFacets(facets, filters, expanded) };
  }

  /** The grouped list's counts as the page shows them (see shownCounts). */
  shownGroupCounts(filters: Filters, search: SearchTerms, place: string | null, expanded: readonly FacetDimension[]): { total: number; offerings: number } & ShownFacets {
    const { total, offerings, facets } = this.groupCounts(filters, search, place);
    return { total, offerings, ...shownFacets(facets, filters, expanded) };
  }

  /**
   * Coverage of the offerings in scope, per agency and for the province (each procedure once), for each of
   * `dates`: today's catalogue for null, or as it stood on a date (YYYY-MM-DD, ascending), rebuilt from the
   * history: an offering's state on a date is its latest snapshot on or before it, and one with none by then
   * did not exist yet. The scope is the list's tier and field filters on the offerings' current tiers and
   * fields (the history does not keep them), so that each count is the total of the list it links to.
   * Counted by the rules of domain/coverage, packed (packCoverage) to cross threads as one array per date.
   */
  coverage(scope: CoverageScope, dates: readonly (string | null)[], passBytes = COVERAGE_COUNT_BYTES): Int32Array[] {
    const { tiers, fields } = scope;
    const { selected } = this.select({ ...NO_FILTERS, tiers, fields, status: 'all' }, NO_SEARCH, false).selection;
    const past = dates.flatMap((date) => (date === null ? [] : [dateNumber(date)]));
    for (let k = 1; k < past.length; k++) {
      if (past[k] < past[k - 1]) throw new Error(`coverage needs ascending dates (${dateOfNumber(past[k - 1])} before ${dateOfNumber(past[k])})`);
    }
    // A few dates at a time, so that a trend's forty dates of a national catalogue's agencies never hold more
    // than `passBytes` of counts at once (each history pass is short).
    const perPass = Math.max(1, Math.floor(passBytes / (this.agencies.length * STATE_CODES * 4)));
    // Only the dates not counted already for this scope (still in ascending order).
    const keyOf = (date: string | null) => `${[...tiers].sort().join(',')}|${[...fields].sort().join(',')}|${date ?? 'today'}`;
    const missing = [...new Set(dates)].filter((date) => !this.counted.has(keyOf(date)));
    for (let from = 0; from < missing.length; from += perPass) {
      const some = missing.slice(from, from + perPass);
      this.countOn(selected, some).forEach((count, d) => this.counted.set(keyOf(some[d]), packCoverage(count.count(this.agencyIds))));
    }
    const packed = dates.map((date) => {
      const key = keyOf(date);
      const found = this.counted.get(key)!;
      this.counted.delete(key);
      this.counted.set(key, found);
      return found;
    });
    for (const key of this.counted.keys()) {
      if (this.counted.size <= COUNTED_KEPT) break;
      this.counted.delete(key);
    }
    return packed;
  }

  /** The selected offerings counted on each date (see coverage). */
  private countOn(selected: Uint8Array, dates: readonly (string | null)[]): StateCounts[] {
    const counts = dates.map(() => new StateCounts(this.agencies.length));
    const today = dates.flatMap((date, d) => (date === null ? [counts[d]] : []));
    if (today.length > 0) {
      for (let i = 0; i < this.size; i++) {
        if (selected[i] === 0 || this.current[i] !== 1) continue;
        const code = stateCode(this.level[i], this.portal[i], this.qd411[i], this.eligible[i]);
        for (const into of today) into.add(this.agency[i], this.procedure[i], code);
      }
    }

    const past = dates.flatMap((date, d) => (date === null ? [] : [{ into: counts[d], until: dateNumber(date) }]));
    const h = this.history;
    const rows = h.offeringId.length;
    for (let start = 0; past.length > 0 && start < rows; ) {
      let end = start + 1;
      while (end < rows && h.offeringId[end] === h.offeringId[start]) end++;
      const position = this.historyPosition[start];
      if (position >= 0 && selected[position] === 1) {
        // The offering's snapshots are in the order they take effect: walk them once for every date.
        let next = start;
        for (const { into, until } of past) {
          while (next < end && h.date[next] <= until) next++;
          const row = next - 1;
          if (row < start || h.current[row] !== 1) continue;
          into.add(this.agency[position], this.procedure[position], stateCode(h.level[row], h.portal[row], h.qd411[row], h.eligible[row]));
        }
      }
      start = end;
    }
    return counts;
  }

  /**
   * A quarter for its report (domain/quarter-changes.ts), the whole catalogue: the coverage on the day before
   * it and on its last day (packed as `coverage` packs them), the offerings that reached level 4, were
   * integrated or were withdrawn during it, each with its state at the start and the end and the date the
   * change took effect, and the offerings added during it.
   */
  quarter(previousEnd: string, end: string): QuarterCount {
    const [before, after] = this.coverage(WHOLE_CATALOGUE, [previousEnd, end]);
    const from = dateNumber(previousEnd);
    const until = dateNumber(end);
    const h = this.history;
    const rows = h.offeringId.length;
    // Each list's changes as four numbers: the offering's position, its history rows at the start and the end,
    // and the change's date (a quarter of a million changes: no object is made for one).
    const lists: Record<ListedChange, number[]> = { reachedLevel4: [], newlyIntegrated: [], withdrawn: [] };
    const added = { total: 0, level4: 0, integrated: 0 };
    // Reused views of a history row, for the rules (most offerings change nothing: nothing is read for them).
    const view = () => ({ level: 1 as ServiceLevel, portalIntegrated: null as 0 | 1 | null, status: 'current' as HistorySnapshot['status'] });
    const look = (row: number, into = view()) => {
      into.level = h.level[row] as ServiceLevel;
      into.portalIntegrated = h.portal[row] === 1 ? 1 : h.portal[row] === FLAG_NULL ? null : 0;
      into.status = h.current[row] === 1 ? 'current' : 'withdrawn';
      return into;
    };
    const atStartView = view();
    const atEndView = view();
    const rowView = view();
    const rowState = (row: number) => look(row, rowView);
    for (let start = 0; start < rows; ) {
      let next = start + 1;
      while (next < rows && h.offeringId[next] === h.offeringId[start]) next++;
      const position = this.historyPosition[start];
      // Its last snapshot on or before each date (-1: none yet).
      let b = start - 1;
      while (b + 1 < next && h.date[b + 1] <= from) b++;
      let a = b;
      while (a + 1 < next && h.date[a + 1] <= until) a++;
      const first = start;
      start = next;
      // No snapshot in the quarter (most offerings): nothing changed.
      if (position < 0 || a < first || a === b) continue;
      if (b < first) {
        const as = addedAs(look(a, atEndView));
        if (as) {
          added.total++;
          if (as.level4) added.level4++;
          if (as.integrated) added.integrated++;
        }
        continue;
      }
      for (const { kind, holds } of listedChanges(look(b, atStartView), look(a, atEndView))) {
        const since = heldFrom(rowState, b + 1, a, holds);
        lists[kind].push(position, b, a, since < 0 ? until : h.date[since]);
      }
    }
    const { agencyRank, codeRank } = this.readerRanks();
    const procedures = this.procedureCode.length;
    const flag = (value: number): 0 | 1 | 2 => (value === 1 ? 1 : value === FLAG_NULL ? 2 : 0);
    const bits = (row: number) => stateBitsOf(h.level[row], flag(h.portal[row]), flag(h.qd411[row]), flag(h.eligible[row]), h.current[row] !== 1);
    const changes = {} as Record<ListedChange, Int32Array>;
    for (const kind of Object.keys(lists) as ListedChange[]) {
      const list = lists[kind];
      const count = list.length / 4;
      // Agency name, then procedure code, then as found: one number each, sorted without a comparison function
      // (a comparison function took 120 ms for 257,543 changes).
      // (Exact while agencies × procedures × changes stays below 2^53: 7,646 × 6,000 × 1,000,000 is half a percent of it.)
      const keys = new Float64Array(count);
      for (let i = 0; i < count; i++) {
        const position = list[4 * i];
        keys[i] = (agencyRank[this.agency[position]] * procedures + codeRank[this.procedure[position]]) * count + i;
      }
      keys.sort();
      const packed = packedChanges(count);
      for (let i = 0; i < count; i++) {
        const at = 4 * (keys[i] % count);
        const position = list[at];
        const b = list[at + 1];
        const a = list[at + 2];
        writeChange(packed, i, this.ids[position], this.agencyIds[this.agency[position]], this.procedureIds[this.procedure[position]], list[at + 3], h.date[b], bits(b), h.date[a], bits(a));
      }
      changes[kind] = packed;
    }
    return { before, after, changes, added };
  }

  /**
   * Makes ahead what a first quarterly report would wait for: the ranks of agencies' names and procedures' codes
   * (69 ms at 1,000,000 offerings). The reader thread calls it once it has answered that the index is built.
   */
  prepareReports(): void {
    this.readerRanks();
  }

  /** Agencies' names and procedures' codes ranked as a Vietnamese reader orders them (the report's lists), made when first needed. */
  private readerRanks(): { agencyRank: Int32Array; codeRank: Int32Array } {
    if (this.collated === null) {
      const collator = new Intl.Collator('vi', { numeric: true });
      this.collated = {
        agencyRank: denseRanks(this.agencies.map((a) => a.name), collator.compare),
        codeRank: denseRanks(this.procedureCode, collator.compare),
      };
    }
    return this.collated;
  }

  /** The tiers some offering carries, current or withdrawn, as stored (the coverage pages offer those that are tiers). */
  tiersInUse(): string[] {
    return [...this.tierNames];
  }

  /** The selected offerings' ids in id order (an export's). */
  matchingIds(filters: Filters, search: SearchTerms, place: string | null = null): number[] {
    const { selection } = this.select(filters, search, false, place);
    const positions = Int32Array.from(selection.positions).sort();
    return Array.from(positions, (i) => this.ids[i]);
  }

  /** The ids of one page of the selected offerings, in the sort's order. */
  page(filters: Filters, search: SearchTerms, sort: Sort, limit: number, offset: number, place: string | null = null): number[] {
    const { selection } = this.select(filters, search, false, place);
    const { selected, procedureRank } = selection;
    if (selection.total * SMALL_SELECTION < this.size) return this.smallPage(selection, sort, limit, offset);
    const ids: number[] = [];
    if (sort.key === 'relevance' && procedureRank !== null) {
      // The rank first (in the sort's direction), then name and agency ascending, as the SQL orders it.
      const bucketOf = rankBuckets(Array.from(procedureRank).filter((r) => !Number.isNaN(r)), sort.descending);
      const buckets = bucketOf.size;
      const procedureBucket = Int32Array.from(procedureRank, (r) => (Number.isNaN(r) ? 0 : (bucketOf.get(r) as number)));
      const byName = this.orders.get(orderKey('name', false)) as Int32Array;
      // A counting sort by rank of the selected offerings in name order, placing only the page's.
      const starts = new Int32Array(buckets + 1);
      for (let k = 0; k < byName.length; k++) {
        const i = byName[k];
        if (selected[i] === 1) starts[procedureBucket[this.procedure[i]] + 1]++;
      }
      for (let b = 0; b < buckets; b++) starts[b + 1] += starts[b];
      const end = Math.min(selection.total, offset + limit);
      const pageIds = new Int32Array(Math.max(0, end - offset));
      for (let k = 0; k < byName.length; k++) {
        const i = byName[k];
        if (selected[i] !== 1) continue;
        const at = starts[procedureBucket[this.procedure[i]]]++;
        if (at >= offset && at < end) pageIds[at - offset] = this.ids[i];
      }
      return Array.from(pageIds);
    }
    const order = this.orders.get(orderOf(sort)) as Int32Array;
    let skipped = 0;
    for (let k = 0; k < order.length && ids.length < limit; k++) {
      const i = order[k];
      if (selected[i] !== 1) continue;
      if (skipped < offset) skipped++;
      else ids.push(this.ids[i]);
    }
    return ids;
  }

  /** Per agency position, the tier (a bit of tierNames) most of its current offerings have; -1 for none. */
  private agencyTiers(): Int32Array {
    if (this.agencyTier) return this.agencyTier;
    const bits = this.tierNames.length;
    const counts = new Int32Array(this.agencies.length * bits);
    for (let i = 0; i < this.size; i++) {
      const mask = this.tiers[i];
      if (this.current[i] !== 1 || mask === 0) continue;
      for (let b = 0; b < bits; b++) if (mask & (1 << b)) counts[this.agency[i] * bits + b]++;
    }
    this.agencyTier = new Int32Array(this.agencies.length).fill(-1);
    for (let a = 0; a < this.agencies.length; a++) {
      let most = 0;
      for (let b = 0; b < bits; b++) {
        if (counts[a * bits + b] > most) {
          most = counts[a * bits + b];
          this.agencyTier[a] = b;
        }
      }
    }
    return this.agencyTier;
  }

  /** Every agency a person can choose as their place, in name order, with its tier. */
  places(): PlaceChoice[] {
    const tiers = this.agencyTiers();
    return [...this.agencies.keys()]
      .sort((a, b) => this.agencyRank[a] - this.agencyRank[b] || a - b)
      .map((a) => ({ slug: this.agencies[a].slug, name: this.agencies[a].name, tier: tiers[a] >= 0 ? this.tierNames[tiers[a]] : null }));
  }

  /** What a place selects: its agency, and for a commune or district the procedures it carries (status as filtered). */
  private placeRule(slug: string | null, status: Filters['status']): PlaceRule | null {
    if (slug === null) return null;
    const agency = this.agencyBySlug.get(slug);
    // An unknown place selects nothing (the service refuses it before asking).
    if (agency === undefined) return { agency: -1, carries: null, provinceMask: 0 };
    const tier = this.agencyTiers()[agency];
    const local = tier >= 0 && (this.tierNames[tier] === 'commune' || this.tierNames[tier] === 'district');
    const province = this.tierNames.indexOf('province');
    if (!local || province < 0) return { agency, carries: null, provinceMask: 0 };
    const want = status === 'all' ? -1 : status === 'current' ? 1 : 0;
    const carries = new Uint8Array(this.procedureCode.length);
    for (let i = 0; i < this.size; i++) if (this.agency[i] === agency && (want === -1 || this.current[i] === want)) carries[this.procedure[i]] = 1;
    return { agency, carries, provinceMask: 1 << province };
  }

  /** Per procedure position, what its selected offerings say together: one pass over the selection. */
  private groups(filters: Filters, search: SearchTerms, place: string | null, countFacets: boolean) {
    const key = selectionKey(filters, search, place);
    const kept = countFacets ? undefined : this.recent.get(key);
    if (kept?.groups) return { groups: kept.groups, facets: null };
    const { selection, facets } = this.select(filters, search, countFacets, place, true);
    const procedures = this.procedureCode.length;
    const count = new Int32Array(procedures);
    const best = new Uint8Array(procedures);
    const portal = new Uint8Array(procedures);
    const current = new Uint8Array(procedures);
    let total = 0;
    const { positions } = selection;
    for (let k = 0; k < positions.length; k++) {
      const i = positions[k];
      const p = this.procedure[i];
      if (count[p]++ === 0) total++;
      if (this.level[i] > best[p]) best[p] = this.level[i];
      if (this.portal[i] === 1) portal[p] = 1;
      if (this.current[i] === 1) current[p] = 1;
    }
    const groups: Groups = { selection, total, count, best, portal, current };
    this.recent.set(key, { selection, groups });
    return { groups, facets };
  }

  /**
   * The grouped list's counts: how many procedures the filters, search and place select, how many offerings,
   * and per facet the procedures each value would select (on the filters without that facet's own).
   */
  groupCounts(filters: Filters, search: SearchTerms, place: string | null = null): { total: number; offerings: number; facets: Record<FacetDimension, FacetCount[]> } {
    const { groups, facets } = this.groups(filters, search, place, true);
    return { total: groups.total, offerings: groups.selection.total, facets: facets as Record<FacetDimension, FacetCount[]> };
  }

  /** Procedure positions in name order (ties by code) or code order, in a direction. */
  private procedureOrder(key: 'name' | 'code', descending: boolean): Int32Array {
    const k = orderKey(key, descending);
    const known = this.procedureOrders.get(k);
    if (known) return known;
    const positions = Int32Array.from({ length: this.procedureCode.length }, (_, i) => i);
    const keyed = (ranks: Int32Array, down: boolean) => {
      let max = 0;
      for (const r of ranks) if (r > max) max = r;
      return (p: Int32Array) => countingSort(p, (i) => (down ? max - ranks[i] : ranks[i]), max + 1);
    };
    const byCode = keyed(this.codeRank, descending && key === 'code');
    const order = key === 'code' ? byCode(positions) : keyed(this.nameRank, descending)(byCode(positions));
    this.procedureOrders.set(k, order);
    return order;
  }

  /** The selected offerings of a procedure that serve the place, in agency-name order. */
  private servingIds(p: number, selected: Uint8Array): number[] {
    if (!this.offeringsOf) {
      const starts = new Int32Array(this.procedureCode.length + 1);
      for (let i = 0; i < this.size; i++) starts[this.procedure[i] + 1]++;
      for (let q = 0; q < this.procedureCode.length; q++) starts[q + 1] += starts[q];
      const byAgency = this.orders.get(orderKey('agency', false)) as Int32Array;
      const at = starts.slice();
      const positions = new Int32Array(this.size);
      for (let k = 0; k < byAgency.length; k++) positions[at[this.procedure[byAgency[k]]]++] = byAgency[k];
      this.offeringsOf = { starts, positions };
    }
    const { starts, positions } = this.offeringsOf;
    const ids: number[] = [];
    for (let k = starts[p]; k < starts[p + 1]; k++) if (selected[positions[k]] === 1) ids.push(this.ids[positions[k]]);
    return ids;
  }

  /**
   * One page of the grouped list, in a sort: relevance (then name), name (then code), code, level (the best
   * level, then name) or agency (how many agencies carry it, then name).
   */
  groupPage(filters: Filters, search: SearchTerms, place: string | null, sort: Sort, limit: number, offset: number): ProcedureGroup[] {
    const { groups } = this.groups(filters, search, place, false);
    const { count, best } = groups;
    const byName = this.procedureOrder('name', false);
    let order: Int32Array;
    if (sort.key === 'name' || sort.key === 'code') order = this.procedureOrder(sort.key, sort.descending);
    else if (sort.key === 'relevance' && groups.selection.procedureRank !== null) {
      const rank = groups.selection.procedureRank;
      const matched = Array.from(byName).filter((p) => count[p] > 0);
      // Array.prototype.sort is stable: ties stay in name order.
      matched.sort((a, b) => (sort.descending ? rank[b] - rank[a] : rank[a] - rank[b]));
      order = Int32Array.from(matched);
    } else if (sort.key === 'level') order = countingSort(byName, (p) => (sort.descending ? 255 - best[p] : best[p]), 256);
    else if (sort.key === 'agency') {
      let max = 0;
      for (const c of count) if (c > max) max = c;
      order = countingSort(byName, (p) => (sort.descending ? max - count[p] : count[p]), max + 1);
    } else order = byName;
    const page: ProcedureGroup[] = [];
    let skipped = 0;
    for (let k = 0; k < order.length && page.length < limit; k++) {
      const p = order[k];
      if (count[p] === 0) continue;
      if (skipped < offset) {
        skipped++;
        continue;
      }
      const field = this.procedureField[p];
      page.push({
        code: this.procedureCode[p],
        name: this.procedureName[p],
        field: field >= 0 ? this.fields[field].name : null,
        agencies: count[p],
        bestLevel: best[p],
        portal: groups.portal[p] === 1,
        withdrawn: groups.current[p] === 0,
        servingIds: place === null ? [] : this.servingIds(p, groups.selection.selected),
      });
    }
    return page;
  }

  /**
   * A page of a selection much smaller than the catalogue: its positions sorted by their place in the sort's
   * order (a number each, sorted as numbers), rather than a walk through the whole order.
   */
  private smallPage(selection: Selection, sort: Sort, limit: number, offset: number): number[] {
    const { positions, procedureRank } = selection;
    const n = this.size;
    let keys: Float64Array;
    if (sort.key === 'relevance' && procedureRank !== null) {
      // The rank first (in the sort's direction), then name and agency ascending: the rank's bucket × n + the place
      // in the name order, exact in a double while buckets × offerings < 2^53.
      const bucketOf = rankBuckets(Array.from(positions, (i) => procedureRank[this.procedure[i]]), sort.descending);
      const place = this.placeIn.get(orderKey('name', false)) as Int32Array;
      keys = Float64Array.from(positions, (i) => (bucketOf.get(procedureRank[this.procedure[i]]) as number) * n + place[i]);
    } else {
      const place = this.placeIn.get(orderOf(sort)) as Int32Array;
      keys = Float64Array.from(positions, (i) => place[i]);
    }
    keys.sort();
    const order = this.orders.get(orderOf(sort)) as Int32Array;
    const ids: number[] = [];
    for (let k = offset; k < Math.min(keys.length, offset + limit); k++) ids.push(this.ids[order[keys[k] % n]]);
    return ids;
  }

  /**
   * "Did you mean": when a search finds nothing, the same words with each word that no name holds replaced by
   * the closest one that names do, written as the names most often write it (the words kept are written as
   * typed, from `typed`: folded word → as typed); null when no word can be replaced or the replaced words find
   * nothing either.
   */
  suggestion(search: SearchTerms, typed: ReadonlyMap<string, string> = new Map()): string | null {
    const words = search.words;
    if (words.length === 0) return null;
    const prefix = search.prefix ?? true;
    let replaced = false;
    let lastAsTyped = prefix;
    const suggested = words.map((w, i) => {
      const last = i === words.length - 1;
      if (this.text.knows(w, prefix && last)) return { word: w, replaced: false };
      const closest = this.text.closestWord(w);
      if (closest === null) return { word: w, replaced: false };
      replaced = true;
      if (last) lastAsTyped = false;
      return { word: closest, replaced: true };
    });
    if (!replaced || this.text.search(suggested.map((s) => s.word), lastAsTyped).procedures.length === 0) return null;
    const display = this.wordsAsWritten();
    return suggested.map((s) => (s.replaced ? display.get(spellingKey(s.word)) : typed.get(s.word)) ?? s.word).join(' ');
  }

  private wordsAsWritten(): Map<string, string> {
    if (this.displayWords) return this.displayWords;
    const counts = new Map<string, Map<string, number>>();
    for (const name of this.procedureName) {
      for (const word of name.normalize('NFC').toLocaleLowerCase('vi').split(/[^\p{L}\p{N}]+/u)) {
        const folded = textTokens(word);
        if (folded.length !== 1) continue;
        const key = spellingKey(folded[0]);
        const forms = counts.get(key) ?? new Map<string, number>();
        forms.set(word, (forms.get(word) ?? 0) + 1);
        counts.set(key, forms);
      }
    }
    this.displayWords = new Map(
      [...counts].map(([key, forms]) => [key, [...forms].reduce((a, b) => (b[1] > a[1] || (b[1] === a[1] && b[0] < a[0]) ? b : a))[0]]),
    );
    return this.displayWords;
  }
}

/** The precomputed order a sort walks: relevance ties (and a list without words) by name. */
function orderOf(sort: Sort): string {
  return sort.key === 'relevance' ? orderKey('name', false) : orderKey(sort.key, sort.descending);
}

/** Each distinct text rank's bucket, in the sort's direction: 0 for the first rank shown. */
function rankBuckets(ranks: readonly number[], descending: boolean): Map<number, number> {
  const distinct = [...new Set(ranks)].sort((a, b) => (descending ? b - a : a - b));
  return new Map(distinct.map((r, k) => [r, k]));
}

/** Per procedure position, what its selected offerings say together. */
interface Groups {
  selection: Selection;
  /** Procedures with at least one selected offering. */
  total: number;
  count: Int32Array;
  best: Uint8Array;
  portal: Uint8Array;
  current: Uint8Array;
}

function selectionKey(filters: Filters, search: SearchTerms, place: string | null): string {
  return JSON.stringify([filters, search, place]);
}

/** How many bytes of recent selections the index keeps (about 50 at 120,000 offerings, 6 at 1,000,000). */
const RECENT_SELECTION_BYTES = 32 * 1024 * 1024;

/** Dates' coverage kept counted per index (0.34 MB each at 7,646 agencies): a dashboard's three and a trend's. */
const COUNTED_KEPT = 48;

/** How many bytes of per-agency counts a coverage count holds at once (about eight dates at 7,646 agencies). */
const COVERAGE_COUNT_BYTES = 8 * 1024 * 1024;

interface RecentSelection {
  selection: Selection;
  groups: Groups | null;
}

function bytesOf({ selection, groups }: RecentSelection): number {
  const arrays = [selection.selected, selection.positions, selection.procedureRank, groups?.count, groups?.best, groups?.portal, groups?.current];
  return arrays.reduce((sum, a) => sum + (a ? a.buffer.byteLength : 0), 0);
}

/** Selections by key, the least recently used dropped first once they hold more than `maxBytes`. */
class RecentSelections {
  private readonly kept = new Map<string, { value: RecentSelection; bytes: number }>();
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

  get(key: string): RecentSelection | undefined {
    const entry = this.kept.get(key);
    if (!entry) return undefined;
    this.kept.delete(key);
    this.kept.set(key, entry);
    return entry.value;
  }

  set(key: string, value: RecentSelection): void {
    this.drop(key);
    const bytes = bytesOf(value);
    if (bytes > this.maxBytes) return;
    this.kept.set(key, { value, bytes });
    this.bytes += bytes;
    for (const oldest of this.kept.keys()) {
      if (this.bytes <= this.maxBytes) break;
      this.drop(oldest);
    }
  }

  private drop(key: string): void {
    const entry = this.kept.get(key);
    if (!entry) return;
    this.kept.delete(key);
    this.bytes -= entry.bytes;
  }
}

function orderKey(key: SortKey, descending: boolean): string {
  return `${descending ? '-' : ''}${key}`;
}
