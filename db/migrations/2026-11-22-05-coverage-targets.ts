import { type Kysely, sql } from 'kysely';

/**
 * Level-4 targets per year. Seeded with the one the sources give: at least 30% of online public services
 * at level 4 in 2020 (Nghị quyết 17/NQ-CP of 7/3/2019, repeated by the province's letter 651/STTTT).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('coverage_target')
    .addColumn('year', 'integer', (c) => c.primaryKey().check(sql`year between 2000 and 2100`))
    .addColumn('level4_pct', 'double precision', (c) => c.notNull().check(sql`level4_pct >= 0 and level4_pct <= 100`))
    .addColumn('note', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .execute();
  await db
    .insertInto('coverage_target')
    .values({
      year: 2020,
      level4_pct: 30,
      note: 'Nghị quyết 17/NQ-CP ngày 7/3/2019',
      updated_at: new Date().toISOString(),
      updated_by: 'migration',
    })
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('coverage_target').execute();
}
