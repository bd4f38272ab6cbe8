import { PostgresAdapter, type Kysely } from 'kysely';

/** Whether a Kysely runs on PostgreSQL (else SQLite): for the few places where the two must differ. */
export function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}
