import { Migrator, NO_MIGRATIONS, sql, type Kysely } from 'kysely';
import { migrateToLatest } from '../../db/migrate';
import { migrations } from '../../db/migrations';
import { openPostgresKysely } from '../../db/postgres';
import type { Database } from '../../db/schema';
import { openSqliteTestDb } from '../helpers';
import { describePostgres, freshPostgresDatabase } from '../postgres';

/** Every table's columns, by name, as the backend reports them. */
async function columnsOfPostgres(db: Kysely<Database>): Promise<Record<string, string[]>> {
  const rows = await sql<{ table_name: string; column_name: string }>`
    select table_name, column_name from information_schema.columns
    where table_schema = 'public' and table_name not like 'kysely_%' order by table_name, column_name`.execute(db);
  const out: Record<string, string[]> = {};
  for (const r of rows.rows) (out[r.table_name] ??= []).push(r.column_name);
  return out;
}

describePostgres('migrations on PostgreSQL', () => {
  let drop: () => Promise<void>;
  let db: Kysely<Database>;

  beforeAll(async () => {
    const fresh = await freshPostgresDatabase();
    drop = fresh.drop;
    db = openPostgresKysely(fresh.url).kysely;
  });
  afterAll(async () => {
    await db?.destroy();
    await drop?.();
  });

  it('migrates an empty database to the latest schema: the same tables and columns as SQLite', async () => {
    const result = await migrateToLatest(db);
    expect(result.results?.every((r) => r.status === 'Success')).toBe(true);
    expect(result.results).toHaveLength(Object.keys(migrations).length);

    const sqlite = await openSqliteTestDb();
    const tables = await sql<{ name: string }>`
      select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'kysely_%' and name not like 'procedure_fts%'
      union select name from web.sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(sqlite.kysely);
    const expected: Record<string, string[]> = {};
    for (const { name } of tables.rows) {
      const info = await sql<{ name: string }>`select name from pragma_table_info(${name}) union select name from pragma_table_info(${name}, 'web')`.execute(sqlite.kysely);
      expected[name] = info.rows.map((c) => c.name).sort();
    }
    await sqlite.close();

    expect(await columnsOfPostgres(db)).toEqual(expected);
  });

  it('keeps the search index and the catalogue state row', async () => {
    const index = await sql<{ indexname: string }>`select indexname from pg_indexes where indexname = 'procedure_search_trgm_idx'`.execute(db);
    expect(index.rows).toHaveLength(1);
    const state = await db.selectFrom('catalogue_state').selectAll().execute();
    expect(state).toEqual([{ id: 1, version: 0, changed_at: null }]);
  });

  it('gives new rows their ids from an identity column, and bigint counts as numbers', async () => {
    const now = '2026-12-01T00:00:00.000Z';
    const first = await db.insertInto('agency').values({ name: 'Sở Tư pháp', name_key: 'so tu phap', slug: 'so-tu-phap', code: null, created_at: now }).returning('id').executeTakeFirstOrThrow();
    const second = await db.insertInto('agency').values({ name: 'Sở Y tế', name_key: 'so y te', slug: 'so-y-te', code: null, created_at: now }).returning('id').executeTakeFirstOrThrow();
    expect(second.id).toBe(first.id + 1);
    const { n } = await db.selectFrom('agency').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(n).toBe(2);
  });

  it('migrates all the way down and up again', async () => {
    const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
    await db.deleteFrom('agency').execute();
    const down = await migrator.migrateTo(NO_MIGRATIONS);
    expect(down.error).toBeUndefined();
    expect(Object.keys(await columnsOfPostgres(db))).toEqual([]);
    const up = await migrateToLatest(db);
    expect(up.results?.every((r) => r.status === 'Success')).toBe(true);
  });
});
