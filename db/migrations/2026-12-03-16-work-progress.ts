import { PostgresAdapter, type Kysely } from 'kysely';

/**
 * The progress of long work (a web upload checked or committed, an import undone), written by the work itself
 * and read by whichever app instance serves the page that polls it. Web state: on SQLite in the web-state file
 * (its writes never wait for the import that holds the catalogue), on PostgreSQL beside everything else.
 */
const isPostgres = (db: Kysely<any>) => db.getExecutor().adapter instanceof PostgresAdapter;

export async function up(db: Kysely<any>): Promise<void> {
  const schema = isPostgres(db) ? db.schema : db.schema.withSchema('web');
  await schema
    .createTable('work_progress')
    .addColumn('work_key', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull())
    .addColumn('phase', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('done', 'bigint', (c) => c.notNull())
    .addColumn('total', 'bigint')
    .addColumn('bytes_read', 'bigint', (c) => c.notNull())
    .addColumn('total_bytes', 'bigint', (c) => c.notNull())
    .addColumn('rate', 'integer')
    .addColumn('result', 'text')
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await (isPostgres(db) ? db.schema : db.schema.withSchema('web')).dropTable('work_progress').execute();
}
