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
export async function countCatalogue(db: Kysely<Database>, offeringsPerRead = 8000): Promise<CatalogueCounts> {
  const levels: { level: number; n: number; portal: number | null }[] = [];
  const procedures = new Set<number>();
  const agencies = new Set<number>();
  let withdrawn = 0;
  for await (const [from, to] of offeringRanges(db, offeringsPerRead)) {
    const inRange = db.selectFrom('offering').where('offering.id', '>=', from).where('offering.id', '<', to);
    levels.push(
      ...(await inRange
        .select(['level', (eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.sum<number>('portal_integrated').as('portal')])
        .where('status', '=', 'current')
        .groupBy('level')
        .execute()),
    );
    for (const row of await inRange.select(['procedure_id', 'agency_id']).where('status', '=', 'current').execute()) {
      procedures.add(row.procedure_id);
      agencies.add(row.agency_id);
    }
    withdrawn += Number((await inRange.select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'withdrawn').executeTakeFirstOrThrow()).n);
  }

  const byLevel: CatalogueCounts['byLevel'] = { 1: 0, 2: 0, 3: 0, 4: 0 };
  let portalIntegrated = 0;
  for (const row of levels) {
    if (row.level in byLevel) byLevel[row.level as 1 | 2 | 3 | 4] += Number(row.n);
    portalIntegrated += Number(row.portal ?? 0);
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
