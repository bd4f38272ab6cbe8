import type { Kysely } from 'kysely';

/**
 * The issuing body of a procedure ("Cơ quan ban hành": the ministry that issued it), as the National Portal's
 * export names it. Procedure-level, like the other details, and kept as it was before an import changed it.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('procedure').addColumn('issuer', 'text').execute();
  await db.schema.alterTable('procedure_before').addColumn('issuer', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('procedure_before').dropColumn('issuer').execute();
  await db.schema.alterTable('procedure').dropColumn('issuer').execute();
}
