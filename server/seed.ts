/**
 * Loads the sample catalogue into an empty database, through the same importer staff use. Never into a
 * database that holds data or has ever had an import.
 */
import type { CatalogueDb } from '../db/connection';
import { isCatalogueEmpty, SAMPLE_IMPORT_USER } from '../db/catalogue-repository';
import { LOCK_KEYS, serially } from '../db/dialect';
import { importFile, type ImportReport } from '../imports/run-import';
import { type Clock } from '../domain/time';

/** Instances started together on one PostgreSQL database take turns: the first loads, the others find it loaded. */
export async function seedIfEmpty(db: CatalogueDb, sampleFile: string, clock: Clock): Promise<ImportReport | null> {
  return serially(db.kysely, LOCK_KEYS.seed, async () => {
    if (!(await isCatalogueEmpty(db.kysely))) return null;
    const report = await importFile(db, sampleFile, { runBy: SAMPLE_IMPORT_USER }, clock);
    if (report.status !== 'imported') {
      throw new Error(`The sample catalogue was refused: ${report.fileError?.message ?? `${report.errorCount} row errors`}`);
    }
    return report;
  });
}
