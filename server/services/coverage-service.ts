/**
 * Coverage for managers: per agency and for the province, today or as it stood on a date, quarter by
 * quarter, and the quarterly report. Counting 100,000+ offerings is done once per catalogue version and
 * kept in memory (VersionedCache); a request that finds its figures cached runs one small query, to read
 * the version and the targets. Targets are applied to the cached counts per request, so changing a target
 * shows at once.
 */
import type { Kysely } from 'kysely';
import { nextTurn, timeSlices } from '../../db/turns';
import {
  describeOfferings,
  lastImportUntil,
  listAgencies,
  listFieldsInUse,
  listHistoryDates,
  readCoverageState,
  type ImportRef,
  type OfferingRef,
} from '../../db/coverage-repository';
import type { CatalogueLists } from '../../db/catalogue-lists';
import type { Database } from '../../db/schema';
import { isTier, sortTiers, type Tier } from '../../domain/tiers';
import { vietnamDate, type Clock } from '../../domain/time';
import { addTally, emptyTally, scopeKey, unpackCoverage, WHOLE_CATALOGUE, type AgencyRef, type CoverageCount, type CoverageScope, type CoverageTally, type FieldRef } from '../../domain/coverage';
import { dayBefore, quarterEnd, quarterOf, quarterParam, quarterStart, quartersBetween, type Quarter } from '../../domain/quarters';
import { changeInPoints } from '../../domain/online-measures';
import { packedChangeCount, unpackChanges } from '../../domain/quarter-changes';
import { coverageRow, learnNames, sortByName, sortRows, type ChangeReason, type CoverageRow, type ShareChange, type SortDirection, type SortKey } from './coverage-rates';
import type { HistorySnapshot } from '../../domain/coverage';
import { targetForDate, type AppliedTarget } from './target-service';
import { VersionedCache } from './versioned-cache';
import { choosePlace, placeDirectory, type TypedChoice } from './place-directory';
import { CatalogueIndexes } from './catalogue-service';

export interface CatalogueOptions {
  agencies: AgencyRef[];
  fields: FieldRef[];
  /** The tiers some offering carries (current or withdrawn), in their canonical order: a filter offers these. */
  tiers: Tier[];
  /** Every effective date in the history, oldest first. */
  historyDates: string[];
}

export interface DashboardQuery {
  scope: CoverageScope;
  /** YYYY-MM-DD for coverage as it stood on that date (rebuilt from history); null for today's catalogue. */
  at: string | null;
  sort: SortKey;
  direction: SortDirection;
  /** 'falling': only the agencies below the target whose share fell since the previous quarter. */
  view?: DashboardView;
}

export type DashboardView = 'all' | 'falling';

export interface Dashboard {
  /** The date the figures stand at: `at`, or today. */
  asOf: string;
  historical: boolean;
  scope: CoverageScope;
  target: AppliedTarget | null;
  /** The sum of the agencies' rows: each agency's procedures once per agency (offerings), as the counts link to the list. */
  total: CoverageRow;
  /** The province as the National Portal counts it: each procedure once (domain/coverage ProcedureStates). */
  province: CoverageRow;
  /** One row per agency with offerings in scope (or, in the 'falling' view, those below and falling), sorted as asked. */
  rows: CoverageRow[];
  view: DashboardView;
  /** Agencies below the target whose share fell since the previous quarter (the 'falling' view's size). */
  fallingCount: number;
  /** Agencies with offerings in scope, whatever the view. */
  agencyCount: number;
  /** The share changes are measured on: that of the target's basis (eligible when there is no target). */
  changeBasis: 'all' | 'eligible';
  lastImport: ImportRef | null;
  options: CatalogueOptions;
  /** Field slugs asked for that the catalogue does not have (left out of the scope). */
  unknownFields: string[];
  /** Counted on the previous catalogue index while the current one loads (after an import): the page says so. */
  stale: boolean;
}

export type TrendPeriod = 'quarter' | 'import';

export interface TrendQuery {
  scope: CoverageScope;
  period: TrendPeriod;
}

/** The order of the trend's table of changes per agency. */
export interface TrendSort {
  sort: SortKey;
  direction: SortDirection;
}

export interface TrendPoint {
  /** The quarter ("2020-Q2"), or the import date. */
  key: string;
  quarter: Quarter | null;
  /** The date the point stands at: the quarter's last day, today for the quarter under way, or the import date. */
  date: string;
  /** The quarter is not over yet. */
  partial: boolean;
  target: AppliedTarget | null;
  /** The sum of the agencies' rows (offerings). */
  province: CoverageRow;
  /** The province as the National Portal counts it: each procedure once. */
  procedures: CoverageRow;
  /** Each agency's row at this point (those of the last point made at once; the others when first asked). */
  byAgency: Pick<ReadonlyMap<number, CoverageRow>, 'get'>;
}

export interface Trend {
  period: TrendPeriod;
  points: TrendPoint[];
  /** Agencies with offerings at some point, by name. */
  agencies: AgencyRef[];
  /** Earlier periods left out to keep the chart readable. */
  omitted: number;
  /** The last point's rows, each with its change since the previous quarter and year (on `changeBasis`). */
  changes: { rows: CoverageRow[]; total: CoverageRow; province: CoverageRow; basis: 'all' | 'eligible'; date: string } | null;
  options: CatalogueOptions;
  scope: CoverageScope;
  unknownFields: string[];
  /** Counted on the previous catalogue index while the current one loads (after an import): the page says so. */
  stale: boolean;
}

export interface OfferingChange {
  offering: OfferingRef;
  agency: AgencyRef;
  before: HistorySnapshot;
  after: HistorySnapshot;
  /** When the change took effect (the first of the snapshots that brought it about). */
  date: string;
}

export interface QuarterReport {
  quarter: Quarter;
  start: string;
  /** The quarter's last day, or today while it is under way. */
  end: string;
  complete: boolean;
  /** The day before the quarter: the figures it started from. */
  previousEnd: string;
  /** The target at the end of the quarter, and at its start (they differ when a quarter opens a year). */
  target: AppliedTarget | null;
  startTarget: AppliedTarget | null;
  /** The sum of the agencies' rows (offerings), at the start and at the end. */
  province: { before: CoverageRow; after: CoverageRow };
  /** The province as the National Portal counts it (each procedure once), at the start and at the end. */
  procedures: { before: CoverageRow; after: CoverageRow };
  /** Agencies meeting the target, of those with offerings, at the start and at the end. */
  meeting: { before: { n: number; of: number }; after: { n: number; of: number } };
  /** Agencies with offerings at the end of the quarter, by name; `before` is null for agencies new in it. */
  agencies: { before: CoverageRow | null; after: CoverageRow }[];
  /** Agencies below the target at the end of the quarter, the largest need first. */
  gaps: CoverageRow[];
  changes: QuarterChanges;
  lastImport: ImportRef | null;
  today: string;
  options: CatalogueOptions;
  /** Counted on the previous catalogue index while the current one loads (after an import): the page says so. */
  stale: boolean;
}

/**
 * One of a quarter's lists of changes, in the order the report prints it (agency name, then procedure code):
 * how many, and any stretch of them described. A national quarter lists a quarter of a million: the page
 * reads the first few hundred, the workbook all of them, a batch at a time.
 */
export interface ChangeList {
  readonly length: number;
  read(from: number, to: number): Promise<OfferingChange[]>;
}

/**
 * What changed in a quarter. The lists hold offerings that existed when it began; offerings first listed
 * during it (a whole catalogue, on its first import) are counted apart, so that the lists show progress.
 */
export interface QuarterChanges {
  reachedLevel4: ChangeList;
  newlyIntegrated: ChangeList;
  withdrawn: ChangeList;
  /** Offerings current at the end that had no history before the quarter: how many, at level 4, integrated. */
  added: { total: number; level4: number; integrated: number };
}

/** Most periods a trend shows; older ones are left out (and counted). */
export const MAX_TREND_POINTS = 40;

interface CountedDashboard {
  tallies: Map<number, CoverageTally>;
  province: CoverageTally;
  /** At the end of the previous year and quarter, which the changes are measured since. */
  earlier: { year: CoverageCount; quarter: CoverageCount };
  lastImport: ImportRef | null;
}

interface CountedReport {
  before: CoverageCount;
  after: CoverageCount;
  changes: QuarterChanges;
  lastImport: ImportRef | null;
}

export interface CoverageService {
  /** `fresh`: wait for the current catalogue's index rather than count on the previous one (a download's figures). */
  dashboard(query: DashboardQuery, how?: { fresh?: boolean }): Promise<Dashboard>;
  trend(query: TrendQuery): Promise<Trend>;
  report(quarter: Quarter, how?: { fresh?: boolean }): Promise<QuarterReport>;
  /** Agencies, fields and history dates, for forms and for checking parameters. */
  options(): Promise<CatalogueOptions>;
  /**
   * The agency a trend's `agency` names: by its slug, or by its name as a person typed it; or the agencies the
   * text matches, to choose from (server/services/place-directory.ts).
   */
  chooseAgency(typed: string): Promise<TypedChoice<AgencyRef>>;
  /** Today in Vietnam, by the service's clock. */
  today(): string;
  /**
   * Counts today's figures of the whole catalogue and ranks the agencies' names now, before a visitor asks
   * (a server just started): the first dashboard is then one count in scope, not the first name ranking too.
   */
  warm(): Promise<void>;
  readonly cache: VersionedCache;
}

/** The scope without fields the catalogue does not have, and those fields. */
function knownScope(scope: CoverageScope, options: CatalogueOptions): { scope: CoverageScope; unknownFields: string[] } {
  const known = new Set(options.fields.map((f) => f.slug));
  return {
    scope: { tiers: scope.tiers, fields: scope.fields.filter((f) => known.has(f)) },
    unknownFields: scope.fields.filter((f) => !known.has(f)),
  };
}

function byId(agencies: AgencyRef[]): Map<number, AgencyRef> {
  return new Map(agencies.map((a) => [a.id, a]));
}

/** What `make` makes of an object, made once and kept as long as the object is (a catalogue version's options). */
function madeOnce<K extends object, V>(make: (key: K) => V): (key: K) => V {
  const made = new WeakMap<K, V>();
  return (key) => {
    let value = made.get(key);
    if (value === undefined) made.set(key, (value = make(key)));
    return value;
  };
}

/**
 * The options' agencies by id: the dashboard, the trend and the report name their rows from it, without reading
 * 7,646 agencies again (25 ms at 1,000,000 offerings). Agencies are never deleted, and an agency's offerings
 * come with an import that makes a new version (and new options).
 */
const agenciesOf = madeOnce((options: CatalogueOptions) => byId(options.agencies));

/** The options' agencies with their names' words, to find one by what a person typed. */
const agencyDirectory = madeOnce((options: CatalogueOptions) => placeDirectory(options.agencies));

const agencyOf = (agencies: Map<number, AgencyRef>, id: number): AgencyRef => agencies.get(id) ?? { id, name: `#${id}`, slug: '' };

async function rowsFor(tallies: Map<number, CoverageTally>, agencies: Map<number, AgencyRef>, target: AppliedTarget | null): Promise<{ total: CoverageRow; rows: CoverageRow[] }> {
  const total = emptyTally();
  const rows: CoverageRow[] = [];
  // Shaped in slices of time: 7,646 agencies' rows took 64–81 ms in one turn the first time.
  const slice = timeSlices();
  for (const [agencyId, tally] of tallies) {
    await slice();
    addTally(total, tally);
    rows.push(coverageRow(agencyOf(agencies, agencyId), tally, target));
  }
  return { total: coverageRow(null, total, target), rows };
}

/**
 * The sum of the agencies' tallies as a row, and each agency's row shaped only when asked: a trend's earlier
 * points are read for the hundred agencies of a page (7,646 rows for each of them took 120 ms and as much again
 * in garbage collection at 1,000,000 offerings).
 */
async function rowsOnDemand(tallies: Map<number, CoverageTally>, agencies: Map<number, AgencyRef>, target: AppliedTarget | null): Promise<{ total: CoverageRow; byAgency: TrendPoint['byAgency'] }> {
  const total = emptyTally();
  const slice = timeSlices();
  for (const tally of tallies.values()) {
    await slice();
    addTally(total, tally);
  }
  const made = new Map<number, CoverageRow>();
  const get = (id: number): CoverageRow | undefined => {
    let row = made.get(id);
    const tally = row === undefined ? tallies.get(id) : undefined;
    if (tally !== undefined) made.set(id, (row = coverageRow(agencyOf(agencies, id), tally, target)));
    return row;
  };
  return { total: coverageRow(null, total, target), byAgency: { get } };
}

/**
 * The points of a trend: the end of every quarter from the first history date to today (today for the
 * quarter under way), or every import date. Imports dated with --as-of fall in their own quarter.
 */
export function trendPeriods(historyDates: readonly string[], today: string, period: TrendPeriod): Omit<TrendPoint, 'target' | 'province' | 'procedures' | 'byAgency'>[] {
  const known = historyDates.filter((d) => d <= today);
  if (known.length === 0) return [];
  if (period === 'import') return known.map((date) => ({ key: date, quarter: null, date, partial: false }));
  return quartersBetween(quarterOf(known[0]), quarterOf(today)).map((quarter) => {
    const last = quarterEnd(quarter);
    return { key: quarterParam(quarter), quarter, date: last < today ? last : today, partial: last > today };
  });
}

/**
 * A quarter for its report, counted on the catalogue index (db/catalogue-index.ts quarter): the tallies at its
 * start and end, and the offerings that reached level 4, were integrated or were withdrawn during it.
 */
async function countQuarter(db: Kysely<Database>, lists: CatalogueLists, agencies: Map<number, AgencyRef>, previousEnd: string, end: string): Promise<CountedReport> {
  const counted = await lists.ask('quarter', previousEnd, end);
  // The index ordered each list; a stretch's offerings are described when it is read.
  const list = (packed: Int32Array): ChangeList => ({
    length: packedChangeCount(packed),
    async read(from, to) {
      const stretch = unpackChanges(packed, from, to);
      const offerings = await describeOfferings(db, stretch.map((c) => c.after.offeringId));
      return stretch.flatMap((c) => {
        const offering = offerings.get(c.after.offeringId);
        return offering ? [{ offering, agency: agencies.get(c.after.agencyId)!, ...c }] : [];
      });
    },
  });
  const { reachedLevel4, newlyIntegrated, withdrawn } = counted.changes;
  const changes: QuarterChanges = { reachedLevel4: list(reachedLevel4), newlyIntegrated: list(newlyIntegrated), withdrawn: list(withdrawn), added: counted.added };
  const lastImport = await lastImportUntil(db, end);
  // Each end's 7,646 agencies' tallies in a turn of its own.
  const before = unpackCoverage(counted.before);
  await nextTurn();
  return { before, after: unpackCoverage(counted.after), changes, lastImport };
}

/** The share a change is measured on: the one the target is judged on. */
function judgedPct(row: CoverageRow, basis: 'all' | 'eligible'): number | null {
  return basis === 'eligible' ? row.level4EligiblePct : row.level4Pct;
}

/** The ends of the previous quarter and of the previous year, for a date: what its changes are measured since. */
export function changeDates(asOf: string): { quarter: string; year: string } {
  return { quarter: dayBefore(quarterStart(quarterOf(asOf))), year: `${Number(asOf.slice(0, 4)) - 1}-12-31` };
}

/**
 * The change of a row's share since an earlier date, from the tally it had then (undefined: no procedures),
 * or the reason there is none.
 */
function shareChange(now: CoverageRow, before: CoverageTally | undefined, since: string, basis: 'all' | 'eligible', firstDate: string | undefined): ShareChange {
  const beforePct = before && before.total > 0 ? judgedPct(coverageRow(null, before, null), basis) : null;
  const nowPct = judgedPct(now, basis);
  let reason: ChangeReason | null = null;
  if (firstDate === undefined || firstDate > since) reason = 'no-data';
  else if (!before || before.total === 0) reason = 'no-offerings';
  else if (beforePct === null || nowPct === null) reason = 'no-basis';
  return { since, before: beforePct, points: reason === null ? changeInPoints(beforePct, nowPct) : null, reason };
}

/** Fills each row's change since the previous quarter and year, from the tallies at those two dates. */
export async function withChanges(
  rows: CoverageRow[],
  total: CoverageRow,
  earlier: { quarter: CoverageCount; year: CoverageCount },
  dates: { quarter: string; year: string },
  basis: 'all' | 'eligible',
  firstDate: string | undefined,
  province?: CoverageRow,
): Promise<void> {
  const sum = (tallies: Map<number, CoverageTally>): CoverageTally => [...tallies.values()].reduce((into, t) => addTally(into, t), emptyTally());
  const slice = timeSlices();
  for (const row of rows) {
    await slice();
    row.change = {
      quarter: shareChange(row, earlier.quarter.byAgency.get(row.agency!.id), dates.quarter, basis, firstDate),
      year: shareChange(row, earlier.year.byAgency.get(row.agency!.id), dates.year, basis, firstDate),
    };
  }
  total.change = {
    quarter: shareChange(total, sum(earlier.quarter.byAgency), dates.quarter, basis, firstDate),
    year: shareChange(total, sum(earlier.year.byAgency), dates.year, basis, firstDate),
  };
  if (province) {
    province.change = {
      quarter: shareChange(province, earlier.quarter.province, dates.quarter, basis, firstDate),
      year: shareChange(province, earlier.year.province, dates.year, basis, firstDate),
    };
  }
}

/** Below the target and lower than at the end of the previous quarter. */
export function isBelowAndFalling(row: CoverageRow): boolean {
  return row.meetsTarget === false && (row.change?.quarter.points ?? 0) < 0;
}

/** The catalogue index of the current version (CatalogueIndexes), which counts coverage in the reader thread. */
export interface CoverageCounter {
  /** The index of the current version, once loaded. */
  current(): Promise<CatalogueLists>;
  /** The index of the current version, or while it loads for longer than a moment, the previous one (stale). */
  forList(): Promise<{ index: CatalogueLists; stale: boolean }>;
}

/** Without a counter, the service keeps a catalogue index of its own, in this thread. */
export function createCoverageService(db: Kysely<Database>, clock: Clock, counter: CoverageCounter = new CatalogueIndexes(db), cache = new VersionedCache()): CoverageService {
  const today = (): string => vietnamDate(clock.now());

  /**
   * Coverage in a scope on each date (null: today), counted on the catalogue index: no SQL over every offering
   * or the whole history, and on the reader thread when the server has one (db/catalogue-index.ts coverage).
   */
  const countAt = async (lists: CatalogueLists, scope: CoverageScope, dates: readonly (string | null)[]): Promise<CoverageCount[]> => {
    const packed = await lists.ask('coverage', scope, dates);
    const counts: CoverageCount[] = [];
    for (const one of packed) {
      // (A trend's forty dates of 1,750 agencies each: a turn of the event loop between two.)
      if (counts.length > 0) await nextTurn();
      counts.push(unpackCoverage(one));
    }
    return counts;
  };

  /**
   * Figures of catalogue version `version`, counted on its index and kept for it; or, while that index loads
   * for longer than a moment after an import (9 s at 1,000,000 offerings), counted on the previous index,
   * not kept, and said to be stale, so that no page waits for the load. A download (`fresh`) waits for it.
   */
  const figures = async <T>(version: number, key: string, compute: (lists: CatalogueLists) => Promise<T>, fresh = false): Promise<{ value: T; stale: boolean }> => {
    const kept = cache.peek<T>(version, key);
    if (kept) return { value: await kept, stale: false };
    const { index, stale } = fresh ? { index: await counter.current(), stale: false } : await counter.forList();
    if (stale) return { value: await compute(index), stale: true };
    return { value: await cache.get(version, key, () => compute(index)), stale: false };
  };

  const options = (version: number, fresh = false) =>
    figures(version, 'options', async (lists): Promise<CatalogueOptions> => ({
      agencies: await listAgencies(db),
      fields: await listFieldsInUse(db),
      // The catalogue index holds every offering's tiers: no read of the tier table (138 ms of reads at 1,000,000 offerings).
      tiers: sortTiers((await lists.ask('tiersInUse')).filter(isTier)),
      historyDates: await listHistoryDates(db),
    }), fresh);

  const countDashboard = (version: number, scope: CoverageScope, at: string | null, earlier: { quarter: string; year: string }, fresh: boolean) =>
    figures(version, `dashboard|${scopeKey(scope)}|${at ?? 'now'}|${earlier.year}|${earlier.quarter}`, async (lists): Promise<CountedDashboard> => {
      // The date shown and the two its changes are measured since, in one pass over the catalogue and its
      // history (two passes took 90 ms more of the reader thread at 1,000,000 offerings).
      const [year, quarter, { byAgency: tallies, province }] = await countAt(lists, scope, [earlier.year, earlier.quarter, at]);
      return { tallies, province, earlier: { year, quarter }, lastImport: await lastImportUntil(db, at) };
    }, fresh);

  /** Tallies at the end of the previous year and quarter (one pass over the history for both). */
  const countEarlier = (version: number, scope: CoverageScope, dates: { quarter: string; year: string }) =>
    figures(version, `earlier|${scopeKey(scope)}|${dates.year}|${dates.quarter}`, async (lists) => {
      const [year, quarter] = await countAt(lists, scope, [dates.year, dates.quarter]);
      return { year, quarter };
    });

  const service: CoverageService = {
    cache,
    today,

    async chooseAgency(typed) {
      const { version } = await readCoverageState(db);
      return choosePlace(await agencyDirectory((await options(version)).value), typed);
    },

    async warm() {
      await service.dashboard({ scope: WHOLE_CATALOGUE, at: null, sort: 'agency', direction: 'asc', view: 'all' });
    },

    async options() {
      return (await options((await readCoverageState(db)).version)).value;
    },

    async dashboard(query, { fresh = false } = {}) {
      const { version, targets } = await readCoverageState(db);
      const asOf = query.at ?? today();
      const { value: opts, stale: staleOptions } = await options(version, fresh);
      const { scope, unknownFields } = knownScope(query.scope, opts);
      const { value: counted, stale } = await countDashboard(version, scope, query.at, changeDates(asOf), fresh);
      const { earlier } = counted;
      // Shaping 1,750 agencies' rows is a piece of work of its own: it gets a turn of the event loop to itself.
      await nextTurn();
      const target = targetForDate(asOf, targets);
      const { total, rows } = await rowsFor(counted.tallies, agenciesOf(opts), target);
      const province = coverageRow(null, counted.province, target);
      // Their changes another (together, 110 ms the first time at 1,000,000 offerings).
      await nextTurn();
      const dates = changeDates(asOf);
      const changeBasis = target?.basis ?? 'eligible';
      await withChanges(rows, total, earlier, dates, changeBasis, opts.historyDates[0], province);
      const falling = rows.filter(isBelowAndFalling);
      const view = query.view ?? 'all';
      // And their sort another, their names ranked first if new (in turns of their own).
      await learnNames(rows.map((r) => r.agency!.name));
      await nextTurn();
      return {
        asOf,
        historical: query.at !== null,
        scope,
        target,
        total,
        province,
        rows: sortRows(view === 'falling' ? falling : rows, query.sort, query.direction),
        view,
        fallingCount: falling.length,
        agencyCount: rows.length,
        changeBasis,
        lastImport: counted.lastImport,
        options: opts,
        unknownFields,
        stale: stale || staleOptions,
      };
    },

    async trend(query) {
      const { version, targets } = await readCoverageState(db);
      const { value: opts, stale: staleOptions } = await options(version);
      const { scope, unknownFields } = knownScope(query.scope, opts);
      const all = trendPeriods(opts.historyDates, today(), query.period);
      const omitted = Math.max(0, all.length - MAX_TREND_POINTS);
      const periods = all.slice(omitted);
      const dates = periods.map((p) => p.date);
      const { value: counted, stale: staleCounts } = await figures(version, `trend|${scopeKey(scope)}|${dates.join(',')}`, async (lists) => ({
        perDate: dates.length ? await countAt(lists, scope, dates) : [],
      }));
      let stale = staleOptions || staleCounts;
      const seen = new Set<number>();
      const points: TrendPoint[] = [];
      let lastRows: CoverageRow[] = [];
      for (const [i, period] of periods.entries()) {
        // Each point's agencies in a turn of their own.
        await nextTurn();
        const target = targetForDate(period.date, targets);
        const tallies = counted.perDate[i].byAgency;
        for (const id of tallies.keys()) seen.add(id);
        const procedures = coverageRow(null, counted.perDate[i].province, target);
        if (i < periods.length - 1) {
          const { total, byAgency } = await rowsOnDemand(tallies, agenciesOf(opts), target);
          points.push({ ...period, target, province: total, procedures, byAgency });
        } else {
          // The last point's rows are all measured against earlier dates (the changes table).
          const { total, rows } = await rowsFor(tallies, agenciesOf(opts), target);
          lastRows = rows;
          points.push({ ...period, target, province: total, procedures, byAgency: new Map(rows.map((r) => [r.agency!.id, r])) });
        }
      }
      const named = [...seen].map((id) => agenciesOf(opts).get(id)!);
      await learnNames(named.map((a) => a.name));
      await nextTurn();
      const agencies = sortByName(named);
      let changes: Trend['changes'] = null;
      const last = points[points.length - 1];
      if (last) {
        await nextTurn();
        const rows = lastRows;
        const lastDates = changeDates(last.date);
        const basis = last.target?.basis ?? 'eligible';
        const earlier = await countEarlier(version, scope, lastDates);
        stale ||= earlier.stale;
        // The changes of 7,646 agencies: a turn of their own.
        await nextTurn();
        await withChanges(rows, last.province, earlier.value, lastDates, basis, opts.historyDates[0], last.procedures);
        changes = { rows, total: last.province, province: last.procedures, basis, date: last.date };
      }
      return { period: query.period, points, agencies, omitted, options: opts, scope, unknownFields, changes, stale };
    },

    async report(quarter, { fresh = false } = {}) {
      const { version, targets } = await readCoverageState(db);
      const { value: opts, stale: staleOptions } = await options(version, fresh);
      const now = today();
      const start = quarterStart(quarter);
      const lastDay = quarterEnd(quarter);
      const end = lastDay < now ? lastDay : now;
      const previousEnd = dayBefore(start);
      const { value: counted, stale } = await figures(version, `report|${quarterParam(quarter)}|${end}`, (lists) => countQuarter(db, lists, agenciesOf(opts), previousEnd, end), fresh);
      const target = targetForDate(end, targets);
      const startTarget = targetForDate(previousEnd, targets);
      // Each of the quarter's ends is 7,646 agencies' rows at national scale: a turn of the event loop each.
      await nextTurn();
      const beforeRows = await rowsFor(counted.before.byAgency, agenciesOf(opts), startTarget);
      await nextTurn();
      const afterRows = await rowsFor(counted.after.byAgency, agenciesOf(opts), target);
      const beforeById = new Map(beforeRows.rows.map((r) => [r.agency!.id, r]));
      await learnNames(afterRows.rows.map((r) => r.agency!.name));
      await nextTurn();
      const byName = sortRows(afterRows.rows, 'agency', 'asc');
      await nextTurn();
      const gaps = sortRows(afterRows.rows.filter((r) => r.meetsTarget === false), 'level4Needed', 'desc');
      return {
        quarter,
        start,
        end,
        complete: lastDay < now,
        previousEnd,
        target,
        startTarget,
        province: { before: beforeRows.total, after: afterRows.total },
        procedures: { before: coverageRow(null, counted.before.province, startTarget), after: coverageRow(null, counted.after.province, target) },
        meeting: {
          before: { n: beforeRows.rows.filter((r) => r.meetsTarget).length, of: beforeRows.rows.length },
          after: { n: afterRows.rows.filter((r) => r.meetsTarget).length, of: afterRows.rows.length },
        },
        agencies: byName.map((after) => ({ before: beforeById.get(after.agency!.id) ?? null, after })),
        gaps,
        changes: counted.changes,
        lastImport: counted.lastImport,
        today: now,
        options: opts,
        stale: stale || staleOptions,
      };
    },
  };
  return service;
}
