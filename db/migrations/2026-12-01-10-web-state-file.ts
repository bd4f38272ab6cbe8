import { PostgresAdapter, sql, type Kysely } from 'kysely';

/**
 * SQLite has one writer per file, and an import holds the catalogue's write lock for as long as it runs.
 * Sign-ins, sessions, the audit log and uploads must be written meanwhile, so on SQLite they move to a file
 * of their own (attached to every connection as `web`, see db/sqlite.ts): their writes never wait for an
 * import. Queries name the tables without a schema and SQLite finds them there. On PostgreSQL nothing moves:
 * one database, row locks.
 *
 * The tables are made again in `web` with the same columns and keys; the upload no longer declares its
 * import as a foreign key (SQLite keys cannot reach another file), the code keeps that link.
 */

const TABLES = ['app_user', 'user_session', 'login_attempt', 'known_sign_in', 'audit_log', 'import_upload'] as const;

const isPostgres = (db: Kysely<any>) => db.getExecutor().adapter instanceof PostgresAdapter;

/**
 * A foreign key written without a schema: SQLite looks for its table in the child's own file (here web.app_user),
 * and refuses a schema in a REFERENCES clause, which Kysely's withSchema would add.
 */
const references = (table: string, action = '') => sql.raw(` references ${table} (id) ${action}`);

async function createTables(db: Kysely<any>, schema: 'web' | 'main'): Promise<void> {
  const s = db.schema.withSchema(schema);
  await s
    .createTable('app_user')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('username', 'text', (c) => c.notNull().unique())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('admin', 'staff')`))
    .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('password_changed_at', 'text', (c) => c.notNull())
    .execute();
  await s
    .createTable('user_session')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().modifyEnd(references('app_user', 'on delete cascade')))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .execute();
  await s
    .createTable('login_attempt')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .execute();
  await s
    .createTable('known_sign_in')
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('last_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('known_sign_in_pk', ['username', 'address'])
    .execute();
  await s
    .createTable('audit_log')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    .addColumn('address', 'text')
    .execute();
  await s
    .createTable('import_upload')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('token', 'text', (c) => c.notNull().unique())
    .addColumn('user_id', 'integer', (c) => c.notNull().modifyEnd(references('app_user')))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('stored_path', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'bigint', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('options', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('checking', 'previewed', 'committing', 'committed', 'refused', 'cancelled', 'failed')`),
    )
    .addColumn('report', 'text')
    .addColumn('preview_version', 'integer')
    .addColumn('import_id', 'integer', (c) => (schema === 'main' ? c.modifyEnd(references('import_run')) : c))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // SQLite names the file on the index, not on its table.
  const index = (name: string, table: string, columns: string) => sql.raw(`create index ${schema}.${name} on ${table} (${columns})`).execute(db);
  await index('user_session_user_idx', 'user_session', 'user_id');
  await index('login_attempt_user_idx', 'login_attempt', 'username, at');
  await index('login_attempt_address_idx', 'login_attempt', 'address, at');
}

async function move(db: Kysely<any>, from: 'web' | 'main', to: 'web' | 'main'): Promise<void> {
  const files = await sql<{ name: string }>`pragma database_list`.execute(db);
  if (!files.rows.some((f) => f.name === 'web')) throw new Error('The web-state file is not attached to this connection (db/sqlite.ts attaches it).');
  const existing = await sql<{ name: string }>`select name from ${sql.raw(to)}.sqlite_master where type = 'table'`.execute(db);
  const clash = existing.rows.map((r) => r.name).filter((name) => (TABLES as readonly string[]).includes(name));
  if (clash.length > 0) {
    throw new Error(`The ${to === 'web' ? 'web-state file' : 'catalogue file'} already holds ${clash.join(', ')}: it belongs to another catalogue. Move it away and start again.`);
  }
  // All or nothing: a stop half-way leaves the tables where they were.
  await db.transaction().execute(async (trx) => {
    await createTables(trx, to);
    for (const table of TABLES) await sql.raw(`insert into ${to}.${table} select * from ${from}.${table}`).execute(trx);
    for (const table of [...TABLES].reverse()) await sql.raw(`drop table ${from}.${table}`).execute(trx);
  });
}

export async function up(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) return;
  await move(db, 'main', 'web');
}

export async function down(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) return;
  // Back into the catalogue file, where migration 04 and 09 left them.
  await move(db, 'web', 'main');
}
