/**
 * The procedure search index, PostgreSQL's way: a trigram index (pg_trgm) over `procedure.search_text`, the
 * folded name and code the importer computes on both backends, so that what typed text means never depends
 * on the backend. (SQLite's counterpart: db/sqlite-search.ts.)
 */
import { sql, type Kysely } from 'kysely';

export async function createProcedureSearchPostgres(db: Kysely<any>): Promise<void> {
  await sql`create extension if not exists pg_trgm`.execute(db);
  await sql`create index procedure_search_trgm_idx on procedure using gin (search_text gin_trgm_ops)`.execute(db);
}

export async function dropProcedureSearchPostgres(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists procedure_search_trgm_idx`.execute(db);
}
