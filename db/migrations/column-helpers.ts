import { type ColumnDefinitionBuilder, type Kysely, PostgresAdapter } from 'kysely';

/**
 * An auto-numbered integer primary key on either backend: SQLite's `integer primary key` is the rowid,
 * PostgreSQL needs an identity column.
 */
export function idColumn(db: Kysely<any>): (c: ColumnDefinitionBuilder) => ColumnDefinitionBuilder {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  return (c) => (postgres ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey());
}
