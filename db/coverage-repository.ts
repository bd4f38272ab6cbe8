/**
 * Reads for the coverage dashboard, its trends and the quarterly report. All SQL for them lives here; the
 * rules (what "as of a date" means, rates, targets) live in domain/ and server/services. The figures
 * themselves are counted on the catalogue index (db/catalogue-index.ts coverage, quarter); the tallies and the
 * history read here (tallyCurrentByAgency, tallyCurrentByProcedure, streamHistory) are the SQL reference the
 * tests check the index against.
 */
import type { Kysely } from 'kysely';
import { offeringRanges } from './id-ranges';
import { countOffering, emptyTally, ProcedureStates, type AgencyRef, type CoverageScope, type CoverageTally, type FieldRef, type HistorySnapshot } from '../domain/coverage';
import { NO_FILTERS } from '../domain/filters';
import type { ServiceLevel } from '../domain/levels';
import { applyOfferingFilters } from './offering-filters';
import type { Database } from './schema';
import { toCoverageTarget, type CoverageTarget } from './target-repository';
import { standingHistory } from './undo-import';

/**
 * What a cached coverage figure depends on, in one small query: the catalogue's version and the targets
 * (a handful of rows, changed by an administrator without an import).
 */
export async function readCoverageState(db: Kysely<Database>): Promise<{ version: number; targets: CoverageTarget[] }> {
  const rows = await db
    .selectFrom('catalogue_state')
    .leftJoin('coverage_target', (join) => join.onTrue())
    .select([
      'catalogue_state.version',
      'coverage_target.year',
      'coverage_target.level4_pct',
      'coverage_target.basis',
      'coverage_target.note',
      'coverage_target.updated_at',
      'coverage_target.updated_by',
    ])
    .where('catalogue_state.id', '=', 1)
    .orderBy('coverage_target.year')
    .execute();
  if (rows.length === 0) throw new Error('catalogue_state has no row: the database is not migrated');
  const targets = rows
    .filter((r) => r.year !== null)
    .map((r) => toCoverageTarget({ year: r.year!, level4_pct: r.level4_pct!, basis: r.basis!, note: r.note, updated_at: r.updated_at!, updated_by: r.updated_by! }));
  return { version: Number(rows[0].version), targets };
}

/** Offerings counted at a time: each range's statement holds the event loop briefly (README, benchmark). */
const TALLY_RANGE = 4000;

/**
 * Today's coverage per agency: current offerings in scope, counted with the catalogue list's own filters
 * (applyOfferingFilters), so that each count equals the total of the list it links to.
 */
export async function tallyCurrentByAgency(db: Kysely<Database>, scope: CoverageScope, offeringsPerRead = TALLY_RANGE): Promise<Map<number, CoverageTally>> {
  const byAgency = new Map<number, CoverageTally>();
  for await (const [from, to] of offeringRanges(db, offeringsPerRead)) {
    const rows = await currentInScope(db, scope, from, to)
      .select((eb) => [
        'offering.agency_id',
        'offering.level',
        'offering.portal_integrated',
        'offering.qd411',
        'offering.eligible',
        'offering.status',
        eb.fn.countAll<number>().as('n'),
      ])
      // Grouping by the flags themselves keeps the counting rule in one place (countOffering), not in SQL.
      .groupBy(['offering.agency_id', 'offering.level', 'offering.portal_integrated', 'offering.qd411', 'offering.eligible', 'offering.status'])
      .execute();
    for (const row of rows) {
      if (row.status !== 'current') continue;
      let tally = byAgency.get(row.agency_id);
      if (!tally) byAgency.set(row.agency_id, (tally = emptyTally()));
      countOffering(
        tally,
        { level: row.level as ServiceLevel, portalIntegrated: row.portal_integrated, qd411: row.qd411, eligible: row.eligible },
        Number(row.n),
      );
    }
  }
  return byAgency;
}

/**
 * Today's coverage for the province as the National Portal counts it, each procedure once (domain/coverage
 * ProcedureStates): the distinct states of each procedure's current offerings in scope.
 */
export async function tallyCurrentByProcedure(db: Kysely<Database>, scope: CoverageScope, offeringsPerRead = TALLY_RANGE): Promise<CoverageTally> {
  const states = new ProcedureStates();
  // (A procedure's offerings fall in several ranges: adding its states again is harmless, they are a union.)
  for await (const [from, to] of offeringRanges(db, offeringsPerRead)) {
    const rows = await currentInScope(db, scope, from, to)
      .select(['offering.procedure_id', 'offering.level', 'offering.portal_integrated', 'offering.qd411', 'offering.eligible', 'offering.status'])
      .groupBy(['offering.procedure_id', 'offering.level', 'offering.portal_integrated', 'offering.qd411', 'offering.eligible', 'offering.status'])
      .execute();
    for (const row of rows) {
      if (row.status !== 'current') continue;
      states.add(row.procedure_id, { level: row.level as ServiceLevel, portalIntegrated: row.portal_integrated, qd411: row.qd411, eligible: row.eligible });
    }
  }
  return states.tally();
}

/**
 * The offerings in scope, with the catalogue list's own filters, whose ids are in [from, to), of every status:
 * the caller keeps the current ones. (Filtered on status in SQL, SQLite would read them through the status
 * index, every current offering of the catalogue for each range, instead of the range by id.)
 */
function currentInScope(db: Kysely<Database>, scope: CoverageScope, from: number, to: number) {
  return applyOfferingFilters(db.selectFrom('offering'), { ...NO_FILTERS, tiers: scope.tiers, fields: scope.fields, status: 'all' })
    .where('offering.id', '>=', from)
    .where('offering.id', '<', to);
}

export type { HistorySnapshot };

/**
 * The history of the offerings in scope up to a date, in batches, ordered by offering, then effective date,
 * then id (the order in which snapshots supersede each other); an offering's history is never split between
 * two batches. Read in ranges of offering ids, with a turn of the event loop between two: memory stays
 * bounded for 100,000+ offerings, and other requests are served between two ranges instead of waiting for
 * the whole read. Tiers and fields are not kept in the history, so the scope uses the offerings' current ones.
 */
export async function* streamHistory(
  db: Kysely<Database>,
  scope: CoverageScope,
  until: string,
  offeringsPerRead = 2000,
): AsyncGenerator<HistorySnapshot[]> {
  let query = db
    .selectFrom('offering_history')
    .innerJoin('offering', 'offering.id', 'offering_history.offering_id')
    .select([
      'offering_history.offering_id',
      'offering.agency_id',
      'offering.procedure_id',
      'offering_history.effective_date',
      'offering_history.level',
      'offering_history.portal_integrated',
      'offering_history.qd411',
      'offering_history.eligible',
      'offering_history.status',
    ])
    .where('offering_history.effective_date', '<=', until)
    .where(standingHistory('offering_history'));
  const scoped = scope.tiers.length > 0 || scope.fields.length > 0;
  for await (const [from, to] of offeringRanges(db, offeringsPerRead)) {
    // The scope's offerings of this range only: the whole catalogue's would be listed again for each range.
    const inScope = applyOfferingFilters(db.selectFrom('offering').select('offering.id'), { ...NO_FILTERS, tiers: scope.tiers, fields: scope.fields, status: 'all' })
      .where('offering.id', '>=', from)
      .where('offering.id', '<', to);
    const rows = await (scoped ? query.where('offering_history.offering_id', 'in', inScope) : query)
      .where('offering_history.offering_id', '>=', from)
      .where('offering_history.offering_id', '<', to)
      .orderBy('offering_history.offering_id')
      .orderBy('offering_history.effective_date')
      .orderBy('offering_history.id')
      .execute();
    // One batch per read: a promise per row would cost more than the row.
    yield rows.map((row) => ({
      offeringId: row.offering_id,
      agencyId: row.agency_id,
      procedureId: row.procedure_id,
      effectiveDate: row.effective_date,
      level: row.level as ServiceLevel,
      portalIntegrated: row.portal_integrated,
      qd411: row.qd411,
      eligible: row.eligible,
      status: row.status,
    }));
  }
}

/** Every effective date in the history, oldest first. */
export async function listHistoryDates(db: Kysely<Database>): Promise<string[]> {
  // One date at a time along the date index, each the first standing row after the last date: a DISTINCT
  // over the whole history would read every row in one statement (README, benchmark).
  const dates: string[] = [];
  for (;;) {
    const row = await db
      .selectFrom('offering_history')
      .select('effective_date')
      .where('effective_date', '>', dates[dates.length - 1] ?? '')
      .where(standingHistory('offering_history'))
      .orderBy('effective_date')
      .limit(1)
      .executeTakeFirst();
    if (!row) return dates;
    dates.push(row.effective_date);
  }
}

export async function listAgencies(db: Kysely<Database>): Promise<AgencyRef[]> {
  return db.selectFrom('agency').select(['id', 'name', 'slug']).orderBy('id').execute();
}

/** Fields that some offering's procedure belongs to. */
export async function listFieldsInUse(db: Kysely<Database>): Promise<FieldRef[]> {
  return db
    .selectFrom('field')
    .select(['field.name', 'field.slug'])
    .where('field.id', 'in', (eb) => eb.selectFrom('procedure').select('procedure.field_id').where('procedure.field_id', 'is not', null))
    .orderBy('field.name')
    .execute() as Promise<FieldRef[]>;
}

export interface OfferingRef {
  id: number;
  code: string;
  localCode: string | null;
  name: string;
  agencyId: number;
}

/** Code, name and agency of these offerings, in chunks (databases limit the parameters of one query). */
export async function describeOfferings(db: Kysely<Database>, ids: readonly number[]): Promise<Map<number, OfferingRef>> {
  const out = new Map<number, OfferingRef>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db
      .selectFrom('offering')
      .innerJoin('procedure', 'procedure.id', 'offering.procedure_id')
      .select(['offering.id', 'procedure.code', 'offering.local_code', 'procedure.name', 'offering.agency_id'])
      .where('offering.id', 'in', ids.slice(i, i + 500))
      .execute();
    for (const r of rows) out.set(r.id, { id: r.id, code: r.code, localCode: r.local_code, name: r.name, agencyId: r.agency_id });
  }
  return out;
}

export interface ImportRef {
  effectiveDate: string;
  fileName: string;
  finishedAt: string | null;
}

/** The latest committed import that took effect on or before a date (null date: the latest of all). */
export async function lastImportUntil(db: Kysely<Database>, date: string | null): Promise<ImportRef | null> {
  let query = db
    .selectFrom('import_run')
    .select(['effective_date', 'file_name', 'finished_at'])
    .where('status', '=', 'committed');
  if (date !== null) query = query.where('effective_date', '<=', date);
  const row = await query.orderBy('effective_date', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
  return row ? { effectiveDate: row.effective_date, fileName: row.file_name, finishedAt: row.finished_at } : null;
}
