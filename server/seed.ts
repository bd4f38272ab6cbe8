/**
 * Loads the sample catalogue into an empty database, through the same importer staff use. Never into a
 * database that holds data or has ever had an import.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { CatalogueDb } from '../db/connection';
import { agenciesWithContacts, writeAgencyContacts } from '../db/agency-contact-repository';
import { readContactList } from '../imports/agency-list';
import { planContacts } from './services/agency-contact-service';
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
    await loadSampleContacts(db, path.join(path.dirname(sampleFile), SAMPLE_CONTACTS_FILE), clock);
    return report;
  });
}

/** The sample's illustrative agency contacts, beside the sample catalogue. */
export const SAMPLE_CONTACTS_FILE = 'quang-ngai-agencies.csv';

/** Loads the sample's agency contacts (when the file is there) through the contacts import's own checks. */
async function loadSampleContacts(db: CatalogueDb, file: string, clock: Clock): Promise<void> {
  if (!fs.existsSync(file)) return;
  const plan = planContacts(await readContactList(file), await agenciesWithContacts(db.kysely));
  if (!plan.writable) throw new Error(`The sample agency contacts were refused: ${plan.check.fileError?.code ?? `${plan.errors.length} row errors`}`);
  const updates = plan.matches.filter((m) => m.changes.length > 0);
  await writeAgencyContacts(db.kysely, updates.map((m) => ({ id: m.agency.id, contacts: Object.fromEntries(m.changes.map((c) => [c.field, c.after])) })), clock.now().toISOString());
}
