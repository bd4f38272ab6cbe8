/**
 * The catalogue list: offerings selected by filters and search, counted, faceted, paged, sorted and
 * streamed. The SQL behind /procedures, its JSON and its CSV: the app selects, counts and sorts with the
 * in-memory index (db/catalogue-index.ts) and reads only a page's rows here (`offeringsById`); the queries
 * that select, count and sort in SQL stay as the meaning the index must keep, which the tests compare it with.
 */
import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import type { OfferingFilters } from '../domain/filters';
import { applyOfferingFilters } from './offering-filters';
import type { Database, Flag } from './schema';
import { matchingProcedures } from './sqlite-search';
import { PROCEDURE_DETAILS, type DetailValues } from '../domain/import-fields';

/** What the search box asks for, already folded: words for the text index, code prefixes for codes. */
export interface SearchTerms {
  words: string[];
  codePrefixes: string[];
  /** Whether the last word is matched as a prefix (the default: it may still be being typed). */
  prefix?: boolean;
  /** Other word lists the query also searches (domain/search-synonyms.ts): a procedure matching any is found. */
  alternatives?: { words: string[]; prefix: boolean }[];
}

/** Every word list a search makes: its own words, then its alternatives. */
export function wordSearches(search: SearchTerms): { words: string[]; prefix: boolean }[] {
  return [{ words: search.words, prefix: search.prefix ?? true }, ...(search.alternatives ?? [])];
}

export const NO_SEARCH: SearchTerms = { words: [], codePrefixes: [] };

export type SortKey = 'relevance' | 'name' | 'code' | 'agency' | 'level';

/** An offering as the list shows it. */
export type ListedOffering = {
  offeringId: number;
  code: string;
  localCode: string | null;
  name: string;
  agency: string;
  agencySlug: string;
  agencyCode: string | null;
  field: string | null;
  fieldSlug: string | null;
  tiers: string;
  level: number;
  portalIntegrated: Flag;
  qd411: Flag;
  eligible: Flag;
  status: 'current' | 'withdrawn';
  onlineUrl: string | null;
};

/** An offering as an export writes it: with its procedure's details by key (domain/import-fields.ts). */
export type ExportedOffering = ListedOffering & DetailValues;

import type { FacetCount, FacetDimension } from '../domain/facets';

export type { FacetCount, FacetDimension };

type Filters = Omit<OfferingFilters, 'q'>;


function narrowed<O>(qb: SelectQueryBuilder<Database, 'offering', O>, filters: Filters, search: SearchTerms) {
  let query = applyOfferingFilters(qb, filters);
  if (search.words.length > 0) {
    query = query.where('offering.procedure_id', 'in', (eb) =>
      eb.selectFrom(matchingProcedures(wordSearches(search)).as('m')).select('m.procedure_id'),
    );
  }
  for (const prefix of search.codePrefixes) {
    query = query.where((eb) =>
      eb.or([
        eb('offering.procedure_id', 'in', eb.selectFrom('procedure').select('procedure.id').where('procedure.code', '>=', prefix).where('procedure.code', '<', `${prefix}\uffff`)),
        eb.and([eb('offering.local_code', '>=', prefix), eb('offering.local_code', '<', `${prefix}\uffff`)]),
      ]),
    );
  }
  return query;
}

export async function countOfferings(db: Kysely<Database>, filters: Filters, search: SearchTerms): Promise<number> {
  const row = await narrowed(db.selectFrom('offering'), filters, search)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Offerings with the columns a list shows. With `ranked`, the full-text matches are joined as `m` (with rank). */
function listQuery(db: Kysely<Database>, filters: Filters, search: SearchTerms, ranked = false, details = true) {
  // The matches are materialised once: joined as a plain derived table, SQLite would run the text search
  // again for every offering (what that cost: README, "What the design choices measured").
  const from = ranked
    ? (db
        .with((cte) => cte('m').materialized(), () => matchingProcedures(wordSearches(search)))
        .selectFrom('offering')
        .innerJoin('m', 'm.procedure_id', 'offering.procedure_id') as unknown as SelectQueryBuilder<Database, 'offering', object>)
    : db.selectFrom('offering');
  return narrowed(from, filters, ranked ? { ...search, words: [], alternatives: [] } : search)
    .innerJoin('procedure', 'procedure.id', 'offering.procedure_id')
    .innerJoin('agency', 'agency.id', 'offering.agency_id')
    .leftJoin('field', 'field.id', 'procedure.field_id')
    .select([
      'offering.id as offeringId',
      'procedure.code as code',
      'offering.local_code as localCode',
      'procedure.name as name',
      'agency.name as agency',
      'agency.slug as agencySlug',
      'agency.code as agencyCode',
      'field.name as field',
      'field.slug as fieldSlug',
      'offering.tiers as tiers',
      'offering.level as level',
      'offering.portal_integrated as portalIntegrated',
      'offering.qd411 as qd411',
      'offering.eligible as eligible',
      'offering.status as status',
      'offering.online_url as onlineUrl',
      ...(details ? PROCEDURE_DETAILS : []).map((f) => `procedure.${f.column} as ${f.key}` as const),
    ]);
}

/** No filter at all: the rows are then chosen by id alone. */
const EVERY_OFFERING: Filters = { agencies: [], fields: [], tiers: [], levels: [], portal: null, qd411: null, eligible: null, status: 'all' };

/**
 * The list's columns for these offerings, by id order: the second step of a page. Without the procedures'
 * details, which a list does not show and which are long (steps, documents, legal basis).
 */
export async function offeringsById(db: Kysely<Database>, ids: number[]): Promise<ListedOffering[]> {
  return (await listQuery(db, EVERY_OFFERING, NO_SEARCH, false, false).where('offering.id', 'in', ids).orderBy('offering.id').execute()) as ListedOffering[];
}

/** The same with the procedures' details, by id order: the second step of an export batch. */
export async function exportedOfferingsById(db: Kysely<Database>, ids: number[]): Promise<ExportedOffering[]> {
  return (await listQuery(db, EVERY_OFFERING, NO_SEARCH).where('offering.id', 'in', ids).orderBy('offering.id').execute()) as ExportedOffering[];
}

export async function listOfferings(
  db: Kysely<Database>,
  filters: Filters,
  search: SearchTerms,
  sort: { key: SortKey; descending: boolean },
  limit: number,
  offset: number,
): Promise<ListedOffering[]> {
  const ranked = sort.key === 'relevance' && search.words.length > 0;
  let query = listQuery(db, filters, search, ranked);
  const direction = sort.descending ? 'desc' : 'asc';
  switch (sort.key) {
    case 'relevance':
      if (ranked) query = query.orderBy(sql`m.rank`, direction);
      query = query.orderBy('procedure.name').orderBy('agency.name');
      break;
    case 'name':
      query = query.orderBy('procedure.name', direction).orderBy('agency.name', direction);
      break;
    case 'code':
      query = query.orderBy('procedure.code', direction).orderBy('agency.name', direction);
      break;
    case 'agency':
      query = query.orderBy('agency.name', direction).orderBy('procedure.name', direction);
      break;
    case 'level':
      query = query.orderBy('offering.level', direction).orderBy('procedure.name').orderBy('agency.name');
      break;
  }
  // The page's ids first, then its rows: the sort then carries a few narrow keys per offering rather than whole
  // rows with their fees and applicants (twice as fast on deep pages: README, "What the design choices measured").
  const page = await query.clearSelect().select('offering.id as offeringId').orderBy('offering.id').limit(limit).offset(offset).execute();
  if (page.length === 0) return [];
  const rows = await offeringsById(db, page.map((p) => p.offeringId));
  const byId = new Map(rows.map((row) => [row.offeringId, row]));
  // (An offering removed between the two queries, by an undo, is simply not on the page.)
  return page.flatMap((p) => byId.get(p.offeringId) ?? []);
}

/**
 * Every matching offering, in batches in id order, for exports of any size. The matching ids come first, in
 * one query; then each batch is read by id, one short query at a time, so other requests are served between
 * batches. (Paging with "id > last order by id limit n" under the filters was planned on the filter's index
 * when one matches most offerings, status = 'current', and sorted every match again for each batch; what
 * that cost is in the README, "What the design choices measured".)
 */
export async function* offeringBatches(
  db: Kysely<Database>,
  filters: Filters,
  search: SearchTerms,
  batchSize = 1000,
): AsyncGenerator<ListedOffering[]> {
  const matching = await narrowed(db.selectFrom('offering'), filters, search).select('offering.id').orderBy('offering.id').execute();
  for (let start = 0; start < matching.length; start += batchSize) {
    const ids = matching.slice(start, start + batchSize).map((row) => row.id);
    yield await offeringsById(db, ids);
  }
}

/** Counts per value of one dimension, on the offerings the filters and search select. */
export async function facetCounts(
  db: Kysely<Database>,
  dimension: FacetDimension,
  filters: Filters,
  search: SearchTerms,
): Promise<FacetCount[]> {
  const base = narrowed(db.selectFrom('offering'), filters, search);
  const n = sql<number>`count(*)`.as('n');
  switch (dimension) {
    case 'agency': {
      const rows = await base
        .innerJoin('agency', 'agency.id', 'offering.agency_id')
        .select(['agency.slug as value', 'agency.name as label', n])
        .groupBy(['agency.slug', 'agency.name'])
        .orderBy('n', 'desc')
        .orderBy('agency.name')
        .execute();
      return rows.map((r) => ({ value: r.value, label: r.label, count: Number(r.n) }));
    }
    case 'field': {
      const rows = await base
        .innerJoin('procedure', 'procedure.id', 'offering.procedure_id')
        .innerJoin('field', 'field.id', 'procedure.field_id')
        .select(['field.slug as value', 'field.name as label', n])
        .groupBy(['field.slug', 'field.name'])
        .orderBy('n', 'desc')
        .orderBy('field.name')
        .execute();
      return rows.map((r) => ({ value: r.value, label: r.label, count: Number(r.n) }));
    }
    case 'tier': {
      const rows = await base
        .innerJoin('offering_tier', 'offering_tier.offering_id', 'offering.id')
        .select(['offering_tier.tier as value', n])
        .groupBy('offering_tier.tier')
        .execute();
      return rows.map((r) => ({ value: r.value, label: null, count: Number(r.n) }));
    }
    case 'level': {
      const rows = await base.select(['offering.level as value', n]).groupBy('offering.level').orderBy('offering.level', 'desc').execute();
      return rows.map((r) => ({ value: String(r.value), label: null, count: Number(r.n) }));
    }
    case 'portal': {
      const rows = await base
        .select([sql<string>`case when offering.portal_integrated = 1 then 'yes' else 'no' end`.as('value'), n])
        .groupBy(sql`case when offering.portal_integrated = 1 then 'yes' else 'no' end`)
        .execute();
      return rows
        .map((r) => ({ value: r.value, label: null, count: Number(r.n) }))
        .sort((a, b) => (a.value === 'yes' ? -1 : b.value === 'yes' ? 1 : 0));
    }
  }
}

/** The agencies and fields named by these slugs, for tags and for telling the user which slugs are unknown. */
export async function namesForSlugs(
  db: Kysely<Database>,
  agencySlugs: string[],
  fieldSlugs: string[],
): Promise<{ agencies: Map<string, string>; fields: Map<string, string> }> {
  const agencies = agencySlugs.length
    ? await db.selectFrom('agency').select(['slug', 'name']).where('slug', 'in', agencySlugs).execute()
    : [];
  const fields = fieldSlugs.length ? await db.selectFrom('field').select(['slug', 'name']).where('slug', 'in', fieldSlugs).execute() : [];
  return {
    agencies: new Map(agencies.map((a) => [a.slug, a.name])),
    fields: new Map(fields.map((f) => [f.slug, f.name])),
  };
}
