import { type Kysely, SqliteAdapter } from 'kysely';
import { createProcedureSearch, dropProcedureSearch } from '../sqlite-search';
import { createProcedureSearchPostgres, dropProcedureSearchPostgres } from '../postgres-search';

/** The index behind the search box: SQLite's FTS5 (db/sqlite-search.ts), PostgreSQL's pg_trgm (db/postgres-search.ts). */
export async function up(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof SqliteAdapter) await createProcedureSearch(db);
  else await createProcedureSearchPostgres(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof SqliteAdapter) await dropProcedureSearch(db);
  else await dropProcedureSearchPostgres(db);
}
