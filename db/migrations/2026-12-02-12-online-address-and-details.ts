import type { Kysely } from 'kysely';

/** The procedure details a citizen needs to act (domain/import-fields.ts: kind `detail`, several lines each). */
const DETAIL_COLUMNS = ['steps', 'methods', 'documents', 'requirements', 'legal_basis', 'forms'] as const;

/**
 * Where an offering is done online (`online_url`: an http(s) address the importer checked), kept as it was
 * before an import changed it (`offering_before`) so that undo puts it back; and the procedure's steps,
 * channels, documents, conditions, legal basis and forms, procedure-level like the other details, with
 * their before-images.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('offering').addColumn('online_url', 'text').execute();
  await db.schema.alterTable('offering_before').addColumn('online_url', 'text').execute();
  for (const column of DETAIL_COLUMNS) {
    await db.schema.alterTable('procedure').addColumn(column, 'text').execute();
    await db.schema.alterTable('procedure_before').addColumn(column, 'text').execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const column of [...DETAIL_COLUMNS].reverse()) {
    await db.schema.alterTable('procedure_before').dropColumn(column).execute();
    await db.schema.alterTable('procedure').dropColumn(column).execute();
  }
  await db.schema.alterTable('offering_before').dropColumn('online_url').execute();
  await db.schema.alterTable('offering').dropColumn('online_url').execute();
}
