import { type Kysely, sql } from 'kysely';

/**
 * What a target's share is of. Until 2020 the targets counted all current procedures ("30% of online
 * public services at level 4", Nghị quyết 17/NQ-CP); from 2021 the target was 100% of the procedures
 * eligible to be fully online. Existing targets keep the basis they were set with: all.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('coverage_target')
    .addColumn('basis', 'text', (c) => c.notNull().defaultTo('all').check(sql`basis in ('all', 'eligible')`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('coverage_target').dropColumn('basis').execute();
}
