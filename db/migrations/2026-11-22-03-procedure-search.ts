import { type Kysely, SqliteAdapter } from 'kysely';
import { createProcedureSearch, dropProcedureSearch } from '../sqlite-search';

/** The full-text index behind the search box (SQLite: FTS5; see db/sqlite-search.ts). */
export async function up(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof SqliteAdapter) await createProcedureSearch(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof SqliteAdapter) await dropProcedureSearch(db);
}
