/**
 * The command-line tools' way to the database: the one DATABASE_URL names, brought to the latest schema.
 * A wrong configuration or a failed migration is said on `err`, and the caller exits 2.
 */
import type { CatalogueDb } from '../db/connection';
import { openDatabase } from '../db/connection';
import { migrateToLatest } from '../db/migrate';
import { loadConfig } from '../server/config';
import type { Output } from './cli-output';

export async function openCliDatabase(env: NodeJS.ProcessEnv, err: Output): Promise<CatalogueDb | null> {
  let db: CatalogueDb;
  try {
    db = openDatabase(loadConfig(env).databaseUrl);
  } catch (error) {
    err.write(`${(error as Error).message}\n`);
    return null;
  }
  try {
    await migrateToLatest(db.kysely);
    return db;
  } catch (error) {
    await db.close();
    err.write(`${(error as Error).message}\n`);
    return null;
  }
}
