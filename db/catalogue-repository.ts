/**
 * Read queries over the catalogue that the pages need. All SQL for them lives here.
 */
import type { Kysely } from 'kysely';
import { offeringRanges } from './id-ranges';
import type { Database } from './schema';

export interface CatalogueCounts {
  procedures: number;
  offerings: number;
  agencies: number;
  withdrawn: number;
  byLevel: Record<1 | 2 | 3 | 4, number>;
  portalIntegrated: number;
}

export interface LastImport {
  id: number;
  fileName: string;
  effectiveDate: string;
  finishedAt: string | null;
}

/**
 * Counts over current (not withdrawn) offerings, plus the withdrawn ones for reference: read in ranges of
 * offerings (db/id-ranges.ts), so that a national catalogue's counts do not hold the event loop at once.
 */
export async function countCatalogue(db: Kysely<Database>, offeringsPerRead = 5000): Promise<CatalogueCounts> {
  const byLevel: CatalogueCounts['byLevel'] = { 1: 0, 2: 0, 3: 0, 4: 0 };
  let portalIntegrated = 0;
  const procedures = new Set<number>();
  const agencies = new Set<number>();
  let withdrawn = 0;
  for await (const [from, to] of offeringRanges(db, offeringsPerRead)) {
    // Every status, sorted out here: filtered on status in SQL, SQLite would read each range through the
    // status index (every current offering of the catalogue) instead of by id.
    const rows = await db
      .selectFrom('offering')
      .select(['procedure_id', 'agency_id', 'level', 'portal_integrated', 'status'])
      .where('offering.id', '>=', from)
      .where('offering.id', '<', to)
      .execute();
    for (const row of rows) {
      if (row.status !== 'current') {
        withdrawn++;
        continue;
      }
      procedures.add(row.procedure_id);
      agencies.add(row.agency_id);
      if (row.level in byLevel) byLevel[row.level as 1 | 2 | 3 | 4]++;
      if (row.portal_integrated === 1) portalIntegrated++;
    }
  }

  return {
    procedures: procedures.size,
    offerings: Object.values(byLevel).reduce((a, b) => a + b, 0),
    agencies: agencies.size,
    withdrawn,
    byLevel,
    portalIntegrated,
  };
}

export async function findLastImport(db: Kysely<Database>): Promise<LastImport | null> {
  const row = await db
    .selectFrom('import_run')
    .select(['id', 'file_name', 'effective_date', 'finished_at'])
    .where('status', '=', 'committed')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? { id: row.id, fileName: row.file_name, effectiveDate: row.effective_date, finishedAt: row.finished_at } : null;
}

/** True when nothing has ever been imported (the sample catalogue may be loaded). */
export async function isCatalogueEmpty(db: Kysely<Database>): Promise<boolean> {
  const offering = await db.selectFrom('offering').select('id').limit(1).executeTakeFirst();
  const run = await db.selectFrom('import_run').select('id').limit(1).executeTakeFirst();
  return !offering && !run;
}

/** The run_by recorded for the sample catalogue loaded on first start. */
export const SAMPLE_IMPORT_USER = 'seed';

/** The catalogue's data version: it goes up with every committed change, and only then. */
export async function catalogueVersion(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom('catalogue_state').select('version').where('id', '=', 1).executeTakeFirstOrThrow();
  return Number(row.version);
}

/** Marks the catalogue changed outside an import (a new target changes the dashboard): caches start afresh. */
export async function bumpCatalogueVersion(db: Kysely<Database>, now: string): Promise<void> {
  await db
    .updateTable('catalogue_state')
    .set((eb) => ({ version: eb('version', '+', 1), changed_at: now }))
    .where('id', '=', 1)
    .execute();
}
